"""A therapist's patients and their prescribed programmes (own patients only).

Plain-function routes: FastAPI runs them in its threadpool, off the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel

from exercises.registry import default_prescription
from server.api.auth import current_user
from server.api.state import AppState, app_state
from server.store.programmes import ProgrammeItem, prescription_from_wire
from server.store.users import User

__all__ = ["router"]

router = APIRouter(prefix="/api/patients")
CurrentUser = Annotated[User, Depends(current_user)]


def _therapist(user: User) -> User:
    if user.role != "therapist":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "for therapists only")
    return user


def _own_patient(state: AppState, therapist: User, patient_id: int) -> User:
    patient = state.users.get(patient_id)
    if patient is None or patient.therapist_id != therapist.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no patient {patient_id}")
    return patient


@router.get("")
def patients(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    return [p.to_wire() for p in app_state(request).users.patients_of(_therapist(user).id)]


@router.get("/{patient_id}/programme")
def get_programme(patient_id: int, request: Request, user: CurrentUser) -> dict[str, Any]:
    state = app_state(request)
    patient = _own_patient(state, _therapist(user), patient_id)
    items, prescribed = state.programmes.programme_for(patient)
    return {"prescribed": prescribed, "items": [i.to_wire() for i in items]}


class ItemBody(BaseModel):
    exercise: str
    prescription: dict[str, Any] = {}


@router.put("/{patient_id}/programme")
def prescribe(
    patient_id: int, body: list[ItemBody], request: Request, user: CurrentUser
) -> dict[str, Any]:
    state = app_state(request)
    therapist = _therapist(user)
    patient = _own_patient(state, therapist, patient_id)
    try:
        items = [
            ProgrammeItem(
                b.exercise,
                prescription_from_wire(b.prescription, default_prescription(b.exercise)),
            )
            for b in body
        ]
        state.programmes.prescribe(therapist, patient, items)
    except (ValueError, TypeError) as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    return {"prescribed": True, "items": [i.to_wire() for i in items]}
