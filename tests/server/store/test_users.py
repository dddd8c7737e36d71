"""Users, passwords and login tokens against real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from server.store.db import Database
from server.store.passwords import hash_password, verify_password
from server.store.users import UserError, UserStore


@pytest.fixture
def users(db: Database) -> UserStore:
    return UserStore(db, login_ttl_s=60.0)


def test_password_hash_round_trip_and_salt() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second  # a fresh salt each time
    assert first.startswith("$argon2id$")
    assert verify_password("correct horse", first)
    assert not verify_password("correct horsE", first)


def test_short_password_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 8"):
        hash_password("short")


def test_patient_needs_an_existing_therapist(users: UserStore) -> None:
    with pytest.raises(UserError, match="no therapist"):
        users.create_user("anna", "anna-wachtwoord", "patient", therapist="nobody")
    users.create_user("dr-bakker", "bakker-wachtwoord", "therapist")
    anna = users.create_user("Anna", "anna-wachtwoord", "patient", therapist="dr-bakker")
    assert anna.username == "anna"
    assert [p.username for p in users.patients_of(anna.therapist_id or -1)] == ["anna"]
    with pytest.raises(UserError, match="taken"):
        users.create_user("anna", "other-password", "patient")


@pytest.mark.parametrize("name", ["a b", "anna;drop", "ánna", ""])
def test_bad_usernames_are_refused(users: UserStore, name: str) -> None:
    with pytest.raises(UserError):
        users.create_user(name, "long-enough", "therapist")


def test_tokens_identify_until_logout(users: UserStore) -> None:
    user = users.create_user("dr-bakker", "bakker-wachtwoord", "therapist")
    assert users.authenticate("dr-bakker", "wrong-password") is None
    assert users.authenticate("nobody", "bakker-wachtwoord") is None
    assert users.authenticate("DR-BAKKER", "bakker-wachtwoord") == user
    token = users.login(user)
    assert users.user_for_token(token) == user
    assert users.user_for_token(token + "x") is None
    users.logout(token)
    assert users.user_for_token(token) is None


def test_expired_token_is_refused(db: Database) -> None:
    store = UserStore(db, login_ttl_s=-1.0)
    user = store.create_user("dr-bakker", "bakker-wachtwoord", "therapist")
    assert store.user_for_token(store.login(user)) is None


def test_live_tokens_checks_many_logins_at_once(users: UserStore) -> None:
    """The sweep's one query: the live ones of many tokens, as user_for_token has them."""
    anna = users.create_user("anna", "anna-wachtwoord", "patient")
    bram = users.create_user("bram", "bram-wachtwoord", "patient")
    a, b, gone = users.login(anna), users.login(bram), users.login(bram)
    users.logout(gone)  # ends every login of bram's
    c = users.login(bram)
    assert users.live_tokens([a, b, c, a, "", "nope", "ünicode"]) == {a, c}
    assert users.live_tokens([]) == set()
    assert {t for t in (a, b, c) if users.user_for_token(t) is not None} == {a, c}
