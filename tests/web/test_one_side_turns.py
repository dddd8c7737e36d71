"""One side prescribed (the clamshell, right side only): the page never says to switch
to the other side, however many sets the patient does; both sides prescribed, it does
when the first side's set is done. The page's own modules (sides.js, status.js) in the
browser, fed the rep events the engine sends; no camera."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.live_server import RunningServer
from tests.web.browser import chromium, open_page, wait_until

pytestmark = pytest.mark.browser

# Every rep of `sets` sets of `reps` on `side`; what the page would say and show after.
PLAY = """async ([prescribed, side]) => {
  const { SideTurns } = await import("/static/js/sides.js");
  const { renderStatus } = await import("/static/js/status.js");
  const p = { reps: 3, sets: 2, hold_s: 0, rest_s: 30, side: prescribed };
  const turns = new SideTurns(p);
  const said = [];
  let next = null;
  for (let set = 1; set <= p.sets; set++) {
    for (let rep = 1; rep <= p.reps; rep++) {
      const turn = turns.rep({ kind: "rep_completed", side, rep_in_set: rep });
      if (turn) said.push(turn);
      next = turns.pending(side);
      const status = { reps_in_set: rep, set_index: set, hold_s: 0, side, ready: true };
      renderStatus({ ...status, phase: "up" }, p, { nextSide: next });
    }
  }
  return { said, next, label: document.querySelector("#side-label").textContent };
}"""


@pytest.mark.parametrize(("prescribed", "side"), [("right", "right"), ("left", "left")])
def test_one_prescribed_side_never_says_the_other_side(
    page_server: RunningServer, chromium_path: Path, prescribed: str, side: str
) -> None:
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        wait_until(page, "document.querySelector('#screen-login h2').textContent !== ''")
        out = page.evaluate(PLAY, [prescribed, side])
    assert out["said"] == []
    assert out["next"] is None
    assert out["label"] == f"Zijde: {'rechts' if side == 'right' else 'links'}"
    assert "andere kant" not in out["label"]
    assert errors == [], errors


def test_both_sides_prescribed_says_the_other_side(
    page_server: RunningServer, chromium_path: Path
) -> None:
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        wait_until(page, "document.querySelector('#screen-login h2').textContent !== ''")
        out = page.evaluate(PLAY, ["both", "left"])
    assert out["said"][0] == "right"
    assert out["label"] == "Zijde: links · Nu de andere kant: rechts"
    assert errors == [], errors
