// The intake: the patient ticks the complaints they recognise and the reasons to make an
// appointment that apply (big tap targets: they are often 2 m from the tablet); the
// therapist reads them on the patient, the red flags first. The lists come from the
// server (GET .../intake: `options`), their words from the catalogue.
import { api } from "./api.js";
import { t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
// A reason from the advice page's list, shown on its own: without the list's ";" or ".".
const itemText = (key) => t(key).replace(/[;.]$/, "");

export async function showIntake(show) {
  const intake = await api("GET", "/api/intake");
  ticks($("#intake-complaints"), intake.options.complaints, intake.complaints, "complaints");
  ticks($("#intake-red-flags"), intake.options.red_flags, intake.red_flags, "red_flags");
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
  $("#intake-note").hidden = checked("red_flags").length === 0;
}

$("#form-intake").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  await api("PUT", "/api/intake", { complaints: checked("complaints"), red_flags: checked("red_flags") });
  $("#intake-status").textContent = t("intake_saved");
});

// The therapist's short panel on a patient: red flags first, highlighted.
export async function showIntakePanel(patientId) {
  const intake = await api("GET", `/api/patients/${patientId}/intake`);
  const filled = intake.updated_ms !== null;
  $("#intake-panel-none").hidden = filled;
  list($("#intake-panel-flags"), filled ? intake.red_flags : []);
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
