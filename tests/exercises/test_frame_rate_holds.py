"""The stretch and breathing engines at any frame rate (synth extra, real model).

Rendered clips go once through the app's pipeline (tests/synth/grid.py caches the clip
and its landmarks); the recorded stream is then replayed as slower cameras and busier
machines deliver it (pose/streams.py): decimated to 15, 10 and 8 frames a
second, with 30% of the frames lost at random, and with stalls. The counts must not
change, and each hold's start and end must stay within one frame interval of the
full-rate result (1/fps for an even stream, the longest gap for an uneven one), its
duration within two (an unmeasurable frame pauses the timer for its interval).
Also: rendered 30 s stretch holds timed within 0.5 s of the script.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from exercises.base import run_stream
from exercises.events import BreathCompleted, Event, HoldEnded
from exercises.registry import create_exercise, default_prescription
from pose.models import ModelBundle
from pose.streams import Resampling, max_gap_ms, resamplings
from pose.types import Observation

pytestmark = [pytest.mark.synth, pytest.mark.real_model]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

from synth.spec import SynthSpec  # noqa: E402
from tests.synth.grid import observe  # noqa: E402

# Rendered at 30 fps, so every lower rate is a decimation of the same landmarks.
STRETCH_30FPS = SynthSpec("hip_flexor_stretch", reps=2, hold_s=6.0, fps=30, seed=47)
BREATHING_30FPS = SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=8.0, fps=30, seed=44)
# `formcheck synth --exercise hip_flexor_stretch --hold-s 30 --reps 1`, each side.
STRETCH_30S = [
    SynthSpec("hip_flexor_stretch", reps=1, hold_s=30.0, seed=41),
    SynthSpec("hip_flexor_stretch", reps=1, hold_s=30.0, side="right", body="small", seed=42),
]
HOLD_TOLERANCE_S = 0.5  # the target for a stretch hold

# The streams as a slower camera or a loaded machine delivers them (pose.streams).
VARIANTS = resamplings(
    drops=[(fps, seed) for fps in (30, 10, 8) for seed in (1, 2, 3)], stalls=(1, 2)
)


def _run(spec: SynthSpec, observations: list[Observation]) -> list[Event]:
    prescription = default_prescription(spec.exercise)
    if spec.exercise == "hip_flexor_stretch":
        prescription = replace(prescription, hold_s=spec.hold_s - 1.0, side="both")
    else:
        prescription = replace(prescription, duration_s=spec.duration_s)
    return run_stream(create_exercise(spec.exercise, prescription), observations)


def _holds(events: list[Event]) -> list[HoldEnded]:
    return [e for e in events if isinstance(e, HoldEnded)]


def _assert_same_holds(got: list[HoldEnded], base: list[HoldEnded], interval_ms: float) -> None:
    assert [(h.side, h.completed) for h in got] == [(h.side, h.completed) for h in base]
    tol_s = interval_ms / 1000 + 1e-3
    for g, b in zip(got, base, strict=True):
        assert g.start_s == pytest.approx(b.start_s, abs=tol_s)
        assert g.end_s == pytest.approx(b.end_s, abs=tol_s)
        # The timer pauses over a frame whose pose cannot be measured (a lost pose never
        # makes hold time), and a slower stream pauses longer for each: two intervals.
        assert g.duration_s == pytest.approx(b.duration_s, abs=2 * tol_s)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_stretch_holds_at_any_frame_rate(variant: Resampling, model_bundle: ModelBundle) -> None:
    observations = observe(STRETCH_30FPS, model_bundle).observations
    base = _holds(_run(STRETCH_30FPS, observations))
    assert [h.completed for h in base] == [True, True]
    stream = variant.apply(observations)
    got = _holds(_run(STRETCH_30FPS, stream))
    interval = variant.interval_ms
    _assert_same_holds(got, base, interval if interval is not None else max_gap_ms(stream))


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_breaths_at_any_frame_rate(variant: Resampling, model_bundle: ModelBundle) -> None:
    clip = observe(BREATHING_30FPS, model_bundle)
    base = _run(BREATHING_30FPS, clip.observations)
    base_breaths = [e for e in base if isinstance(e, BreathCompleted)]
    assert len(base_breaths) == len(clip.truth["breaths_ms"])
    stream = variant.apply(clip.observations)
    events = _run(BREATHING_30FPS, stream)
    breaths = [e for e in events if isinstance(e, BreathCompleted)]
    assert len(breaths) == len(base_breaths)
    for got, want in zip(breaths, base_breaths, strict=True):
        # a breath's top is timed over its flat top through a low-pass: a few tenths
        assert got.start_s + got.inhale_s == pytest.approx(want.start_s + want.inhale_s, abs=0.5)
    gap = variant.interval_ms if variant.interval_ms is not None else max_gap_ms(stream)
    _assert_same_holds(_holds(events), _holds(base), gap)


@pytest.mark.parametrize("spec", STRETCH_30S, ids=lambda s: f"{s.side}-{s.body}")
def test_stretch_30s_hold_timed_within_half_a_second(
    spec: SynthSpec, model_bundle: ModelBundle
) -> None:
    clip = observe(spec, model_bundle)
    prescription = replace(default_prescription("hip_flexor_stretch"), side="both")
    assert prescription.hold_s == 30.0
    holds = _holds(run_stream(create_exercise(spec.exercise, prescription), clip.observations))
    (want,) = clip.truth["holds"]
    assert [(h.side, h.completed) for h in holds] == [(want["side"], True)]
    scripted_s = (want["end_ms"] - want["start_ms"]) / 1000
    assert holds[0].duration_s == pytest.approx(scripted_s, abs=HOLD_TOLERANCE_S)
    assert holds[0].start_s == pytest.approx(want["start_ms"] / 1000, abs=HOLD_TOLERANCE_S)
    assert holds[0].end_s == pytest.approx(want["end_ms"] / 1000, abs=HOLD_TOLERANCE_S)
