"""Users (patients and therapists), their passwords and their login tokens.

A deactivated user cannot log in, by password or by link, and their logins end. A
patient added in the therapist's page has no password (""): they sign in by link.

A login ends at the first of: its absolute lifetime (`login_ttl_s` after it began), its
idle timeout (`idle_s` without a request), a logout, a password change or deactivation
(each of these ends every login of that user). Its last-seen time is written at most
once per `seen_every_s`, not on every request. Ended logins are purged on each login.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, delete, func, select, update

from exercises.base import FieldError
from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import LoginRow, UserRow
from server.store.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)

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
    # False for a patient added in the page, who signs in by link: nothing to change.
    has_password: bool = True


def user_from_row(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role="therapist" if row.role == "therapist" else "patient",
        therapist_id=row.therapist_id,
        language=row.language,
        active=row.deactivated_ms is None,
        has_password=bool(row.password_hash),
    )


def sha256_hex(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class UserStore:
    """Creates users, checks passwords and issues login tokens (stored only as hashes)."""

    def __init__(
        self,
        db: Database,
        login_ttl_s: float,
        *,
        idle_s: float = 1800.0,
        seen_every_s: float = 60.0,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._db = db
        self._login_ttl_ms = int(login_ttl_s * 1000)
        self._idle_ms = int(idle_s * 1000)
        self._seen_every_ms = int(seen_every_s * 1000)
        self._clock = clock

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
            created_ms=self._clock.wall_ms(),
        )
        with self._db.session() as s:
            s.add(row)
            s.flush()
            return user_from_row(row)

    def set_password(self, username: str, password: str) -> int:
        """A new password for `username`; every login of theirs ends (returns their id)."""
        user = self.by_username(username)
        if user is None:
            raise UserError(f"no user named {username!r}")
        self._store_password(user.id, hash_password(password))
        return user.id

    def change_password(self, user: User, current: str, new: str) -> None:
        """The user's own change: `current` must match. Every login of theirs ends.
        Raises FieldError on current_password (wrong) or new_password (too short)."""
        with self._db.session() as s:
            stored = s.scalar(select(UserRow.password_hash).where(UserRow.id == user.id)) or ""
        if not stored or not verify_password(current, stored):
            raise FieldError("current_password", "wrong_password", "the current password is wrong")
        if len(new) < MIN_PASSWORD_LENGTH:
            raise FieldError(
                "new_password",
                "too_short",
                f"a password needs at least {MIN_PASSWORD_LENGTH} characters, got {len(new)}",
                low=MIN_PASSWORD_LENGTH,
            )
        self._store_password(user.id, hash_password(new))

    def _store_password(self, user_id: int, password_hash: str) -> None:
        with self._db.session() as s:
            s.execute(
                update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
            )
            s.execute(delete(LoginRow).where(LoginRow.user_id == user_id))

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
        """The user when the password matches, else None (same work either way). A hash
        of an older scheme is replaced by a fresh Argon2id one on success."""
        with self._db.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username.strip().lower()))
            found = None if row is None else (user_from_row(row), row.password_hash)
        if found is None or not found[0].active or not found[1]:
            # Spend the same time as a real check so timing does not reveal usernames.
            verify_password(password, _dummy_hash())
            return None
        user, stored = found
        if not verify_password(password, stored):
            return None
        if needs_rehash(stored):
            with self._db.session() as s:
                s.execute(
                    update(UserRow)
                    .where(UserRow.id == user.id, UserRow.password_hash == stored)
                    .values(password_hash=hash_password(password))
                )
        return user

    def login(self, user: User) -> str:
        """A fresh bearer token for `user`; only its SHA-256 is stored. Purges ended logins."""
        if not user.active:
            raise UserError(f"{user.username} is deactivated")
        self.purge_ended()
        token = secrets.token_urlsafe(32)
        now = self._clock.wall_ms()
        row = LoginRow(
            token_sha256=sha256_hex(token),
            user_id=user.id,
            expires_ms=now + self._login_ttl_ms,
            last_seen_ms=now,
        )
        with self._db.session() as s:
            s.add(row)
        return token

    def user_for_token(self, token: str) -> User | None:
        """The user of a live login, which counts as seen now (written at most once per
        `seen_every_s`); None for an unknown, expired, idle or revoked one."""
        if not token or not token.isascii():
            return None
        now = self._clock.wall_ms()
        digest = sha256_hex(token)
        query = (
            select(UserRow, LoginRow.last_seen_ms)
            .join(LoginRow, LoginRow.user_id == UserRow.id)
            .where(
                LoginRow.token_sha256 == digest,
                LoginRow.expires_ms > now,
                LoginRow.last_seen_ms > now - self._idle_ms,
                UserRow.deactivated_ms.is_(None),
            )
        )
        with self._db.session() as s:
            found = s.execute(query).first()
            if found is None:
                return None
            row, last_seen_ms = found
            if now - last_seen_ms >= self._seen_every_ms:
                s.execute(
                    update(LoginRow).where(LoginRow.token_sha256 == digest).values(last_seen_ms=now)
                )
            return user_from_row(row)

    def live_tokens(self, tokens: Iterable[str], seen: Iterable[str] | None = None) -> set[str]:
        """Those of `tokens` that are live logins (as `user_for_token` has them), those of
        `seen` among them (None: all) counted as seen now; one query and at most one
        write, however many (the sweep checks every open socket's login with it)."""
        by_digest = {sha256_hex(t): t for t in set(tokens) if t and t.isascii()}
        touch = None if seen is None else {sha256_hex(t) for t in seen if t and t.isascii()}
        if not by_digest:
            return set()
        now = self._clock.wall_ms()
        query = (
            select(LoginRow.token_sha256, LoginRow.last_seen_ms)
            .join(UserRow, LoginRow.user_id == UserRow.id)
            .where(
                LoginRow.token_sha256.in_(list(by_digest)),
                LoginRow.expires_ms > now,
                LoginRow.last_seen_ms > now - self._idle_ms,
                UserRow.deactivated_ms.is_(None),
            )
        )
        with self._db.session() as s:
            found = s.execute(query).all()
            due = [
                d
                for d, last in found
                if now - last >= self._seen_every_ms and (touch is None or d in touch)
            ]
            if due:
                s.execute(
                    update(LoginRow).where(LoginRow.token_sha256.in_(due)).values(last_seen_ms=now)
                )
        return {by_digest[d] for d, _ in found}

    def logout(self, token: str) -> int | None:
        """Ends every login of the token's user (this device and all others); their id,
        or None when the token was no (longer a) login."""
        if not token.isascii():
            return None
        with self._db.session() as s:
            user_id = s.scalar(
                select(LoginRow.user_id).where(LoginRow.token_sha256 == sha256_hex(token))
            )
        if user_id is not None:
            self.end_logins(user_id)
        return user_id

    def end_login(self, token: str) -> None:
        """Ends this one login (a browser that logs in again drops its old cookie's)."""
        if token.isascii():
            with self._db.session() as s:
                s.execute(delete(LoginRow).where(LoginRow.token_sha256 == sha256_hex(token)))

    def end_logins(self, user_id: int) -> int:
        """Ends every login of `user_id`; how many there were."""
        with self._db.session() as s:
            result = s.execute(delete(LoginRow).where(LoginRow.user_id == user_id))
            return int(cast(CursorResult[Any], result).rowcount)

    def purge_ended(self) -> int:
        """Deletes expired and idle logins; how many."""
        now = self._clock.wall_ms()
        ended = (LoginRow.expires_ms <= now) | (LoginRow.last_seen_ms <= now - self._idle_ms)
        with self._db.session() as s:
            result = s.execute(delete(LoginRow).where(ended))
            return int(cast(CursorResult[Any], result).rowcount)


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")
