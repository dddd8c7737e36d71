"""A session's summary for the patient and therapist, from its recorded events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from exercises.cues import LANGUAGES, cue_text
from exercises.events import Event, event_from_wire
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
    """Reps, sets, holds, breaths and form faults (by code) from wire events."""
    reps = [e for e in events if e["kind"] == "rep_completed"]
    holds = [e for e in events if e["kind"] == "hold_ended"]
    sets = [e for e in events if e["kind"] == "set_completed"]
    breaths = [e for e in events if e["kind"] == "breath_completed"]
    faults = Counter(str(e["code"]) for e in events if e["kind"] == "form_fault")
    reps_by_side = Counter(str(e["side"]) for e in reps if e.get("side"))
    duration_s = None
    if record.finished_ms is not None:
        duration_s = round((record.finished_ms - record.started_ms) / 1000.0, 1)
    return {
        "session_id": record.id,
        "exercise": record.exercise,
        "prescription": record.to_wire()["prescription"],
        "reps": len(reps),
        "reps_by_side": dict(reps_by_side),
        "sets_completed": len(sets),
        "holds": len(holds),
        "holds_completed": sum(1 for h in holds if h.get("completed")),
        "longest_hold_s": max((float(h["duration_s"]) for h in holds), default=0.0),
        # belly breathing: the session's time in position, over its breaks
        "time_in_position_s": round(sum(float(h["duration_s"]) for h in holds), 1),
        "breaths": len(breaths),
        "faults": dict(faults),
        "fault_texts": {c: {lang: cue_text(c, lang) for lang in LANGUAGES} for c in faults},
        "not_judged": not_judged_to_wire(event_from_wire(e) for e in events),
        "started_ms": record.started_ms,
        "finished": record.finished_ms is not None,
        "duration_s": duration_s,
        "frames": {
            "received": record.frames_received,
            "dropped": record.frames_dropped,
            "rejected": record.frames_rejected,
        },
    }
