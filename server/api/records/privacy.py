"""A therapist's view of their own patient's privacy: the audit log of who read or
changed the patient's data (`GET /api/patients/{id}/audit`, newest first, paged), the
export of all their data (`GET .../export`, a zip) and its erasure (`DELETE
/api/patients/{id}` with the patient's name typed as confirmation). Another therapist's
patient is 404. Each of these is itself audited.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import Response
from pydantic import Field

from server.api.audit import audit, entry
from server.api.auth import current_user, own_patient, therapist_only
from server.api.boundary.errors import Refusal
from server.api.boundary.strict import MAX_ROW_ID, RowId, StrictBody, StrictJsonRoute
from server.api.records.export import ExportStores, export_archive, export_filename
from server.api.state import app_state
from server.api.ws import close_sessions_of
from server.protocol.codes import ErrorCode
from server.protocol.patients import AuditPageWire, Erased
from server.store.privacy.audit import Action
from server.store.privacy.page import MAX_PAGE
from server.store.privacy.rights import ErasureError
from server.store.users import User

__all__ = ["router", "same_name"]

router = APIRouter(prefix="/api/patients", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]


@router.get("/{patient_id}/audit")
def audit_log(
    patient_id: RowId,
    request: Request,
    user: CurrentUser,
    offset: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> AuditPageWire:
    """`{entries, total, offset, limit}`: the entries about or by the patient, newest
    first (this read among them)."""
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    audit(request, Action.AUDIT_READ, user, patient.id)
    return AuditPageWire.of(state.audit.page(patient.id, offset=offset, limit=limit))


@router.get("/{patient_id}/export")
def export(patient_id: RowId, request: Request, user: CurrentUser, pdf: bool = True) -> Response:
    """A zip of every row of the patient's and their session reports (`pdf=false`:
    without the PDFs, faster)."""
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    audit(request, Action.PATIENT_EXPORTED, user, patient.id)
    stores = ExportStores(state.patient_data, state.sessions, state.workouts, state.uploads.jobs)
    return Response(
        export_archive(stores, patient, state.clock.wall_ms(), pdf=pdf),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{export_filename(patient)}"'},
    )


class Erasure(StrictBody):
    confirm_name: str = Field(max_length=200)  # the patient's name, typed by the therapist


def same_name(typed: str, name: str) -> bool:
    """The confirmation matches the name, ignoring case and extra spaces."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


@router.delete("/{patient_id}")
async def erase(patient_id: RowId, body: Erasure, request: Request, user: CurrentUser) -> Erased:
    """Delete every row of the patient's (their live session is closed first); only the
    audit log keeps its entries (ids, no names), with this erasure's. 422 when the
    typed name is not the patient's, 409 while a clip of theirs is analysed."""
    state = app_state(request)
    patient = await asyncio.to_thread(own_patient, state, therapist_only(user), patient_id)
    if not same_name(body.confirm_name, patient.display_name):
        raise Refusal(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            ErrorCode.CONFIRM_NAME,
            "type the patient's name to erase their data",
        )
    closed = await close_sessions_of(state, patient.id)
    done = entry(request, Action.PATIENT_ERASED, user, patient.id)
    try:
        deleted = await asyncio.to_thread(state.patient_data.erase, patient, done)
    except ErasureError as err:
        raise Refusal(status.HTTP_409_CONFLICT, ErrorCode.ERASURE_BUSY, str(err)) from None
    return Erased(erased=patient.id, rows=deleted, live_sessions_closed=len(closed))
