"""Users (patients and therapists), their passwords and their login tokens.

A deactivated user cannot log in, by password or by link, and their logins end. A
patient added in the therapist's page has no password (""): they sign in by link.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, func, select, update

from server.clock import now_ms
from server.store.db import Database
from server.store.models import LoginRow, UserRow
from server.store.passwords import hash_password, verify_password

__all__ = ["LANGUAGES", "Role", "User", "UserError", "UserStore", "sha256_hex", "user_from_row"]

Role = Literal["patient", "therapist"]
_ROLES = ("patient", "therapist")
LANGUAGES = ("nl", "en")


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
    active: bool = True

    def to_wire(self) -> dict[str, object]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "therapist_id": self.therapist_id,
            "language": self.language,
            "active": self.active,
        }


def user_from_row(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role="therapist" if row.role == "therapist" else "patient",
        therapist_id=row.therapist_id,
        language=row.language,
        active=row.deactivated_ms is None,
    )


def sha256_hex(token: str) -> str:
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
        if language not in LANGUAGES:
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
        row = UserRow(
            username=username,
            display_name=display_name or username,
            role=role,
            therapist_id=therapist_id,
            password_hash=hash_password(password),
            language=language,
            created_ms=now_ms(),
        )
        with self._db.session() as s:
            s.add(row)
            s.flush()
            return user_from_row(row)

    def set_password(self, username: str, password: str) -> None:
        user = self.by_username(username)
        if user is None:
            raise UserError(f"no user named {username!r}")
        with self._db.session() as s:
            s.execute(
                update(UserRow)
                .where(UserRow.id == user.id)
                .values(password_hash=hash_password(password))
            )

    def set_language(self, user_id: int, language: str) -> User:
        """The user's own language (their setting, kept with the account: the page they
        log in to, on whatever device, speaks it)."""
        if language not in LANGUAGES:
            raise UserError(f"language must be nl or en, got {language!r}")
        with self._db.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise UserError(f"no user with id {user_id}")
            row.language = language
            s.flush()
            return user_from_row(row)

    def count(self) -> int:
        with self._db.session() as s:
            return int(s.scalar(select(func.count()).select_from(UserRow)) or 0)

    def get(self, user_id: int) -> User | None:
        with self._db.session() as s:
            row = s.get(UserRow, user_id)
            return None if row is None else user_from_row(row)

    def by_username(self, username: str) -> User | None:
        with self._db.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username.strip().lower()))
            return None if row is None else user_from_row(row)

    def patients_of(self, therapist_id: int) -> list[User]:
        query = (
            select(UserRow)
            .where(UserRow.therapist_id == therapist_id)
            .order_by(UserRow.display_name, UserRow.id)
        )
        with self._db.session() as s:
            return [user_from_row(r) for r in s.scalars(query)]

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password matches, else None (same work either way)."""
        with self._db.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username.strip().lower()))
            found = None if row is None else (user_from_row(row), row.password_hash)
        if found is None or not found[0].active or not found[1]:
            # Spend the same time as a real check so timing does not reveal usernames.
            verify_password(password, _dummy_hash())
            return None
        user, stored = found
        return user if verify_password(password, stored) else None

    def login(self, user: User) -> str:
        """A fresh bearer token for `user`; only its SHA-256 is stored."""
        if not user.active:
            raise UserError(f"{user.username} is deactivated")
        token = secrets.token_urlsafe(32)
        row = LoginRow(
            token_sha256=sha256_hex(token),
            user_id=user.id,
            expires_ms=now_ms() + self._login_ttl_ms,
        )
        with self._db.session() as s:
            s.add(row)
        return token

    def user_for_token(self, token: str) -> User | None:
        if not token or not token.isascii():
            return None
        query = (
            select(UserRow)
            .join(LoginRow, LoginRow.user_id == UserRow.id)
            .where(
                LoginRow.token_sha256 == sha256_hex(token),
                LoginRow.expires_ms > now_ms(),
                UserRow.deactivated_ms.is_(None),
            )
        )
        with self._db.session() as s:
            row = s.scalar(query)
            return None if row is None else user_from_row(row)

    def logout(self, token: str) -> None:
        if token.isascii():
            with self._db.session() as s:
                s.execute(delete(LoginRow).where(LoginRow.token_sha256 == sha256_hex(token)))


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")
