// Changing one's own password: the current one and a new one, each refusal beside its
// field in the page's language. The server ends every other login; this page carries on.
import { api, ApiError } from "./api.js";
import { clearErrors, showError } from "./field_errors.js";
import { t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

// `onDone(message)`: back to where the user was, with the outcome's text (or none).
export function showPassword(show, onDone) {
  const form = $("#form-password");
  form.reset();
  clearErrors(form);
  $("#btn-password-back").onclick = () => onDone(null);
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { current_password: form.elements.current_password.value, new_password: form.elements.new_password.value };
    try {
      await api("POST", "/api/password", body);
      onDone(t("password_changed"));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 429) {
        const spot = form.elements.current_password.closest("label").querySelector(".field-error");
        spot.textContent = t("error_too_many_attempts", { s: err.body.retry_after_s });
        return;
      }
      for (const e of err.body?.fields ?? []) showError(form.elements[e.field], e);
    }
  };
  show("password");
}
