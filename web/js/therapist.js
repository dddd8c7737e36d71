// The therapist's page: their own patients (add, edit, deactivate; sign-in links), the
// patients with flags first as badges, each patient's progress (progress.js), programme
// (plan.js), recorded sessions, audit log, export and erasure (privacy.js).
import { api } from "./api.js";
import { dateTime, exName, language, t } from "./i18n.js";
import { showIntakePanel } from "./intake.js";
import { patientStatus, showPatientForm } from "./patient_form.js";
import { showPlan } from "./plan.js";
import { flagBadge, showProgress } from "./progress.js";
import { showPrivacy } from "./privacy.js";
import { showLinks } from "./signin_links.js";
import { allSpecs, timed } from "./specs.js";
import { clock } from "./status.js";
import { uploadControl } from "./upload.js";

const $ = (sel) => document.querySelector(sel);
const MAX_SESSIONS = 20;
let patients = [];

export async function showTherapist(user, show, selectId = null) {
  $("#therapist-name").textContent = user.display_name;
  patients = await api("GET", "/api/patients");
  // Active patients first; a deactivated one stays reachable, marked as such.
  patients.sort((a, b) => Number(b.active) - Number(a.active));
  const sel = $("#sel-patient");
  sel.replaceChildren();
  for (const p of patients) {
    const opt = document.createElement("option");
    opt.value = String(p.id);
    opt.textContent = optionText(p);
    sel.append(opt);
  }
  sel.onchange = () => loadPatient(Number(sel.value), user, show);
  showAttention(sel, user, show);
  $("#btn-new-patient").onclick = () => newPatient(user, show);
  show("therapist");
  // The patient last open in this tab stays open after a reload or a change of language.
  const last = Number(sessionStorage.getItem("formcheck.patient"));
  const first = patients.find((p) => p.id === (selectId ?? last)) ?? patients[0];
  $("#plan-empty").hidden = Boolean(first);
  if (first) {
    sel.value = String(first.id);
    await loadPatient(first.id, user, show);
  } else {
    newPatient(user, show);
  }
}

// A patient in the select: their name, marked when deactivated, and a ⚠ with the number
// of flags (the list above names them).
function optionText(p) {
  const name = p.active ? p.display_name : `${p.display_name} (${t("patient_inactive")})`;
  return p.flags?.length ? `${name}  ⚠ ${p.flags.length}` : name;
}

// The active patients with flags, each a button with a badge per flag: who to look at first.
function showAttention(sel, user, show) {
  const flagged = patients.filter((p) => p.active && p.flags?.length);
  const list = $("#attention-list");
  list.replaceChildren();
  for (const p of flagged) {
    const li = document.createElement("li");
    const btn = document.createElement("button");
    btn.type = "button";
    btn.className = "attention-patient";
    btn.dataset.patient = String(p.id);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = p.display_name;
    btn.append(name, ...p.flags.map(flagBadge));
    btn.onclick = () => {
      sel.value = String(p.id);
      loadPatient(p.id, user, show);
    };
    li.append(btn);
    list.append(li);
  }
  $("#attention").hidden = flagged.length === 0;
}

function newPatient(user, show) {
  $("#patient-work").hidden = true; // the select keeps the patient Cancel goes back to
  $("#progress").hidden = true;
  showPatientForm(null, {
    onSaved: async (saved, message) => {
      await showTherapist(user, show, saved.id);
      patientStatus(message);
    },
    onCancel: () => showTherapist(user, show, Number($("#sel-patient").value) || null),
  });
}

async function loadPatient(patientId, user, show) {
  const patient = patients.find((p) => p.id === patientId);
  sessionStorage.setItem("formcheck.patient", String(patientId));
  $("#patient-work").hidden = false;
  $("#plan-empty").hidden = true;
  showPatientForm(patient, {
    onSaved: async (saved, message = "saved") => {
      Object.assign(patient, saved);
      const opt = $(`#sel-patient option[value="${saved.id}"]`);
      opt.textContent = optionText(patient);
      await loadPatient(saved.id, user, show);
      patientStatus(message);
    },
  });
  showIntakePanel(patientId);
  const upload = uploadControl($("#upload-patient"), `/api/patients/${patientId}/recordings`, Object.keys(allSpecs()));
  upload.addEventListener("uploaded", () => Promise.all([loadSessions(patientId), showProgress(patientId)]));
  for (const b of document.querySelectorAll("#attention-list button")) {
    b.setAttribute("aria-current", String(b.dataset.patient === String(patientId)));
  }
  const erased = async (gone) => {
    sessionStorage.removeItem("formcheck.patient");
    await showTherapist(user, show);
    $("#patient-status").textContent = t("erased", { s: gone.display_name });
  };
  await Promise.all([
    showProgress(patientId),
    showLinks(patient),
    showPlan(patientId, allSpecs(), () => showProgress(patientId)),
    loadSessions(patientId),
  ]);
  await showPrivacy(patient, user, erased); // after the reads above, so its log shows them
}

function cell(child) {
  const td = document.createElement("td");
  td.append(child);
  return td;
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
      dateTime(s.started_ms),
      exName(s.exercise),
      // An unsure count (the engine's doubts: a second person, a poor view) says so.
      (breathing ? `${s.breaths ?? 0} ${t("breaths")}` : String(s.reps)) +
        (s.count_unsure ? ` (${t("report_unsure")})` : ""),
      s.progress_texts[language()], // sets per side and the set under way: the server's words
      holds,
      pain,
      faults,
    ];
    // The row opens the session's report (the date is its link, for the keyboard).
    const link = document.createElement("a");
    link.href = `/api/sessions/${s.session_id}/report?lang=${language()}`;
    link.textContent = cells.shift();
    tr.append(cell(link));
    for (const text of cells) tr.append(cell(document.createTextNode(text)));
    tr.classList.add("clickable");
    tr.addEventListener("click", (e) => e.target !== link && location.assign(link.href));
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
