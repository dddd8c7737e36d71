// The rest between sets: a countdown in the panel (this tab's clock), remembered for a
// reload. It ends by itself: `onOver` is called then (not when it is skipped or the
// exercise ends), so the page can say what comes next.
import { rememberRest } from "./resume.js";

const $ = (sel) => document.querySelector(sel);
let timer = null;

export function startRest(seconds, onOver = () => {}) {
  // Counted from its end on this tab's clock, not by ticks: a throttled timer (a tab in
  // the background) shows the right seconds and ends the rest on time all the same.
  const endMs = Date.now() + Math.round(seconds) * 1000;
  const show = () => {
    const left = Math.ceil((endMs - Date.now()) / 1000);
    $("#rest-count").textContent = String(Math.max(0, left));
    return left;
  };
  goingOn(false);
  rememberRest(endMs);
  show();
  $("#rest").hidden = false;
  clearInterval(timer);
  timer = setInterval(() => {
    if (show() > 0) return;
    endRest();
    onOver();
  }, 1000);
}

// The patient already going on during the rest (`text`), in place of what comes next;
// false: what comes next again.
export function goingOn(text) {
  $("#rest-going-on").textContent = text || "";
  $("#rest-going-on").hidden = !text;
  $("#rest-next").hidden = Boolean(text);
}

// The rest is on (its countdown shown).
export function resting() {
  return !$("#rest").hidden;
}

export function endRest() {
  rememberRest(null);
  clearInterval(timer);
  $("#rest").hidden = true;
}

$("#btn-rest-skip").addEventListener("click", endRest);
