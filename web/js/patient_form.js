// The therapist's form for one patient: add a new one (name, language; no password, they
// sign in by link), edit one, deactivate or activate again.
import { api, ApiError } from "./api.js";
import { clearErrors, showError } from "./field_errors.js";
import { t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

// `patient` null: a new one. `onSaved(patient)` after any change; `onCancel` for a new one.
export function showPatientForm(patient, { onSaved, onCancel }) {
  const form = $("#form-patient");
  clearErrors(form);
  $("#patient-status").textContent = "";
  $("#patient-form-title").textContent = t(patient ? "patient_details" : "new_patient");
  $("#in-patient-name").value = patient?.display_name ?? "";
  $("#sel-patient-lang").value = patient?.language ?? "nl";
  $("#btn-save-patient").textContent = t(patient ? "save_patient" : "add_patient");
  $("#btn-cancel-patient").hidden = Boolean(patient);
  $("#btn-cancel-patient").onclick = onCancel;
  const active = $("#btn-active");
  active.hidden = !patient;
  active.textContent = t(patient?.active === false ? "activate_patient" : "deactivate_patient");
  active.onclick = async () => {
    const on = !patient.active;
    if (!on && !confirm(t("deactivate_confirm", { s: patient.display_name }))) return;
    onSaved(await api("PATCH", `/api/patients/${patient.id}`, { active: on }));
  };
  $("#patient-inactive").hidden = patient?.active !== false;
  // For `formcheck user passwd`, should the patient ever want a password as well.
  $("#patient-username").textContent = patient ? t("login_name", { s: patient.username }) : "";
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { display_name: $("#in-patient-name").value, language: $("#sel-patient-lang").value };
    try {
      const saved = patient
        ? await api("PATCH", `/api/patients/${patient.id}`, body)
        : await api("POST", "/api/patients", body);
      onSaved(saved, patient ? "saved" : "patient_added");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const shown = (err.body?.fields ?? []).map((e) => showError(form.elements[e.field], e));
      if (!shown.length || !shown.every(Boolean)) $("#patient-status").textContent = t("save_failed");
    }
  };
}
