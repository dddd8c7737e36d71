"""A therapist adds, edits and deactivates their own patients; another therapist's
patient is never seen or changed (404); a deactivated patient cannot log in."""

from __future__ import annotations

import httpx
import pytest

from server.cli.admin import create_user
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = [on_both_databases]


def add(therapist: Client, name: str, language: str = "nl") -> dict[str, object]:
    r = therapist.http.post("/api/patients", json={"display_name": name, "language": language})
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def test_a_therapist_adds_a_patient_without_a_password(therapist: Client) -> None:
    made = add(therapist, "  José   de Vries ", "en")
    assert made["display_name"] == "José de Vries"
    assert made["language"] == "en"
    assert made["active"] is True
    assert made["role"] == "patient"
    assert made["therapist_id"] == therapist.user["id"]
    assert made["username"] == "jose-de-vries"
    again = add(therapist, "Jose de Vries")
    assert again["username"] == "jose-de-vries-2"  # login names stay unique
    listed = {p["id"] for p in therapist.http.get("/api/patients").json()}
    assert {made["id"], again["id"]} <= listed
    # No password: nothing typed logs in as them.
    for password in ("", "jose-de-vries", "x" * 8):
        r = therapist.http.post(
            "/api/login", json={"username": made["username"], "password": password or "-"}
        )
        assert r.status_code == 401


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"display_name": "   "}, "display_name", "required"),
        ({"display_name": "x" * 81}, "display_name", "too_long"),
        ({"display_name": "Anna", "language": "de"}, "language", "not_a_choice"),
    ],
)
def test_a_bad_field_is_named_with_a_code(
    therapist: Client, body: dict[str, str], field: str, code: str
) -> None:
    r = therapist.http.post("/api/patients", json=body)
    assert r.status_code == 422
    [error] = r.json()["fields"]
    assert (error["field"], error["code"]) == (field, code)


def test_a_therapist_edits_their_patient(therapist: Client) -> None:
    made = add(therapist, "Piet Jansen")
    r = therapist.http.patch(
        f"/api/patients/{made['id']}", json={"display_name": "Pieter Jansen", "language": "en"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["display_name"], r.json()["language"]) == ("Pieter Jansen", "en")
    assert r.json()["username"] == made["username"]  # the login name stays
    r = therapist.http.patch(f"/api/patients/{made['id']}", json={"display_name": ""})
    assert r.status_code == 422
    assert r.json()["fields"][0]["code"] == "required"


def test_deactivating_ends_the_logins_and_password_login(
    server: RunningServer, therapist: Client
) -> None:
    name, password = "anke-smit", "anke-wachtwoord"
    create_user(
        server.settings, name, password, "patient", therapist=server.credentials()["therapist"][0]
    )
    with Client.login(server, name, password) as patient:
        assert patient.http.get("/api/programme").status_code == 200
        r = therapist.http.patch(f"/api/patients/{patient.user['id']}", json={"active": False})
        assert r.status_code == 200, r.text
        assert r.json()["active"] is False
        assert patient.http.get("/api/programme").status_code == 401  # the cookie's login ended
        bearer = {"Authorization": f"Bearer {patient.token}"}
        assert httpx.get(server.base_url + "/api/me", headers=bearer).status_code == 401
    r = httpx.post(server.base_url + "/api/login", json={"username": name, "password": password})
    assert r.status_code == 401
    listed = {p["id"]: p for p in therapist.http.get("/api/patients").json()}
    assert listed[patient.user["id"]]["active"] is False  # still the therapist's, marked
    r = therapist.http.patch(f"/api/patients/{patient.user['id']}", json={"active": True})
    assert r.json()["active"] is True
    with Client.login(server, name, password) as back:
        assert back.http.get("/api/programme").status_code == 200


def test_another_therapists_patient_is_not_found(
    therapist: Client, stranger: Client, patient: Client
) -> None:
    mine = add(therapist, "Els Visser")["id"]
    plan = [{"exercise": "bridge", "prescription": {"reps": 12}}]
    for pid in (mine, patient.user["id"]):
        calls = [
            stranger.http.patch(f"/api/patients/{pid}", json={"display_name": "Hacked"}),
            stranger.http.patch(f"/api/patients/{pid}", json={"active": False}),
            stranger.http.get(f"/api/patients/{pid}/programme"),
            stranger.http.put(f"/api/patients/{pid}/programme", json=plan),
            stranger.http.get(f"/api/patients/{pid}/links"),
            stranger.http.post(f"/api/patients/{pid}/links"),
            stranger.http.delete(f"/api/patients/{pid}/links"),
            stranger.http.delete(f"/api/patients/{pid}/links/1"),
        ]
        assert [c.status_code for c in calls] == [404] * len(calls)
    assert stranger.http.get("/api/patients").json() == []
    assert therapist.http.get(f"/api/patients/{mine}/programme").status_code == 200
    names = {p["id"]: p["display_name"] for p in therapist.http.get("/api/patients").json()}
    assert names[mine] == "Els Visser"
    # A patient manages no patients.
    assert patient.http.post("/api/patients", json={"display_name": "Me too"}).status_code == 403
