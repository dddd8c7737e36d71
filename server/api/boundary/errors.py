"""Error answers that cannot themselves fail.

FastAPI's own answers to a refused request echo what was sent (a 422 names the field
and its input) and encode it as UTF-8 without a check: a lone surrogate or a NaN in
that echo made the refusal a 500 with a traceback. Here every error answer (an
HTTPException, a validation error, a field error) is written as ASCII JSON: any text
escapes, a non-finite number becomes null (`server.wire.dumps`), so the answer is
always the one meant.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.utils import is_body_allowed_for_status_code
from starlette.exceptions import HTTPException

from server.wire import dumps

__all__ = ["SafeJSONResponse", "install"]


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


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
