"""Belly breathing: position, breath detection and rate, pacer, faults, real clips."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.base import Prescription, run_stream
from exercises.breathing.breaths import BreathDetector, BreathSignalConfig
from exercises.breathing.engine import HINT_CAMERA_TO_SIDE, BellyBreathing, Pacer
from exercises.breathing.pose import SupinePoseConfig, measure_supine
from exercises.doubt import DOUBT_MARGIN
from exercises.events import (
    BreathCompleted,
    Doubted,
    Event,
    FormFault,
    HoldEnded,
    HoldReached,
    SetupHint,
)
from exercises.registry import create_exercise, default_prescription
from pose.motion import BellyMotion, ChestMotion, RegionMotion, TrunkMotion
from pose.types import Observation
from server.offline.scoreboard import Run
from tests.conftest import AnalysisCache
from tests.exercises.builders_hold import BreathSpec, breathing_sequence
from tests.pose.builders_breath import breathing_clip

PRESCRIPTION = Prescription(reps=1, sets=1, duration_s=300.0)


def run(
    observations: Iterable[Observation], prescription: Prescription = PRESCRIPTION
) -> tuple[BellyBreathing, list[Event]]:
    engine = BellyBreathing(prescription)
    return engine, run_stream(engine, observations)


def breaths(events: Iterable[Event]) -> list[BreathCompleted]:
    return [e for e in events if isinstance(e, BreathCompleted)]


def codes(events: Iterable[Event]) -> list[str]:
    return [e.code for e in events if isinstance(e, FormFault | SetupHint)]


def later(observations: Iterable[Observation], offset_ms: int) -> list[Observation]:
    """The observations `offset_ms` later (to put sequences one after another)."""
    out = []
    for o in observations:
        t_ms = o.timestamp_ms + offset_ms
        pose = None if o.pose is None else replace(o.pose, timestamp_ms=t_ms)
        out.append(replace(o, timestamp_ms=t_ms, pose=pose))
    return out


# --- the breath detector on plain signals ------------------------------------------------


def sine_signal(
    rate_bpm: float, seconds: float, *, amp: float, noise: float, fps: float, seed: int
) -> Iterator[tuple[int, float]]:
    rng = np.random.default_rng(seed)
    for i in range(int(seconds * fps)):
        t_s = i / fps
        value = amp * 0.5 * (1 - math.cos(2 * math.pi * rate_bpm / 60 * t_s))
        yield round(t_s * 1000), value + float(rng.normal(0, noise))


@settings(max_examples=40, deadline=None)
@given(
    rate_bpm=st.floats(4.0, 20.0),
    amp=st.floats(0.03, 0.1),
    noise_share=st.floats(0.0, 0.08),
    fps=st.sampled_from([10.0, 15.0, 30.0]),
    seed=st.integers(0, 1000),
)
def test_detector_rate_within_one_bpm(
    rate_bpm: float, amp: float, noise_share: float, fps: float, seed: int
) -> None:
    detector = BreathDetector(BreathSignalConfig(floor=0.01))
    seconds = 8 * 60 / rate_bpm  # eight breaths
    found = [
        b
        for t_ms, v in sine_signal(
            rate_bpm, seconds, amp=amp, noise=noise_share * amp, fps=fps, seed=seed
        )
        if (b := detector.update(t_ms, v)) is not None
    ]
    assert len(found) in (6, 7)  # the last breath closes only after its trough is passed
    rate = 60 * len(found) / sum(b.inhale_s + b.exhale_s for b in found)
    assert rate == pytest.approx(rate_bpm, abs=1.0)
    for b in found:  # a symmetric breath: inhale and exhale each half the cycle
        assert b.inhale_s == pytest.approx(30 / rate_bpm, abs=0.25 * 60 / rate_bpm)


@pytest.mark.parametrize("noise", [0.0, 0.002, 0.004])
def test_detector_ignores_noise_below_floor(noise: float) -> None:
    detector = BreathDetector(BreathSignalConfig(floor=0.01))
    found = [
        detector.update(t, v)
        for t, v in sine_signal(6.0, 60, amp=0.0, noise=noise, fps=15.0, seed=1)
    ]
    assert [b for b in found if b is not None] == []


def test_detector_says_how_far_an_open_breath_came_back_down() -> None:
    """Two breaths at 6 a minute: mid-exhale of the second, it has come half way down; at
    its trough all the way, though its end waits for the next rise."""
    detector = BreathDetector(BreathSignalConfig(floor=0.01))
    signal = list(sine_signal(6.0, 20.0, amp=0.05, noise=0.0, fps=15.0, seed=0))
    shares = {}
    for t_ms, v in signal:
        detector.update(t_ms, v)
        shares[t_ms] = detector.open_breath()
    assert shares[2000] == 0.0  # the first inhale: nothing past its peak
    assert shares[17533] == pytest.approx(0.5, abs=0.15)  # half way down the second
    assert shares[19933] > 0.9  # at its trough


def test_a_breath_come_back_down_when_the_stream_ends_makes_the_count_unsure() -> None:
    """Ended at the trough of the second breath: counted 1 (its end is confirmed only by
    the next rise), and said unsure; ended mid-inhale of the third, counted 2, sure."""
    spec = BreathSpec(4.0, 6.0)
    _, at_trough = run(breathing_sequence(spec, 19.9))
    assert len(breaths(at_trough)) == 1
    assert [e.code for e in at_trough if isinstance(e, Doubted)] == [DOUBT_MARGIN]
    _, later = run(breathing_sequence(spec, 22.5))
    assert len(breaths(later)) == 2
    assert not any(isinstance(e, Doubted) for e in later)


def test_detector_rejects_non_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        BreathDetector().update(0, math.nan)


@pytest.mark.parametrize(
    ("inhale_s", "exhale_s", "t_s", "phase"),
    [(4, 6, 0.0, "breathe_in"), (4, 6, 3.9, "breathe_in"), (4, 6, 4.0, "breathe_out"),
     (4, 6, 10.5, "breathe_in"), (3, 3, 4.0, "breathe_out")],
)  # fmt: skip
def test_pacer_phase(inhale_s: float, exhale_s: float, t_s: float, phase: str) -> None:
    assert Pacer(inhale_s, exhale_s).phase(t_s) == phase


def test_pacer_rate_and_validation() -> None:
    assert Pacer().rate_bpm == pytest.approx(6.0)
    with pytest.raises(ValueError, match="Pacer"):
        Pacer(0.0, 6.0)


# --- position ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "in_position"),
    [
        (BreathSpec(), True),
        (BreathSpec(yaw_deg=45), True),
        (BreathSpec(yaw_deg=60, pitch_deg=20), True),
        (BreathSpec(pitch_deg=30), True),
        (BreathSpec(legs_straight=True), False),
        (BreathSpec(hands_on_belly=False), False),
        (BreathSpec(knee_to_chest=True), False),  # hands round the shin, in front of the belly
        (BreathSpec(knee_to_chest=True, yaw_deg=45), False),
    ],
)
def test_position_recognised_from_several_angles(spec: BreathSpec, in_position: bool) -> None:
    m = measure_supine(spec.pose(0), SupinePoseConfig())
    assert m is not None
    assert m.in_position is in_position


def test_out_of_position_gives_a_setup_hint_and_no_breaths() -> None:
    _, events = run(breathing_sequence(BreathSpec(hands_on_belly=False), 30))
    assert breaths(events) == []
    assert not any(isinstance(e, HoldEnded) for e in events)
    # Lying with the knees bent, only the hands are off: the hint says just that.
    assert codes(events) == ["breathing_hands_on_belly"]
    _, standing = run(breathing_sequence(BreathSpec(legs_straight=True), 30))
    assert codes(standing) == ["breathing_get_in_position"]


def test_lying_on_the_side_is_not_the_position_whatever_the_image_shows() -> None:
    """A side-lying leg raise filmed from the front shows a flat trunk, bent knees and a
    hand near the belly; the world landmarks say on the side (pose.view): no time in
    position, no breath (a real side-lying abduction clip held 3.8 s of "breathing")."""
    on_back = list(breathing_sequence(BreathSpec(), 30))
    _, events = run(on_back)
    assert any(isinstance(e, HoldEnded) for e in events)
    on_side = [
        replace(o, view=replace(o.view, position="lying_side")) if o.view is not None else o
        for o in on_back
    ]
    _, side_events = run(on_side)
    assert breaths(side_events) == []
    assert not any(isinstance(e, HoldEnded) for e in side_events)
    assert codes(side_events) == ["breathing_get_in_position"]


def test_a_break_keeps_the_session_time_already_done() -> None:
    """20 s in position, 10 s sitting up, 45 s back in: the prescribed minute is reached
    after 40 s back, the timer counts on from 20 s and the pacer starts with a breath in."""
    engine = BellyBreathing(Prescription(reps=1, sets=1, duration_s=60.0))
    first = list(breathing_sequence(BreathSpec(), 20))
    out = later(breathing_sequence(BreathSpec(legs_straight=True, hands_on_belly=False), 10), 20000)
    back = later(breathing_sequence(BreathSpec(), 45), 30000)
    seen = []
    events: list[Event] = []
    for obs in [*first, *out, *back]:
        events += engine.update(obs)
        seen.append((obs.timestamp_ms, engine.status.hold_s, engine.status.phase))
    events += engine.finish(75000)
    ended = [e for e in events if isinstance(e, HoldEnded)]
    assert [e.completed for e in ended] == [False, True]
    assert ended[0].duration_s == pytest.approx(20.0, abs=0.2)
    reached = [e for e in events if isinstance(e, HoldReached)]
    assert len(reached) == 1
    assert reached[0].timestamp_ms / 1000 == pytest.approx(70.0, abs=0.3)
    assert engine.status.progress.done
    hold_s, phase = next((h, p) for t, h, p in seen if t >= 32500)  # back 2.5 s
    assert hold_s == pytest.approx(22.5, abs=0.3)  # counted on from the 20 s done
    assert phase == "breathe_in"


def test_filmed_from_the_feet_end_asks_for_the_camera_beside() -> None:
    # a camera on a shelf at the feet end: the trunk points at it, and stands up in the image
    _, events = run(breathing_sequence(BreathSpec(yaw_deg=90, pitch_deg=25), 30))
    assert breaths(events) == []
    assert codes(events) == [HINT_CAMERA_TO_SIDE]


def test_hand_on_belly_has_hysteresis() -> None:
    """A hand counts as on the belly within the limits; once in position, within limits
    widened by a margin, so a hand resting near a limit does not flicker."""
    pose = BreathSpec(hand_shift_m=0.23).pose(0)  # the belly hand slid up to the ribs

    def on(cfg: SupinePoseConfig, holding: bool) -> bool:
        m = measure_supine(pose, cfg, holding=holding)
        assert m is not None
        return m.hand_on_belly

    assert not on(SupinePoseConfig(), holding=False)
    assert on(SupinePoseConfig(), holding=True)
    assert not on(SupinePoseConfig(hand_keep_margin_body=0.0), holding=True)


def test_a_hand_near_the_limit_keeps_the_position_it_reached() -> None:
    """Settled with the hand on the belly, then slid up near the ribs: the session goes
    on; starting there, it never begins."""
    settled = list(breathing_sequence(BreathSpec(), 6))
    slid = later(breathing_sequence(BreathSpec(hand_shift_m=0.23), 30), 6000)
    engine = BellyBreathing(PRESCRIPTION)
    holds = [e for e in run_stream(engine, settled + slid) if isinstance(e, HoldEnded)]
    assert len(holds) == 1
    assert holds[0].duration_s == pytest.approx(36.0, abs=2.5)
    engine = BellyBreathing(PRESCRIPTION)
    assert not [e for e in run_stream(engine, slid) if isinstance(e, HoldEnded)]


# --- the engine on landmark builders (hand on the belly) -----------------------------------


ANGLES = [(0.0, 0.0), (45.0, 0.0), (60.0, 20.0), (0.0, 30.0)]


@pytest.mark.parametrize(("yaw_deg", "pitch_deg"), ANGLES)
@pytest.mark.parametrize(("inhale_s", "exhale_s"), [(4.0, 6.0), (2.0, 3.0)])
def test_rate_from_hand_landmarks(
    yaw_deg: float, pitch_deg: float, inhale_s: float, exhale_s: float
) -> None:
    spec = BreathSpec(inhale_s, exhale_s, yaw_deg=yaw_deg, pitch_deg=pitch_deg)
    engine, events = run(breathing_sequence(spec, 120, noise_m=0.004))
    found = breaths(events)
    expected = 120 * spec.rate_bpm / 60
    assert expected - 2 <= len(found) <= expected
    assert engine.status.breath_rate_bpm == pytest.approx(spec.rate_bpm, abs=1.0)
    # Landmark noise blurs the flat top and bottom of each breath: on average the phases
    # are within 0.7 s, and a slow exhale still reads longer than its inhale.
    mean_in = sum(b.inhale_s for b in found) / len(found)
    mean_out = sum(b.exhale_s for b in found) / len(found)
    assert mean_in == pytest.approx(inhale_s, abs=0.7)
    assert mean_out == pytest.approx(exhale_s, abs=0.7)
    assert mean_in < mean_out
    too_fast = "breathing_too_fast" in codes(events)
    assert too_fast is (spec.rate_bpm > 9.0)  # 12 per minute is twice the pacer's 6


def test_phase_lengths_exact_without_noise() -> None:
    _, events = run(breathing_sequence(BreathSpec(3.0, 5.0), 60, noise_m=0.0))
    for b in breaths(events)[1:]:
        assert b.inhale_s == pytest.approx(3.0, abs=0.5)  # low-pass lag differs at top and bottom
        assert b.exhale_s == pytest.approx(5.0, abs=0.5)
        assert b.rate_bpm == pytest.approx(7.5, abs=0.3)


def test_position_time_is_a_hold_up_to_the_prescribed_minutes() -> None:
    prescription = Prescription(reps=1, sets=1, duration_s=60.0)
    engine, events = run(breathing_sequence(BreathSpec(), 75), prescription)
    assert engine.status.ready
    reached = [e for e in events if isinstance(e, HoldReached)]
    assert len(reached) == 1
    assert reached[0].timestamp_ms == pytest.approx(60000, abs=200)
    holds = [e for e in events if isinstance(e, HoldEnded)]
    assert len(holds) == 1
    assert holds[0].completed
    assert holds[0].duration_s == pytest.approx(75.0, abs=0.2)
    assert engine.status.progress.done  # the session's time was reached
    assert engine.status.progress.time_s == pytest.approx(75.0, abs=0.2)


def test_registered_with_clinic_default() -> None:
    assert default_prescription("breathing") == PRESCRIPTION
    engine = create_exercise("breathing")
    assert engine.name == "breathing"
    assert not engine.one_sided


# --- the engine on synthetic video through pose.motion (image flow) -------------------------


def flow_observations(trunk: bool = True, **clip: Any) -> list[Observation]:
    """The clip as the app's breathing pipeline sees it (`trunk=False`: a pipeline with
    only the belly and chest probes, whose belly signal then carries the breath)."""
    probes: dict[str, RegionMotion] = {"belly_motion": BellyMotion(), "chest_motion": ChestMotion()}
    if trunk:
        probes["trunk_motion"] = TrunkMotion()
    out = []
    for frame, pose in breathing_clip(**clip):
        signals = {}
        for name, probe in probes.items():
            value = probe.measure(frame, pose)
            if value is not None:
                signals[name] = value
        out.append(Observation(frame.timestamp_ms, pose, signals))
    return out


@pytest.mark.parametrize(
    ("inhale_s", "exhale_s", "roll_deg", "scale"),
    [(4.0, 6.0, 0.0, 1.0), (2.0, 3.0, 0.0, 1.0), (4.0, 6.0, 12.0, 1.2), (2.0, 3.0, -10.0, 0.8)],
)
def test_rate_from_image_flow(
    inhale_s: float, exhale_s: float, roll_deg: float, scale: float
) -> None:
    rate_bpm = 60 / (inhale_s + exhale_s)
    obs = flow_observations(
        seconds=40, fps=10, inhale_s=inhale_s, exhale_s=exhale_s, roll_deg=roll_deg, scale=scale
    )
    engine, events = run(obs)
    found = breaths(events)
    expected = 40 * rate_bpm / 60
    assert expected - 2 <= len(found) <= expected
    assert engine.status.breath_rate_bpm == pytest.approx(rate_bpm, abs=1.0)


def test_belly_signal_carries_the_breath_without_a_trunk_probe() -> None:
    engine, events = run(flow_observations(trunk=False, seconds=40, fps=10))
    assert len(breaths(events)) >= 3
    assert engine.status.breath_rate_bpm == pytest.approx(6.0, abs=1.0)


def test_chest_breathing_flagged_only_when_the_chest_leads() -> None:
    _, chest = run(flow_observations(seconds=40, fps=10, belly_px=2.0, chest_px=6.0))
    assert "breathing_chest" in codes(chest)
    _, belly = run(flow_observations(seconds=40, fps=10, belly_px=5.0, chest_px=0.5))
    assert "breathing_chest" not in codes(belly)
    assert len(breaths(belly)) >= 2


def _bump(
    t_s: float, start_s: float, size: float, move_s: float = 1.0, held_s: float = 2.0
) -> float:
    """A limb moved across the trunk and back: the trunk box's height (torso lengths)
    rises by `size` in `move_s`, stays for `held_s`, comes back in `move_s`."""
    u = t_s - start_s
    if u <= 0 or u >= 2 * move_s + held_s:
        return 0.0
    if u < move_s:
        return size * 0.5 * (1 - math.cos(math.pi * u / move_s))
    if u <= move_s + held_s:
        return size
    return size * 0.5 * (1 + math.cos(math.pi * (u - move_s - held_s) / move_s))


def trunk_signal_observations(
    seconds: float,
    *,
    rate_bpm: float,
    breath_size: float,
    bump_size: float,
    move_s: float,
    fps: float = 15.0,
) -> list[Observation]:
    """Breathing-position poses whose trunk image signal is the speed of a breath of
    `breath_size` torso lengths, plus (`bump_size` > 0) a movement from 20 s."""

    def height(t_s: float) -> float:
        breath = breath_size * 0.5 * (1 - math.cos(2 * math.pi * rate_bpm / 60 * t_s))
        return breath + _bump(t_s, MOVE_FROM_S, bump_size, move_s) if bump_size else breath

    dt_s = 1 / fps
    return [
        replace(o, signals={"trunk_motion": (height(t) - height(t - dt_s)) / dt_s})
        for o in breathing_sequence(BreathSpec(), seconds, fps)
        for t in [o.timestamp_ms / 1000]
    ]


MOVE_FROM_S = 20.0


@pytest.mark.parametrize(
    ("rate_bpm", "breath_size", "bump_size", "move_s", "breaths_min"),
    [
        (6.0, 0.03, 0.0, 1.0, 5),  # a relaxed belly breath, 6 a minute: still throughout
        (12.0, 0.1, 0.0, 1.0, 11),  # deep and quick (0.06 per second at most): still a breath
        (6.0, 0.03, 0.3, 1.0, 3),  # a knee to the chest, held 2 s, back down
        (6.0, 0.03, 0.15, 0.5, 3),  # a hand slid onto the belly, left 2 s, slid away
    ],
)
def test_a_movement_across_the_trunk_is_no_breath_and_no_position_time(
    rate_bpm: float, breath_size: float, bump_size: float, move_s: float, breaths_min: int
) -> None:
    obs = trunk_signal_observations(
        60, rate_bpm=rate_bpm, breath_size=breath_size, bump_size=bump_size, move_s=move_s
    )
    engine, events = run(obs)
    found = breaths(events)
    assert len(found) >= breaths_min
    assert engine.status.breath_rate_bpm == pytest.approx(rate_bpm, abs=1.0)
    position_s = sum(e.duration_s for e in events if isinstance(e, HoldEnded))
    if not bump_size:
        assert position_s == pytest.approx(60.0, abs=0.2)
        return
    # No breath overlaps the movement, and the moving frames are not time in position.
    move_end_s = MOVE_FROM_S + 2 * move_s + 2.0
    assert [
        b
        for b in found
        if b.start_s < move_end_s and b.start_s + b.inhale_s + b.exhale_s > MOVE_FROM_S
    ] == []
    assert 60.0 - 2 * move_s - 0.5 <= position_s <= 60.0 - move_s
    assert codes(events) == []  # no too-fast or chest fault from the movement


# --- real clips (real model) ----------------------------------------------------------------


def _observe_clip(analyzed: AnalysisCache, name: str) -> list[Observation]:
    """The clip through `formcheck analyze`'s breathing pipeline: the observations its
    engine was fed (the model runs once per clip for every real-clip test)."""
    return list(analyzed.result(Run(name, "breathing")).observations)


@pytest.mark.real_model
@pytest.mark.real_video
def test_real_breathing_clip_posture_for_its_whole_length(
    labels: dict[str, dict[str, Any]], analyzed: AnalysisCache
) -> None:
    name = next(n for n, c in labels.items() if c["exercise"] == "breathing")
    obs = _observe_clip(analyzed, name)
    verdicts = [o.pose is not None and measure_supine(o.pose, SupinePoseConfig()) for o in obs]
    assert all(v and v.in_position for v in verdicts)
    _, events = run(obs)
    holds = [e for e in events if isinstance(e, HoldEnded)]
    assert len(holds) == 1
    start_s, end_s = labels[name]["in_position_s"]
    frame_s = obs[1].timestamp_ms / 1000
    assert holds[0].start_s == pytest.approx(start_s, abs=frame_s)
    assert holds[0].end_s == pytest.approx(
        end_s, abs=frame_s + 1e-6
    )  # the last frame shows to the end
    assert len(breaths(events)) in [r for r in labels[name]["reps_ok"] if r is not None]


@pytest.mark.real_model
@pytest.mark.real_video
def test_real_negative_clip_gives_no_hold_and_no_breaths(
    labels: dict[str, dict[str, Any]], analyzed: AnalysisCache
) -> None:
    name = next(n for n, c in labels.items() if c["exercise"] is None)
    _, events = run(_observe_clip(analyzed, name))
    assert not any(isinstance(e, HoldEnded) for e in events)
    assert breaths(events) == []


@pytest.mark.real_model
@pytest.mark.real_video
@pytest.mark.parametrize(
    "name",
    [
        "bridge_side_darebee_beprojects2018_01.mp4",  # arms by the sides
        "bridge_side_portrait_small_skatefit_01.mp4",  # hands behind the head
        "bridge_side_tobefrank_01.mp4",  # arms by the sides
    ],
)
def test_real_lying_without_hands_on_the_belly_is_not_the_breathing_position(
    name: str, videos_dir: Path, analyzed: AnalysisCache
) -> None:
    """Bridge clips rest on the back with the knees bent, like belly breathing, but the
    hands are elsewhere: no session time and no breaths."""
    if not (videos_dir / name).is_file():
        pytest.skip(f"{name} is not in {videos_dir}")
    report = analyzed(name, "breathing")
    assert report["holds"] == []
    assert report["breaths"] == 0
