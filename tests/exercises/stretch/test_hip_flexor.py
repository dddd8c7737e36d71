"""Half-kneeling hip flexor stretch: holds per side, hold time, faults, real clips."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.base import ExerciseStatus, Prescription, run_stream
from exercises.events import (
    Event,
    ExerciseReady,
    FormFault,
    HoldEnded,
    RepCompleted,
    SetCompleted,
    SetupHint,
)
from exercises.registry import create_exercise, default_prescription
from exercises.stretch.engine import HipFlexorConfig, HipFlexorStretch
from exercises.stretch.gate import PlateauConfig, StretchGate, plateau_span
from exercises.stretch.pose import StretchMeasure, StretchPoseConfig, measure_stretch
from pose.joints import Joint
from pose.types import Observation, PoseFrame
from pose.view import estimate_view
from server.offline.scoreboard import Run
from tests.conftest import AnalysisCache
from tests.exercises.builders_hold import KneelSpec, Segment, pose_from_world, stretch_sequence

LEFT, RIGHT = KneelSpec("left"), KneelSpec("right", facing="left")
PRESCRIPTION = Prescription(reps=4, sets=1, hold_s=30.0, side="both")


def _by_side(status: ExerciseStatus) -> dict[str, int]:
    """Counted holds per side (a side not prescribed: 0), from the status's progress."""
    return {"left": 0, "right": 0} | {str(s.side): s.reps for s in status.progress.sides}


def _measure(pose: PoseFrame) -> StretchMeasure | None:
    """The stretch read from one pose, seen from its own view (as `Observation.view`)."""
    return measure_stretch(pose, estimate_view(pose).view, StretchPoseConfig())


def run(
    observations: Iterable[Observation], prescription: Prescription = PRESCRIPTION
) -> tuple[HipFlexorStretch, list[Event]]:
    engine = HipFlexorStretch(prescription)
    return engine, run_stream(engine, observations)


def holds(events: Iterable[Event]) -> list[HoldEnded]:
    return [e for e in events if isinstance(e, HoldEnded)]


def fault_codes(events: Iterable[Event]) -> set[str]:
    return {e.code for e in events if isinstance(e, FormFault)}


@pytest.mark.parametrize(
    ("spec", "side", "knee_deg", "lean_deg"),
    [
        (KneelSpec("left"), "left", 90.0, 0.0),
        (KneelSpec("right"), "right", 90.0, 0.0),
        (KneelSpec("left", facing="left"), "left", 90.0, 0.0),
        (
            KneelSpec("right", front_knee_deg=75, front_shin_deg=5, trunk_lean_deg=10),
            "right",
            75,
            10,
        ),
    ],
)
def test_measure_reads_side_and_angles(
    spec: KneelSpec, side: str, knee_deg: float, lean_deg: float
) -> None:
    m = _measure(spec.pose(0))
    assert m is not None
    assert m.in_position
    assert m.stretched_side == side
    assert m.front_knee_deg == pytest.approx(knee_deg, abs=1.0)
    # Forward is taken from knee to foot, a little off the sagittal line: a degree or two.
    assert m.trunk_lean_deg == pytest.approx(lean_deg, abs=2.0)
    assert m.hip_extension_deg == pytest.approx(spec.hip_extension_deg, abs=3.0)


def _turned(spec: KneelSpec, t_ms: int, yaw_deg: float) -> PoseFrame:
    """`spec` with the body turned `yaw_deg` about the vertical (90: facing the camera)."""
    world = spec.world()
    centre = (world[Joint.LEFT_HIP] + world[Joint.RIGHT_HIP]) / 2
    c, s = np.cos(np.radians(yaw_deg)), np.sin(np.radians(yaw_deg))
    turn = np.array([[c, 0.0, -s], [0.0, 1.0, 0.0], [s, 0.0, c]])
    return pose_from_world({j: centre + turn @ (p - centre) for j, p in world.items()}, t_ms)


def _world_trunk_tilted(pose: PoseFrame, tilt_deg: float) -> PoseFrame:
    """The image as seen, but the world shoulders swung `tilt_deg` back about the hips
    (facing right): the depth error MediaPipe's world landmarks make in a side view."""
    world = pose.xyz_world.copy()
    c, s = np.cos(np.radians(tilt_deg)), np.sin(np.radians(tilt_deg))
    swing = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])
    for joint in (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER):
        world[joint] = swing @ world[joint]
    return PoseFrame(pose.timestamp_ms, pose.xyz_norm, world, pose.visibility, pose.image_size_px)


