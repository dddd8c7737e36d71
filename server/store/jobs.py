"""Analysis jobs of uploaded clips: their state machine, kept in the database.

queued -> running -> done | failed (and queued -> failed). A job's row is its truth,
wherever it runs: in the server's own runner or on a worker elsewhere
(`server.jobs`). An unfinished job has an `owner` (None: waiting on the shared queue)
and a lease its owner renews (`renew`); a job whose lease ran out belongs to a process
that died, and `fail_abandoned` marks it failed ("interrupted"), so none is lost without
a word, and no live process's job is touched. `fail_owned` does it at once for a
restarted owner's jobs (the same owner name: its previous life is certainly over).
The half session such a job was recording goes with it (`attach_session`): an
interrupted analysis leaves no session.

The clip of a job that waits for a worker on another machine is kept here, in chunks
(`save_clip`, `load_clip`), and deleted in the same transaction that ends its job.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from exercises.base import Prescription
from exercises.registry import default_prescription
from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import EventRow, FrameRow, JobClipRow, JobRow, SessionRow
from server.store.programmes import prescription_from_wire, prescription_to_wire

__all__ = ["INTERRUPTED", "JobRecord", "JobState", "JobStore", "JobTransitionError"]

JobState = Literal["queued", "running", "done", "failed"]
INTERRUPTED = "interrupted"
_UNFINISHED = ("queued", "running")
_CLIP_CHUNK = 4 << 20  # bytes per row: a clip moves in and out without being held whole
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
    prescription: Prescription
    owner: str | None  # who holds it (None: on the shared queue); once ended, who held it

    @property
    def made_session_id(self) -> str | None:
        """The session the job made, once done: until then the session being recorded
        is nobody's to open (an interrupted job takes it with it)."""
        return self.session_id if self.state == "done" else None


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
        default_prescription(row.exercise)
        if row.prescription_json is None
        else prescription_from_wire(json.loads(row.prescription_json)),
        row.owner,
    )


def _drop_clips(s: Session, job_ids: Any) -> None:
    s.execute(delete(JobClipRow).where(JobClipRow.job_id.in_(job_ids)))


def _drop_sessions(s: Session, session_ids: list[str]) -> None:
    """The half sessions of jobs that did not finish (their jobs no longer name them)."""
    if session_ids:
        s.execute(delete(FrameRow).where(FrameRow.session_id.in_(session_ids)))
        s.execute(delete(EventRow).where(EventRow.session_id.in_(session_ids)))
        s.execute(delete(SessionRow).where(SessionRow.id.in_(session_ids)))


