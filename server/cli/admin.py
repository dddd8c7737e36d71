"""Administration for the `formcheck` CLI: create users, reset passwords."""

from __future__ import annotations

from server.settings import Settings
from server.store.db import Database
from server.store.users import Role, UserError, UserStore

__all__ = ["create_user", "set_password"]


def _role(role: str) -> Role:
    if role == "patient":
        return "patient"
    if role == "therapist":
        return "therapist"
    raise UserError(f"role must be patient or therapist, got {role!r}")


def create_user(
    settings: Settings,
    username: str,
    password: str,
    role: str,
    *,
    therapist: str | None = None,
    display_name: str = "",
    language: str = "nl",
) -> str:
    """Create a user in the settings' database; a one-line confirmation.

    Raises `server.store.users.UserError` (a ValueError) naming the rule broken, or
    ValueError for a password shorter than 8 characters.
    """
    db = Database(settings.database)
    try:
        user = UserStore(db, settings.login_ttl_s).create_user(
            username,
            password,
            _role(role),
            display_name=display_name,
            therapist=therapist,
            language=language,
        )
    finally:
        db.close()
    return f"created {user.role} {user.username} (id {user.id})"


def set_password(settings: Settings, username: str, password: str) -> str:
    db = Database(settings.database)
    try:
        UserStore(db, settings.login_ttl_s).set_password(username, password)
    finally:
        db.close()
    return f"password changed for {username}"