@pytest.mark.parametrize("lean_deg", [-15.0, 0.0, 21.0])
def test_side_view_reads_the_lean_in_the_image(lean_deg: float) -> None:
    pose = _world_trunk_tilted(KneelSpec(trunk_lean_deg=lean_deg).pose(0), -11.0)
    m = _measure(pose)
    assert m is not None
    assert m.lean_measured
    assert m.trunk_lean_deg == pytest.approx(lean_deg, abs=2.0)


@pytest.mark.parametrize("yaw_deg", [45.0, 90.0])
def test_lean_is_unmeasured_and_unjudged_unless_side_on(yaw_deg: float) -> None:
    lean = KneelSpec(trunk_lean_deg=25.0)
    m = _measure(_turned(lean, 0, yaw_deg))
    assert m is not None
    assert not m.lean_measured
    observations = [Observation(t, _turned(lean, t, yaw_deg)) for t in range(0, 31_000, 100)]
    _, events = run(observations)
    assert [(h.completed, h.trunk_incline_deg) for h in holds(events)] == [(True, None)]
    assert fault_codes(events) == set()


@pytest.mark.parametrize(
    "spec",
    [
        KneelSpec(trunk_lean_deg=50.0),  # reaching far forward: a lunge, not the stretch
        KneelSpec(front_knee_deg=150.0, front_shin_deg=40.0),  # front leg nearly straight
    ],
)
def test_out_of_position_is_not_in_position(spec: KneelSpec) -> None:
    m = _measure(spec.pose(0))
    assert m is not None
    assert not m.in_position


# (name, segments, expected holds [(side, duration_s, completed)], expected reps by side)
CASES: list[tuple[str, list[Segment], list[tuple[str, float, bool]], dict[str, int]]] = [
    ("left then right", [("stand", 2), (LEFT, 32), ("stand", 3), (RIGHT, 31), ("stand", 2)],
     [("left", 32, True), ("right", 31, True)], {"left": 1, "right": 1}),
    ("released early", [("stand", 2), (LEFT, 12), ("stand", 3)], [("left", 12, False)],
     {"left": 0, "right": 0}),
    ("lost pose pauses", [(LEFT, 20), ("lost", 0.6), (LEFT, 15), ("stand", 2)],
     [("left", 35, True)], {"left": 1, "right": 0}),
    ("long loss splits", [(LEFT, 20), ("lost", 3), (LEFT, 15), ("stand", 2)],
     [("left", 20, False), ("left", 15, False)], {"left": 0, "right": 0}),
    ("switch legs directly", [(LEFT, 31), (RIGHT, 31)],
     [("left", 31, True), ("right", 31, True)], {"left": 1, "right": 1}),
    ("never kneels", [("stand", 10), ("lost", 2), ("stand", 5)], [], {"left": 0, "right": 0}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "segments", "expected", "by_side"), CASES, ids=[c[0] for c in CASES]
)
def test_stretch_sequences(
    name: str,
    segments: list[Segment],
    expected: list[tuple[str, float, bool]],
    by_side: dict[str, int],
) -> None:
    engine, events = run(stretch_sequence(segments, fps=15, noise_m=0.004))
    got = holds(events)
    assert [(h.side, h.completed) for h in got] == [(s, c) for s, _, c in expected], name
    for hold, (_, duration_s, _) in zip(got, expected, strict=True):
        assert hold.duration_s == pytest.approx(duration_s, abs=0.5)
    assert _by_side(engine.status) == by_side
    reps = [e for e in events if isinstance(e, RepCompleted)]
    assert [r.side for r in reps] == [h.side for h in got if h.completed]


def test_four_holds_per_side_complete_the_set() -> None:
    segments: list[Segment] = []
    for spec in (LEFT, RIGHT):
        for _ in range(4):
            segments += [(spec, 31.0), ("stand", 2.0)]
    engine, events = run(stretch_sequence(segments, fps=10))
    assert engine.status.progress.reps_done == 8
    assert _by_side(engine.status) == {"left": 4, "right": 4}
    sets = [e for e in events if isinstance(e, SetCompleted)]
    assert [(e.side, e.reps) for e in sets] == [("left", 4), ("right", 4)]  # a set per side
    assert engine.status.progress.done
    assert sum(isinstance(e, ExerciseReady) for e in events) == 1
    assert fault_codes(events) == set()


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (KneelSpec(trunk_lean_deg=25.0), "stretch_trunk_lean_forward"),
        (KneelSpec(trunk_lean_deg=-18.0), "stretch_trunk_lean_back"),
        (KneelSpec(front_knee_deg=58.0, front_shin_deg=-32.0), "stretch_front_knee_past_foot"),
    ],
)
def test_form_faults_reported_once_per_hold(spec: KneelSpec, code: str) -> None:
    _, events = run(stretch_sequence([(spec, 31.0), ("stand", 2.0)], fps=10, noise_m=0.003))
    faults = [e for e in events if isinstance(e, FormFault)]
    assert [f.code for f in faults] == [code]
    assert faults[0].side == "left"
    rep = next(e for e in events if isinstance(e, RepCompleted))
    assert rep.faults == (code,)


