// A 422 that names its fields (the error answer's fields: [{field, code, exercise?, min?, max?}]): each
// code's text from the catalogue, beside its own input, in the page's language.
import { t } from "./i18n.js";

// `scale`: the input shows field / scale (breathing's minutes), and so do the bounds.
export function errorText(err, scale = 1) {
  const bound = (v) => (v === undefined ? "" : String(Math.round((v / scale) * 100) / 100));
  return t(`error_${err.code}`, { min: bound(err.min), max: bound(err.max) });
}

export function clearErrors(root) {
  for (const el of root.querySelectorAll(".field-error")) el.textContent = "";
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

// Shows `err` in the .field-error beside `input`; false when there is no such input.
export function showError(input, err) {
  const spot = input?.closest("label")?.querySelector(".field-error");
  if (!spot) return false;
  spot.textContent = errorText(err, Number(input.dataset.scale ?? 1));
  input.setAttribute("aria-invalid", "true");
  return true;
}
