"""The cues: every code an engine can emit has its texts in the catalogue, and the
CueScheduler (priorities, cooldowns, one cue at a time)."""

from __future__ import annotations

import pytest

from exercises.cues import BY_KIND, KEY_MOMENTS, LANGUAGES, CueConfig, CueScheduler, cue_text
from exercises.events import (
    Event,
    ExerciseReady,
    FormFault,
    HoldReached,
    NotJudged,
    PoseFound,
    PoseLost,
    PrescriptionDone,
    RepCompleted,
    SetCompleted,
    SetupHint,
)
from exercises.texts import catalogue
from tests.exercises.codes import engine_codes


def test_every_engine_code_and_key_moment_has_both_languages() -> None:
    """Codes from their sources: the engines' FAULT_/HINT_/NOT_JUDGED_ constants, the
    registry's view limits, pose.view's framing hints and the key moments."""
    codes = engine_codes()
    assert set(KEY_MOMENTS) <= codes
    assert {"bridge_too_fast", "clamshell_turn_over", "stretch_not_judged_view"} <= codes
    missing = sorted(codes - set(catalogue()))
    assert not missing, f"no text in exercises/texts.json for {missing}"
    for code in codes:
        texts = catalogue()[code]
        assert texts["nl"] != texts["en"] or "{n}" in texts["en"], f"{code}: not translated"


def test_every_coded_event_kind_has_a_cue_spec() -> None:
    assert set(BY_KIND) == {FormFault.kind, SetupHint.kind, NotJudged.kind}


def test_cue_text_fills_the_number_and_survives_unknown_codes() -> None:
    assert cue_text("set_done", "nl", 12).startswith("Serie klaar: 12")
    assert cue_text("rep_done", "en", 3) == "3"
    assert cue_text("no_such_code") == "no such code"


def _rep(t: int, n: int, doubts: tuple[str, ...] = ()) -> RepCompleted:
    return RepCompleted(
        doubts=doubts,
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
    count = s.offer([], 1066)  # the next frame: the number, which takes no turn
    assert count is not None
    assert count.code == "rep_done"
    assert s.offer([], 1500) is None  # within the gap
    nxt = s.offer([], 3600)
    assert nxt is not None
    assert nxt.code == "bridge_too_fast"


def test_an_unsure_rep_is_counted_aloud_but_its_faults_are_not_said() -> None:
    s = CueScheduler()
    cue = s.offer([_rep(1000, 1, ("doubt_view",)), _fault(1000, "bridge_arching")], 1000)
    assert cue is not None
    assert cue.code == "rep_done"
    assert s.offer([], 4000) is None  # the fault was never queued
    sure = s.offer([_rep(8000, 2), _fault(8000, "bridge_arching")], 8000)
    assert sure is not None
    assert sure.code == "bridge_arching"
    count = s.offer([], 8066)  # its number the next frame
    assert count is not None
    assert count.code == "rep_done"


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


def test_the_rep_count_is_given_as_the_rep_ends_and_the_fault_next() -> None:
    """Issue 25: a fault cue replaced the rep number, and later numbers lagged 2 s."""
    s = CueScheduler()
    cue = s.offer([_rep(0, 4)], 0)
    assert cue is not None
    assert cue.text["en"] == "4"
    cue = s.offer([_rep(1000, 5), _fault(1000)], 1000)  # within the gap after "4"
    assert cue is not None
    assert (cue.code, cue.text["en"]) == ("rep_done", "5")
    fault = s.offer([], 1066)  # the next frame: a number takes no turn
    assert fault is not None
    assert fault.code == "bridge_too_fast"
    six = s.offer([_rep(1500, 6)], 1500)  # within the fault's gap: a number all the same
    assert six is not None
    assert six.text["en"] == "6"


def test_dutch_texts_address_the_patient_formally() -> None:
    """The interface says "u"; no text, shown or spoken, may switch to "je"."""
    import re

    informal = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
    offenders = {k: t["nl"] for k, t in catalogue().items() if informal.search(t["nl"])}
    assert offenders == {}


def test_ready_has_no_cue_the_page_counts_down() -> None:
    """Issue 14: "Goed zo! We beginnen." then "Goed zo, uw houding klopt. U kunt
    beginnen.": the start is said once, by the page's countdown."""
    assert CueScheduler().offer([ExerciseReady(timestamp_ms=0)], 0) is None


def test_the_last_set_says_the_exercise_is_done_not_rest() -> None:
    """Issue 14: "Serie klaar… Neem even rust." was followed by the next exercise."""
    last = SetCompleted(timestamp_ms=0, set_index=3, reps=12, side=None, rest_s=60.0)
    done = PrescriptionDone(timestamp_ms=0, sets=3, reps=36)
    cue = CueScheduler().offer([last, done], 0)
    assert cue is not None
    assert cue.code == "exercise_done"
    assert "rust" not in cue.text["nl"].lower()
    assert "rest" not in cue.text["en"].lower()


def test_a_pose_found_again_before_its_turn_is_not_said_lost() -> None:
    """Issue 14: "Ik zie u niet goed" was said while the patient was in view: a loss
    waiting behind another cue is dropped when the pose comes back."""
    s = CueScheduler()
    assert s.offer([_fault(0)], 0) is not None  # a cue just given: the next must wait
    assert s.offer([PoseLost(timestamp_ms=600)], 600) is None
    assert s.offer([PoseFound(timestamp_ms=900)], 900) is None
    assert s.offer([], 3000) is None


def test_a_pose_still_lost_is_said() -> None:
    s = CueScheduler()
    assert s.offer([_fault(0)], 0) is not None
    assert s.offer([PoseLost(timestamp_ms=600)], 600) is None
    cue = s.offer([], 3000)
    assert cue is not None
    assert cue.code == "pose_lost"


def test_the_moments_acted_on_are_given_at_once_the_number_first() -> None:
    """Issue 25: "set done" waiting behind a form cue's gap was lost when the exercise
    ended 1.5 s later; the page's queue orders them, so they take no turn."""
    s = CueScheduler()
    assert s.offer([_fault(0)], 0) is not None  # a cue just given: the gap runs
    last = SetCompleted(timestamp_ms=500, set_index=2, reps=2, side=None, rest_s=60.0)
    done = PrescriptionDone(timestamp_ms=500, sets=2, reps=4)
    given = [s.offer([_rep(500, 2), last, done], 500), s.offer([], 566), s.offer([], 633)]
    assert [c.code if c else None for c in given] == ["rep_done", "exercise_done", None]
