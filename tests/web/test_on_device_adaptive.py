"""The page's one/two-person switching (web/js/ondevice/adaptive.js) against the server's
(pose/adaptive.py), frame by frame on the same script: which landmarker each runs on
each frame, and how many people each returns. A second person walks in at 3.5 s (seen
only by the two-person landmarker's look each second) and leaves at 5 s."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from pose.adaptive import AdaptiveConfig, AdaptiveEstimator
from pose.types import Frame, PoseFrame
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, open_page

pytestmark = pytest.mark.browser

FRAME_MS = 66
TIMES = [i * FRAME_MS for i in range(150)]  # 10 s at 15 fps


def people_at(t_ms: int) -> int:
    return 2 if 3500 <= t_ms < 5000 else 1


class Scripted:
    """A landmarker that finds `people_at(t)` people (at most `most`), and logs its calls."""

    def __init__(self, name: str, most: int, calls: list[tuple[int, str]]) -> None:
        self.name, self.most, self.calls = name, most, calls

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        self.calls.append((frame.timestamp_ms, self.name))
        pose = PoseFrame(frame.timestamp_ms, np.zeros((33, 3)), np.zeros((33, 3)), np.zeros(33))
        return [pose] * min(self.most, people_at(frame.timestamp_ms))

    def close(self) -> None:
        pass


PAGE = """async ([times, cfg]) => {
  const { AdaptiveLandmarker } = await import('/static/js/ondevice/adaptive.js');
  const calls = [];
  const peopleAt = (t) => (t >= 3500 && t < 5000 ? 2 : 1);
  const scripted = (name, most) => (image, t) => {
    calls.push([t, name]);
    return Array(Math.min(most, peopleAt(t))).fill({});
  };
  const adaptive = new AdaptiveLandmarker(scripted('single', 1), scripted('multi', 2), cfg);
  const counts = times.map((t) => adaptive.estimate(null, t).length);
  return { calls, counts };
}"""


def test_the_page_switches_between_one_and_two_people_as_the_server(
    page_server: RunningServer, chromium_path: Path
) -> None:
    calls: list[tuple[int, str]] = []
    server = AdaptiveEstimator(Scripted("single", 1, calls), Scripted("multi", 2, calls))
    image = np.zeros((16, 16, 3), dtype=np.uint8)
    counts = [len(server.estimate(Frame(image, t))) for t in TIMES]
    cfg = asdict(AdaptiveConfig())  # as GET /api/on-device hands it to the page
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, page_server, errors)
        page.wait_for_selector("#screen-login")
        web = page.evaluate(PAGE, [TIMES, cfg])
    assert errors == [], errors
    assert web["counts"] == counts
    assert [tuple(c) for c in web["calls"]] == calls
    assert 2 in counts  # the script does bring the second person in
    assert "single" in {n for _, n in calls}
    assert counts[-1] == 1
