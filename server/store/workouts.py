"""A workout: one day's run through the programme, with pain scores before and after and
the safety advice given on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update

from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import WorkoutRow

__all__ = ["PainMoment", "Workout", "WorkoutStore"]

PainMoment = Literal["before", "after"]
_IN_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True, slots=True)
class Workout:
    """One workout: its pain scores (0-10, None when not asked) and the safety advice
    given on them (a code of `server.progress.pain_advice`, None when none)."""

    id: int
    user_id: int
    started_ms: int
    finished_ms: int | None
    pain_before: int | None
    pain_after: int | None
    pain_advice: str | None


def _workout(row: WorkoutRow) -> Workout:
    return Workout(
        row.id,
        row.user_id,
        row.started_ms,
        row.finished_ms,
        row.pain_before,
        row.pain_after,
        row.pain_advice,
    )


class WorkoutStore:
    def __init__(self, db: Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock

    def start(self, user_id: int) -> int:
        row = WorkoutRow(user_id=user_id, started_ms=self._clock.wall_ms())
        with self._db.session() as s:
            s.add(row)
            s.flush()
            return row.id

    def owner(self, workout_id: int) -> int | None:
        with self._db.session() as s:
            return s.scalar(select(WorkoutRow.user_id).where(WorkoutRow.id == workout_id))

    def set_pain(self, workout_id: int, moment: PainMoment, score: int) -> None:
        """Pain 0-10 (numeric rating scale) before or after the workout."""
        if not 0 <= score <= 10:
            raise ValueError(f"pain score must be 0-10, got {score}")
        column = {"before": "pain_before", "after": "pain_after"}[moment]
        with self._db.session() as s:
            s.execute(update(WorkoutRow).where(WorkoutRow.id == workout_id).values({column: score}))

    def set_advice(self, workout_id: int, code: str) -> None:
        """The safety advice the patient was given on the workout's pain scores (a code
        of `server.progress.pain_advice`), kept for the therapist."""
        with self._db.session() as s:
            s.execute(
                update(WorkoutRow).where(WorkoutRow.id == workout_id).values(pain_advice=code)
            )

    def finish(self, workout_id: int) -> None:
        with self._db.session() as s:
            s.execute(
                update(WorkoutRow)
                .where(WorkoutRow.id == workout_id, WorkoutRow.finished_ms.is_(None))
                .values(finished_ms=self._clock.wall_ms())
            )

    def get(self, workout_id: int) -> Workout | None:
        with self._db.session() as s:
            row = s.get(WorkoutRow, workout_id)
            return None if row is None else _workout(row)

    def get_many(self, workout_ids: Iterable[int]) -> dict[int, Workout]:
        """Several workouts by id, in one query per 500 ids (for lists)."""
        ids = sorted(set(workout_ids))
        out: dict[int, Workout] = {}
        with self._db.session() as s:
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start : start + _IN_CHUNK]
                out.update(
                    (r.id, _workout(r))
                    for r in s.scalars(select(WorkoutRow).where(WorkoutRow.id.in_(chunk)))
                )
        return out

    def of_users(self, user_ids: Iterable[int]) -> list[Workout]:
        """The users' workouts, oldest first (one query per 500 users)."""
        ids = sorted(set(user_ids))
        out: list[Workout] = []
        with self._db.session() as s:
            for start in range(0, len(ids), _IN_CHUNK):
                query = select(WorkoutRow).where(
                    WorkoutRow.user_id.in_(ids[start : start + _IN_CHUNK])
                )
                out += [_workout(r) for r in s.scalars(query)]
        return sorted(out, key=lambda w: (w.started_ms, w.id))
