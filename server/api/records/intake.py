"""The intake: a patient ticks the complaints they recognise and the items of the
clinic's advice list that apply (warning signs, reasons to make an appointment); their
therapist reads them, warning signs first.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import Field

from server.api.audit import audit
from server.api.auth import current_user
from server.api.boundary.strict import RowId, StrictBody, StrictJsonRoute
from server.api.state import app_state
from server.protocol.patients import IntakeWire
from server.store.privacy.audit import Action
from server.store.users import User

__all__ = ["router"]

router = APIRouter(prefix="/api", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]


class IntakeBody(StrictBody):
    complaints: list[str] = Field(default_factory=list, max_length=50)
    warning_signs: list[str] = Field(default_factory=list, max_length=50)
    appointment_reasons: list[str] = Field(default_factory=list, max_length=50)


def _patient(user: User) -> User:
    if user.role != "patient":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the intake is the patient's own")
    return user


@router.get("/intake")
def own_intake(request: Request, user: CurrentUser) -> IntakeWire:
    """The patient's answers and the lists to choose from (`options`)."""
    intake = app_state(request).intakes.get(_patient(user).id)
    audit(request, Action.INTAKE_READ, user, user.id)
    return IntakeWire.of(intake)


@router.put("/intake")
def save_intake(body: IntakeBody, request: Request, user: CurrentUser) -> IntakeWire:
    try:
        intake = app_state(request).intakes.save(
            _patient(user).id, body.complaints, body.warning_signs, body.appointment_reasons
        )
    except ValueError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    audit(request, Action.INTAKE_SAVED, user, user.id)
    return IntakeWire.of(intake)


@router.get("/patients/{patient_id}/intake")
def patient_intake(patient_id: RowId, request: Request, user: CurrentUser) -> IntakeWire:
    """A therapist's own patient's intake; `warning_signs` (reasons to see them first) lead."""
    state = app_state(request)
    patient = state.users.get(patient_id)
    if user.role != "therapist" or patient is None or patient.therapist_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no patient {patient_id}")
    intake = state.intakes.get(patient_id)
    audit(request, Action.INTAKE_READ, user, patient_id)
    return IntakeWire.of(intake)
