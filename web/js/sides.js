// One-sided exercises (clamshell, hip flexor stretch) prescribed for both sides, the
// clinic's default: the page says when to switch sides, and the exercise ends only when
// both sides have done their sets. The clamshell closes its sets per side (set_completed
// carries the side); the stretch closes a set over both sides (side null), so its last
// set ends it as for a two-sided exercise.
const OTHER = { left: "right", right: "left" };

export class SideTurns {
  constructor(prescription) {
    this.p = prescription;
    this.full = { left: 0, right: 0 }; // sets in which the side reached its reps
    this.closed = { left: 0, right: 0 }; // per-side sets closed (clamshell)
    this.next = null; // the side whose turn it is now, until it is seen
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

  // A set_completed event: true when the whole exercise is done.
  lastSet(ev) {
    if (!this.both || !OTHER[ev.side]) return ev.set_index >= this.p.sets;
    this.closed[ev.side] = Math.max(this.closed[ev.side], ev.set_index);
    return Math.min(this.closed.left, this.closed.right) >= this.p.sets;
  }

  // The side still to switch to (null once the patient is on it).
  pending(side) {
    if (side && side === this.next) this.next = null;
    return this.next;
  }
}
