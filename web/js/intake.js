// The intake: the patient ticks the complaints they recognise and the items of the
// clinic's advice list that apply, warning signs and reasons to make an appointment (big
// tap targets: they are often 2 m from the tablet); the therapist reads them on the
// patient, the warning signs first. The lists come from the server (GET .../intake:
// `options`), their words from the catalogue.
import { api } from "./api.js";
import { t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
// A reason from the advice page's list, shown on its own: without the list's ";" or ".".
const itemText = (key) => t(key).replace(/[;.]$/, "");

export async function showIntake(show) {
  const intake = await api("GET", "/api/intake");
  ticks($("#intake-complaints"), intake.options.complaints, intake.complaints, "complaints");
  ticks($("#intake-warning-signs"), intake.options.warning_signs, intake.warning_signs, "warning_signs");
  const reasons = intake.options.appointment_reasons;
  ticks($("#intake-appointment-reasons"), reasons, intake.appointment_reasons, "appointment_reasons");
  $("#intake-status").textContent = "";
  noteFlags();
  show("intake");
}

function ticks(root, keys, chosen, group) {
  root.replaceChildren();
  for (const key of keys) {
    const label = document.createElement("label");
    label.className = "tick-row";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = group;
    box.value = key;
    box.checked = chosen.includes(key);
    box.addEventListener("change", noteFlags);
    const words = document.createElement("span");
    words.textContent = itemText(key);
    label.append(box, words);
    root.append(label);
  }
}

function checked(group) {
  return [...document.querySelectorAll(`#form-intake input[name=${group}]:checked`)].map((b) => b.value);
}

function noteFlags() {
  $("#intake-warning-note").hidden = checked("warning_signs").length === 0;
  $("#intake-note").hidden = checked("appointment_reasons").length === 0;
}

$("#form-intake").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  await api("PUT", "/api/intake", {
    complaints: checked("complaints"),
    warning_signs: checked("warning_signs"),
    appointment_reasons: checked("appointment_reasons"),
  });
  $("#intake-status").textContent = t("intake_saved");
});

// The therapist's short panel on a patient: warning signs first, highlighted, then the
// reasons to make an appointment.
export async function showIntakePanel(patientId) {
  const intake = await api("GET", `/api/patients/${patientId}/intake`);
  const filled = intake.updated_ms !== null;
  $("#intake-panel-none").hidden = filled;
  list($("#intake-panel-flags"), filled ? intake.warning_signs : []);
  list($("#intake-panel-appointment"), filled ? intake.appointment_reasons : []);
  list($("#intake-panel-complaints"), filled ? intake.complaints : []);
}

function list(box, keys) {
  const ul = box.querySelector("ul");
  ul.replaceChildren();
  for (const key of keys) {
    const li = document.createElement("li");
    li.textContent = itemText(key);
    ul.append(li);
  }
  box.hidden = keys.length === 0;
}
