from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from exercises.events import (
    EVENT_TYPES,
    FormFault,
    NotJudged,
    RepCompleted,
    event_from_wire,
    event_to_wire,
)
from exercises.schema import events_schema, events_schema_text

COMMITTED = Path(__file__).resolve().parents[2] / "web" / "events.schema.json"


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == events_schema_text(), (
        "web/events.schema.json is stale: run `formcheck schema --write`"
    )


def test_every_kind_is_unique_and_described() -> None:
    kinds = [cls.kind for cls in EVENT_TYPES]
    assert len(kinds) == len(set(kinds))
    assert set(events_schema()["$defs"]) == {cls.__name__ for cls in EVENT_TYPES}


def test_wire_events_validate_against_the_schema() -> None:
    schema = events_schema()
    rep = RepCompleted(
        timestamp_ms=1200,
        index=1,
        set_index=1,
        rep_in_set=1,
        side=None,
        start_s=0.1,
        peak_s=0.6,
        end_s=1.2,
        hold_s=0.0,
        peak_angle_deg=171.5,
        faults=("too_fast",),
    )
    jsonschema.validate(event_to_wire(rep), schema)
    jsonschema.validate(event_to_wire(FormFault(timestamp_ms=5, code="arched_back")), schema)
    bad = event_to_wire(rep) | {"index": "one"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_wire_event_reads_back_as_the_same_event() -> None:
    rep = RepCompleted(
        timestamp_ms=1200,
        index=1,
        set_index=1,
        rep_in_set=1,
        side="left",
        start_s=0.1,
        peak_s=0.6,
        end_s=1.2,
        hold_s=0.0,
        peak_angle_deg=40.5,
        faults=("too_fast",),
    )
    for event in (rep, NotJudged(timestamp_ms=7, code="clamshell_not_judged_view")):
        assert event_from_wire(event_to_wire(event)) == event
    with pytest.raises(ValueError, match="unknown event kind 'nap'; valid: exercise_ready"):
        event_from_wire({"kind": "nap", "timestamp_ms": 1})
