"""Time away is not session time: when a connection comes back (a reload, a dropped
network), the next frame follows the last one by `REATTACH_GAP_MS`, so the engines
see a short gap instead of a pause that would close a set or stretch a hold."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from exercises.registry import SPECS
from pose.types import Frame, Observation, PoseFrame
from server.clock import ManualClock
from server.live.landmarks import LandmarkError
from server.live.session import REATTACH_GAP_MS, LiveSession
from tests.server.api.test_ws_resume import _drop
from tests.server.clients import Client, answer_for_frame, receive
from tests.server.live.sessions import new_live_session

AWAY_S = 1.5


class NobodyPipeline:
    """Plays back 'no person in view' for every frame."""

    def process(self, frame: Frame) -> Observation:
        return Observation(frame.timestamp_ms, None)

    def observe(
        self, candidates: list[PoseFrame], timestamp_ms: int, signals: object = ()
    ) -> Observation:
        return Observation(timestamp_ms, None)

    def close(self) -> None:
        pass


def _session(tmp_path: Path, clock: ManualClock) -> LiveSession:
    if "bridge" not in SPECS:
        pytest.skip("the bridge engine is not registered yet")
    return new_live_session(tmp_path, "bridge", NobodyPipeline(), clock=clock)[0]


def test_time_away_is_left_out(tmp_path: Path) -> None:
    clock = ManualClock()
    session = _session(tmp_path, clock)
    last = session.session_time_ms()
    clock.advance(AWAY_S)
    session.close_gap()
    after = session.session_time_ms()
    assert abs(after - last - REATTACH_GAP_MS) <= 1  # whole milliseconds
    clock.advance(0.2)  # and from there the clock runs on as usual
    assert abs(session.session_time_ms() - after - 200) <= 1


def test_a_short_gap_is_kept_as_it_was(tmp_path: Path) -> None:
    clock = ManualClock()
    session = _session(tmp_path, clock)
    last = session.session_time_ms()
    clock.advance(0.03)
    session.close_gap()
    assert abs(session.session_time_ms() - last - 30) <= 1


def test_a_reconnected_socket_carries_on_the_session_clock(patient: Client) -> None:
    if "bridge" not in SPECS:
        pytest.skip("the bridge engine is not registered yet")
    empty_room = cv2.imencode(".jpg", np.full((480, 640, 3), 90, np.uint8))[1].tobytes()
    session = patient.new_session("bridge")
    with patient.socket(session["ws_path"]) as ws:
        receive(ws)
        for _ in range(3):
            ws.send(empty_room)
            before = answer_for_frame(ws)
        _drop(ws)
    clock = patient.server.clock
    assert isinstance(clock, ManualClock)
    clock.advance(AWAY_S)
    with patient.socket(session["ws_path"]) as ws:
        assert receive(ws)["resumed"] is True
        ws.send(empty_room)
        after = answer_for_frame(ws)
    assert before["type"] == after["type"] == "result", (before, after)
    gap_ms = after["timestamp_ms"] - before["timestamp_ms"]
    assert REATTACH_GAP_MS <= gap_ms < 1000 * AWAY_S, gap_ms


def test_landmarks_follow_the_pages_clock_but_never_run_ahead(tmp_path: Path) -> None:
    """The first landmarks after an attach take the arrival time; later ones the page's
    deltas (at least 1 ms), capped by arrival: a page cannot make a hold longer."""
    clock = ManualClock()
    session = _session(tmp_path, clock)
    first = session.session_time_ms(50_000.0)
    clock.advance(0.2)
    # The page says 40 ms passed (its frames were late): the session believes it.
    assert session.session_time_ms(50_040.0) == first + 40
    # A page claiming 10 s in 10 ms is held to what really passed.
    claimed = session.session_time_ms(60_040.0)
    assert claimed - first < 1000
    assert session.session_time_ms(60_040.4) == claimed + 1  # strictly after
    with pytest.raises(LandmarkError) as back:
        session.session_time_ms(60_000.0)
    assert back.value.code == "landmarks_out_of_order"
    session.close_gap()  # a new connection: its page clock starts anew
    assert session.session_time_ms(10.0) > claimed
