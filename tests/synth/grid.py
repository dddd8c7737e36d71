"""The synthetic clips the real-model tests share: the grids of specs, and the engine run.

Rendering and observing (cached landmarks) live in server/offline/synth_views.py, which
`formcheck synth-report` uses too; they are re-exported here for the tests.
"""

from __future__ import annotations

from dataclasses import replace

from exercises.base import run_stream
from exercises.events import Event
from exercises.registry import create_exercise, default_prescription
from server.offline.synth_views import SPECS, VIEW_GRID, Clip, TrackMode, observe, view_spec
from synth.spec import SynthSpec

__all__ = [
    "COUNT_GRID",
    "FAULT_GRID",
    "KNOWN_MISCOUNTS",
    "LOOKALIKE_GRID",
    "SPECS",
    "VIEW_GRID",
    "Clip",
    "TrackMode",
    "observe",
    "run_engine",
    "view_spec",
]

# Counting and hold grid: tempo, hold length, body size, side, look (seed) vary.
COUNT_GRID: list[SynthSpec] = [
    SynthSpec(
        "bridge",
        reps=3,
        hold_s=0.3,
        up_s=0.8,
        down_s=0.8,
        rest_s=0.6,
        body="small",
        side="right",
        seed=2,
    ),
    SynthSpec("bridge", reps=2, hold_s=3.0, up_s=1.5, down_s=1.5, rest_s=1.0, body="large", seed=3),
    SynthSpec("bridge", reps=3, hold_s=0.5, view="oblique", seed=4),
    SynthSpec("clamshell", reps=3, hold_s=0.3, body="small", seed=5),
    SynthSpec(
        "clamshell",
        reps=3,
        hold_s=0.2,
        up_s=0.8,
        down_s=0.8,
        rest_s=0.5,
        side="right",
        body="large",
        seed=6,
    ),
    SynthSpec("hip_flexor_stretch", reps=2, hold_s=6.0, seed=7),
    SynthSpec("hip_flexor_stretch", reps=1, hold_s=8.0, side="right", body="small", seed=8),
    SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=6.0, seed=9),
    SynthSpec("breathing", duration_s=20.0, breath_rate_bpm=12.0, body="large", seed=10),
]

# Form faults: each faulty variant, the view that shows it, and the engine's fault code.
# Widths (hip drop, knees in) show only when the camera sees across the body: oblique;
# a clamshell pelvis rolling back turns the hip line in the image only seen from the feet end.
FAULT_GRID: list[tuple[SynthSpec, str]] = [
    (SynthSpec("bridge", reps=2, hold_s=1.0, variant="too_low", seed=21), "bridge_too_low"),
    (SynthSpec("bridge", reps=2, hold_s=1.0, variant="arched", seed=22), "bridge_arching"),
    (
        SynthSpec("bridge", reps=2, hold_s=1.0, variant="hip_drop", view="oblique", seed=23),
        "bridge_hip_dropping",
    ),
    (
        SynthSpec("bridge", reps=2, hold_s=1.0, variant="knees_in", view="oblique", seed=24),
        "bridge_knees_falling_in",
    ),
    (SynthSpec("clamshell", reps=2, variant="feet_apart", seed=25), "clamshell_feet_apart"),
    (
        SynthSpec("clamshell", reps=2, variant="pelvis_roll", view="front", seed=26),
        "clamshell_pelvis_rolling_back",
    ),
    (SynthSpec("clamshell", reps=2, variant="small", seed=27), "clamshell_opening_too_small"),
    (
        SynthSpec("hip_flexor_stretch", reps=1, hold_s=6.0, variant="lean_forward", seed=28),
        "stretch_trunk_lean_forward",
    ),
    (
        SynthSpec("hip_flexor_stretch", reps=1, hold_s=6.0, variant="lean_back", seed=29),
        "stretch_trunk_lean_back",
    ),
    (
        SynthSpec("breathing", duration_s=30.0, breath_rate_bpm=6.0, variant="chest", seed=30),
        "breathing_chest",
    ),
]

# Look-alikes (hard negatives, synth.spec.LOOKALIKES): every engine must count nothing.
# 12-16 s each at 15 fps, 480x360; the leg raise also from the feet end (view "front").
LOOKALIKE_GRID: list[SynthSpec] = [
    SynthSpec("dead_bug", reps=4, hold_s=0.3, up_s=1.0, down_s=1.0, rest_s=0.5, seed=40),
    SynthSpec("knee_to_chest", reps=2, hold_s=2.0, seed=41),
    SynthSpec("knee_rocks", reps=4, hold_s=0.3, up_s=1.0, down_s=1.0, rest_s=0.3, seed=42),
    SynthSpec("side_leg_raise", reps=4, hold_s=0.3, up_s=1.0, down_s=1.0, rest_s=0.5, seed=43),
    SynthSpec(
        "side_leg_raise",
        reps=4,
        hold_s=0.3,
        up_s=1.0,
        down_s=1.0,
        rest_s=0.5,
        view="front",
        seed=44,
    ),
    SynthSpec("pelvic_tilt", reps=3, hold_s=1.5, up_s=0.8, down_s=0.8, rest_s=0.6, seed=45),
    SynthSpec("lying_still", duration_s=12.0, seed=46),
    SynthSpec("lying_still", duration_s=12.0, variant="side_lying", seed=47),
    SynthSpec("fidgeting", duration_s=16.0, seed=48),
]

# Known gaps, measured and reported; strict, so a fix shows up as XPASS and fails.
# (None at the moment: add one with the measured reason.)
KNOWN_MISCOUNTS: dict[SynthSpec, str] = {}


def run_engine(clip: Clip) -> list[Event]:
    """Feed the clip's observations to its exercise's registered engine; all its events.

    The stretch's prescribed hold is the scripted hold less a second to settle in, so a
    scripted hold counts as completed; breathing's session length is the clip's.
    """
    spec = clip.spec
    prescription = default_prescription(spec.exercise)
    if spec.exercise == "hip_flexor_stretch":
        prescription = replace(prescription, hold_s=spec.hold_s - 1.0, side=spec.side)
    if spec.exercise == "breathing":
        prescription = replace(prescription, duration_s=spec.duration_s)
    return run_stream(create_exercise(spec.exercise, prescription), clip.observations)
