"""The cue catalogue (every code, both languages) and the CueScheduler."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from exercises import bridge, clamshell
from exercises.cues import CUES, LANGUAGES, CueConfig, CueScheduler, cue_text
from exercises.events import (
    Event,
    ExerciseReady,
    FormFault,
    HoldReached,
    PoseLost,
    RepCompleted,
    SetCompleted,
    SetupHint,
)

KEY_MOMENTS = ("ready", "rep_done", "lower_now", "set_done", "pose_lost")


def _codes_of(module: ModuleType) -> set[str]:
    """Every FAULT_* / HINT_* string constant of an engine module."""
    return {
        v
        for k, v in vars(module).items()
        if k.startswith(("FAULT_", "HINT_")) and isinstance(v, str)
    }


def _all_engine_codes() -> set[str]:
    codes = set(bridge.FAULTS) | set(bridge.HINTS) | set(clamshell.FAULTS) | set(clamshell.HINTS)
    for name in (
        "exercises.hip_flexor",
        "exercises.breathing",
        "exercises.bridge_pose",
        "exercises.clamshell_pose",
    ):
        codes |= _codes_of(importlib.import_module(name))
    return codes | {"move_into_view", "come_closer"}


def test_every_code_and_key_moment_has_both_languages() -> None:
    missing = sorted((_all_engine_codes() | set(KEY_MOMENTS)) - set(CUES))
    assert not missing, f"no cue text for {missing}"
    for code, spec in CUES.items():
        assert spec.nl.strip(), code
        assert spec.en.strip(), code
        assert spec.nl != spec.en or "{n}" in spec.en, f"{code}: Dutch text is the English one"


def test_cue_text_fills_the_number_and_survives_unknown_codes() -> None:
    assert cue_text("set_done", "nl", 12).startswith("Serie klaar: 12")
    assert cue_text("rep_done", "en", 3) == "3"
    assert cue_text("no_such_code") == "no such code"


def _rep(t: int, n: int) -> RepCompleted:
    return RepCompleted(
        timestamp_ms=t,
        index=n,
        set_index=1,
        rep_in_set=n,
        side=None,
        start_s=0.0,
        peak_s=0.0,
        end_s=0.0,
        hold_s=0.0,
        peak_angle_deg=170.0,
    )


def _fault(t: int, code: str = "bridge_too_fast") -> FormFault:
    return FormFault(timestamp_ms=t, code=code)


def test_one_cue_at_a_time_highest_priority_first() -> None:
    s = CueScheduler()
    cue = s.offer([_rep(1000, 1), _fault(1000), _fault(1000, "bridge_arching")], 1000)
    assert cue is not None
    assert cue.code == "bridge_arching"
    assert set(cue.text) == set(LANGUAGES)
    assert s.offer([], 1500) is None  # within the gap
    nxt = s.offer([], 3600)
    assert nxt is not None
    assert nxt.code == "bridge_too_fast"


def test_a_fault_is_not_repeated_within_its_cooldown() -> None:
    s = CueScheduler()
    said = []
    for t in range(0, 30_000, 1000):
        cue = s.offer([_fault(t)], t)
        if cue is not None:
            said.append((t, cue.code))
    assert [c for _, c in said] == ["bridge_too_fast", "bridge_too_fast"]
    assert said[1][0] - said[0][0] >= 20_000


def test_stale_cues_are_dropped() -> None:
    s = CueScheduler(CueConfig(min_gap_ms=2500, max_wait_ms=3000))
    assert s.offer([_fault(0, "bridge_arching")], 0) is not None
    s.offer([_fault(100, "bridge_heels_lifting")], 100)
    assert s.offer([], 5000) is None  # the heel cue waited too long


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (ExerciseReady(timestamp_ms=0), "ready"),
        (HoldReached(timestamp_ms=0, side=None, hold_s=5.0, target_s=5.0), "lower_now"),
        (SetCompleted(timestamp_ms=0, set_index=1, reps=12, side=None, rest_s=60.0), "set_done"),
        (PoseLost(timestamp_ms=0), "pose_lost"),
        (SetupHint(timestamp_ms=0, code="bridge_lie_on_back"), "bridge_lie_on_back"),
    ],
)
def test_key_moments_become_cues(event: Event, code: str) -> None:
    cue = CueScheduler().offer([event], 0)
    assert cue is not None
    assert cue.code == code
    assert cue.text["nl"] == cue_text(code, "nl", getattr(event, "reps", None))


def test_rep_count_is_spoken_but_loses_to_a_fault() -> None:
    s = CueScheduler()
    cue = s.offer([_rep(0, 4)], 0)
    assert cue is not None
    assert cue.text["en"] == "4"
    cue = s.offer([_rep(3000, 5), _fault(3000)], 3000)
    assert cue is not None
    assert cue.code == "bridge_too_fast"


def test_dutch_cues_address_the_patient_formally() -> None:
    """The interface says "u"; the spoken cues must not switch to "je"."""
    import re

    from exercises.cues import CUES

    informal = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
    offenders = {code: spec.nl for code, spec in CUES.items() if informal.search(spec.nl)}
    assert offenders == {}
