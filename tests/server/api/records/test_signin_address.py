"""Where a sign-in link goes: the clinic's public address when it is set, and whether
that address reaches only the server's own computer (then the page warns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.api.records.patients import only_here
from server.live.inference import EstimatorFactory
from tests.server.api.records.test_signin_links import new_patient
from tests.server.clients import Client
from tests.server.live_server import running_server


def test_a_link_goes_to_the_clinics_public_address(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    public = "https://oefenen.clinic.example/fc/"
    with (
        running_server(
            tmp_path / "data", estimator_factory=replay_factory, public_url=public
        ) as clinic,
        Client.login(clinic, *clinic.credentials()["therapist"]) as therapist,
    ):
        pid = new_patient(therapist)
        r = therapist.http.post(f"/api/patients/{pid}/links")
    assert r.status_code == 201, r.text
    assert str(r.json()["url"]).startswith(f"{public}signin#")
    assert r.json()["only_here"] is False


@pytest.mark.parametrize(
    ("address", "only"),
    [
        ("http://127.0.0.1:8000/signin#x", True),
        ("http://127.8.0.1/", True),
        ("http://[::1]:8000/", True),
        ("http://localhost:8000/", True),
        ("http://0.0.0.0:8000/", True),
        ("https://192.168.1.20:8000/", False),
        ("https://oefenen.clinic.nl/", False),
        ("http://[fe80::1]:8000/", False),
    ],
)
def test_only_loopback_addresses_reach_only_this_computer(address: str, only: bool) -> None:
    assert only_here(address) is only
