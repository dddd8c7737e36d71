"""Patients added without a password, and their one-time sign-in links, against real
databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from exercises.base import FieldError
from server.store.db import Database
from server.store.patients import PatientStore, username_for
from server.store.signin_links import SigninLinks
from server.store.users import User, UserStore


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Marieke de Boer", set(), "marieke-de-boer"),
        ("José Núñez", set(), "jose-nunez"),
        ("Jan", {"jan"}, "jan-2"),
        ("Jan", {"jan", "jan-2"}, "jan-3"),
        ("李小龙", set(), "patient"),
        ("A" * 40, set(), "a" * 24),
    ],
)
def test_a_login_name_from_the_name(name: str, taken: set[str], expected: str) -> None:
    assert username_for(name, taken) == expected


@pytest.fixture
def stores(db: Database) -> tuple[UserStore, PatientStore, SigninLinks, User]:
    users = UserStore(db, login_ttl_s=60.0)
    therapist = users.create_user("dr-de-wit", "de-wit-wachtwoord", "therapist")
    return users, PatientStore(db, users), SigninLinks(db, ttl_s=60.0), therapist


def test_a_patient_without_password_cannot_log_in_by_password(
    stores: tuple[UserStore, PatientStore, SigninLinks, User],
) -> None:
    users, patients, _, therapist = stores
    patient = patients.add(therapist, "Marieke de Boer", "en")
    assert (patient.username, patient.language, patient.active) == ("marieke-de-boer", "en", True)
    assert users.authenticate(patient.username, "anything-at-all") is None
    with pytest.raises(FieldError) as refused:
        patients.add(therapist, "  ", "nl")
    assert (refused.value.field, refused.value.code) == ("display_name", "required")


def test_two_devices_opening_one_link_get_one_login(
    stores: tuple[UserStore, PatientStore, SigninLinks, User],
) -> None:
    _, patients, links, therapist = stores
    patient = patients.add(therapist, "Piet", "nl")
    token = links.create(patient, therapist).token
    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(state for state, _ in pool.map(links.use, [token] * 4))
    assert outcomes == ["ok", "used", "used", "used"]


def test_deactivating_revokes_open_links_only(
    stores: tuple[UserStore, PatientStore, SigninLinks, User],
) -> None:
    users, patients, links, therapist = stores
    patient = patients.add(therapist, "Els", "nl")
    used, still_open = links.create(patient, therapist), links.create(patient, therapist)
    assert links.use(used.token)[0] == "ok"
    login = users.login(patient)
    patients.edit(patient, active=False)
    assert users.user_for_token(login) is None
    by_id = {link.id: link for link in links.of(patient.id)}
    assert by_id[used.link.id].revoked_ms is None  # a used link stays "used"
    assert by_id[still_open.link.id].revoked_ms is not None
    assert links.look(still_open.token)[0] == "revoked"
