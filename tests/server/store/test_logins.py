"""Logins against real databases (SQLite and PostgreSQL): the idle timeout and the
absolute lifetime, last-seen written at most once a minute, ending every login of a
user, purging ended ones, and old scrypt hashes verified and replaced by Argon2id."""

from __future__ import annotations

import base64
import hashlib
import secrets

import pytest
from sqlalchemy import event, select, update

from exercises.base import FieldError
from server.clock import ManualClock
from server.store.db import Database
from server.store.models import LoginRow, UserRow
from server.store.passwords import needs_rehash, verify_password
from server.store.users import UserStore

MINUTE_S = 60.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def users(db: Database, clock: ManualClock) -> UserStore:
    return UserStore(db, 12 * 3600.0, idle_s=30 * 60.0, seen_every_s=60.0, clock=clock)


def test_a_login_ends_after_its_idle_time(users: UserStore, clock: ManualClock) -> None:
    user = users.create_user("noor", "noor-wachtwoord", "patient")
    token = users.login(user)
    clock.advance(29 * MINUTE_S)
    assert users.user_for_token(token) == user  # seen: the idle time starts again
    clock.advance(29 * MINUTE_S)
    assert users.user_for_token(token) == user
    clock.advance(31 * MINUTE_S)
    assert users.user_for_token(token) is None


def test_a_login_in_use_still_ends_at_its_absolute_lifetime(
    users: UserStore, clock: ManualClock
) -> None:
    user = users.create_user("noor", "noor-wachtwoord", "patient")
    token = users.login(user)
    for _ in range(12 * 4 - 1):  # a request every 15 minutes for 12 hours
        clock.advance(15 * MINUTE_S)
        assert users.user_for_token(token) == user
    clock.advance(15 * MINUTE_S)
    assert users.user_for_token(token) is None


def test_last_seen_is_written_at_most_once_a_minute(
    db: Database, users: UserStore, clock: ManualClock
) -> None:
    user = users.create_user("noor", "noor-wachtwoord", "patient")
    token = users.login(user)
    writes: list[str] = []

    def count(_c: object, _cur: object, statement: str, *_a: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    for _ in range(100):  # 100 requests in 50 seconds
        clock.advance(0.5)
        assert users.user_for_token(token) == user
    assert writes == []
    clock.advance(10.0)
    users.user_for_token(token)
    assert len(writes) == 1
    event.remove(db.engine, "before_cursor_execute", count)


def test_logout_ends_every_login_of_that_user_only(users: UserStore) -> None:
    noor = users.create_user("noor", "noor-wachtwoord", "patient")
    anna = users.create_user("anna", "anna-wachtwoord", "patient")
    tablet, phone, other = users.login(noor), users.login(noor), users.login(anna)
    assert users.logout(phone) == noor.id
    assert users.user_for_token(tablet) is None
    assert users.user_for_token(phone) is None
    assert users.user_for_token(other) == anna
    assert users.logout(phone) is None  # already ended


def test_a_password_change_ends_every_login(users: UserStore) -> None:
    noor = users.create_user("noor", "noor-wachtwoord", "patient")
    token = users.login(noor)
    with pytest.raises(FieldError) as wrong:
        users.change_password(noor, "not-my-password", "nieuw-wachtwoord")
    assert (wrong.value.field, wrong.value.code) == ("current_password", "wrong_password")
    with pytest.raises(FieldError) as short:
        users.change_password(noor, "noor-wachtwoord", "kort")
    assert (short.value.field, short.value.code, short.value.low) == (
        "new_password",
        "too_short",
        8,
    )
    assert users.user_for_token(token) == noor  # a refused change ends nothing
    users.change_password(noor, "noor-wachtwoord", "nieuw-wachtwoord")
    assert users.user_for_token(token) is None
    assert users.authenticate("noor", "noor-wachtwoord") is None
    assert users.authenticate("noor", "nieuw-wachtwoord") == noor
    second = users.login(noor)
    assert users.set_password("noor", "ander-wachtwoord") == noor.id  # the CLI's reset
    assert users.user_for_token(second) is None


def test_ended_logins_are_purged(db: Database, users: UserStore, clock: ManualClock) -> None:
    noor = users.create_user("noor", "noor-wachtwoord", "patient")
    for _ in range(3):
        users.login(noor)
    clock.advance(31 * MINUTE_S)  # all three idle
    users.login(noor)  # a login purges what has ended
    with db.session() as s:
        assert len(s.scalars(select(LoginRow.token_sha256)).all()) == 1
    clock.advance(13 * 3600.0)
    assert users.purge_ended() == 1


def _scrypt_hash(password: str) -> str:
    """A hash as the server stored them before Argon2 (stdlib scrypt)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    return f"scrypt${2**14}$8$1${b64(salt)}${b64(digest)}"


def test_an_old_scrypt_hash_still_works_and_is_replaced_by_argon2(
    db: Database, users: UserStore
) -> None:
    noor = users.create_user("noor", "noor-wachtwoord", "patient")
    old = _scrypt_hash("noor-wachtwoord")
    assert verify_password("noor-wachtwoord", old)
    assert needs_rehash(old)
    with db.session() as s:
        s.execute(update(UserRow).where(UserRow.id == noor.id).values(password_hash=old))
    assert users.authenticate("noor", "wrong-wachtwoord") is None
    with db.session() as s:
        assert s.scalar(select(UserRow.password_hash)) == old  # a failure changes nothing
    assert users.authenticate("noor", "noor-wachtwoord") == noor
    with db.session() as s:
        new = s.scalar(select(UserRow.password_hash)) or ""
    assert new.startswith("$argon2id$")
    assert not needs_rehash(new)
    assert users.authenticate("noor", "noor-wachtwoord") == noor
