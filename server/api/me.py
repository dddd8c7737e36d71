"""The user's own settings: `PATCH /api/me` with `{"language": "nl" | "en"}`.

The language belongs to the user, not to the browser: on a shared tablet the therapist's
English does not carry over to the patient, and the page takes it from `/api/me` (or the
login's answer) on every login.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from server.api.auth import current_user
from server.api.state import app_state
from server.store.users import User

__all__ = ["router"]

router = APIRouter(prefix="/api")


class MeBody(BaseModel):
    language: Literal["nl", "en"]


@router.patch("/me")
def update_me(
    body: MeBody, request: Request, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    return app_state(request).users.set_language(user.id, body.language).to_wire()
