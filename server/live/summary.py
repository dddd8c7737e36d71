"""A session's summary for the patient and therapist, from its recorded events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from exercises.cues import LANGUAGES, cue_text
from exercises.events import Event
from exercises.progress_text import progress_texts
from exercises.run import new_summary
from exercises.summary import standing_not_judged
from server.protocol.live import Summary
from server.protocol.parts import Counters, NotJudged, ProgressWire, Texts
from server.store.recording import SessionRecord

__all__ = ["not_judged_to_wire", "summarise"]


def not_judged_to_wire(events: Iterable[Event]) -> NotJudged | None:
    """The standing NotJudged (`exercises.summary.standing_not_judged`) as the analyze
    report gives it, `{code, message}` (English), plus its `texts` in every language;
    None when the exercise was judged."""
    last = standing_not_judged(events)
    if last is None:
        return None
    return NotJudged(code=last.code, message=cue_text(last.code, "en"), texts=_texts(last.code))


def _texts(key: str) -> Texts:
    return Texts.model_validate({lang: cue_text(key, lang) for lang in LANGUAGES})


def summarise(record: SessionRecord, events: Sequence[Event], *, demo: bool = False) -> Summary:
    """A recorded session's summary from its events, counted by the one summary
    `formcheck analyze` uses (`exercises.summary.SessionSummary.totals`): a breathing
    session shows the same time in position and breaths live, in `analyze` and on the
    therapist's page, and every session the same progress (its events replayed through
    the engine's own tracker, `exercises.progress.replay`)."""
    summary = new_summary(record.exercise, record.prescription)
    summary.add(list(events))
    totals = summary.totals()
    progress = totals.progress
    assert progress is not None  # a summary told the prescription has its progress
    duration_s = None
    if record.finished_ms is not None:
        duration_s = round((record.finished_ms - record.started_ms) / 1000.0, 1)
    return Summary(
        session_id=record.id,
        exercise=record.exercise,
        prescription=record.prescription,
        reps=totals.reps,
        reps_by_side=totals.reps_by_side or {},
        # Sets, sides and done (`exercises.progress`), and the same in words: the page
        # and the therapist's list show these, they count nothing themselves.
        progress=ProgressWire.model_validate(progress.to_wire()),
        progress_texts=Texts.model_validate(progress_texts(progress)),
        holds=totals.holds,
        holds_completed=totals.holds_completed,
        longest_hold_s=totals.longest_hold_s,
        time_in_position_s=totals.time_in_position_s,
        breaths=totals.breaths,
        breath_rate_bpm=totals.breath_rate_bpm,
        faults=totals.faults,
        # How sure the count is (exercises.doubt): the therapist reads "uncertain" beside it.
        count_unsure=totals.count_unsure,
        reps_unsure=totals.reps_unsure,
        fault_texts={c: _texts(c) for c in totals.faults},
        not_judged=not_judged_to_wire(events),
        prescription_done=progress.done,
        started_ms=record.started_ms,
        finished=record.finished_ms is not None,
        duration_s=duration_s,
        frames=Counters(
            received=record.frames_received,
            dropped=record.frames_dropped,
            rejected=record.frames_rejected,
        ),
        demo=demo,
    )
