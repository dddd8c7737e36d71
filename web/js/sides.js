// One-sided exercises (clamshell, hip flexor stretch) prescribed for both sides, the
// clinic's default: the page says when to switch sides. When the exercise is over is the
// engine's to say (its prescription_done event), not this page's.
const OTHER = { left: "right", right: "left" };

export class SideTurns {
  // `bySide`: the reps per side so far, for a session carried on after a reload.
  constructor(prescription, bySide = null) {
    this.p = prescription;
    const sets = (side) => Math.floor((bySide?.[side] ?? 0) / prescription.reps);
    this.full = { left: sets("left"), right: sets("right") }; // sets a side reached its reps in
    const ahead = Object.keys(OTHER).find((side) => this.full[side] > this.full[OTHER[side]]);
    this.next = this.both && ahead ? OTHER[ahead] : null; // the side whose turn it is, until seen
  }

  get both() {
    return this.p.side === "both";
  }

  // A rep_completed event: the other side's name when it is now their turn, else null.
  rep(ev) {
    if (!this.both || !OTHER[ev.side]) return null;
    if (ev.rep_in_set === this.p.reps) this.full[ev.side] += 1;
    const other = OTHER[ev.side];
    const turn = ev.rep_in_set >= this.p.reps && this.full[ev.side] > this.full[other];
    if (turn) this.next = other;
    return turn ? other : null;
  }

  // The side still to switch to (null once the patient is on it).
  pending(side) {
    if (side && side === this.next) this.next = null;
    return this.next;
  }
}
