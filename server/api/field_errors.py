"""422 answers that name the field: the one error answer (`code` invalid) with `fields`,
each `{field, code, exercise?, min?, max?}`. The field codes are
`exercises.base.FieldError.CODES` (all `ErrorCode`s); the page shows the catalogue's text
for each (`error_<code>`) beside its field."""

from __future__ import annotations

from fastapi import status

from exercises.base import FieldError
from server.api.boundary.errors import Refusal
from server.protocol.codes import ErrorCode
from server.protocol.errors import FieldProblem

__all__ = ["InvalidFieldsError", "problem"]


def problem(err: FieldError, exercise: str | None = None) -> FieldProblem:
    """The wire form of one field's broken rule."""
    return FieldProblem(
        field=err.field, code=ErrorCode(err.code), exercise=exercise, min=err.low, max=err.high
    )


class InvalidFieldsError(Refusal):
    """One or more fields broke a rule."""

    def __init__(self, problems: tuple[FieldProblem, ...], detail: str) -> None:
        super().__init__(
            status.HTTP_422_UNPROCESSABLE_CONTENT, ErrorCode.INVALID, detail, fields=problems
        )

    @classmethod
    def of(cls, err: FieldError, exercise: str | None = None) -> InvalidFieldsError:
        return cls((problem(err, exercise),), str(err))
