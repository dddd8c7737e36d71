// The clinic demo (/demo): no account, nothing stored, clearly marked by a banner. The
// page runs the ordinary live screen on a demo session (POST /api/demo).
import { api, ApiError } from "./api.js";
import { exName, language, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

export function isDemo() {
  return location.pathname === "/demo";
}

export function markDemo() {
  document.body.dataset.demo = "1";
  $("#demo-banner").hidden = false;
  $("#btn-demo").hidden = true;
}

// The exercise choice; `chosen(name)` starts it.
export function showDemo(show, exercises, chosen) {
  const root = $("#demo-exercises");
  root.replaceChildren();
  for (const name of exercises) {
    const b = document.createElement("button");
    b.className = "btn primary huge";
    b.type = "button";
    b.dataset.exercise = name;
    b.textContent = exName(name);
    b.addEventListener("click", () => chosen(name));
    root.append(b);
  }
  $("#demo-error").hidden = true;
  show("demo");
}

// A demo session of `exercise`, shaped as POST /api/sessions answers; null when refused.
export async function startDemo(exercise) {
  try {
    return await api("POST", "/api/demo", { exercise, language: language() });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const refusal = err.code ?? "refused";
    $("#demo-error").textContent = t(`error_${refusal}`);
    $("#demo-error").hidden = false;
    return null;
  }
}
