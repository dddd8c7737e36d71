"""Session lists cost a fixed handful of queries, however many sessions they show (no
N+1: the sessions, then all their events, then all their workouts)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from exercises.events import SetCompleted
from server.api.state import app_state
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = [pytest.mark.real_model, on_both_databases]


def _statements(server: RunningServer, client: Client, path: str) -> tuple[int, list[Any]]:
    """How many SQL statements the app ran to answer GET `path`, and the answer."""
    engine = app_state(server.app).db.engine
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        r = client.http.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 200, r.text
    body: list[Any] = r.json()
    return len(seen), body


def _add_sessions(server: RunningServer, patient: Client, exercise: str, n: int) -> None:
    sessions = app_state(server.app).sessions
    for i in range(n):
        sid = patient.new_session(exercise)["session_id"]
        done = SetCompleted(timestamp_ms=1000, set_index=1, reps=i, side=None, rest_s=60.0)
        sessions.record_events(sid, [done])


def test_listing_sessions_takes_the_same_queries_for_3_or_12(
    server: RunningServer, patient: Client, exercise_name: str
) -> None:
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        counts: dict[int, tuple[int, int]] = {}
        for total in (3, 12):
            have = len(patient.http.get("/api/sessions").json())
            _add_sessions(server, patient, exercise_name, total - have)
            mine, listed = _statements(server, patient, "/api/sessions")
            theirs, _ = _statements(server, therapist, "/api/sessions")
            assert len(listed) == total
            assert all(s["pain_before"] is None for s in listed)  # the workouts were joined
            counts[total] = (mine, theirs)
    assert counts[3] == counts[12]
    # Login token, sessions, the audit entry (one insert for the whole list), events,
    # workouts (a therapist's list adds their patients).
    assert counts[12][0] <= 5
    assert counts[12][1] <= 6
