"""Prescribed programmes: a therapist's list of exercises for one patient.

A patient without a prescription gets the clinic's default programme, built from the
registry's default prescriptions in the clinic's order. An item the therapist switches
off is kept, dose and note with it, and left out of the patient's programme.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from exercises.base import FieldError, Prescription
from exercises.registry import SPECS, default_prescription
from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import PrescriptionRow
from server.store.users import User

__all__ = [
    "NOTE_MAX_CHARS",
    "ProgrammeItem",
    "ProgrammeStore",
    "prescription_from_wire",
    "prescription_to_wire",
]

NOTE_MAX_CHARS = 500


def prescription_to_wire(p: Prescription) -> dict[str, Any]:
    return dataclasses.asdict(p)


def prescription_from_wire(body: dict[str, Any], base: Prescription | None = None) -> Prescription:
    """A validated Prescription (fields not given come from `base`); unknown keys refused."""
    known = {f.name for f in dataclasses.fields(Prescription)}
    unknown = sorted(set(body) - known)
    if unknown:
        raise ValueError(f"unknown prescription fields {unknown}; valid: {sorted(known)}")
    return dataclasses.replace(base or Prescription(), **body)


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    """One exercise of a programme: its dose, whether it is switched on, and the
    therapist's note for the patient (at most `NOTE_MAX_CHARS`)."""

    exercise: str
    prescription: Prescription
    enabled: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if len(self.note) > NOTE_MAX_CHARS:
            raise FieldError(
                "note",
                "too_long",
                f"a note has at most {NOTE_MAX_CHARS} characters, got {len(self.note)}",
                high=NOTE_MAX_CHARS,
            )


def default_programme() -> list[ProgrammeItem]:
    """Every exercise at its clinic default, in the clinic's order (the registry's: strengthen,
    stretch, then calm breathing)."""
    return [ProgrammeItem(n, default_prescription(n)) for n in SPECS]


class ProgrammeStore:
    def __init__(self, db: Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock

    def programme_for(self, patient: User) -> tuple[list[ProgrammeItem], bool]:
        """The patient's programme: the prescribed items switched on (and True), or the
        clinic default (and False) when nothing was ever prescribed."""
        items, prescribed = self.items_of(patient)
        return [i for i in items if i.enabled], prescribed

    def items_of(self, patient: User) -> tuple[list[ProgrammeItem], bool]:
        """Every prescribed item, switched off ones too (the therapist's view), and True;
        or the clinic default and False."""
        query = (
            select(
                PrescriptionRow.exercise,
                PrescriptionRow.prescription_json,
                PrescriptionRow.enabled,
                PrescriptionRow.note,
            )
            .where(PrescriptionRow.patient_id == patient.id)
            .order_by(PrescriptionRow.position)
        )
        with self._db.session() as s:
            rows = s.execute(query).all()
        items = [
            ProgrammeItem(exercise, prescription_from_wire(json.loads(body)), bool(on), note)
            for exercise, body, on, note in rows
            if exercise in SPECS
        ]
        return (items, True) if items else (default_programme(), False)

    def prescribe(self, therapist: User, patient: User, items: list[ProgrammeItem]) -> None:
        """Replace the patient's programme (items switched off are kept as such); only
        their own therapist may do so."""
        if therapist.role != "therapist" or patient.therapist_id != therapist.id:
            raise PermissionError(f"{therapist.username} is not {patient.username}'s therapist")
        for item in items:
            if item.exercise not in SPECS:
                raise ValueError(f"unknown exercise {item.exercise!r}; valid: {sorted(SPECS)}")
        created = self._clock.wall_ms()
        with self._db.session() as s:
            s.execute(delete(PrescriptionRow).where(PrescriptionRow.patient_id == patient.id))
            s.add_all(
                PrescriptionRow(
                    patient_id=patient.id,
                    therapist_id=therapist.id,
                    position=position,
                    exercise=item.exercise,
                    prescription_json=json.dumps(prescription_to_wire(item.prescription)),
                    created_ms=created,
                    enabled=item.enabled,
                    note=item.note,
                )
                for position, item in enumerate(items)
            )
