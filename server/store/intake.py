"""A patient's intake: the complaints they recognise from the clinic's list, and which
reasons to make an appointment apply to them (the red flags: the page's advice list).

The keys are catalogue keys (exercises/texts.json); the lists here are the one place
that says which exist, served to the page with the answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import IntakeRow

__all__ = ["COMPLAINTS", "RED_FLAGS", "Intake", "IntakeStore"]

COMPLAINTS = (
    "complaint_groin_hip_buttock",
    "complaint_radiating_knee_thigh",
    "complaint_morning_stiffness",
    "complaint_socks_shoes",
    "complaint_car",
    "complaint_clicking",
    "complaint_less_rotation",
    "complaint_standing_walking",
    "complaint_stairs",
    "complaint_sleeping_on_hip",
    "complaint_sharp_groin",
    "complaint_lifting_leg",
    "complaint_long_sitting",
)
# The reasons to make an appointment (the advice list) are the red flags.
RED_FLAGS = tuple(f"advice_{i}" for i in range(1, 7))
_IN_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True, slots=True)
class Intake:
    patient_id: int
    complaints: tuple[str, ...]
    red_flags: tuple[str, ...]
    updated_ms: int | None

    def to_wire(self) -> dict[str, Any]:
        return {
            "patient_id": self.patient_id,
            "red_flags": list(self.red_flags),
            "complaints": list(self.complaints),
            "updated_ms": self.updated_ms,
            "options": {"red_flags": list(RED_FLAGS), "complaints": list(COMPLAINTS)},
        }


def _checked(keys: Sequence[str], valid: tuple[str, ...], what: str) -> tuple[str, ...]:
    unknown = sorted(set(keys) - set(valid))
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; valid: {list(valid)}")
    return tuple(k for k in valid if k in set(keys))  # the list's order, no repeats


class IntakeStore:
    def __init__(self, db: Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock

    def get(self, patient_id: int) -> Intake:
        """The patient's intake (empty, `updated_ms` None, when not filled in yet)."""
        with self._db.session() as s:
            row = s.get(IntakeRow, patient_id)
            if row is None:
                return Intake(patient_id, (), (), None)
            return Intake(
                patient_id,
                tuple(json.loads(row.complaints_json)),
                tuple(json.loads(row.red_flags_json)),
                row.updated_ms,
            )

    def red_flags_of(self, patient_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The ticked red flags of several patients, for their progress flags (one query
        per 500 ids); a patient without an intake has none."""
        ids = sorted(set(patient_ids))
        out: dict[int, tuple[str, ...]] = dict.fromkeys(ids, ())
        with self._db.session() as s:
            for start in range(0, len(ids), _IN_CHUNK):
                query = select(IntakeRow.patient_id, IntakeRow.red_flags_json).where(
                    IntakeRow.patient_id.in_(ids[start : start + _IN_CHUNK])
                )
                out.update((pid, tuple(json.loads(body))) for pid, body in s.execute(query))
        return out

    def save(self, patient_id: int, complaints: Sequence[str], red_flags: Sequence[str]) -> Intake:
        """Replace the patient's answers; raises ValueError naming an unknown key."""
        c = _checked(complaints, COMPLAINTS, "complaints")
        r = _checked(red_flags, RED_FLAGS, "red flags")
        now = self._clock.wall_ms()
        with self._db.session() as s:
            row = s.get(IntakeRow, patient_id)
            if row is None:
                row = IntakeRow(patient_id=patient_id)
                s.add(row)
            row.complaints_json = json.dumps(list(c))
            row.red_flags_json = json.dumps(list(r))
            row.updated_ms = now
        return Intake(patient_id, c, r, now)
