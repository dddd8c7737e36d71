"""Analysis jobs of uploaded clips: their state machine, kept in the database.

queued -> running -> done | failed (and queued -> failed). A job's row is its truth:
the runner may be in-process (`server.jobs.runner`) or a queue elsewhere, and on start
`fail_unfinished` marks the jobs a stopped server left queued or running as failed
(`error_code` "interrupted"), so none is lost without a word.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import select, update

from server.clock import now_ms
from server.store.db import Database
from server.store.models import JobRow

__all__ = ["INTERRUPTED", "JobRecord", "JobState", "JobStore", "JobTransitionError"]

JobState = Literal["queued", "running", "done", "failed"]
INTERRUPTED = "interrupted"
# state -> the states it may go to.
_NEXT: dict[str, frozenset[str]] = {
    "queued": frozenset({"running", "failed"}),
    "running": frozenset({"done", "failed"}),
    "done": frozenset(),
    "failed": frozenset(),
}


class JobTransitionError(RuntimeError):
    """A job was told to go where its state machine does not lead."""


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: str
    user_id: int
    uploaded_by: int
    exercise: str
    state: JobState
    progress: float
    session_id: str | None
    error_code: str | None
    source_fps: float | None  # the clip's frame rate, once analysed (the report's facts)

    def to_wire(self) -> dict[str, Any]:
        return {
            "job_id": self.id,
            "exercise": self.exercise,
            "state": self.state,
            "progress": round(self.progress, 3),
            "session_id": self.session_id,
            "error": self.error_code,
        }


def _record(row: JobRow) -> JobRecord:
    state = row.state
    assert state in get_args(JobState), state
    return JobRecord(
        row.id,
        row.user_id,
        row.uploaded_by,
        row.exercise,
        state,  # type: ignore[arg-type]
        row.progress,
        row.session_id,
        row.error_code,
        row.source_fps,
    )


class JobStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, user_id: int, uploaded_by: int, exercise: str) -> str:
        job_id = uuid.uuid4().hex
        now = now_ms()
        row = JobRow(
            id=job_id,
            user_id=user_id,
            uploaded_by=uploaded_by,
            exercise=exercise,
            state="queued",
            progress=0.0,
            created_ms=now,
            updated_ms=now,
        )
        with self._db.session() as s:
            s.add(row)
        return job_id

    def get(self, job_id: str) -> JobRecord | None:
        with self._db.session() as s:
            row = s.get(JobRow, job_id)
            return None if row is None else _record(row)

    def for_session(self, session_id: str) -> JobRecord | None:
        """The job that made `session_id` (None: a live session)."""
        with self._db.session() as s:
            row = s.scalar(select(JobRow).where(JobRow.session_id == session_id))
            return None if row is None else _record(row)

    def start(self, job_id: str) -> None:
        self._move(job_id, "running")

    def progress(self, job_id: str, fraction: float) -> None:
        """Progress 0-1 of a running job (clamped)."""
        with self._db.session() as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "running")
                .values(progress=min(1.0, max(0.0, fraction)), updated_ms=now_ms())
            )

    def done(self, job_id: str, session_id: str, source_fps: float) -> None:
        self._move(job_id, "done", session_id=session_id, progress=1.0, source_fps=source_fps)

    def fail(self, job_id: str, error_code: str) -> None:
        self._move(job_id, "failed", error_code=error_code)

    def fail_unfinished(self) -> int:
        """Mark every queued or running job failed ("interrupted"); returns how many."""
        with self._db.session() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.state.in_(("queued", "running")))
                .values(state="failed", error_code=INTERRUPTED, updated_ms=now_ms())
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def _move(self, job_id: str, to: JobState, **values: object) -> None:
        with self._db.session() as s:
            state = s.scalar(select(JobRow.state).where(JobRow.id == job_id).with_for_update())
            if state is None:
                raise JobTransitionError(f"no job {job_id}")
            if to not in _NEXT[state]:
                raise JobTransitionError(
                    f"job {job_id}: expected a state that leads to {to!r}, it is {state!r}"
                )
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id)
                .values(state=to, updated_ms=now_ms(), **values)
            )
