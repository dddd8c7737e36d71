"""A patient's sign-in link logs them in once: used, expired, revoked or deactivated
links say so (with the patient's language) and log nobody in."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from server.api.state import app_state
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = [on_both_databases]


def new_patient(therapist: Client, language: str = "en") -> int:
    r = therapist.http.post(
        "/api/patients", json={"display_name": "Link Patiënt", "language": language}
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def new_link(therapist: Client, patient_id: int) -> dict[str, object]:
    r = therapist.http.post(f"/api/patients/{patient_id}/links")
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def token_of(link: dict[str, object]) -> str:
    url = str(link["url"])
    assert "/signin#" in url
    return url.split("#", 1)[1]


def check(server: RunningServer, token: str) -> dict[str, object]:
    r = httpx.post(server.base_url + "/api/signin/check", json={"token": token})
    assert r.status_code == 200
    body: dict[str, object] = r.json()
    return body


def use(server: RunningServer, token: str) -> httpx.Response:
    return httpx.post(server.base_url + "/api/signin", json={"token": token})


def test_a_link_logs_its_patient_in_once(server: RunningServer, therapist: Client) -> None:
    pid = new_patient(therapist)
    link = new_link(therapist, pid)
    assert str(link["qr_svg"]).startswith("<svg")
    assert "<script" not in str(link["qr_svg"])
    assert int(str(link["expires_ms"])) > 0
    token = token_of(link)
    assert check(server, token) == {"state": "ok", "language": "en"}
    assert check(server, token) == {"state": "ok", "language": "en"}  # looking spends nothing
    with httpx.Client(base_url=server.base_url) as device:
        r = device.post("/api/signin", json={"token": token})
        assert r.status_code == 200, r.text
        assert r.json()["user"]["id"] == pid
        assert device.get("/api/me").json()["id"] == pid  # the cookie is set
        assert device.get("/api/programme").status_code == 200
    again = use(server, token)
    assert again.status_code == 410
    assert (again.json()["code"], again.json()["link_state"]) == ("link_gone", "used")
    assert check(server, token)["state"] == "used"
    states = [link["state"] for link in therapist.http.get(f"/api/patients/{pid}/links").json()]
    assert states == ["used"]


def test_the_token_is_stored_only_as_a_hash(server: RunningServer, therapist: Client) -> None:
    token = token_of(new_link(therapist, new_patient(therapist)))
    with app_state(server.app).db.transaction() as conn:
        rows = conn.execute(text("SELECT token_sha256 FROM signin_links")).scalars().all()
    assert token not in rows
    assert all(len(r) == 64 for r in rows)


def test_an_expired_link_logs_nobody_in(server: RunningServer, therapist: Client) -> None:
    pid = new_patient(therapist, "nl")
    link = new_link(therapist, pid)
    with app_state(server.app).db.transaction() as conn:
        conn.execute(
            text("UPDATE signin_links SET expires_ms = 1 WHERE id = :id"), {"id": link["id"]}
        )
    token = token_of(link)
    assert check(server, token) == {"state": "expired", "language": "nl"}
    r = use(server, token)
    assert r.status_code == 410
    assert r.json()["link_state"] == "expired"
    assert "set-cookie" not in r.headers


def test_a_revoked_link_logs_nobody_in(server: RunningServer, therapist: Client) -> None:
    pid = new_patient(therapist)
    one, two, three = (new_link(therapist, pid) for _ in range(3))
    r = therapist.http.delete(f"/api/patients/{pid}/links/{one['id']}")
    assert r.json() == {"revoked": 1}
    assert use(server, token_of(one)).json()["link_state"] == "revoked"
    assert therapist.http.delete(f"/api/patients/{pid}/links").json() == {"revoked": 2}
    for link in (two, three):
        assert check(server, token_of(link))["state"] == "revoked"
        assert use(server, token_of(link)).status_code == 410
    assert therapist.http.delete(f"/api/patients/{pid}/links/999999").status_code == 404


def test_a_deactivated_patients_links_and_logins_end(
    server: RunningServer, therapist: Client
) -> None:
    pid = new_patient(therapist)
    first, second = new_link(therapist, pid), new_link(therapist, pid)
    with httpx.Client(base_url=server.base_url) as device:
        assert device.post("/api/signin", json={"token": token_of(first)}).status_code == 200
        r = therapist.http.patch(f"/api/patients/{pid}", json={"active": False})
        assert r.status_code == 200
        assert device.get("/api/me").status_code == 401  # their login ended
    assert use(server, token_of(second)).json()["link_state"] == "revoked"
    assert therapist.http.post(f"/api/patients/{pid}/links").status_code == 409
    therapist.http.patch(f"/api/patients/{pid}", json={"active": True})
    third = new_link(therapist, pid)
    # Deactivated after the link was made: the link says so.
    with app_state(server.app).db.transaction() as conn:
        conn.execute(text("UPDATE users SET deactivated_ms = 1 WHERE id = :id"), {"id": pid})
    assert check(server, token_of(third)) == {"state": "deactivated", "language": "en"}
    assert use(server, token_of(third)).json()["link_state"] == "deactivated"


def test_an_unknown_link_says_so(server: RunningServer) -> None:
    assert check(server, "no-such-token") == {"state": "unknown", "language": None}
    assert use(server, "no-such-token").json()["link_state"] == "unknown"


def test_the_signin_page_is_the_app(server: RunningServer) -> None:
    r = httpx.get(server.base_url + "/signin")
    assert r.status_code == 200
    assert 'id="screen-signin"' in r.text


def test_a_link_points_to_the_public_address_whatever_host_is_asked(
    server: RunningServer, therapist: Client
) -> None:
    pid = new_patient(therapist)
    r = therapist.http.post(f"/api/patients/{pid}/links", headers={"Host": "evil.example"})
    assert r.status_code == 201, r.text
    link = r.json()
    expected = f"{server.settings.public_address}signin#"
    assert str(link["url"]).startswith(expected)
    assert "evil.example" not in str(link["url"]) + str(link["qr_svg"])


def test_a_link_to_an_address_only_this_computer_reaches_says_so(
    server: RunningServer, therapist: Client
) -> None:
    """`make run` listens on 127.0.0.1: a tablet cannot open such a link, and a Host
    header naming a LAN address changes nothing (the page warns; see tests/web)."""
    assert server.settings.public_address.startswith("http://127.0.0.1:")
    pid = new_patient(therapist)
    r = therapist.http.post(f"/api/patients/{pid}/links", headers={"Host": "192.168.1.20:8000"})
    assert r.status_code == 201, r.text
    link = r.json()
    assert link["only_here"] is True
    assert str(link["url"]).startswith(server.settings.public_address)
