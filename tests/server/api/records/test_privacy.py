"""A therapist's privacy tools for their own patient: the audit log, the export (a zip
of every row and each report) and the erasure (the name typed as confirmation; a live
session is closed); another therapist's patient is 404. The client address in the log
is the peer's unless a trusted proxy forwarded it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from server.api.state import app_state
from server.protocol.codes import CloseCode
from server.protocol.patients import AuditEntryWire
from server.store.privacy.audit import Action
from tests.server.clients import Client, receive
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer, running_server
from tests.server.uploads import plain_clip, upload, wait_for_job

pytestmark = [on_both_databases]


def _patient(therapist: Client, name: str) -> int:
    r = therapist.http.post("/api/patients", json={"display_name": name})
    assert r.status_code == 201, r.text
    pid = int(r.json()["id"])
    r = therapist.http.put(f"/api/patients/{pid}/programme", json=[{"exercise": "bridge"}])
    assert r.status_code == 200, r.text
    return pid


def _signed_in(server: RunningServer, therapist: Client, pid: int) -> httpx.Client:
    url = therapist.http.post(f"/api/patients/{pid}/links").json()["url"]
    http = httpx.Client(base_url=server.base_url, timeout=30)
    assert http.post("/api/signin", json={"token": url.split("#", 1)[1]}).status_code == 200
    return http


def test_the_export_is_a_zip_of_every_row_and_each_report(
    therapist: Client, tmp_path: Path
) -> None:
    pid = _patient(therapist, "Export Patient")
    clip = plain_clip(tmp_path / "clip.mp4").read_bytes()
    job = upload(therapist.http, f"/api/patients/{pid}/recordings", clip).json()["job_id"]
    session_id = wait_for_job(therapist.http, job)["session_id"]
    r = therapist.http.get(f"/api/patients/{pid}/export")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert f"formcheck-patient-{pid}.zip" in r.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    names = set(archive.namelist())
    assert names == {
        "formcheck-export.json",
        f"reports/{session_id}.json",
        f"reports/{session_id}.pdf",
    }
    document = json.loads(archive.read("formcheck-export.json"))
    tables = document["tables"]
    assert [u["id"] for u in tables["users"]] == [pid]
    assert "password_hash" not in tables["users"][0]
    assert [s["id"] for s in tables["sessions"]] == [session_id]
    assert tables["frames"], "the landmarks are in the export"
    assert {"programme_changed", "recording_uploaded"} <= {e["action"] for e in tables["audit_log"]}
    # an entry is written as the audit route serves it: the same type, the same fields
    newest = therapist.http.get(f"/api/patients/{pid}/audit?limit=1").json()["entries"][0]
    assert set(tables["audit_log"][-1]) == set(newest) == set(AuditEntryWire.model_fields)
    assert [AuditEntryWire.model_validate(e) for e in tables["audit_log"]]
    report = json.loads(archive.read(f"reports/{session_id}.json"))
    assert report["exercise"] == "bridge"
    assert archive.read(f"reports/{session_id}.pdf").startswith(b"%PDF")


def test_another_therapists_patient_is_not_found(therapist: Client, stranger: Client) -> None:
    pid = _patient(therapist, "Private Patient")
    for method, path in [
        ("GET", f"/api/patients/{pid}/audit"),
        ("GET", f"/api/patients/{pid}/export"),
        ("DELETE", f"/api/patients/{pid}"),
    ]:
        r = stranger.http.request(method, path, json={"confirm_name": "Private Patient"})
        assert r.status_code == 404, (method, path, r.text)
    assert therapist.http.get(f"/api/patients/{pid}/programme").status_code == 200


def test_erasure_needs_the_name_and_leaves_only_the_audit_log(
    server: RunningServer, therapist: Client
) -> None:
    pid = _patient(therapist, "Erase Patient")
    own = _signed_in(server, therapist, pid)
    wrong = therapist.http.request("DELETE", f"/api/patients/{pid}", json={"confirm_name": "Eras"})
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "confirm_name"
    assert own.get("/api/programme").status_code == 200  # nothing happened
    r = therapist.http.request(
        "DELETE", f"/api/patients/{pid}", json={"confirm_name": "  erase   PATIENT "}
    )
    assert r.status_code == 200, r.text
    assert r.json()["rows"]["users"] == 1
    assert own.get("/api/programme").status_code == 401  # their login ended with them
    assert therapist.http.get(f"/api/patients/{pid}/programme").status_code == 404
    assert pid not in {p["id"] for p in therapist.http.get("/api/patients").json()}
    # Kept (ids only), out of any later patient's log with this id: the erasure is last.
    everyone = app_state(server.app).audit.page(None, limit=500).entries
    kept = [e for e in everyone if e.patient_id == pid]
    assert kept[0].action is Action.PATIENT_ERASED
    assert app_state(server.app).audit.page(pid).total == 0
    assert Action.SIGNIN_LINK_USED in {e.action for e in kept}
    own.close()


def _drain(ws: ClientConnection) -> None:
    while True:
        receive(ws, timeout_s=10)


def test_an_erased_patients_live_session_is_closed(
    server: RunningServer, therapist: Client
) -> None:
    pid = _patient(therapist, "Live Patient")
    own = _signed_in(server, therapist, pid)
    made = own.post("/api/sessions", json={"exercise": "bridge"}).json()
    cookie = own.cookies.get("formcheck_login")
    with connect(
        server.ws_url + made["ws_path"],
        additional_headers={"Authorization": f"Bearer {cookie}"},
        open_timeout=30,
    ) as ws:
        assert receive(ws)["type"] == "session"
        body = {"confirm_name": "Live Patient"}
        r = therapist.http.request("DELETE", f"/api/patients/{pid}", json=body)
        assert r.status_code == 200, r.text
        assert r.json()["live_sessions_closed"] == 1
        with pytest.raises(ConnectionClosed) as closed:
            _drain(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == CloseCode.ERASED
    own.close()


def _login_client(server: RunningServer, forwarded_for: str) -> str | None:
    user, password = server.credentials()["therapist"]
    headers = {"X-Forwarded-For": forwarded_for}
    with httpx.Client(base_url=server.base_url, headers=headers) as http:
        assert http.post("/api/login", json={"username": user, "password": password}).is_success
    return app_state(server.app).audit.page(None, limit=1).entries[0].client


def test_a_clients_own_forwarded_for_is_not_believed(server: RunningServer) -> None:
    assert _login_client(server, "203.0.113.9") == "127.0.0.1"


def test_a_trusted_proxys_forwarded_for_is_recorded(
    tmp_path: Path, replay_factory: object, server_database: str | None
) -> None:
    del server_database  # the address is uvicorn's business: its own SQLite file will do
    with running_server(
        tmp_path,
        estimator_factory=replay_factory,  # type: ignore[arg-type]
        trusted_proxies=("127.0.0.1",),
    ) as proxied:
        assert _login_client(proxied, "203.0.113.9") == "203.0.113.9"
