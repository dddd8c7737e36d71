"""Rendered look-alikes (hard negatives) count nothing on any engine.

Each look-alike (tests/synth/grid.py LOOKALIKE_GRID) runs through every registered
engine's own pipeline (server.pipelines, landmarks cached next to the clip as
observations-<key>-analyze-<engine>.npz) and into that engine: no reps, no completed
holds, no breaths. The stretch's prescribed hold is shortened to 3 s, so a hold it
wrongly sees in a 12-16 s clip would complete; breathing's session is the clip's length.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from exercises.base import run_stream
from exercises.events import BreathCompleted, Event, HoldEnded, RepCompleted
from exercises.registry import SPECS, create_exercise, default_prescription, spec_of
from pose.models import ModelBundle
from synth.spec import SynthSpec
from tests.synth.grid import LOOKALIKE_GRID, Clip, observe

pytestmark = [pytest.mark.synth, pytest.mark.real_model]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

STRETCH_HOLD_S = 3.0

# Measured miscounts, strict: a fix shows up as XPASS and fails until the mark goes.
# (None at the moment: add one with the measured reason.)
KNOWN_COUNTS: dict[tuple[str, str], str] = {}


def _label(spec: SynthSpec) -> str:
    variant = "" if spec.variant == "good" else f"-{spec.variant}"
    return f"{spec.exercise}{variant}-{spec.view}"


def _cases() -> list[object]:
    cases: list[object] = []
    for spec in LOOKALIKE_GRID:
        for engine in SPECS:
            key = (_label(spec), engine)
            marks = (
                [pytest.mark.xfail(strict=True, reason=KNOWN_COUNTS[key])]
                if key in KNOWN_COUNTS
                else []
            )
            cases.append(pytest.param(spec, engine, id=f"{key[0]}-{engine}", marks=marks))
    return cases


def engine_events(clip: Clip, engine: str) -> list[Event]:
    """All events of `engine` on the clip's observations (through `engine`'s pipeline)."""
    prescription = default_prescription(engine)
    if spec_of(engine).counts_holds and not spec_of(engine).timed:
        prescription = replace(prescription, hold_s=STRETCH_HOLD_S)
    if spec_of(engine).timed:
        prescription = replace(prescription, duration_s=float(clip.truth["duration_s"]))
    return run_stream(create_exercise(engine, prescription), clip.observations)


def counts(events: list[Event]) -> dict[str, int]:
    return {
        "reps": sum(isinstance(e, RepCompleted) for e in events),
        "holds": sum(isinstance(e, HoldEnded) and e.completed for e in events),
        "breaths": sum(isinstance(e, BreathCompleted) for e in events),
    }


@pytest.mark.parametrize(("spec", "engine"), _cases())
def test_lookalike_counts_nothing(spec: SynthSpec, engine: str, model_bundle: ModelBundle) -> None:
    clip = observe(spec, model_bundle, pipeline=engine)
    assert clip.truth["reps"] == []
    assert clip.truth["holds"] == []
    assert clip.truth["breaths_ms"] == []
    assert counts(engine_events(clip, engine)) == {"reps": 0, "holds": 0, "breaths": 0}
