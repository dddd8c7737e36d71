"""Listening to the page's speech in the browser: `listen(context)` replaces the page's
`speechSynthesis` (an init script, before the page's own) by a voice that says nothing
but keeps time, one utterance at a time as a browser's does: each lasts `MS_PER_CHAR` per
character (a simulated duration, so a test waits for no real speech) and fires its start
and end events; `cancel()` ends it early and marks it cut. `heard(page)` reads back what
was said: [{text, start_ms, end_ms, cut}], on the page's clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

__all__ = ["MS_PER_CHAR", "heard", "listen"]

MS_PER_CHAR = 25  # about 2.5 times a real voice: overlaps happen, the test stays short

_VOICE = (
    """(() => {
  const msPerChar = MS_PER_CHAR;
  const said = [];
  let queue = [], current = null;
  const fire = (u, type) => u.dispatchEvent(new Event(type));
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices: () => [],
    addEventListener() {}, removeEventListener() {}, pause() {}, resume() {},
    speak(u) { queue.push(u); this.pending = queue.length > 0; next(); },
    cancel() {
      const cut = current;
      const dropped = queue;
      queue = [];
      current = null;
      synth.speaking = synth.pending = false;
      if (cut) {
        clearTimeout(cut.timer);
        Object.assign(cut.entry, { end_ms: performance.now(), cut: true });
        fire(cut.u, "error");
      }
      for (const u of dropped) fire(u, "error");
    },
  };
  function next() {
    if (current || !queue.length) return;
    const u = queue.shift();
    synth.pending = queue.length > 0;
    const entry = { text: u.text, start_ms: performance.now(), end_ms: null, cut: false };
    said.push(entry);
    const timer = setTimeout(() => {
      entry.end_ms = performance.now();
      current = null;
      synth.speaking = false;
      fire(u, "end");
      next();
    }, msPerChar * u.text.length);
    current = { u, entry, timer };
    synth.speaking = true;
    fire(u, "start");
  }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.__heard = said;
})();"""
).replace("MS_PER_CHAR", str(MS_PER_CHAR))


def listen(context: BrowserContext) -> None:
    """Every page of `context` speaks to the timing voice instead of the browser's."""
    context.add_init_script(_VOICE)


def heard(page: Page) -> list[dict[str, Any]]:
    """What the page said, in order (the blank unlock utterance left out)."""
    said: list[dict[str, Any]] = page.evaluate("window.__heard.filter((u) => u.text.trim())")
    return said
