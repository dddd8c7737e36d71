"""A session's summary for the patient and therapist, from its recorded events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exercises.cues import LANGUAGES, cue_text
from exercises.events import Event, event_from_wire
from exercises.progress_text import progress_texts
from exercises.run import new_summary
from exercises.summary import standing_not_judged
from server.store.recording import SessionRecord

__all__ = ["not_judged_to_wire", "summarise"]


def not_judged_to_wire(events: Iterable[Event]) -> dict[str, Any] | None:
    """The standing NotJudged (`exercises.summary.standing_not_judged`) as the analyze
    report gives it, `{code, message}` (English), plus its `texts` in every language;
    None when the exercise was judged."""
    last = standing_not_judged(events)
    if last is None:
        return None
    return {
        "code": last.code,
        "message": cue_text(last.code, "en"),
        "texts": {lang: cue_text(last.code, lang) for lang in LANGUAGES},
    }


def summarise(record: SessionRecord, events: list[dict[str, Any]]) -> dict[str, Any]:
    """A recorded session's summary from its wire events, counted by the one summary
    `formcheck analyze` uses (`exercises.summary.SessionSummary.totals`): a breathing
    session shows the same time in position and breaths live, in `analyze` and on the
    therapist's page, and every session the same progress (its events replayed through
    the engine's own tracker, `exercises.progress.replay`)."""
    typed = [event_from_wire(e) for e in events]
    summary = new_summary(record.exercise, record.prescription)
    summary.add(typed)
    totals = summary.totals()
    progress = totals.progress
    assert progress is not None  # a summary told the prescription has its progress
    duration_s = None
    if record.finished_ms is not None:
        duration_s = round((record.finished_ms - record.started_ms) / 1000.0, 1)
    return {
        "session_id": record.id,
        "exercise": record.exercise,
        "prescription": record.to_wire()["prescription"],
        "reps": totals.reps,
        "reps_by_side": totals.reps_by_side or {},
        # Sets, sides and done (`exercises.progress`), and the same in words: the page
        # and the therapist's list show these, they count nothing themselves.
        "progress": progress.to_wire(),
        "progress_texts": progress_texts(progress),
        "holds": totals.holds,
        "holds_completed": totals.holds_completed,
        "longest_hold_s": totals.longest_hold_s,
        "time_in_position_s": totals.time_in_position_s,
        "breaths": totals.breaths,
        "breath_rate_bpm": totals.breath_rate_bpm,
        "faults": totals.faults,
        # How sure the count is (exercises.doubt): the therapist reads "uncertain" beside it.
        "count_unsure": totals.count_unsure,
        "reps_unsure": totals.reps_unsure,
        "fault_texts": {c: {lang: cue_text(c, lang) for lang in LANGUAGES} for c in totals.faults},
        "not_judged": not_judged_to_wire(typed),
        "prescription_done": progress.done,
        "started_ms": record.started_ms,
        "finished": record.finished_ms is not None,
        "duration_s": duration_s,
        "frames": {
            "received": record.frames_received,
            "dropped": record.frames_dropped,
            "rejected": record.frames_rejected,
        },
    }
