"""Strict input at the boundary: out-of-range or malformed ids, NaN and Infinity, and
values of the wrong type are a 422 (or a 404), never a 500 and never stored."""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from server.api.boundary.errors import SafeJSONResponse
from server.api.state import app_state

HUGE = 2**64
HEX = "0" * 32


def _logins(client: TestClient) -> tuple[dict[str, str], dict[str, str]]:
    """(therapist, patient) auth headers; the patient is the therapist's."""
    assert isinstance(client.app, FastAPI)
    users = app_state(client.app).users
    users.create_user("tess", "tess-wachtwoord", "therapist")
    users.create_user("anna", "anna-wachtwoord", "patient", therapist="tess")
    out = []
    for name in ("tess", "anna"):
        r = client.post("/api/login", json={"username": name, "password": f"{name}-wachtwoord"})
        assert r.status_code == 200, r.text
        client.cookies.clear()  # a second login from this client would end the first
        out.append({"Authorization": f"Bearer {r.json()['token']}"})
    return out[0], out[1]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/patients/{HUGE}/programme",
        "/api/patients/-1/programme",
        "/api/patients/0/intake",
        f"/api/patients/{10**30}/links",
        f"/api/sessions?patient_id={HUGE}",
        "/api/sessions/not-hex",
        f"/api/sessions/{'g' * 32}/report",
        f"/api/sessions/{HEX}/reps/{HUGE}/landmarks",
        "/api/jobs/zz",
    ],
)
def test_malformed_or_out_of_range_ids_are_422(app_client: TestClient, path: str) -> None:
    therapist, _ = _logins(app_client)
    r = app_client.get(path, headers=therapist)
    assert r.status_code == 422, (r.status_code, r.text)


