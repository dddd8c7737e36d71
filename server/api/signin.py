"""The patient's side of a sign-in link: the page at `/signin#<token>` asks what the
link would do (`POST /api/signin/check`), then spends it (`POST /api/signin`), which
logs the patient in once. The token travels in request bodies only, never in a URL
the server or a proxy logs.

A used, expired or revoked link, or one of a deactivated patient, says which, with the
patient's language so the page can say it in it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import Field

from server.api.audit import audit
from server.api.boundary.errors import Refusal
from server.api.boundary.strict import StrictBody, StrictJsonRoute
from server.api.login import set_login_cookie
from server.api.state import app_state
from server.protocol.accounts import Account, LinkCheck, LoggedIn
from server.protocol.codes import ErrorCode
from server.store.privacy.audit import Action

__all__ = ["router"]

router = APIRouter(prefix="/api/signin", route_class=StrictJsonRoute)


class TokenBody(StrictBody):
    token: str = Field(min_length=1, max_length=128)


@router.post("/check")
def check(body: TokenBody, request: Request) -> LinkCheck:
    """`{state, language}`: state ok, used, expired, revoked, deactivated or unknown;
    language the patient's (None for an unknown link). Spends nothing."""
    state, user = app_state(request).signin_links.look(body.token)
    return LinkCheck(state=state, language=None if user is None else user.language)


@router.post("")
def use(body: TokenBody, request: Request, response: Response) -> LoggedIn:
    """Logs the link's patient in (the cookie) and spends the link; 410 with
    the error answer `link_gone` with its `link_state` when it no longer works."""
    state = app_state(request)
    link_state, user = state.signin_links.use(body.token)
    if link_state != "ok" or user is None:
        audit(request, Action.SIGNIN_LINK_REFUSED, None, None if user is None else user.id)
        message = f"this sign-in link no longer works: {link_state}"
        raise Refusal(status.HTTP_410_GONE, ErrorCode.LINK_GONE, message, link_state=link_state)
    token = state.users.login(user)
    set_login_cookie(request, response, token)
    audit(request, Action.SIGNIN_LINK_USED, user, user.id)
    return LoggedIn(user=Account.of(user), token=token)
