"""The HTTP answers about logins and accounts: who is logged in (`Account`), a login or
a spent sign-in link (`LoggedIn`), a password change, a logout, what a sign-in link
would do (`LinkCheck`)."""

from __future__ import annotations

from typing import Literal

from server.protocol.errors import LinkState
from server.protocol.wire import Wire

__all__ = ["Account", "LinkCheck", "LoggedIn", "LoggedOut", "PasswordChanged", "Role"]

Role = Literal["patient", "therapist"]


class Account(Wire):
    """A user as the page sees them (`server.store.users.User`, built from its
    attributes): never a password or token hash."""

    id: int
    username: str
    display_name: str
    role: Role
    therapist_id: int | None
    language: str
    active: bool
    has_password: bool  # False: a patient who signs in with links only


class LoggedIn(Wire):
    """A login (password or sign-in link): the account, and the login's token (also
    set as the cookie; the page keeps it for the live socket)."""

    user: Account
    token: str


class PasswordChanged(Wire):
    """Every other login ended; this browser's fresh login."""

    ok: Literal[True] = True
    token: str


class LoggedOut(Wire):
    ok: Literal[True] = True


class LinkCheck(Wire):
    """What a sign-in link would do, spending nothing; `language` the patient's (null
    for an unknown link)."""

    state: LinkState
    language: str | None
