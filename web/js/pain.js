// The safety advice on the pain scores: the server's rule (server/progress/pain_advice.py)
// gives `advice` ({code, before, after}) with the score; the page shows it large and says
// it, before exercising (a screen of its own: stop, or go on knowingly) and on the
// summary. The workout keeps it for the therapist (their "pain_advice" flag).
import { t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

export function adviceText(advice) {
  return t(advice.code, { n: advice.before, a: advice.before, b: advice.after });
}

// Before exercising: the advice screen (`show` switches screens); returns its text.
export function showPainAdvice(advice, show) {
  $("#pain-advice-text").textContent = adviceText(advice);
  show("pain-advice");
  return adviceText(advice);
}

// On the summary: the advice after exercising, or nothing (null).
export function summaryAdvice(advice) {
  $("#summary-advice").textContent = advice ? adviceText(advice) : "";
  $("#summary-advice").hidden = !advice;
  return advice ? adviceText(advice) : null;
}
