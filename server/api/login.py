"""Log in and out; who am I. Plain-function routes: FastAPI runs them in its
threadpool (password hashing and the database stay off the event loop)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from server.api.audit import audit
from server.api.auth import COOKIE_NAME, current_user, login_token
from server.api.state import app_state
from server.store.privacy.audit import Action
from server.store.users import User

__all__ = ["patient_id_of", "router", "set_login_cookie"]

router = APIRouter(prefix="/api")


class LoginBody(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/login")
def login(body: LoginBody, request: Request, response: Response) -> dict[str, Any]:
    state = app_state(request)
    user = state.users.authenticate(body.username, body.password)
    if user is None:
        # The account tried, when there is one; never the name typed (it may be a password).
        tried = state.users.by_username(body.username)
        audit(request, Action.LOGIN_FAILED, None, patient_id_of(tried))
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    token = state.users.login(user)
    set_login_cookie(request, response, token)
    audit(request, Action.LOGIN, user, patient_id_of(user))
    return {"user": user.to_wire(), "token": token}


def patient_id_of(user: User | None) -> int | None:
    """Whose data a login opens: a patient's own; a therapist's is no one patient's."""
    return user.id if user is not None and user.role == "patient" else None


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    """The login cookie for `token`; a login this browser had before ends."""
    state = app_state(request)
    old = login_token(request)
    if old:
        state.users.logout(old)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(state.settings.login_ttl_s),
        httponly=True,
        samesite="strict",
        secure=state.settings.https,
    )


@router.post("/logout")
def logout(request: Request, response: Response) -> dict[str, bool]:
    token = login_token(request)
    if token:
        users = app_state(request).users
        user = users.user_for_token(token)
        users.logout(token)
        if user is not None:
            audit(request, Action.LOGOUT, user, patient_id_of(user))
    response.delete_cookie(COOKIE_NAME)
    return {"ok": True}


@router.get("/me")
def me(user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    return user.to_wire()
