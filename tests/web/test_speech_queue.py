"""The page's speech queue (web/js/speech_queue.js), by table: a timeline of what the
page asks to say goes in, what is said (when, and how it ended) comes out. The module
runs in Chromium (the repository runs no JavaScript elsewhere) on a simulated clock:
each utterance lasts `MS_PER_CHAR` per character, nothing waits for real time.

Issue 25: a new cue cut the one speaking, so set-up instructions were never said, "3" cut
"Goed zo. Blijf zo, we beginnen.", the pain question went unspoken and a fault replaced
a rep number."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from server.live.inference import EstimatorFactory
from tests.server.live_server import running_server
from tests.web.browser import chromium, open_page, wait_until

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MS_PER_CHAR = 50

# A discrete-event run of the queue: `asks` are [t_ms, text, kind]; each utterance ends
# after MS_PER_CHAR per character unless the queue cuts it. Returns the items in the
# order they settled: [text, outcome, started_ms | null, ended_ms].
SIMULATE = """async ([asks, msPerChar]) => {
  const { SpeechQueue } = await import("/static/js/speech_queue.js");
  const settled = [];
  const q = new SpeechQueue((item) => {
    settled.push([item.text, item.outcome, item.startedMs, item.endedMs]);
  });
  const timers = asks.map(([t, text, kind]) => ({ t, run: () => q.add(text, kind, t) }));
  let ending = null; // the timer ending the current utterance
  const step = (now) => {
    for (;;) {
      const d = q.step(now);
      if (!d) return;
      if (d.wakeInMs !== undefined) return timers.push({ t: now + d.wakeInMs, run: () => {} });
      if (d.cut) {
        ending.cancelled = true;
        q.ended(d.cut, now, "shortened");
        continue;
      }
      const item = d.speak;
      ending = { t: now + msPerChar * item.text.length, run: () => q.ended(item, ending.t) };
      timers.push(ending);
    }
  };
  while (timers.length) {
    timers.sort((a, b) => a.t - b.t);
    const next = timers.shift();
    if (next.cancelled) continue;
    next.run();
    step(next.t);
  }
  return settled;
}"""


@pytest.fixture(scope="module")
def page(
    tmp_path_factory: pytest.TempPathFactory,
    chromium_path: Path,
    replay_factory: EstimatorFactory,
) -> Iterator[Page]:
    """The app's page (it serves the module), one for the whole table."""
    errors: list[str] = []
    data = tmp_path_factory.mktemp("data")
    with (
        running_server(data, estimator_factory=replay_factory) as server,
        chromium(chromium_path) as browser,
    ):
        page = open_page(browser, server, errors)
        wait_until(page, "document.querySelector('#screen-login h2').textContent !== ''")
        yield page
    assert errors == [], errors


def said(page: Page, asks: list[tuple[int, str, str]]) -> list[tuple[str, str, int | None]]:
    """(text, outcome, start ms) of each item, in the order they settled."""
    out = page.evaluate(SIMULATE, [[list(a) for a in asks], MS_PER_CHAR])
    return [(text, outcome, start) for text, outcome, start, _ in out]


HOW = "Ga op uw rug liggen, voeten plat."  # 33 characters: 1650 ms
STILL = "Goed zo. Blijf zo, we beginnen."  # 31: 1550 ms


def test_instructions_wait_their_turn_and_are_all_said_in_order(page: Page) -> None:
    out = said(
        page,
        [
            (0, HOW, "instruction"),
            (300, STILL, "instruction"),
            (400, "Hoeveel pijn heeft u nu?", "question"),
        ],
    )
    assert out == [
        (HOW, "spoken", 0),
        (STILL, "spoken", 1650),
        ("Hoeveel pijn heeft u nu?", "spoken", 3200),
    ]


@pytest.mark.parametrize(
    ("asks", "expected"),
    [
        # "3" waits for "Blijf zo" (a number never ends an instruction); "2" replaces it.
        (
            [(0, STILL, "instruction"), (500, "3", "count"), (1500, "2", "count")],
            [("3", "replaced", None), (STILL, "spoken", 0), ("2", "spoken", 1550)],
        ),
        # A number is said before a waiting instruction, a safety cue before both.
        (
            [
                (0, HOW, "instruction"),
                (100, "Serie klaar.", "instruction"),
                (200, "5", "count"),
                (300, "Uw rug hol!", "urgent"),
            ],
            [
                (HOW, "spoken", 0),
                ("Uw rug hol!", "spoken", 1650),
                ("5", "expired", None),
                ("Serie klaar.", "spoken", 2200),
            ],
        ),
        # A cue is shortened by a number, never before MIN_HEARD_MS of it was heard.
        (
            [(0, "Duw de hielen goed in de grond.", "cue"), (200, "4", "count")],
            [("Duw de hielen goed in de grond.", "shortened", 0), ("4", "spoken", 1000)],
        ),
        # Heard long enough already: shortened at once.
        (
            [(0, "Duw de hielen goed in de grond.", "cue"), (1200, "4", "count")],
            [("Duw de hielen goed in de grond.", "shortened", 0), ("4", "spoken", 1200)],
        ),
        # A fault after a number waits for it: the number is not replaced.
        (
            [(0, "4", "count"), (20, "Niet te snel.", "cue")],
            [("4", "spoken", 0), ("Niet te snel.", "spoken", 50)],
        ),
        # An instruction is never shortened, not even by a safety cue.
        (
            [(0, HOW, "instruction"), (1200, "Uw rug hol!", "urgent")],
            [(HOW, "spoken", 0), ("Uw rug hol!", "spoken", 1650)],
        ),
        # Stale coaching expires (4 s) instead of lagging; a number after 1.5 s.
        (
            [
                (0, "x" * 120, "instruction"),  # 6 s
                (100, "Niet te snel.", "cue"),
                (200, "7", "count"),
                (300, "Adem in", "pacer"),
            ],
            [
                ("x" * 120, "spoken", 0),
                ("Niet te snel.", "expired", None),
                ("7", "expired", None),
                ("Adem in", "expired", None),
            ],
        ),
        # The same instruction waiting already is not queued twice; said again later.
        (
            [(0, HOW, "instruction"), (100, STILL, "instruction"), (200, STILL, "instruction")],
            [(HOW, "spoken", 0), (STILL, "spoken", 1650)],
        ),
        # A newer pacer word replaces a waiting one, never anything else.
        (
            [(0, HOW, "instruction"), (100, "Adem in", "pacer"), (600, "Adem uit", "pacer")],
            [("Adem in", "replaced", None), (HOW, "spoken", 0), ("Adem uit", "expired", None)],
        ),
    ],
    ids=[
        "countdown-waits",
        "ranks",
        "shorten-after-heard",
        "shorten-now",
        "cue-after-number",
        "instruction-uncut",
        "stale-expires",
        "no-twice",
        "pacer-replaced",
    ],
)
def test_the_queue_decides(
    page: Page, asks: list[tuple[int, str, str]], expected: list[tuple[str, str, int | None]]
) -> None:
    assert said(page, asks) == expected


def test_an_unknown_kind_names_the_valid_ones(page: Page) -> None:
    message = page.evaluate(
        """async () => {
          const { SpeechQueue } = await import("/static/js/speech_queue.js");
          try { new SpeechQueue().add("x", "loud", 0); } catch (err) { return err.message; }
          return null;
        }"""
    )
    assert message == (
        "speech kind must be one of urgent, count, instruction, question, cue, pacer, got loud"
    )
