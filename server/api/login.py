"""Log in and out; who am I. Plain-function routes: FastAPI runs them in its
threadpool (password hashing and the database stay off the event loop)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import Field

from server.api.auth import COOKIE_NAME, current_user, login_token
from server.api.boundary.strict import StrictBody, StrictJsonRoute
from server.api.state import app_state
from server.store.users import User

__all__ = ["router", "set_login_cookie"]

router = APIRouter(prefix="/api", route_class=StrictJsonRoute)


class LoginBody(StrictBody):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/login")
def login(body: LoginBody, request: Request, response: Response) -> dict[str, Any]:
    state = app_state(request)
    user = state.users.authenticate(body.username, body.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    token = state.users.login(user)
    set_login_cookie(request, response, token)
    return {"user": user.to_wire(), "token": token}


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
        app_state(request).users.logout(token)
    response.delete_cookie(COOKIE_NAME)
    return {"ok": True}


@router.get("/me")
def me(user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    return user.to_wire()
