"""The one error answer: every refusal, HTTP or WebSocket, has this shape.

`{"type": "error", "code", "message", "fields", "seq"?, "retry_after_s"?, "link_state"?}`:
`code` is an `ErrorCode` (the page shows the catalogue's `error_<code>`), `message`
says in English what was expected and what arrived (for logs and developers); `fields`
is empty and the rest absent unless the refusal needs them (`seq` only on the answer to
a frame or landmark message). An HTTP route refuses with
`server.api.boundary.errors.Refusal` (or an HTTPException, whose status picks the code).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import SerializerFunctionWrapHandler, model_serializer

from server.protocol.codes import ErrorCode
from server.protocol.wire import Wire

__all__ = ["BY_STATUS", "ErrorAnswer", "FieldProblem", "LinkState", "code_of_status"]

LinkState = Literal["ok", "used", "expired", "revoked", "deactivated", "unknown"]


class FieldProblem(Wire):
    """One field that broke a rule (`exercises.base.FieldError`): the page shows the
    code's text beside the field, with the bounds filled in."""

    field: str
    code: ErrorCode
    exercise: str | None = None  # the plan row it is in (a programme's dose)
    min: float | None = None
    max: float | None = None

    @model_serializer(mode="wrap")
    def _absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A bound or plan row that does not apply is absent, not null.
        return {k: v for k, v in handler(self).items() if v is not None}


class ErrorAnswer(Wire):
    """A request, frame or message refused: why (`code`) and what was wrong (`message`)."""

    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    seq: int | None = None  # WebSocket: the frame or landmark message refused (its count)
    fields: tuple[FieldProblem, ...] = ()  # 422: every field that broke a rule
    retry_after_s: int | None = None  # 429, 503: wait this long before trying again
    link_state: LinkState | None = None  # 410 of a sign-in link: why it no longer works

    @model_serializer(mode="wrap")
    def _absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # What does not apply is absent, not null: a message with `seq` answers a frame.
        return {k: v for k, v in handler(self).items() if v is not None}


BY_STATUS: dict[int, ErrorCode] = {
    400: ErrorCode.INVALID,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.NOT_ALLOWED,
    409: ErrorCode.CONFLICT,
    410: ErrorCode.GONE,
    413: ErrorCode.TOO_LARGE,
    422: ErrorCode.INVALID,
    503: ErrorCode.TRY_LATER,
}


def code_of_status(status_code: int) -> ErrorCode:
    """The code of a refusal that names none: by its HTTP status."""
    return BY_STATUS.get(status_code, ErrorCode.FAILED)