def test_well_formed_unknown_ids_are_404(app_client: TestClient) -> None:
    therapist, patient = _logins(app_client)
    assert (
        app_client.get(f"/api/patients/{2**63 - 1}/programme", headers=therapist).status_code == 404
    )
    assert app_client.get(f"/api/sessions/{HEX}", headers=patient).status_code == 404
    r = app_client.post(
        f"/api/workouts/{2**63 - 1}/pain", json={"moment": "before", "score": 3}, headers=patient
    )
    assert r.status_code == 404


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_in_a_body_are_422(app_client: TestClient, constant: str) -> None:
    therapist, patient = _logins(app_client)
    workout = app_client.post("/api/workouts", headers=patient).json()["workout_id"]
    r = app_client.post(
        f"/api/workouts/{workout}/pain",
        content=f'{{"moment": "before", "score": {constant}}}',
        headers=patient | {"Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    patient_id = app_client.get("/api/patients", headers=therapist).json()[0]["id"]
    r = app_client.put(
        f"/api/patients/{patient_id}/programme",
        content=f'[{{"exercise": "bridge", "prescription": {{"hold_s": {constant}, "reps": 3}}}}]',
        headers=therapist | {"Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text


@pytest.mark.parametrize("score", ["5", True, 5.5, 5.0, 11, -1, HUGE, None])
def test_a_pain_score_is_a_whole_number_0_to_10(app_client: TestClient, score: object) -> None:
    _, patient = _logins(app_client)
    workout = app_client.post("/api/workouts", headers=patient).json()["workout_id"]
    r = app_client.post(
        f"/api/workouts/{workout}/pain", json={"moment": "before", "score": score}, headers=patient
    )
    assert r.status_code == 422, r.text
    ok = app_client.post(
        f"/api/workouts/{workout}/pain", json={"moment": "before", "score": 5}, headers=patient
    )
    assert ok.status_code == 200
    assert ok.json()["workout"]["pain_before"] == 5


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("reps", 5.5, "not_whole"),
        ("reps", 5.0, "not_whole"),
        ("reps", "5", "not_a_number"),
        ("reps", True, "not_a_number"),
        ("sets", HUGE, "out_of_range"),
        ("hold_s", "5", "not_a_number"),
    ],
)
def test_a_dose_of_the_wrong_type_is_refused_naming_the_field(
    app_client: TestClient, field: str, value: object, code: str
) -> None:
    therapist, _ = _logins(app_client)
    patient_id = app_client.get("/api/patients", headers=therapist).json()[0]["id"]
    url = f"/api/patients/{patient_id}/programme"
    body = [{"exercise": "bridge", "prescription": {field: value}}]
    r = app_client.put(url, json=body, headers=therapist)
    assert r.status_code == 422, r.text
    assert r.json()["fields"][0] | {"field": field, "code": code} == r.json()["fields"][0]
    items = app_client.get(url, headers=therapist).json()["items"]
    assert all(isinstance(i["prescription"]["reps"], int) for i in items)


def test_strict_booleans_and_strings(app_client: TestClient) -> None:
    therapist, _ = _logins(app_client)
    patient_id = app_client.get("/api/patients", headers=therapist).json()[0]["id"]
    for body in ({"active": "false"}, {"active": 0}, {"display_name": 5}):
        r = app_client.patch(f"/api/patients/{patient_id}", json=body, headers=therapist)
        assert r.status_code == 422, (body, r.text)


def test_deep_nesting_and_huge_numbers_are_422(app_client: TestClient) -> None:
    _, patient = _logins(app_client)
    json_headers = patient | {"Content-Type": "application/json"}
    for text in (
        "[" * 100_000 + "]" * 100_000,
        '{"exercise": "bridge", "workout_id": 1' + "0" * 5000 + "}",
    ):
        r = app_client.post("/api/sessions", content=text, headers=json_headers)
        assert r.status_code in (413, 422), r.text


def test_a_json_body_over_its_limit_is_refused_unread(app_client: TestClient) -> None:
    _, patient = _logins(app_client)
    r = app_client.post(
        "/api/sessions",
        content=b"[" + b" " * 300_000 + b"]",
        headers=patient | {"Content-Type": "application/json"},
    )
    assert r.status_code == 413


# Not text: a lone surrogate (no UTF-8 holds it) and NUL (PostgreSQL refuses it).
NOT_TEXT = ["\ud800", "ok\udfffok", "a\x00b"]
TEXT_FIELDS = ("username", "password", "new_password", "token", "name", "note", "confirm_name")


def _json_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route that reads a JSON body (from the app's OpenAPI
    schema, as the fuzz tests take them), its path ids filled in."""
    assert isinstance(client.app, FastAPI)
    out = []
    for template, operations in client.app.openapi()["paths"].items():
        path = re.sub(r"\{session_id\}|\{job_id\}", HEX, template)
        path = re.sub(r"\{[a-z_]+\}", "1", path)
        for method, operation in operations.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                out.append((method.upper(), path))
    return out


@pytest.mark.parametrize("bad", NOT_TEXT)
def test_a_text_that_is_not_text_is_422_on_every_route_without_a_login(
    app_client: TestClient, bad: str
) -> None:
    routes = _json_routes(app_client)
    assert {("POST", "/api/login"), ("POST", "/api/signin")} <= set(routes)
    body = json.dumps(dict.fromkeys(TEXT_FIELDS, bad))  # ASCII: the escapes travel
    answers = {
        (method, path): app_client.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
        for method, path in routes
    }
    wrong = {k: (r.status_code, r.text[:120]) for k, r in answers.items() if r.status_code != 422}
    assert wrong == {}
    assert all(r.json()["code"] == "invalid" for r in answers.values())
    assert all("JSON" in r.json()["message"] for r in answers.values())


def test_an_error_answer_renders_whatever_it_holds() -> None:
    body = bytes(SafeJSONResponse({"detail": ["\ud800", float("nan"), "é"]}, 422).body)
    assert json.loads(body) == {"detail": ["\ud800", None, "é"]}
    assert body.isascii()
