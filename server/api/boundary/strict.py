"""Strict input at the HTTP boundary: one JSON reader, one body model, one id type.

A body is strict JSON (`server.wire.loads`: NaN or Infinity is a 422, like any other
malformed body), its fields are of their exact type (`"5"` or `true` is no int, 5.5
no whole number) and every id is checked against what the database can hold before
it is looked up: out of range or malformed is a 422, never a 500 from the driver.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Path, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict

from server.wire import loads

__all__ = [
    "HEX_ID_PATTERN",
    "MAX_ROW_ID",
    "HexId",
    "RowId",
    "RowIdQuery",
    "StrictBody",
    "StrictJsonRoute",
]

MAX_ROW_ID = 2**63 - 1  # a signed 64-bit column: SQLite's INTEGER, PostgreSQL's BIGINT
HEX_ID_PATTERN = "^[0-9a-f]{32}$"  # sessions and jobs: uuid4().hex

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RowIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]
HexId = Annotated[str, Path(pattern=HEX_ID_PATTERN)]


class StrictBody(BaseModel):
    """A request body: exact types, finite numbers."""

    model_config = ConfigDict(strict=True, allow_inf_nan=False)


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """A route whose JSON body is read by `server.wire.loads` (FastAPI answers its
    JSONDecodeError with a 422 `json_invalid`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler
