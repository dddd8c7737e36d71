"""422 answers that name the field: `{"errors": [{"exercise"?, "field", "code", "min"?,
"max"?}], "detail": "..."}`. The codes are `exercises.base.FieldError.CODES`; the page
shows the catalogue's text for each (`error_<code>`) beside its field."""

from __future__ import annotations

from fastapi import FastAPI, Request, status

from exercises.base import FieldError
from server.api.boundary.errors import SafeJSONResponse

__all__ = ["InvalidFieldsError", "install"]


class InvalidFieldsError(Exception):
    """One or more fields broke a rule; `errors` are their wire forms."""

    def __init__(self, errors: list[dict[str, object]], detail: str) -> None:
        super().__init__(detail)
        self.errors = errors
        self.detail = detail

    @classmethod
    def of(cls, err: FieldError, **where: object) -> InvalidFieldsError:
        return cls([where | err.to_wire()], str(err))


async def _answer(_request: Request, exc: Exception) -> SafeJSONResponse:
    if not isinstance(exc, InvalidFieldsError):
        raise exc
    return SafeJSONResponse(
        {"errors": exc.errors, "detail": exc.detail},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(InvalidFieldsError, _answer)
