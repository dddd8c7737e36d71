// The therapist's page: their own patients, each patient's programme, recorded sessions.
import { api } from "./api.js";
import { exName, language, t } from "./i18n.js";
import { showIntakePanel } from "./intake.js";
import { timed } from "./specs.js";
import { clock } from "./status.js";
import { uploadControl } from "./upload.js";

const $ = (sel) => document.querySelector(sel);
// Which dose fields an exercise has, and their bounds, are the exercise's (specs.js:
// `dose`, `limits`); how a field is shown is the page's: [label key, unit scale (the
// input shows field / scale), step]. Belly breathing's time is set in minutes.
const SHOWN = {
  reps: ["col_reps", 1, 1],
  sets: ["col_sets", 1, 1],
  hold_s: ["col_hold", 1, 1],
  rest_s: ["col_rest", 1, 1],
  side: ["col_side", 1, 1],
  duration_s: ["col_minutes", 60, 0.5],
  pace_in_s: ["col_pace_in", 1, 0.5],
  pace_out_s: ["col_pace_out", 1, 0.5],
};
const SIDES = ["both", "left", "right"];
const MAX_SESSIONS = 20;


export async function showTherapist(user, show) {
  $("#therapist-name").textContent = user.display_name;
  const patients = await api("GET", "/api/patients");
  const sel = $("#sel-patient");
  sel.replaceChildren();
  for (const p of patients) {
    const opt = document.createElement("option");
    opt.value = String(p.id);
    opt.textContent = `${p.display_name} (${p.username})`;
    sel.append(opt);
  }
  sel.onchange = () => loadPatient(Number(sel.value));
  show("therapist");
  if (patients.length) await loadPatient(patients[0].id);
  else $("#plan-status").textContent = t("no_patients");
}

async function loadPatient(patientId) {
  const [exercises, plan] = await Promise.all([
    api("GET", "/api/exercises"),
    api("GET", `/api/patients/${patientId}/programme`),
  ]);
  showIntakePanel(patientId);
  const upload = uploadControl($("#upload-patient"), `/api/patients/${patientId}/recordings`, Object.keys(exercises));
  upload.addEventListener("uploaded", () => loadSessions(patientId));
  const rows = $("#plan-rows");
  rows.replaceChildren();
  const planned = new Map(plan.items.map((i) => [i.exercise, i.prescription]));
  for (const [name, info] of Object.entries(exercises)) {
    const p = planned.get(name) ?? info.default_prescription;
    const tr = document.createElement("tr");
    tr.dataset.exercise = name;
    const on = document.createElement("input");
    on.type = "checkbox";
    on.checked = planned.has(name) || !plan.prescribed;
    on.setAttribute("aria-label", exName(name));
    tr.append(cell(on), cell(document.createTextNode(exName(name))));
    const dose = document.createElement("div");
    dose.className = "dose-fields";
    for (const f of info.dose) {
      const [label, scale, step] = SHOWN[f];
      const input = f === "side" ? sideSelect(p.side) : document.createElement("input");
      if (f !== "side") {
        const [min, max] = info.limits[f];
        input.type = "number";
        Object.assign(input, { min: String(min / scale), max: String(max / scale), step: String(step) });
        input.value = String(Math.round(((p[f] ?? 0) / scale) * 100) / 100);
      }
      input.dataset.field = f;
      input.dataset.scale = String(scale);
      const text = document.createElement("span");
      text.textContent = t(label);
      const wrap = document.createElement("label");
      wrap.append(text, input);
      dose.append(wrap);
    }
    tr.append(cell(dose));
    rows.append(tr);
  }
  $("#btn-save-plan").onclick = () => savePlan(patientId);
  $("#plan-status").textContent = "";
  await loadSessions(patientId);
}

function sideSelect(value) {
  const select = document.createElement("select");
  for (const side of SIDES) {
    const opt = document.createElement("option");
    opt.value = side;
    opt.textContent = t(`side_${side}`);
    select.append(opt);
  }
  select.value = value ?? "both";
  return select;
}

function cell(child) {
  const td = document.createElement("td");
  td.append(child);
  return td;
}

async function savePlan(patientId) {
  const items = [];
  for (const tr of document.querySelectorAll("#plan-rows tr")) {
    if (!tr.querySelector("input[type=checkbox]").checked) continue;
    const prescription = {};
    for (const input of tr.querySelectorAll("[data-field]")) {
      const f = input.dataset.field;
      const v = Number(input.value) * Number(input.dataset.scale);
      prescription[f] = f === "side" ? input.value : f.endsWith("_s") ? v : Math.round(v);
    }
    items.push({ exercise: tr.dataset.exercise, prescription });
  }
  try {
    await api("PUT", `/api/patients/${patientId}/programme`, items);
    $("#plan-status").textContent = t("saved");
  } catch (err) {
    $("#plan-status").textContent = err.message;
  }
}

async function loadSessions(patientId) {
  const sessions = (await api("GET", `/api/sessions?patient_id=${patientId}`)).slice(0, MAX_SESSIONS);
  const rows = $("#session-rows");
  rows.replaceChildren();
  for (const s of sessions) {
    const tr = document.createElement("tr");
    const faults = Object.entries(s.faults)
      .map(([code, n]) => `${s.fault_texts?.[code]?.[language()] ?? code} ×${n}`)
      .join("; ");
    const pain = `${s.pain_before ?? "–"} / ${s.pain_after ?? "–"}`;
    const breathing = timed(s.exercise); // time in position and breaths, not reps
    let holds = s.holds ? `${s.holds_completed}/${s.holds} (max ${s.longest_hold_s.toFixed(0)} s)` : "";
    if (s.holds && breathing) holds = `${clock(s.time_in_position_s)} / ${clock(s.prescription.duration_s)}`;
    const cells = [
      new Date(s.started_ms).toLocaleString(),
      exName(s.exercise),
      breathing ? `${s.breaths ?? 0} ${t("breaths")}` : String(s.reps),
      holds,
      pain,
      faults,
    ];
    for (const text of cells) tr.append(cell(document.createTextNode(text)));
    const spark = document.createElement("td");
    tr.append(spark);
    rows.append(tr);
    api("GET", `/api/sessions/${s.session_id}`).then((d) => (spark.innerHTML = sparkline(d.metrics)));
  }
}

function sparkline(metrics) {
  const pts = metrics.filter((m) => m.angle_deg !== null);
  if (pts.length < 2) return "";
  const t0 = pts[0].timestamp_ms;
  const t1 = pts[pts.length - 1].timestamp_ms;
  const lo = Math.min(...pts.map((m) => m.angle_deg));
  const hi = Math.max(...pts.map((m) => m.angle_deg));
  const xy = pts
    .map((m) => {
      const x = ((m.timestamp_ms - t0) / Math.max(1, t1 - t0)) * 158 + 1;
      const y = 39 - ((m.angle_deg - lo) / Math.max(1, hi - lo)) * 38;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return `<svg class="spark" viewBox="0 0 160 40" role="img"
    aria-label="${Math.round(lo)}–${Math.round(hi)}°"><polyline points="${xy}"/></svg>`;
}