def test_good_form_has_no_faults_and_measures_extension() -> None:
    _, events = run(stretch_sequence([(LEFT, 31.0), ("stand", 2.0)], fps=10, noise_m=0.003))
    assert fault_codes(events) == set()
    rep = next(e for e in events if isinstance(e, RepCompleted))
    assert rep.peak_angle_deg == pytest.approx(LEFT.hip_extension_deg, abs=4.0)
    hold = holds(events)[0]
    assert hold.angle_deg == pytest.approx(LEFT.hip_extension_deg, abs=3.0)
    assert hold.trunk_incline_deg == pytest.approx(0.0, abs=2.0)


def test_trunk_incline_measured_per_hold() -> None:
    lean = KneelSpec(trunk_lean_deg=12.0)  # leaning, but inside the fault limit
    _, events = run(stretch_sequence([(lean, 31.0), ("stand", 2.0)], fps=10, noise_m=0.003))
    hold = holds(events)[0]
    assert hold.trunk_incline_deg == pytest.approx(12.0, abs=2.0)
    assert hold.angle_deg == pytest.approx(lean.hip_extension_deg, abs=3.0)
    assert fault_codes(events) == set()


def test_release_before_target_is_a_fault_but_end_of_stream_is_not() -> None:
    _, released = run(stretch_sequence([(LEFT, 10.0), ("stand", 2.0)], fps=10))
    assert fault_codes(released) == {"stretch_position_lost"}
    _, cut = run(stretch_sequence([(LEFT, 10.0)], fps=10))
    assert fault_codes(cut) == set()
    assert len(holds(cut)) == 1


def test_prescribed_side_only_counts_that_side() -> None:
    engine, events = run(
        stretch_sequence([(RIGHT, 31.0), ("stand", 2.0), (LEFT, 31.0)], fps=10),
        Prescription(reps=1, sets=1, hold_s=30.0, side="left"),
    )
    assert [h.side for h in holds(events)] == ["left"]
    assert any(isinstance(e, SetupHint) and e.code == "stretch_switch_side" for e in events)
    assert _by_side(engine.status) == {"left": 1, "right": 0}


def test_registered_with_clinic_default() -> None:
    assert default_prescription("hip_flexor_stretch") == PRESCRIPTION
    engine = create_exercise("hip_flexor_stretch")
    assert engine.name == "hip_flexor_stretch"
    assert engine.one_sided


@settings(max_examples=25, deadline=None)
@given(
    plan=st.lists(
        st.tuples(
            st.sampled_from(["left", "right"]),
            # clear of the 2 s start and of the 30 s target
            st.floats(2.5, 40.0).filter(lambda s: abs(s - 30.0) > 0.5),
        ),
        min_size=1,
        max_size=5,
    ),
    noise_m=st.floats(0.0, 0.006),
)
def test_random_hold_plans_counted_exactly(plan: list[tuple[str, float]], noise_m: float) -> None:
    segments: list[Segment] = [("stand", 1.5)]
    for side, hold_s in plan:
        spec = LEFT if side == "left" else RIGHT
        segments += [(spec, hold_s), ("stand", 1.5)]
    engine, events = run(stretch_sequence(segments, fps=10, noise_m=noise_m))
    got = holds(events)
    assert [h.side for h in got] == [s for s, _ in plan]
    for hold, (_, hold_s) in zip(got, plan, strict=True):
        assert hold.duration_s == pytest.approx(hold_s, abs=0.5)
    done = {"left": 0, "right": 0}
    for side, hold_s in plan:
        done[side] += hold_s > 30.0
    assert _by_side(engine.status) == done


# --- real clips (real model) --------------------------------------------------------


