"""Users (patients and therapists), their passwords and their login tokens."""

from __future__ import annotations

import functools
import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Literal

from server.clock import now_ms
from server.store.db import Database
from server.store.passwords import hash_password, verify_password

__all__ = ["Role", "User", "UserError", "UserStore"]

Role = Literal["patient", "therapist"]
_ROLES = ("patient", "therapist")
_LANGUAGES = ("nl", "en")


class UserError(ValueError):
    """A user could not be created or found; the message says which rule was broken."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    therapist_id: int | None
    language: str

    def to_wire(self) -> dict[str, object]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "therapist_id": self.therapist_id,
            "language": self.language,
        }


def _user(row: sqlite3.Row) -> User:
    return User(
        id=int(row["id"]),
        username=str(row["username"]),
        display_name=str(row["display_name"]),
        role="therapist" if row["role"] == "therapist" else "patient",
        therapist_id=None if row["therapist_id"] is None else int(row["therapist_id"]),
        language=str(row["language"]),
    )


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class UserStore:
    """Creates users, checks passwords and issues login tokens (stored only as hashes)."""

    def __init__(self, db: Database, login_ttl_s: float) -> None:
        self._db = db
        self._login_ttl_ms = int(login_ttl_s * 1000)

    def create_user(
        self,
        username: str,
        password: str,
        role: Role,
        *,
        display_name: str = "",
        therapist: str | None = None,
        language: str = "nl",
    ) -> User:
        """A new user; a patient may name their therapist by username."""
        username = username.strip().lower()
        if not username.isascii() or not username.replace("_", "").replace("-", "").isalnum():
            raise UserError(f"username must be letters, digits, - or _, got {username!r}")
        if role not in _ROLES:
            raise UserError(f"role must be patient or therapist, got {role!r}")
        if language not in _LANGUAGES:
            raise UserError(f"language must be nl or en, got {language!r}")
        therapist_id: int | None = None
        if therapist is not None:
            if role != "patient":
                raise UserError("only a patient has a therapist")
            t = self.by_username(therapist)
            if t is None or t.role != "therapist":
                raise UserError(f"no therapist named {therapist!r}")
            therapist_id = t.id
        if self.by_username(username) is not None:
            raise UserError(f"username {username!r} is taken")
        user_id = self._db.execute(
            "INSERT INTO users (username, display_name, role, therapist_id, password_hash,"
            " language, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                username,
                display_name or username,
                role,
                therapist_id,
                hash_password(password),
                language,
                now_ms(),
            ),
        )
        created = self.get(user_id)
        assert created is not None
        return created

    def set_password(self, username: str, password: str) -> None:
        user = self.by_username(username)
        if user is None:
            raise UserError(f"no user named {username!r}")
        self._db.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", (hash_password(password), user.id)
        )

    def count(self) -> int:
        row = self._db.one("SELECT COUNT(*) AS n FROM users")
        return 0 if row is None else int(row["n"])

    def get(self, user_id: int) -> User | None:
        row = self._db.one("SELECT * FROM users WHERE id = ?", (user_id,))
        return None if row is None else _user(row)

    def by_username(self, username: str) -> User | None:
        row = self._db.one("SELECT * FROM users WHERE username = ?", (username.strip().lower(),))
        return None if row is None else _user(row)

    def patients_of(self, therapist_id: int) -> list[User]:
        rows = self._db.all(
            "SELECT * FROM users WHERE therapist_id = ? ORDER BY display_name", (therapist_id,)
        )
        return [_user(r) for r in rows]

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password matches, else None (same work either way)."""
        row = self._db.one("SELECT * FROM users WHERE username = ?", (username.strip().lower(),))
        if row is None:
            # Spend the same time as a real check so timing does not reveal usernames.
            verify_password(password, _dummy_hash())
            return None
        return _user(row) if verify_password(password, str(row["password_hash"])) else None

    def login(self, user: User) -> str:
        """A fresh bearer token for `user`; only its SHA-256 is stored."""
        token = secrets.token_urlsafe(32)
        self._db.execute(
            "INSERT INTO logins (token_sha256, user_id, expires_ms) VALUES (?, ?, ?)",
            (_sha256(token), user.id, now_ms() + self._login_ttl_ms),
        )
        return token

    def user_for_token(self, token: str) -> User | None:
        if not token or not token.isascii():
            return None
        row = self._db.one(
            "SELECT u.* FROM logins l JOIN users u ON u.id = l.user_id"
            " WHERE l.token_sha256 = ? AND l.expires_ms > ?",
            (_sha256(token), now_ms()),
        )
        return None if row is None else _user(row)

    def logout(self, token: str) -> None:
        if token.isascii():
            self._db.execute("DELETE FROM logins WHERE token_sha256 = ?", (_sha256(token),))


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")
