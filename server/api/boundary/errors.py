"""Error answers that cannot themselves fail, all in the one shape
(`server.protocol.errors.ErrorAnswer`).

A route refuses with `Refusal` (its code and message); a plain HTTPException (FastAPI's
own, or a route's) gets the code of its status (`code_of_status`) and its detail as the
message; a request the route cannot read is `invalid`, with FastAPI's first complaint.

FastAPI's own answers to a refused request echo what was sent (a 422 names the field
and its input) and encode it as UTF-8 without a check: a lone surrogate or a NaN in
that echo made the refusal a 500 with a traceback. Here every error answer (an
HTTPException, a validation error, a field error) is written as ASCII JSON: any text
escapes, a non-finite number becomes null (`server.wire.dumps`), so the answer is
always the one meant. A database that is locked by another process, full or away
answers 503 with Retry-After at once, not a 500 with a traceback.
"""

from __future__ import annotations

import errno
import logging
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi import HTTPException as _FastAPIHTTPException
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.utils import is_body_allowed_for_status_code
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from server.protocol.codes import ErrorCode
from server.protocol.errors import ErrorAnswer, FieldProblem, LinkState, code_of_status
from server.scrub import error_name
from server.wire import dumps

__all__ = ["NO_ROOM", "RETRY_AFTER_S", "Refusal", "SafeJSONResponse", "answer", "install"]

log = logging.getLogger("formcheck.server")
RETRY_AFTER_S = 5  # what a 503 asks the client to wait before trying again
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # a write refused for want of room


class SafeJSONResponse(JSONResponse):
    """JSON in ASCII (a lone surrogate is escaped, never encoded), non-finite numbers
    as null: rendering cannot fail."""

    def render(self, content: Any) -> bytes:
        return dumps(jsonable_encoder(content)).encode("ascii")


class Refusal(_FastAPIHTTPException):
    """A route's refusal: its status, code and message, and what else the page needs
    (`fields`, `retry_after_s`, `link_state`); `headers` such as Retry-After."""

    def __init__(
        self,
        status_code: int,
        code: ErrorCode,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        fields: tuple[FieldProblem, ...] = (),
        retry_after_s: int | None = None,
        link_state: LinkState | None = None,
    ) -> None:
        super().__init__(status_code, message, headers)
        self.answer = ErrorAnswer(
            code=code,
            message=message,
            fields=fields,
            retry_after_s=retry_after_s,
            link_state=link_state,
        )


def answer(
    error: ErrorAnswer, status_code: int, headers: dict[str, str] | None = None
) -> SafeJSONResponse:
    """The one error shape as an HTTP answer."""
    return SafeJSONResponse(error.model_dump(mode="json"), status_code, headers)


async def _http_error(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        raise exc
    headers = getattr(exc, "headers", None)
    if not is_body_allowed_for_status_code(exc.status_code):
        return Response(status_code=exc.status_code, headers=headers)
    if isinstance(exc, Refusal):
        return answer(exc.answer, exc.status_code, headers)
    message = exc.detail if isinstance(exc.detail, str) else dumps(jsonable_encoder(exc.detail))
    error = ErrorAnswer(code=code_of_status(exc.status_code), message=message)
    return answer(error, exc.status_code, headers)


def _complaint(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}"


async def _invalid(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):
        raise exc
    message = "; ".join(_complaint(e) for e in exc.errors()) or "the request is invalid"
    return answer(ErrorAnswer(code=ErrorCode.INVALID, message=message), 422)


def _try_later(detail: str) -> SafeJSONResponse:
    error = ErrorAnswer(code=ErrorCode.TRY_LATER, message=detail, retry_after_s=RETRY_AFTER_S)
    return answer(error, 503, {"Retry-After": str(RETRY_AFTER_S)})


async def _database_away(_request: Request, exc: Exception) -> Response:
    """The database is locked by another process, full or unreachable: 503 at once,
    try again shortly (the error is logged by its type, never its text: it quotes the
    statement's values)."""
    if not isinstance(exc, OperationalError):
        raise exc
    log.warning("database unavailable (%s): answered 503", error_name(exc))
    return _try_later("the database is busy: try again shortly")


async def _storage_full(_request: Request, exc: Exception) -> Response:
    """No room left to write (an upload spooled by the form parser, a temporary file):
    503 at once; any other OSError is a fault, not this."""
    if not isinstance(exc, OSError) or exc.errno not in NO_ROOM:
        raise exc
    log.warning("no room to write (%s): answered 503", errno.errorcode.get(exc.errno or 0))
    return _try_later("the server has no room to write: try again later")


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(OperationalError, _database_away)
    app.add_exception_handler(OSError, _storage_full)
