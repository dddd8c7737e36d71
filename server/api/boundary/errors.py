"""Error answers that cannot themselves fail.

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
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.utils import is_body_allowed_for_status_code
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from server.scrub import error_name
from server.wire import dumps

__all__ = ["NO_ROOM", "RETRY_AFTER_S", "SafeJSONResponse", "install"]

log = logging.getLogger("formcheck.server")
RETRY_AFTER_S = 5  # what a 503 asks the client to wait before trying again
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # a write refused for want of room


class SafeJSONResponse(JSONResponse):
    """JSON in ASCII (a lone surrogate is escaped, never encoded), non-finite numbers
    as null: rendering cannot fail."""

    def render(self, content: Any) -> bytes:
        return dumps(jsonable_encoder(content)).encode("ascii")


async def _http_error(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        raise exc
    headers = getattr(exc, "headers", None)
    if not is_body_allowed_for_status_code(exc.status_code):
        return Response(status_code=exc.status_code, headers=headers)
    return SafeJSONResponse({"detail": exc.detail}, exc.status_code, headers)


async def _invalid(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):
        raise exc
    return SafeJSONResponse({"detail": exc.errors()}, 422)


def _try_later(detail: str) -> SafeJSONResponse:
    # A plain detail, no code: the page shows its general error for a 503 (a code would
    # need a text in the catalogue).
    return SafeJSONResponse({"detail": detail}, 503, {"Retry-After": str(RETRY_AFTER_S)})


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
