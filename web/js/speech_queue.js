// What the page says next, decided without a browser (speech.js says it). The patient
// lies on the floor 2 m away and hears more than they read, so:
// - instructions and questions are never dropped: they wait their turn, in order;
// - a rep or countdown number is said as it comes: it goes before everything but a
//   safety cue, and a newer number replaces one still waiting (never anything else);
// - a cue may shorten, never silence, another: an item that outranks the one being said
//   ends it only after MIN_HEARD_MS of it was heard, and only a cue, a number or a
//   pacer word may be ended so (never an instruction, a question or a safety cue);
// - a coaching cue, a number or a pacer word that waited too long is dropped
//   ("expired"): stale coaching is worse than none, and a late number misleads.
// Times are the caller's clock in ms (`nowMs`): the queue keeps none of its own.

// rank: who goes first (ties: who came first); keep: never dropped; shorten: may be ended
// early by a higher rank; maxWaitMs: dropped when waiting longer; replaces: a new one of
// this kind takes the place of one waiting.
export const KINDS = {
  urgent: { rank: 5, keep: true, shorten: false, maxWaitMs: Infinity, replaces: false },
  count: { rank: 4, keep: false, shorten: true, maxWaitMs: 1500, replaces: true },
  instruction: { rank: 3, keep: true, shorten: false, maxWaitMs: Infinity, replaces: false },
  question: { rank: 3, keep: true, shorten: false, maxWaitMs: Infinity, replaces: false },
  cue: { rank: 2, keep: false, shorten: true, maxWaitMs: 4000, replaces: false },
  pacer: { rank: 1, keep: false, shorten: true, maxWaitMs: 800, replaces: true },
};
export const MIN_HEARD_MS = 1000;

// An item's end ("outcome"): spoken (to its end), shortened (cut after MIN_HEARD_MS),
// expired, replaced (by a newer number), cleared (muted, or the page left the session);
// the adapter may name its own for one it tried (speech.js: failed, stalled).
export class SpeechQueue {
  // `onSettled(item)`: called once per item when its outcome is known.
  constructor(onSettled = () => {}) {
    this.onSettled = onSettled;
    this.waiting = [];
    this.current = null; // the item being said
    this.lastId = 0;
  }

  // Queue `text` of `kind` (KINDS); null when the same words of a kept kind already wait.
  add(text, kind, nowMs, extra = {}) {
    const k = KINDS[kind];
    if (!k) throw new Error(`speech kind must be one of ${Object.keys(KINDS).join(", ")}, got ${kind}`);
    if (k.keep && this.waiting.some((w) => w.kind === kind && w.text === text)) return null;
    if (k.replaces) {
      for (const w of this.waiting.filter((w) => w.kind === kind)) this.settle(w, "replaced", nowMs);
    }
    this.lastId += 1;
    const item = { ...extra, id: this.lastId, text, kind, addedMs: nowMs, startedMs: null, outcome: null };
    this.waiting.push(item);
    return item;
  }

  // What to do now: {speak: item} (it is now the current one), {cut: item} (end it:
  // then call ended(item, now, "shortened")), {wakeInMs} (ask again then), or null
  // (nothing until an item is added or the current one ends).
  step(nowMs) {
    for (const w of [...this.waiting]) {
      if (nowMs - w.addedMs > KINDS[w.kind].maxWaitMs) this.settle(w, "expired", nowMs);
    }
    const next = this.best();
    if (!next) return null;
    const cur = this.current;
    if (cur) {
      if (!KINDS[cur.kind].shorten || KINDS[next.kind].rank <= KINDS[cur.kind].rank) return null;
      const heardMs = nowMs - cur.startedMs;
      return heardMs >= MIN_HEARD_MS ? { cut: cur } : { wakeInMs: MIN_HEARD_MS - heardMs };
    }
    this.waiting.splice(this.waiting.indexOf(next), 1);
    next.startedMs = nowMs;
    this.current = next;
    return { speak: next };
  }

  // The current item ended: "spoken", "shortened", or the adapter's own outcome.
  ended(item, nowMs, outcome = "spoken") {
    if (item !== this.current) return;
    this.current = null;
    this.settle(item, outcome, nowMs);
  }

  // Everything dropped (muted; the page left the session): nothing is said after this.
  clear(nowMs) {
    for (const w of [...this.waiting]) this.settle(w, "cleared", nowMs);
    if (this.current) this.ended(this.current, nowMs, "cleared");
  }

  best() {
    let best = null;
    for (const w of this.waiting) if (!best || KINDS[w.kind].rank > KINDS[best.kind].rank) best = w;
    return best;
  }

  settle(item, outcome, nowMs) {
    const at = this.waiting.indexOf(item);
    if (at >= 0) this.waiting.splice(at, 1);
    item.outcome = outcome;
    item.endedMs = nowMs;
    this.onSettled(item);
  }
}
