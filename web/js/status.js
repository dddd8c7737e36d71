// The live status panel: reps in the set, set progress, side, and the hold ring
// (for belly breathing: breaths, the breathing prompt and a minutes ring). `nextSide`:
// the side a one-sided exercise is to switch to, if any (sides.js).
import { has, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

// `timed`: the exercise's trait (specs.js): belly breathing shows minutes, not reps.
export function renderStatus(status, p, { timed = false, nextSide = null } = {}) {
  const reps = status.reps_in_set ?? status.reps;
  $("#rep-count").textContent = String(timed ? (status.breaths ?? 0) : reps);
  $("#rep-target").textContent = timed ? "" : `/${p.reps}`;
  $("#rep-label").textContent = t(timed ? "breaths" : "reps");
  const phase = has(`phase_${status.phase}`) ? t(`phase_${status.phase}`) : "";
  $("#phase-label").textContent = status.ready ? phase : "";
  $("#set-label").textContent = timed ? "" : t("set_of", { a: Math.min(status.set_index, p.sets), b: p.sets });
  const dots = $("#set-dots");
  dots.replaceChildren();
  dots.toggleAttribute("data-many", !timed && p.sets > 10);
  for (let i = 1; i <= (timed ? 0 : p.sets); i++) {
    const d = document.createElement("span");
    if (i < status.set_index) d.className = "done";
    else if (i === status.set_index) d.className = "now";
    dots.append(d);
  }
  // One-sided, both sides prescribed: the side to switch to stays shown until it is seen.
  const side = status.side ? t("side_label", { s: t(status.side) }) : "";
  const next = nextSide ? t("side_next", { s: t(nextSide) }) : "";
  $("#side-label").textContent = [side, next].filter(Boolean).join(" · ");
  const target = timed ? p.duration_s : p.hold_s;
  const ring = $("#hold-ring");
  ring.toggleAttribute("hidden", !(target > 0)); // an SVG element has no .hidden property
  if (target > 0) {
    const frac = Math.min(1, status.hold_s / target);
    $("#hold-arc").setAttribute("stroke-dashoffset", String(100 - 100 * frac));
    // Breathing: the session time counting up, mm:ss, "of" the prescribed minutes below.
    $("#hold-text").textContent = timed ? clock(status.hold_s) : String(Math.floor(status.hold_s));
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

// A set's last rep closes the set in the same frame and the server's count starts again
// at 0, so the patient would see 2/3 jump to 0/3: the closed set's full count (3/3) stays
// shown until the next rep, or until the patient turns to the other side.
export class ClosedSet {
  constructor() {
    this.done = null; // the last set_completed event, while it is shown
  }

  shown(status, events, p) {
    this.done = events.find((ev) => ev.kind === "set_completed") ?? this.done;
    const d = this.done;
    if (!d || status.reps_in_set > 0 || (d.side && status.side && status.side !== d.side)) {
      this.done = null;
      return status;
    }
    return { ...status, reps_in_set: Math.min(d.reps, p.reps), set_index: d.set_index };
  }
}
