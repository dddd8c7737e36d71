"""Recorded clips: a therapist uploads one for their patient, a patient for themselves;
the analysis runs as a job (`server.jobs.uploads`), polled at `GET /api/jobs/{id}`.

Refusals answer `{"detail": {"code", "message"}}` (the page shows `error_<code>` from
the catalogue), never a server error. A disk with no room for the clip is a 503 with
Retry-After (`upload_queue_full`: try again later), whether the clip is being saved or
still being spooled by the form parser. Access as for sessions (`auth.can_view_patient`).
"""

from __future__ import annotations

import errno
import logging
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Request,
    Response,
    UploadFile,
    status,
)
from starlette.exceptions import HTTPException as StarletteHTTPException

from exercises.registry import SPECS, default_prescription
from server.api.audit import audit
from server.api.auth import can_view_patient, current_user
from server.api.boundary.errors import NO_ROOM, RETRY_AFTER_S, Refusal
from server.api.boundary.strict import HexId, RowId, StrictJsonRoute
from server.api.state import AppState, app_state
from server.jobs.checks import UploadError
from server.jobs.uploads import Upload
from server.private_files import private_file
from server.protocol.codes import ErrorCode
from server.protocol.jobs import JobAccepted, JobWire
from server.store.privacy.audit import Action
from server.store.users import User

__all__ = ["FORM_OVERHEAD_BYTES", "router"]

log = logging.getLogger("formcheck.server")


class _UploadRoute(StrictJsonRoute):
    """An upload's route: a disk too full for the form parser to spool the clip
    (Starlette writes a file over 1 MB to a temporary file, which it closes, so nothing
    stays) is refused as a disk too full to save it, not with FastAPI's 400 for a body
    it could not parse."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def upload_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except StarletteHTTPException as err:
                cause = err.__cause__
                if not (isinstance(cause, OSError) and cause.errno in NO_ROOM):
                    raise
                name = errno.errorcode.get(cause.errno or 0, "?")
                log.warning("no room to spool an upload (%s): answered 503", name)
                no_room = UploadError(
                    ErrorCode.UPLOAD_QUEUE_FULL, f"the clip could not be spooled ({name})"
                )
                raise _refusal(no_room) from None

        return upload_handler


router = APIRouter(prefix="/api", route_class=_UploadRoute)
CurrentUser = Annotated[User, Depends(current_user)]
_CHUNK = 1 << 20
# A clip's form carries the exercise and multipart boundaries besides the file: the body
# limit (`create_app`: the clip's limit plus this) refuses longer bodies unread, with 413.
FORM_OVERHEAD_BYTES = 1 << 20
_STATUS = {
    "video_too_large": status.HTTP_413_CONTENT_TOO_LARGE,
    "upload_queue_full": status.HTTP_503_SERVICE_UNAVAILABLE,
}


def _refusal(err: UploadError) -> Refusal:
    code = _STATUS.get(err.code, status.HTTP_422_UNPROCESSABLE_CONTENT)
    later = code == 503  # a full queue
    return Refusal(
        code,
        err.code,
        str(err),
        headers={"Retry-After": str(RETRY_AFTER_S)} if later else None,
        retry_after_s=RETRY_AFTER_S if later else None,
    )


def _save(state: AppState, request: Request, file: UploadFile) -> Path:
    """The upload in a private file of the data folder, counted against the limit."""
    limit = state.settings.upload_max_bytes
    too_large = UploadError(ErrorCode.VIDEO_TOO_LARGE, f"the video is larger than {limit} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + FORM_OVERHEAD_BYTES:
        raise too_large
    path = private_file(state.uploads.folder / f"{uuid.uuid4().hex}.upload")
    size = 0
    try:
        with path.open("wb") as out:
            while chunk := file.file.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    break
                out.write(chunk)
    except OSError as err:  # the disk is full: no partial clip stays; try again later
        path.unlink(missing_ok=True)
        raise UploadError(
            ErrorCode.UPLOAD_QUEUE_FULL, f"the clip could not be saved ({err.errno})"
        ) from None
    if size > limit:
        path.unlink(missing_ok=True)
        raise too_large
    return path


def _accept(
    state: AppState, request: Request, file: UploadFile, exercise: str, *, patient: User, by: User
) -> JobAccepted:
    if exercise not in SPECS:
        raise _refusal(
            UploadError(
                ErrorCode.UNKNOWN_EXERCISE, f"exercise {exercise!r}; valid: {sorted(SPECS)}"
            )
        )
    items, _ = state.programmes.programme_for(patient)
    item = next((i for i in items if i.exercise == exercise), None)
    prescription = item.prescription if item is not None else default_prescription(exercise)
    try:
        path = _save(state, request, file)
        job_id = state.uploads.accept(Upload(path, patient.id, by.id, exercise, prescription))
    except UploadError as err:
        raise _refusal(err) from None
    audit(request, Action.RECORDING_UPLOADED, by, patient.id, job_id)
    return JobAccepted(job_id=job_id)


@router.post("/recordings", status_code=status.HTTP_202_ACCEPTED)
def upload_own(
    request: Request,
    user: CurrentUser,
    file: Annotated[UploadFile, File()],
    exercise: Annotated[str, Form()],
) -> JobAccepted:
    """A patient's own clip of one exercise."""
    if user.role != "patient":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "therapists upload for a patient")
    return _accept(app_state(request), request, file, exercise, patient=user, by=user)


@router.post("/patients/{patient_id}/recordings", status_code=status.HTTP_202_ACCEPTED)
def upload_for_patient(
    patient_id: RowId,
    request: Request,
    user: CurrentUser,
    file: Annotated[UploadFile, File()],
    exercise: Annotated[str, Form()],
) -> JobAccepted:
    """A therapist's clip of their own patient."""
    state = app_state(request)
    patient = state.users.get(patient_id)
    if user.role != "therapist" or patient is None or patient.therapist_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no patient {patient_id}")
    return _accept(state, request, file, exercise, patient=patient, by=user)


@router.get("/jobs/{job_id}")
def job(job_id: HexId, request: Request, user: CurrentUser) -> JobWire:
    """The job's state, progress 0-1, the session it made once done, and why it failed."""
    state = app_state(request)
    record = state.uploads.jobs.get(job_id)
    patient = None if record is None else state.users.get(record.user_id)
    if record is None or not can_view_patient(user, record.user_id, patient):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no job {job_id}")
    audit(request, Action.JOB_READ, user, record.user_id, job_id)
    return JobWire(
        job_id=record.id,
        exercise=record.exercise,
        state=record.state,
        progress=round(record.progress, 3),
        session_id=record.made_session_id,
        error=record.error_code,
    )
