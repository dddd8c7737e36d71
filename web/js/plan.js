// A patient's programme on the therapist's page: per exercise switched on or off (an
// exercise switched off keeps its dose), its dose fields, and a note for the patient.
// A field the server refuses shows the catalogue's text beside it (field_errors.js).
import { api, ApiError } from "./api.js";
import { clearErrors, showError } from "./field_errors.js";
import { exName, t } from "./i18n.js";

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
  sessions_per_week: ["col_per_week", 1, 1],
};
const SIDES = ["both", "left", "right"];
const NOTE_MAX = 500;

// `onSaved` runs after the programme is saved (the progress counts against it).
export async function showPlan(patientId, exercises, onSaved = () => {}) {
  const plan = await api("GET", `/api/patients/${patientId}/programme`);
  const rows = $("#plan-rows");
  rows.replaceChildren();
  const planned = new Map(plan.items.map((i) => [i.exercise, i]));
  for (const [name, info] of Object.entries(exercises)) {
    const item = planned.get(name);
    const p = item?.prescription ?? info.default_prescription;
    const tr = document.createElement("tr");
    tr.dataset.exercise = name;
    const on = document.createElement("input");
    on.type = "checkbox";
    on.checked = plan.prescribed ? Boolean(item?.enabled) : true;
    on.setAttribute("aria-label", exName(name));
    tr.classList.toggle("off", !on.checked);
    on.onchange = () => tr.classList.toggle("off", !on.checked);
    const dose = document.createElement("div");
    dose.className = "dose-fields";
    for (const f of info.dose) dose.append(field(f, p, info.limits[f]));
    const note = document.createElement("textarea");
    note.dataset.field = "note";
    note.maxLength = NOTE_MAX;
    note.rows = 2;
    note.value = item?.note ?? "";
    const noteWrap = labelled(t("col_note"), note);
    noteWrap.classList.add("note-field");
    dose.append(noteWrap);
    tr.append(cell(on), cell(document.createTextNode(exName(name))), cell(dose));
    rows.append(tr);
  }
  $("#btn-save-plan").onclick = () => savePlan(patientId, onSaved);
  $("#plan-status").textContent = "";
}

function field(f, p, limits) {
  const [label, scale, step] = SHOWN[f];
  const input = f === "side" ? sideSelect(p.side) : document.createElement("input");
  if (f !== "side") {
    const [min, max] = limits;
    input.type = "number";
    Object.assign(input, { min: String(min / scale), max: String(max / scale), step: String(step) });
    input.value = String(Math.round(((p[f] ?? 0) / scale) * 100) / 100);
  }
  input.dataset.field = f;
  input.dataset.scale = String(scale);
  return labelled(t(label), input);
}

function labelled(text, input) {
  const span = document.createElement("span");
  span.textContent = text;
  const error = document.createElement("span");
  error.className = "field-error";
  error.setAttribute("role", "alert");
  const wrap = document.createElement("label");
  wrap.append(span, input, error);
  return wrap;
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

function readRow(tr) {
  const prescription = {};
  for (const input of tr.querySelectorAll(".dose-fields [data-field]:not([data-field=note])")) {
    const f = input.dataset.field;
    const raw = input.value.trim();
    const v = raw === "" ? null : Number(raw) * Number(input.dataset.scale);
    prescription[f] = f === "side" ? input.value : v; // a wrong one: the server names it
  }
  return {
    exercise: tr.dataset.exercise,
    enabled: tr.querySelector("input[type=checkbox]").checked,
    prescription,
    note: tr.querySelector("[data-field=note]").value,
  };
}

async function savePlan(patientId, onSaved) {
  const table = $("#plan-rows");
  clearErrors(table);
  const items = [...table.querySelectorAll("tr")].map(readRow);
  try {
    await api("PUT", `/api/patients/${patientId}/programme`, items);
    $("#plan-status").textContent = t("saved");
    await onSaved();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const errors = err.body?.fields ?? [];
    const shown = errors.map((e) =>
      showError(table.querySelector(`tr[data-exercise="${e.exercise}"] [data-field="${e.field}"]`), e),
    );
    const atFields = shown.length > 0 && shown.every(Boolean);
    $("#plan-status").textContent = t(atFields ? "plan_not_saved" : "save_failed");
  }
}
