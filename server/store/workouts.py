"""A workout: one day's run through the programme, with pain scores before and after."""

from __future__ import annotations

from typing import Any, Literal

from server.clock import now_ms
from server.store.db import Database

__all__ = ["PainMoment", "WorkoutStore"]

PainMoment = Literal["before", "after"]


class WorkoutStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def start(self, user_id: int) -> int:
        return self._db.execute(
            "INSERT INTO workouts (user_id, started_ms) VALUES (?, ?)", (user_id, now_ms())
        )

    def owner(self, workout_id: int) -> int | None:
        row = self._db.one("SELECT user_id FROM workouts WHERE id = ?", (workout_id,))
        return None if row is None else int(row["user_id"])

    def set_pain(self, workout_id: int, moment: PainMoment, score: int) -> None:
        """Pain 0-10 (numeric rating scale) before or after the workout."""
        if not 0 <= score <= 10:
            raise ValueError(f"pain score must be 0-10, got {score}")
        column = {"before": "pain_before", "after": "pain_after"}[moment]
        self._db.execute(
            f"UPDATE workouts SET {column} = ? WHERE id = ?",  # noqa: S608 (column from a fixed map)
            (score, workout_id),
        )

    def finish(self, workout_id: int) -> None:
        self._db.execute(
            "UPDATE workouts SET finished_ms = ? WHERE id = ? AND finished_ms IS NULL",
            (now_ms(), workout_id),
        )

    def get(self, workout_id: int) -> dict[str, Any] | None:
        row = self._db.one("SELECT * FROM workouts WHERE id = ?", (workout_id,))
        return None if row is None else dict(row)
