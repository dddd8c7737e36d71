"""One frame step: the same landmark stream through `formcheck analyze` and through a live
session gives the same reps, holds, faults and breaths, for all four exercises.

Each rendered clip goes through `analyze_video` (the real model), which hands over every
observation it made; a live session then gets a camera frame per observation (a real
JPEG, decoded and checked as any frame is) and its pipeline plays the recorded
observation back for that frame's time. The session's recorded events are summed up by
the live summary (what the patient and the therapist see).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from exercises.base import Prescription
from exercises.registry import default_prescription
from pose.models import ModelBundle
from pose.types import Observation
from server.live.summary import summarise
from server.offline.analysis import AnalyzeRequest, analyze_video
from synth.cache import cached_clip
from synth.spec import SynthSpec
from tests.server.live.sessions import new_live_session, step_image
from tests.server.replay import Playback
from tests.server.wire import sent

pytestmark = [pytest.mark.synth, pytest.mark.real_model]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

JPEG = cv2.imencode(".jpg", np.full((360, 480, 3), 90, np.uint8))[1].tobytes()

CLIPS = [
    SynthSpec("bridge", reps=2, hold_s=3.0, up_s=1.5, down_s=1.5, rest_s=1.0, body="large", seed=3),
    SynthSpec("clamshell", reps=3, hold_s=0.3, body="small", seed=5),
    SynthSpec("hip_flexor_stretch", reps=2, hold_s=6.0, seed=7),
    SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=6.0, seed=9),
]


def _prescription(spec: SynthSpec) -> Prescription:
    p = default_prescription(spec.exercise)
    if spec.exercise == "hip_flexor_stretch":
        return replace(p, hold_s=spec.hold_s - 1.0, side=spec.side)
    if spec.exercise == "breathing":
        return replace(p, duration_s=spec.duration_s)
    return p


def _live(
    tmp_path: Path, exercise: str, prescription: Prescription, observations: list[Observation]
) -> dict[str, object]:
    """The live summary of a session fed one camera frame per recorded observation."""
    session, store = new_live_session(tmp_path, exercise, Playback(observations), prescription)
    for seq, obs in enumerate(observations):
        message = step_image(session, seq, JPEG, obs.timestamp_ms)
        assert message.type == "result", message
    session.finish()
    finished = store.get(session.id)
    assert finished is not None
    summary: dict[str, object] = sent(summarise(finished, store.events(session.id)))
    return summary


@pytest.mark.parametrize("spec", CLIPS, ids=lambda s: s.exercise)
def test_live_and_analyze_agree(spec: SynthSpec, model_bundle: ModelBundle, tmp_path: Path) -> None:
    clip_path = cached_clip(spec).clip_path  # rendered once, then reused
    prescription = _prescription(spec)
    seen: list[Observation] = []
    report = analyze_video(
        AnalyzeRequest(clip_path, spec.exercise, prescription=prescription),
        model_bundle,
        on_observation=seen.append,
    )
    live = _live(tmp_path, spec.exercise, prescription, seen)

    assert live["reps"] == report.reps
    assert live["reps_by_side"] == (report.reps_by_side or {})
    assert live["holds"] == len(report.holds)
    assert live["time_in_position_s"] == report.time_in_position_s
    assert live["longest_hold_s"] == max((h.duration_s for h in report.holds), default=0.0)
    assert live["faults"] == dict(Counter(f.code for f in report.faults))
    assert live["breaths"] == report.breaths
    assert report.progress is not None
    assert live["progress"] == report.progress.to_wire()  # one progress, replayed alike
    # Not vacuous: each clip counts what it is made of.
    counted = report.breaths if spec.exercise == "breathing" else report.reps
    assert counted, f"{spec.exercise}: the clip counted nothing"
