"""A therapist's patients' prescribed programmes (own patients only).

Every item is kept, switched off ones too (`enabled`), with its dose and its note for
the patient. A dose or note that breaks a rule is answered 422 naming each field
(`server.api.field_errors`). Plain-function routes: FastAPI runs them in its
threadpool, off the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel

from exercises.base import FieldError
from exercises.registry import SPECS, default_prescription
from server.api.audit import audit, audit_each
from server.api.auth import current_user, own_patient, therapist_only
from server.api.field_errors import InvalidFieldsError
from server.api.state import app_state
from server.store.privacy.audit import Action
from server.store.programmes import ProgrammeItem, prescription_from_wire
from server.store.users import User

__all__ = ["router"]

router = APIRouter(prefix="/api/patients")
CurrentUser = Annotated[User, Depends(current_user)]


@router.get("")
def patients(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    found = app_state(request).users.patients_of(therapist_only(user).id)
    audit_each(request, Action.PATIENTS_LISTED, user, (p.id for p in found))
    return [p.to_wire() for p in found]


@router.get("/{patient_id}/programme")
def get_programme(patient_id: int, request: Request, user: CurrentUser) -> dict[str, Any]:
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    items, prescribed = state.programmes.items_of(patient)
    audit(request, Action.PROGRAMME_READ, user, patient.id)
    return {"prescribed": prescribed, "items": [i.to_wire() for i in items]}


class ItemBody(BaseModel):
    exercise: str
    prescription: dict[str, Any] = {}
    enabled: bool = True
    note: str = ""


def _item(body: ItemBody) -> ProgrammeItem | list[FieldError]:
    """The item, or every field of it that breaks a rule (each checked on its own, so
    the page can mark them all at once)."""
    if body.exercise not in SPECS:
        msg = f"unknown exercise {body.exercise!r}; valid: {sorted(SPECS)}"
        return [FieldError("exercise", "not_a_choice", msg)]
    base = default_prescription(body.exercise)
    errors: list[FieldError] = []
    for field, value in body.prescription.items():
        try:
            prescription_from_wire({field: value}, base)
        except FieldError as err:
            errors.append(err)
    try:
        item = ProgrammeItem(
            body.exercise,
            base if errors else prescription_from_wire(body.prescription, base),
            body.enabled,
            body.note.strip(),
        )
    except FieldError as err:
        errors.append(err)
    return errors or item


@router.put("/{patient_id}/programme")
def prescribe(
    patient_id: int, body: list[ItemBody], request: Request, user: CurrentUser
) -> dict[str, Any]:
    state = app_state(request)
    therapist = therapist_only(user)
    patient = own_patient(state, therapist, patient_id)
    names = [b.exercise for b in body]
    if len(set(names)) != len(names):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"each exercise once, got {names}"
        )
    items: list[ProgrammeItem] = []
    errors: list[dict[str, object]] = []
    messages: list[str] = []
    for b in body:
        try:
            made = _item(b)
        except (ValueError, TypeError) as err:  # an unknown field: not the page's doing
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
        if isinstance(made, ProgrammeItem):
            items.append(made)
        else:
            errors += [{"exercise": b.exercise} | e.to_wire() for e in made]
            messages += [f"{b.exercise}: {e}" for e in made]
    if errors:
        raise InvalidFieldsError(errors, "; ".join(messages))
    state.programmes.prescribe(therapist, patient, items)
    audit(request, Action.PROGRAMME_CHANGED, therapist, patient.id)
    return {"prescribed": True, "items": [i.to_wire() for i in items]}
