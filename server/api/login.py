"""Log in and out, change one's password; who am I.

Password checks run through `AppState.password_gate` (their own few threads) after
`AppState.throttle` allowed them: a wrong password too often answers 429 with
Retry-After and `{"code": "too_many_attempts", "retry_after_s"}`, without checking.
Logout and a password change end every login of the user and close their live
sessions' sockets (`CloseCode.LOGGED_OUT`); the database work runs off the
event loop.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import Field

from exercises.base import FieldError
from server.api.audit import audit
from server.api.auth import COOKIE_NAME, current_user, login_token
from server.api.boundary.errors import Refusal
from server.api.boundary.strict import StrictBody, StrictJsonRoute
from server.api.field_errors import InvalidFieldsError
from server.api.state import AppState, app_state
from server.api.throttle import GateFullError, retry_after_s
from server.api.ws import close_sockets_of
from server.protocol.accounts import Account, LoggedIn, LoggedOut, PasswordChanged
from server.protocol.codes import CloseCode, ErrorCode
from server.store.privacy.audit import Action
from server.store.users import User

__all__ = ["patient_id_of", "router", "set_login_cookie"]

router = APIRouter(prefix="/api", route_class=StrictJsonRoute)


class LoginBody(StrictBody):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class PasswordBody(StrictBody):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


def _too_many(wait_s: float) -> Refusal:
    seconds = retry_after_s(wait_s)
    return Refusal(
        status.HTTP_429_TOO_MANY_REQUESTS,
        ErrorCode.TOO_MANY_ATTEMPTS,
        f"too many attempts: try again in {seconds} s",
        headers={"Retry-After": str(seconds)},
        retry_after_s=seconds,
    )


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _checked(state: AppState, account: str, address: str, check: Any, *args: Any) -> Any:
    """`check(*args)` (a password check) if the throttle allows it, on the gate's threads."""
    wait = state.throttle.attempt(account, address)
    if wait is not None:
        raise _too_many(wait)
    try:
        return await state.password_gate.run(address, check, *args)
    except GateFullError:
        raise _too_many(1.0) from None


@router.post("/login")
async def login(body: LoginBody, request: Request, response: Response) -> LoggedIn:
    state = app_state(request)
    account, address = body.username.strip().lower(), _address(request)
    try:
        user = await _checked(
            state, account, address, state.users.authenticate, body.username, body.password
        )
    except HTTPException:  # throttled: refused unchecked; the first of a wait is audited
        # as a failed login (one row a wait, not one a request: a flood writes nothing).
        if state.throttle.refusals(account, address) == 1:
            await _audit_failed(request, state, body.username)
        raise
    if user is None:
        await _audit_failed(request, state, body.username)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    state.throttle.succeeded(account, address)
    token = await asyncio.to_thread(_login_and_set_cookie, request, response, user)
    await asyncio.to_thread(audit, request, Action.LOGIN, user, patient_id_of(user))
    return LoggedIn(user=Account.of(user), token=token)


async def _audit_failed(request: Request, state: AppState, username: str) -> None:
    # The account tried, when there is one; never the name typed (it may be a password).
    tried = await asyncio.to_thread(state.users.by_username, username)
    await asyncio.to_thread(audit, request, Action.LOGIN_FAILED, None, patient_id_of(tried))


def _login_and_set_cookie(request: Request, response: Response, user: User) -> str:
    token = app_state(request).users.login(user)
    set_login_cookie(request, response, token)
    return token


def patient_id_of(user: User | None) -> int | None:
    """Whose data a login opens: a patient's own; a therapist's is no one patient's."""
    return user.id if user is not None and user.role == "patient" else None


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    """The login cookie for `token`; a login this browser had before ends. Blocking."""
    state = app_state(request)
    old = login_token(request)
    if old:
        state.users.end_login(old)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(state.settings.login_ttl_s),
        httponly=True,
        samesite="strict",
        secure=state.settings.https,
    )


@router.post("/logout")
async def logout(request: Request, response: Response) -> LoggedOut:
    """Ends every login of this user (all devices) and closes their live sockets."""
    state = app_state(request)
    token = login_token(request)
    user = None if not token else await asyncio.to_thread(state.users.user_for_token, token)
    user_id = None if not token else await asyncio.to_thread(state.users.logout, token)
    if user is not None:
        await asyncio.to_thread(audit, request, Action.LOGOUT, user, patient_id_of(user))
    if user_id is not None:
        await close_sockets_of(state, user_id, CloseCode.LOGGED_OUT, "logged_out")
    response.delete_cookie(COOKIE_NAME)
    return LoggedOut()


@router.post("/password")
async def change_password(
    body: PasswordBody,
    request: Request,
    response: Response,
    user: Annotated[User, Depends(current_user)],
) -> PasswordChanged:
    """A new password (the current one must match; 422 naming the field otherwise).
    Every login of the user ends, their live sockets close; this browser gets a fresh
    login, so the page carries on."""
    state = app_state(request)
    try:
        await _checked(
            state,
            user.username,
            _address(request),
            state.users.change_password,
            user,
            body.current_password,
            body.new_password,
        )
    except FieldError as err:
        raise InvalidFieldsError.of(err) from None
    state.throttle.succeeded(user.username, _address(request))
    await asyncio.to_thread(audit, request, Action.PASSWORD_CHANGED, user, patient_id_of(user))
    await close_sockets_of(state, user.id, CloseCode.LOGGED_OUT, "logged_out")
    token = await asyncio.to_thread(_login_and_set_cookie, request, response, user)
    return PasswordChanged(token=token)


@router.get("/me")
def me(user: Annotated[User, Depends(current_user)]) -> Account:
    return Account.of(user)


class MeBody(StrictBody):
    language: Literal["nl", "en"]  # exercises.texts.LANGUAGES (UserStore checks it too)


@router.patch("/me")
def update_me(
    body: MeBody, request: Request, user: Annotated[User, Depends(current_user)]
) -> Account:
    """The user's own language: it belongs to the account, not to the browser (on a
    shared tablet the therapist's English does not carry over to the patient; the page
    takes it from the login's answer or `/api/me` on every login)."""
    return Account.of(app_state(request).users.set_language(user.id, body.language))
