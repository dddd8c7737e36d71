// The live status panel: reps in the set, set progress, side, and the hold ring
// (for belly breathing: breaths, the breathing prompt and a minutes ring). Every number
// is the server's: `status.progress` (exercises/progress.py) says the set, the reps in
// it, the sets done, the side to turn to; the page counts nothing itself.
import { has, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

// Before the server's first status: nothing done yet.
const NOTHING_YET = { set_index: 1, reps_in_set: 0, sets_done: 0, next_side: null, side: null, sides: [], time_s: 0 };

// `timed`: the exercise's trait (specs.js): belly breathing shows minutes, not reps.
export function renderStatus(status, p, { timed = false } = {}) {
  const prog = status.progress ?? NOTHING_YET;
  const current = prog.sides.find((s) => s.side === prog.side) ?? prog.sides[0];
  $("#rep-count").textContent = String(timed ? (status.breaths ?? 0) : prog.reps_in_set);
  $("#rep-target").textContent = timed ? "" : `/${p.reps}`;
  $("#rep-label").textContent = t(timed ? "breaths" : "reps");
  const phase = has(`phase_${status.phase}`) ? t(`phase_${status.phase}`) : "";
  $("#phase-label").textContent = status.ready ? phase : "";
  $("#set-label").textContent = timed ? "" : t("set_of", { a: prog.set_index, b: p.sets });
  const dots = $("#set-dots");
  dots.replaceChildren();
  dots.toggleAttribute("data-many", !timed && p.sets > 10);
  const setsDone = current?.sets_done ?? 0;
  for (let i = 1; i <= (timed ? 0 : p.sets); i++) {
    const d = document.createElement("span");
    if (i <= setsDone) d.className = "done";
    else if (i === prog.set_index) d.className = "now";
    dots.append(d);
  }
  // One-sided, both sides prescribed: the side to turn to, until the patient is on it.
  const side = status.side ? t("side_label", { s: t(status.side) }) : "";
  const next = prog.next_side ? t("side_next", { s: t(prog.next_side) }) : "";
  $("#side-label").textContent = [side, next].filter(Boolean).join(" · ");
  const target = timed ? p.duration_s : p.hold_s;
  const ring = $("#hold-ring");
  ring.toggleAttribute("hidden", !(target > 0)); // an SVG element has no .hidden property
  if (target > 0) {
    const held = timed ? prog.time_s : status.hold_s; // breathing: the session's time in position
    const frac = Math.min(1, held / target);
    $("#hold-arc").setAttribute("stroke-dashoffset", String(100 - 100 * frac));
    // Breathing: the session time counting up, mm:ss, "of" the prescribed minutes below.
    // A hold: the second being held, 1 from its start (a whole first second of "0" read
    // as not counting); 0 while not holding.
    $("#hold-text").textContent = timed ? clock(held) : String(Math.ceil(held));
    $("#hold-text").setAttribute("y", "62");
    // A hold: the seconds held, "of" the prescribed hold below (e.g. 12, van 30 s).
    $("#hold-target").textContent = t(timed ? "time_of" : "hold_of", { s: timed ? clock(target) : target });
    ring.classList.toggle("reached", frac >= 1);
  }
}

// m:ss, e.g. 8:00 for 480 s.
export function clock(seconds) {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
