// The breathing pacer, heard and seen: the patient lies on the floor, often with the
// eyes closed. When the live phase turns to breathe_in or breathe_out, a short word is
// spoken (as a pacer word: it never cuts off a cue), and a disc inside the session ring
// grows over the prescribed inhale and shrinks over the exhale.
import { t } from "./i18n.js";

const WORDS = { breathe_in: "pacer_in", breathe_out: "pacer_out" };

export class BreathPacer {
  // `el`: the disc (an SVG circle); `speak(text)`: says a pacer word.
  constructor(el, speak) {
    this.el = el;
    this.speak = speak;
    this.phase = null;
  }

  // A new exercise: shown for timed exercises only (breathing, specs.js), at rest, and
  // silent until `begin` (set-up and its countdown "3, 2, 1" are not paced).
  reset(timed) {
    this.timed = timed;
    this.counting = false;
    this.phase = null;
    this.el.toggleAttribute("hidden", !timed); // SVG: no .hidden property
    this.el.dataset.phase = "";
  }

  // The exercise has begun (the countdown's "begin", a tap, a session carried on).
  begin() {
    this.counting = true;
  }

  // One live status: speak and move only when the phase changes.
  update(status, p) {
    if (!this.timed || !this.counting) return;
    const phase = status.ready && status.phase in WORDS ? status.phase : null;
    if (phase === this.phase) return;
    this.phase = phase;
    if (phase) {
      const seconds = phase === "breathe_in" ? p.pace_in_s : p.pace_out_s;
      this.el.style.setProperty("--pace-s", `${seconds ?? 5}s`);
      this.speak(t(WORDS[phase]));
    }
    this.el.dataset.phase = phase ?? "";
  }
}
