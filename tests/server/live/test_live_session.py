"""LiveSession without the model: a playback pipeline stands in for the estimator
(it returns no person), the engine, cue scheduler and store are the real ones."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from exercises.cues import cue_text
from exercises.events import NotJudged, RepCompleted
from exercises.registry import SPECS
from pose.types import Frame, Observation, PoseFrame
from server.live.session import LiveSession
from server.live.summary import summarise
from server.store.recording import SessionStore
from tests.pose.builders import lengthwise_pose
from tests.server.live.sessions import new_live_session, step_image
from tests.server.wire import sent


class NobodyPipeline:
    """Plays back 'no person in view' for every frame."""

    def __init__(self) -> None:
        self.closed = False
        self.seen_ms: list[int] = []

    def process(self, frame: Frame) -> Observation:
        self.seen_ms.append(frame.timestamp_ms)
        return Observation(frame.timestamp_ms, None)

    def observe(
        self, candidates: list[PoseFrame], timestamp_ms: int, signals: object = ()
    ) -> Observation:
        self.seen_ms.append(timestamp_ms)
        return Observation(timestamp_ms, None)

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def live(tmp_path: Path) -> tuple[LiveSession, NobodyPipeline, SessionStore]:
    name = "bridge" if "bridge" in SPECS else next(iter(SPECS), None)
    if name is None:
        pytest.skip("no exercise engine is registered")
    pipeline = NobodyPipeline()
    session, store = new_live_session(tmp_path, name, pipeline)
    return session, pipeline, store


JPEG = cv2.imencode(".jpg", np.full((480, 640, 3), 80, np.uint8))[1].tobytes()


def test_frames_are_processed_in_time_order_only(
    live: tuple[LiveSession, NobodyPipeline, SessionStore],
) -> None:
    session, pipeline, store = live
    assert sent(step_image(session, 1, JPEG, 100))["type"] == "result"
    overtaken = sent(step_image(session, 2, JPEG, 60))
    assert overtaken["type"] == "dropped"
    assert overtaken["counters"]["dropped"] == 1
    assert sent(step_image(session, 3, JPEG, 140))["type"] == "result"
    assert pipeline.seen_ms == [100, 140]
    assert [m.timestamp_ms for m in store.metrics(session.id)] == [100, 140]


def test_a_finished_session_takes_no_more_frames(
    live: tuple[LiveSession, NobodyPipeline, SessionStore],
) -> None:
    session, pipeline, store = live
    sent(step_image(session, 1, JPEG, 100))
    session.finish()
    assert pipeline.closed
    answer = sent(step_image(session, 2, JPEG, 200))
    assert (answer["type"], answer["code"]) == ("error", "session_closed")
    record = store.get(session.id)
    assert record is not None
    assert record.finished_ms is not None


def test_no_person_result_has_no_pose_and_a_hint(
    live: tuple[LiveSession, NobodyPipeline, SessionStore],
) -> None:
    session, _, _ = live
    result = sent(step_image(session, 1, JPEG, 100))
    assert result["pose"] is None
    assert result["setup"]["hint"] == "no_person"
    assert result["status"]["progress"]["reps_in_set"] == 0


class LengthwisePipeline(NobodyPipeline):
    """Plays back a lying body seen from its head or feet end, every frame."""

    def process(self, frame: Frame) -> Observation:
        self.seen_ms.append(frame.timestamp_ms)
        return Observation(frame.timestamp_ms, lengthwise_pose(frame.timestamp_ms))


def test_a_view_that_cannot_judge_the_exercise_is_said_on_the_socket(tmp_path: Path) -> None:
    session, _ = _session(tmp_path, LengthwisePipeline())
    results = [sent(step_image(session, i, JPEG, 100 * i)) for i in range(1, 120)]  # 10 fps, 12 s
    said = [e for r in results for e in r["events"] if e["kind"] == "not_judged"]
    assert [e["code"] for e in said] == ["clamshell_not_judged_lengthwise"]
    cues = [c for r in results for c in r["cues"] if c["code"] == said[0]["code"]]
    assert cues, "the not-judged text was not sent as a cue"
    assert cues[0]["text"].startswith("Van de hoofd- of voetenkant")  # the patient's Dutch
    assert cues[0]["texts"]["en"].startswith("I can't judge the clamshell")


def _session(
    tmp_path: Path, pipeline: NobodyPipeline, name: str = "clamshell"
) -> tuple[LiveSession, SessionStore]:
    return new_live_session(tmp_path, name, pipeline)


def test_breathing_unseen_for_long_is_said_live_but_not_while_getting_down(
    tmp_path: Path,
) -> None:
    # Filmed from the low feet end, the model finds nobody lying there (10 fps, 20 s).
    session, store = _session(tmp_path, NobodyPipeline(), name="breathing")
    results = [sent(step_image(session, i, JPEG, 100 * i)) for i in range(1, 200)]
    shown = [r["not_judged"] for r in results]
    first = next(i for i, s in enumerate(shown) if s is not None)
    assert results[first]["timestamp_ms"] >= 10_000  # not in the first seconds
    assert all(s == shown[-1] for s in shown[first:])
    said = [e for r in results for e in r["events"] if e["kind"] == "not_judged"]
    assert [e["code"] for e in said] == ["breathing_not_judged_unseen"]
    assert shown[-1] is not None
    assert "Put the camera" in shown[-1]["texts"]["en"]
    assert _summary(session, store)["not_judged"] == shown[-1]


def _summary(session: LiveSession, store: SessionStore) -> dict[str, object]:
    session.finish()
    record = store.get(session.id)
    assert record is not None
    summary: dict[str, object] = sent(summarise(record, store.events(session.id)))
    return summary


def test_the_live_summary_says_not_judged_as_the_analyze_report_does(tmp_path: Path) -> None:
    session, store = _session(tmp_path, LengthwisePipeline())
    results = [sent(step_image(session, i, JPEG, 100 * i)) for i in range(1, 120)]  # 10 fps, 12 s
    # The result stands from the frame that said it on: the page shows it until judged.
    shown = [r["not_judged"] for r in results]
    assert shown[0] is None
    first = next(i for i, s in enumerate(shown) if s is not None)
    assert all(s == shown[-1] for s in shown[first:])
    summary = _summary(session, store)
    expected = {
        "code": "clamshell_not_judged_lengthwise",
        "message": cue_text("clamshell_not_judged_lengthwise", "en"),
        "texts": {
            "nl": cue_text("clamshell_not_judged_lengthwise", "nl"),
            "en": cue_text("clamshell_not_judged_lengthwise", "en"),
        },
    }
    assert summary["not_judged"] == expected
    assert shown[-1] == expected


def test_the_live_summary_of_a_judged_session_has_no_not_judged(tmp_path: Path) -> None:
    session, store = _session(tmp_path, NobodyPipeline())
    for i in range(1, 30):
        assert sent(step_image(session, i, JPEG, 100 * i))["not_judged"] is None
    assert _summary(session, store)["not_judged"] is None


def test_a_rep_after_not_judged_clears_it_from_the_live_summary(tmp_path: Path) -> None:
    session, store = _session(tmp_path, NobodyPipeline())
    said = NotJudged(timestamp_ms=1000, code="clamshell_not_judged_lengthwise")
    rep = RepCompleted(
        timestamp_ms=9000,
        index=1,
        set_index=1,
        rep_in_set=1,
        side="left",
        start_s=6.0,
        peak_s=7.0,
        end_s=8.9,
        hold_s=0.5,
        peak_angle_deg=40.0,
        faults=("knee_drift",),
    )
    store.record_events(session.id, [said])
    record = store.get(session.id)
    assert record is not None
    assert summarise(record, store.events(session.id)).not_judged is not None
    store.record_events(session.id, [rep])
    assert _summary(session, store)["not_judged"] is None  # the camera was moved: judged
