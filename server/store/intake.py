"""A patient's intake: the complaints they recognise from the clinic's list, and which
items of the clinic's advice list apply to them.

The advice list holds two kinds: reasons to make an appointment (pain for longer than a
week, complaints that keep coming back, ...) and warning signs (tingling, an accident or
a fall), which ask for the therapist before more exercise. The therapist sees both; only
warning signs are red flags that put a patient on "look at first"
(`server.progress.flags`).

The keys are catalogue keys (exercises/texts.json); the lists here are the one place
that says which exist and which kind each is, served to the page with the answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import IntakeRow

__all__ = [
    "APPOINTMENT_REASONS",
    "COMPLAINTS",
    "WARNING_SIGNS",
    "Intake",
    "IntakeOptions",
    "IntakeStore",
]

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
# The advice list, split: reasons to make an appointment, and the warning signs (red
# flags: the radiating pain or tingling of a nerve, a fracture after an accident or fall).
APPOINTMENT_REASONS = ("advice_1", "advice_2", "advice_5", "advice_6")
WARNING_SIGNS = ("advice_3", "advice_4")
_IN_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True, slots=True)
class IntakeOptions:
    """The keys a patient chooses from (their texts are in the catalogue), in order."""

    warning_signs: tuple[str, ...] = WARNING_SIGNS
    appointment_reasons: tuple[str, ...] = APPOINTMENT_REASONS
    complaints: tuple[str, ...] = COMPLAINTS


@dataclass(frozen=True, slots=True)
class Intake:
    patient_id: int
    complaints: tuple[str, ...]
    warning_signs: tuple[str, ...]
    appointment_reasons: tuple[str, ...]
    updated_ms: int | None

    @property
    def options(self) -> IntakeOptions:
        """The lists the answers are chosen from."""
        return IntakeOptions()


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
                return Intake(patient_id, (), (), (), None)
            ticked = set(json.loads(row.red_flags_json))
            return Intake(
                patient_id,
                tuple(json.loads(row.complaints_json)),
                tuple(k for k in WARNING_SIGNS if k in ticked),
                tuple(k for k in APPOINTMENT_REASONS if k in ticked),
                row.updated_ms,
            )

    def warning_signs_of(self, patient_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The ticked warning signs of several patients, for their red-flag flags (one
        query per 500 ids); a patient without an intake has none."""
        ids = sorted(set(patient_ids))
        out: dict[int, tuple[str, ...]] = dict.fromkeys(ids, ())
        with self._db.session() as s:
            for start in range(0, len(ids), _IN_CHUNK):
                query = select(IntakeRow.patient_id, IntakeRow.red_flags_json).where(
                    IntakeRow.patient_id.in_(ids[start : start + _IN_CHUNK])
                )
                for pid, body in s.execute(query):
                    ticked = set(json.loads(body))
                    out[pid] = tuple(k for k in WARNING_SIGNS if k in ticked)
        return out

    def save(
        self,
        patient_id: int,
        complaints: Sequence[str],
        warning_signs: Sequence[str] = (),
        appointment_reasons: Sequence[str] = (),
    ) -> Intake:
        """Replace the patient's answers; raises ValueError naming an unknown key (or
        one of the other list)."""
        c = _checked(complaints, COMPLAINTS, "complaints")
        w = _checked(warning_signs, WARNING_SIGNS, "warning signs")
        a = _checked(appointment_reasons, APPOINTMENT_REASONS, "appointment reasons")
        now = self._clock.wall_ms()
        with self._db.session() as s:
            row = s.get(IntakeRow, patient_id)
            if row is None:
                row = IntakeRow(patient_id=patient_id)
                s.add(row)
            row.complaints_json = json.dumps(list(c))
            # The column predates the split: it holds every ticked item of the advice list.
            row.red_flags_json = json.dumps([*w, *a])
            row.updated_ms = now
        return Intake(patient_id, c, w, a, now)
