"""The language belongs to the user: `PATCH /api/me` keeps it with the account, so the
next login, on any device, has it (issue 14: on a shared tablet the therapist's English
carried over to the patient)."""

from __future__ import annotations

import httpx

from tests.server.clients import Client
from tests.server.live_server import RunningServer


def test_each_user_keeps_their_own_language(server: RunningServer) -> None:
    creds = server.credentials()
    with Client.login(server, *creds["therapist"]) as therapist:
        r = therapist.http.patch("/api/me", json={"language": "en"})
        assert r.status_code == 200, r.text
        assert r.json()["language"] == "en"
    with Client.login(server, *creds["therapist"]) as again:
        assert again.user["language"] == "en"  # the login's answer has it
        assert again.http.get("/api/me").json()["language"] == "en"
    with Client.login(server, *creds["patient"]) as patient:
        assert patient.user["language"] == "nl"  # the therapist's choice is not theirs
        assert patient.http.patch("/api/me", json={"language": "en"}).json()["language"] == "en"
        assert patient.http.patch("/api/me", json={"language": "nl"}).json()["language"] == "nl"
    with Client.login(server, *creds["therapist"]) as therapist:
        therapist.http.patch("/api/me", json={"language": "nl"}).raise_for_status()


def test_only_a_known_language_and_only_ones_own(server: RunningServer) -> None:
    with Client.login(server, *server.credentials()["patient"]) as patient:
        assert patient.http.patch("/api/me", json={"language": "de"}).status_code == 422
        assert patient.http.patch("/api/me", json={}).status_code == 422
    assert httpx.patch(server.base_url + "/api/me", json={"language": "en"}).status_code == 401