def _observe_clip(analyzed: AnalysisCache, name: str) -> list[Observation]:
    """The clip through `formcheck analyze`'s stretch pipeline (it prefers kneeling
    people): the observations its engine was fed, the model run once per clip."""
    return list(analyzed.result(Run(name, "hip_flexor_stretch")).observations)


@pytest.mark.real_model
@pytest.mark.real_video
def test_real_stretch_clip_time_in_position_and_side(
    labels: dict[str, dict[str, Any]], analyzed: AnalysisCache
) -> None:
    name = "hipflexor_halfkneel_side_tobefrank_01.mp4"
    label = labels[name]
    _, events = run(_observe_clip(analyzed, name))
    got = holds(events)
    in_position_s = label["in_position_s"][1] - label["in_position_s"][0]
    assert sum(h.duration_s for h in got) == pytest.approx(in_position_s, abs=2.0)
    kneeling = "left" if label["front_leg"] == "right" else "right"
    assert {h.side for h in got} == {kneeling}
    assert sum(h.completed for h in got) in label["reps_ok"]


@pytest.mark.real_model
@pytest.mark.real_video
def test_real_negative_clip_gives_no_hold(
    labels: dict[str, dict[str, Any]], analyzed: AnalysisCache
) -> None:
    name = next(n for n, c in labels.items() if c["exercise"] is None)
    _, events = run(_observe_clip(analyzed, name))
    assert holds(events) == []
    assert not any(isinstance(e, RepCompleted) for e in events)


# --- kneeling upright is not yet the stretch -----------------------------------------------

UPRIGHT_LEFT = KneelSpec("left", front_knee_deg=90.0, front_shin_deg=0.0)  # thigh vertical


def test_leaning_back_from_an_upright_kneel_is_the_stretch_with_its_fault() -> None:
    leaning = KneelSpec("left", front_knee_deg=90.0, front_shin_deg=0.0, trunk_lean_deg=-18.0)
    segments: list[Segment] = [(UPRIGHT_LEFT, 4.0), (leaning, 31.0), (UPRIGHT_LEFT, 3.0)]
    _, events = run(stretch_sequence(segments, fps=10, noise_m=0.003))
    got = holds(events)
    assert [h.completed for h in got] == [True]
    assert got[0].duration_s == pytest.approx(31.0, abs=0.5)
    assert fault_codes(events) == {"stretch_trunk_lean_back"}
    refusing = HipFlexorStretch(PRESCRIPTION, HipFlexorConfig(lean_back_is_stretch=False))
    refused: list[Event] = []
    for obs in stretch_sequence(segments, fps=10, noise_m=0.003):
        refused += refusing.update(obs)
    assert holds(refused) == []


def test_kneeling_upright_then_shifting_forward_times_only_the_shift() -> None:
    segments: list[Segment] = [
        (UPRIGHT_LEFT, 4.0),
        (LEFT, 31.0),
        (UPRIGHT_LEFT, 4.0),
        (LEFT, 12.0),
        (UPRIGHT_LEFT, 3.0),
    ]
    engine, events = run(stretch_sequence(segments, fps=15, noise_m=0.003))
    got = holds(events)
    assert [(h.side, h.completed) for h in got] == [("left", True), ("left", False)]
    assert got[0].start_s == pytest.approx(4.0, abs=0.2)
    assert got[0].duration_s == pytest.approx(31.0, abs=0.5)
    assert got[1].duration_s == pytest.approx(12.0, abs=0.5)
    assert _by_side(engine.status) == {"left": 1, "right": 0}


@pytest.mark.parametrize(
    ("thighs", "expected"),
    [
        # (1.5 s of reference frames at 4 deg, then the swing): relative threshold 11 deg
        ([4.0] * 15 + [12.0] * 10, [False] * 15 + [True] * 10),
        ([4.0] * 15 + [10.0] * 10, [False] * 25),  # a small lean is not a stretch
        ([30.0] * 10, [True] * 10),  # arriving in the stretch: the absolute 18 deg decides
        ([12.0] * 10, [False] * 10),  # kneeling upright with a steep thigh reading
        ([4.0] * 15 + [12.0] * 5 + [9.0] * 5 + [7.0] * 5, [False] * 15 + [True] * 10 + [False] * 5),
        # less than a second of kneeling is no reference yet: the absolute angle decides
        ([4.0] * 5 + [12.0] * 5, [False] * 10),
        # the knee still coming down reads far in front of the vertical: outvoted, and the
        # reference stays within an upright kneel's readings, so kneeling is not a stretch
        ([-18.0, -14.0, -6.0] + [2.0] * 30, [False] * 33),
        # a reference caught part-way into the shift is capped (12 deg): the stretch shows
        ([16.0] * 15 + [22.0] * 10, [False] * 15 + [True] * 10),
    ],
)
def test_stretch_gate_sequences(thighs: list[float], expected: list[bool]) -> None:
    gate = StretchGate()
    got = [gate.update(i * 100, "left", True, v) for i, v in enumerate(thighs)]
    assert got == expected


