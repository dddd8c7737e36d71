"""One side prescribed (the clamshell, right side only): the page never says to switch
to the other side, however many sets the patient does; both sides prescribed, it does
when the first side's set is done. The side to turn to is the server's (the engine's
progress, `exercises.progress`); the page's status panel (status.js) shows it in
chromium and counts nothing itself. No camera."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from exercises.base import Prescription
from exercises.events import SideName
from exercises.progress import ProgressTracker
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, open_page, wait_until

pytestmark = pytest.mark.browser

SHOW = """async ([p, statuses]) => {
  const { renderStatus } = await import("/static/js/status.js");
  const labels = [];
  for (const status of statuses) {
    renderStatus(status, p);
    labels.push(document.querySelector("#side-label").textContent);
  }
  return labels;
}"""


def _statuses(prescribed: str, side: SideName) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every rep of 2 sets of 3 on `side`: the status after each, as the server sends it."""
    p = Prescription(reps=3, sets=2, hold_s=0.0, rest_s=30.0, side=prescribed)  # type: ignore[arg-type]
    tracker = ProgressTracker(p, True, "reps")
    out = []
    for t in range(6):
        tracker.rep(side, t * 1000)
        status = {"phase": "up", "ready": True, "hold_s": 0.0, "side": side}
        out.append(status | {"progress": tracker.progress(side).to_wire()})
    wire = {"reps": 3, "sets": 2, "hold_s": 0, "rest_s": 30, "side": prescribed}
    return wire, out


@pytest.mark.parametrize(("prescribed", "side"), [("right", "right"), ("left", "left")])
def test_one_prescribed_side_never_says_the_other_side(
    page_server: RunningServer, chromium_path: Path, prescribed: str, side: SideName
) -> None:
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        wait_until(page, "document.querySelector('#screen-login h2').textContent !== ''")
        labels = page.evaluate(SHOW, list(_statuses(prescribed, side)))
    assert set(labels) == {f"Zijde: {'rechts' if side == 'right' else 'links'}"}
    assert errors == [], errors


def test_both_sides_prescribed_says_the_other_side(
    page_server: RunningServer, chromium_path: Path
) -> None:
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        wait_until(page, "document.querySelector('#screen-login h2').textContent !== ''")
        labels = page.evaluate(SHOW, list(_statuses("both", "left")))
    assert labels[:2] == ["Zijde: links", "Zijde: links"]  # the set under way
    assert labels[2] == "Zijde: links · Nu de andere kant: rechts"  # its last rep
    assert errors == [], errors