class JobStore:
    def __init__(self, db: Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock

    def _lease(self, lease_s: float | None) -> int | None:
        return None if lease_s is None else self._clock.wall_ms() + round(lease_s * 1000)

    def create(
        self,
        user_id: int,
        uploaded_by: int,
        exercise: str,
        prescription: Prescription | None = None,
        *,
        owner: str | None = None,
        lease_s: float | None = None,
    ) -> str:
        """A queued job; `owner` holds it for `lease_s` (None: no lease, waits on the
        shared queue until a worker takes it)."""
        job_id = uuid.uuid4().hex
        now = self._clock.wall_ms()
        row = JobRow(
            id=job_id,
            user_id=user_id,
            uploaded_by=uploaded_by,
            exercise=exercise,
            state="queued",
            progress=0.0,
            created_ms=now,
            updated_ms=now,
            prescription_json=None
            if prescription is None
            else json.dumps(prescription_to_wire(prescription)),
            owner=owner,
            lease_until_ms=self._lease(lease_s),
        )
        with self._db.session() as s:
            s.add(row)
        return job_id

    def get(self, job_id: str) -> JobRecord | None:
        with self._db.session() as s:
            row = s.get(JobRow, job_id)
            return None if row is None else _record(row)

    def unfinished_of(self, user_id: int) -> int:
        """How many of the patient's jobs are queued or running."""
        with self._db.session() as s:
            found = s.scalar(
                select(func.count())
                .select_from(JobRow)
                .where(JobRow.user_id == user_id, JobRow.state.in_(_UNFINISHED))
            )
            return int(found or 0)

    def for_session(self, session_id: str) -> JobRecord | None:
        """The job that made `session_id` (None: a live session)."""
        with self._db.session() as s:
            row = s.scalar(select(JobRow).where(JobRow.session_id == session_id))
            return None if row is None else _record(row)

    def start(self, job_id: str, owner: str | None = None, lease_s: float | None = None) -> None:
        """queued -> running, held by `owner` for `lease_s` (renewed while it runs)."""
        self._move(job_id, "running", owner=owner, lease_until_ms=self._lease(lease_s))

    def attach_session(self, job_id: str, session_id: str) -> None:
        """The session a running job is recording (its first frame made it): a job that
        does not finish takes it with it, also when its holder dies mid-analysis."""
        with self._db.session() as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "running")
                .values(session_id=session_id)
            )

    def renew(self, owner: str, lease_s: float) -> int:
        """Extend the lease of every unfinished job `owner` holds; returns how many."""
        with self._db.session() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.owner == owner, JobRow.state.in_(_UNFINISHED))
                .values(lease_until_ms=self._lease(lease_s))
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def release(self, job_id: str, wait_s: float) -> bool:
        """A queued job handed to the shared queue: no owner, waiting at most `wait_s` for a
        worker. False when a worker took it already (nothing changes then)."""
        with self._db.session() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "queued")
                .values(
                    owner=None, lease_until_ms=self._lease(wait_s), updated_ms=self._clock.wall_ms()
                )
            )
            return bool(getattr(result, "rowcount", 0))

    def waiting(self) -> list[str]:
        """The ids of the queued jobs that wait on the shared queue (no owner)."""
        with self._db.session() as s:
            return list(
                s.scalars(select(JobRow.id).where(JobRow.state == "queued", JobRow.owner.is_(None)))
            )

    def fail_waiting(self, job_ids: list[str]) -> int:
        """Mark failed ("interrupted") those of `job_ids` still waiting on the shared
        queue (the queue lost them) and delete their clips; returns how many."""
        if not job_ids:
            return 0
        return self._interrupt(
            JobRow.id.in_(job_ids) & (JobRow.state == "queued") & JobRow.owner.is_(None)
        )

    def progress(self, job_id: str, fraction: float) -> None:
        """Progress 0-1 of a running job (clamped)."""
        with self._db.session() as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "running")
                .values(progress=min(1.0, max(0.0, fraction)), updated_ms=self._clock.wall_ms())
            )

    def done(self, job_id: str, session_id: str, source_fps: float) -> None:
        self._move(job_id, "done", session_id=session_id, progress=1.0, source_fps=source_fps)

    def fail(self, job_id: str, error_code: str) -> None:
        self._move(job_id, "failed", error_code=error_code)

    def fail_abandoned(self) -> int:
        """Mark failed ("interrupted") the unfinished jobs whose lease ran out (their
        holder died) and delete their clips; returns how many."""
        return self._interrupt(JobRow.lease_until_ms < self._clock.wall_ms())

    def fail_owned(self, owner: str) -> int:
        """Mark failed ("interrupted") the unfinished jobs of `owner`, restarted: its
        previous life left them; returns how many."""
        return self._interrupt(JobRow.owner == owner)

    def _interrupt(self, which: Any) -> int:
        with self._db.session() as s:
            found = s.execute(
                select(JobRow.id, JobRow.session_id)
                .where(JobRow.state.in_(_UNFINISHED), which)
                .with_for_update(skip_locked=True)
            ).all()
            if not found:
                return 0
            ids = [job_id for job_id, _ in found]
            s.execute(
                update(JobRow)
                .where(JobRow.id.in_(ids))
                .values(
                    state="failed",
                    error_code=INTERRUPTED,
                    updated_ms=self._clock.wall_ms(),
                    lease_until_ms=None,
                    session_id=None,
                )
            )
            _drop_clips(s, ids)
            _drop_sessions(s, [sid for _, sid in found if sid is not None])
            return len(ids)

    def save_clip(self, job_id: str, path: Path) -> int:
        """Keep the clip at `path` for the job's worker; returns its size in bytes."""
        size = 0
        with path.open("rb") as clip:
            seq = 0
            while chunk := clip.read(_CLIP_CHUNK):
                with self._db.session() as s:  # one chunk per transaction: bounded memory
                    s.add(JobClipRow(job_id=job_id, seq=seq, data=chunk))
                size += len(chunk)
                seq += 1
        return size

    def load_clip(self, job_id: str, path: Path) -> int:
        """Write the job's clip to `path`; returns its size (0: no clip kept)."""
        size = 0
        with path.open("wb") as out:
            seq = 0
            while True:
                with self._db.session() as s:
                    chunk = s.scalar(
                        select(JobClipRow.data).where(
                            JobClipRow.job_id == job_id, JobClipRow.seq == seq
                        )
                    )
                if chunk is None:
                    return size
                out.write(chunk)
                size += len(chunk)
                seq += 1

    def has_clip(self, job_id: str) -> bool:
        with self._db.session() as s:
            found = s.scalar(select(JobClipRow.seq).where(JobClipRow.job_id == job_id).limit(1))
            return found is not None

    def _move(self, job_id: str, to: JobState, **values: object) -> None:
        with self._db.session() as s:
            state = s.scalar(select(JobRow.state).where(JobRow.id == job_id).with_for_update())
            if state is None:
                raise JobTransitionError(f"no job {job_id}")
            if to not in _NEXT[state]:
                raise JobTransitionError(
                    f"job {job_id}: expected a state that leads to {to!r}, it is {state!r}"
                )
            if to in ("done", "failed"):
                values |= {"lease_until_ms": None}  # the owner stays: who ran it
                _drop_clips(s, [job_id])
            if to == "failed":
                values |= {"session_id": None}  # its half session goes (the caller's)
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id)
                .values(state=to, updated_ms=self._clock.wall_ms(), **values)
            )