def test_stretch_gate_keeps_a_reference_per_side_and_needs_kneeling() -> None:
    gate = StretchGate()
    for i in range(15):
        gate.update(i * 100, "left", True, 2.0)
    assert gate.reference_deg("left") == pytest.approx(2.0)
    assert gate.reference_deg("right") is None
    assert not gate.update(2000, "left", False, 40.0)


def _ramp_hold(ramp_s: float, hold_s: float, low: float, high: float) -> list[tuple[int, float]]:
    """(t_ms, pelvis) at 10 fps: a ramp from `low` to `high`, the hold, the ramp back."""
    total_s = 2 * ramp_s + hold_s
    samples = []
    for i in range(round(total_s * 10) + 1):
        t_s = i / 10
        rise = min(1.0, t_s / ramp_s, max(0.0, (total_s - t_s) / ramp_s))
        samples.append((round(t_s * 1000), low + (high - low) * rise))
    return samples


def test_plateau_trims_the_shift_in_and_out() -> None:
    # 1 s ramps of the pelvis from 0.2 to 0.5 torso lengths around a 6 s plateau.
    start, end = plateau_span(_ramp_hold(1.0, 6.0, 0.2, 0.5), 0, 8000, PlateauConfig())
    assert start / 1000 == pytest.approx(1.0, abs=0.15)
    assert end / 1000 == pytest.approx(7.0, abs=0.15)
    # A slow deepening over the hold keeps most of it: at most max_trim_s from each end.
    creeping = [(t, 0.3 + 0.2 * t / 30000) for t in range(0, 30001, 100)]
    start, end = plateau_span(creeping, 0, 30000, PlateauConfig())
    assert start <= PlateauConfig().max_trim_s * 1000
    assert end == 30000


def test_plateau_keeps_a_hold_that_began_or_ended_in_the_stretch() -> None:
    # Already in the stretch at the first frame, pulsing in it: nothing is trimmed.
    pulsing = [(t, 0.6 + 0.05 * math.cos(t / 450)) for t in range(0, 22001, 100)]
    assert plateau_span(pulsing, 0, 22000, PlateauConfig()) == (0, 22000)


# --- a physiotherapist's clip, through `formcheck analyze` (real model) -------------------

PHYSIO_CLIP = "hipflexor_halfkneel_side_paroliav_01.mp4"
# From the clip's notes in labels.json: half-kneeling upright while talking, the start
# position and not yet the stretch.
PHYSIO_UPRIGHT_S = (11.5, 16.5)


@pytest.mark.real_model
@pytest.mark.real_video
def test_physio_clip_times_both_holds_and_not_the_upright_kneel(
    analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    label = labels[PHYSIO_CLIP]
    report = analyzed(PHYSIO_CLIP, "hip_flexor_stretch")
    got = report["holds"]
    assert [h["duration_s"] for h in got] == [
        pytest.approx(want, abs=0.5) for want in label["hold_s"]
    ]
    assert {h["side"] for h in got} == {label["side"]}
    first, last = PHYSIO_UPRIGHT_S
    assert not [h for h in got if h["start_s"] < last and h["end_s"] > first]
    assert report["reps"] in label["reps_ok"]


def test_a_stretch_too_short_to_be_a_hold_does_not_restart_the_wait_for_a_hint() -> None:
    """Out of the stretch for 5 s brings the set-up hint; a moment that reads as a stretch
    but never becomes a hold (0.4 s: a 45 deg view's thigh misread) does not put it off,
    or a patient filmed from a view that cannot judge the stretch never hears where the
    camera goes."""
    segments: list[Segment] = [(UPRIGHT_LEFT, 3.0), (LEFT, 0.4), (UPRIGHT_LEFT, 3.0)]
    _, events = run(stretch_sequence(segments, fps=15, noise_m=0.003))
    hints = [e for e in events if isinstance(e, SetupHint)]
    assert not holds(events)
    assert len(hints) == 1
    assert hints[0].timestamp_ms == pytest.approx(5000, abs=200)
