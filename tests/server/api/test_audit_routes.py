"""Every route that touches a patient's data leaves its row in the audit log: the test
walks the app's routes, read from the app itself, so a new route fails here until it is
audited (its step below) or named in `NO_PATIENT_DATA` with the reason.

On a real uvicorn, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts
from starlette.routing import Mount, Route, WebSocketRoute
from websockets.sync.client import ClientConnection, connect

from server.api.state import app_state
from server.protocol.patients import AuditEntryWire
from server.store.privacy.audit import Action, AuditEntry
from tests.server.clients import Client, receive
from tests.server.conftest import jpeg
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer
from tests.server.uploads import plain_clip, upload, wait_for_job

pytestmark = [on_both_databases]

# Routes that touch no patient's data, and why.
NO_PATIENT_DATA = {
    ("GET", "/healthz"): "liveness",
    ("GET", "/"): "the page",
    ("GET", "/signin"): "the page (the token stays in the fragment)",
    ("GET", "/demo"): "the page in demo mode",
    ("GET", "/formcheck-cert.crt"): "the public certificate",
    ("GET", "/report.css"): "the report page's stylesheet",
    ("GET", "/api/texts"): "the text catalogue",
    ("GET", "/api/exercises"): "the exercise specs",
    ("GET", "/api/on-device"): "the page's on-device pose settings",
    ("GET", "/vendor/{path:path}"): "the on-device pose library files (npm)",
    ("GET", "/models/{digest}/{name}"): "the pose model file",
    ("GET", "/ondevice/flow_worker.js"): "the breathing probes' worker script",
    ("GET", "/api/me"): "the caller's own account, on every page load",
    ("PATCH", "/api/me"): "the caller's own language: an account setting, no health data",
    ("POST", "/api/signin/check"): "spends nothing; a link's state and language only",
    ("POST", "/api/demo"): "the demo stores nothing and has no account",
    ("WS", "/ws/demo/{session_id}"): "the demo stores nothing and has no account",
}


@dataclass
class Walk:
    """What the steps share: the clients and the ids made on the way."""

    server: RunningServer
    therapist: Client
    patient: Client  # the demo patient (their own clips and sessions)
    tmp: Path
    ids: dict[str, Any] = field(default_factory=dict)
    new_patient: httpx.Client | None = None  # signed in by link

    @property
    def pid(self) -> int:
        return int(self.ids["patient"])

    @property
    def own(self) -> httpx.Client:
        assert self.new_patient is not None
        return self.new_patient


# A step: does the route's request(s), checks the answer, returns who and whose.
Step = Callable[[Walk], tuple[Action, int | None, int | None]]
STEPS: dict[tuple[str, str], Step] = {}


def step(method: str, path: str) -> Callable[[Step], Step]:
    def register(fn: Step) -> Step:
        STEPS[(method, path)] = fn
        return fn

    return register


def ok(r: httpx.Response) -> Any:
    assert r.is_success, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json() if "json" in r.headers.get("content-type", "") else r.content


def tid(w: Walk) -> int:
    return int(w.therapist.user["id"])


@step("POST", "/api/login")
def _login(w: Walk) -> tuple[Action, int | None, int | None]:
    with httpx.Client(base_url=w.server.base_url) as http:
        r = http.post("/api/login", json={"username": w.patient.user["username"], "password": "x"})
        assert r.status_code == 401
    assert _newest().action is Action.LOGIN_FAILED
    assert _newest().patient_id == w.patient.user["id"]
    user, password = w.server.credentials()["therapist"]
    with httpx.Client(base_url=w.server.base_url) as http:
        ok(http.post("/api/login", json={"username": user, "password": password}))
    return Action.LOGIN, tid(w), None


@step("POST", "/api/logout")
def _logout(w: Walk) -> tuple[Action, int | None, int | None]:
    user, password = w.server.credentials()["patient"]
    with Client.login(w.server, user, password) as other:
        ok(other.http.post("/api/logout"))
    return Action.LOGOUT, w.patient.user["id"], w.patient.user["id"]


@step("POST", "/api/password")
def _password(w: Walk) -> tuple[Action, int | None, int | None]:
    user, password = w.server.credentials()["patient"]
    with Client.login(w.server, user, password) as other:
        there = {"current_password": password, "new_password": "a-new-pass-123"}
        ok(other.http.post("/api/password", json=there))
        back = {"current_password": "a-new-pass-123", "new_password": password}
        ok(other.http.post("/api/password", json=back))  # the walk's credentials stay
    return Action.PASSWORD_CHANGED, w.patient.user["id"], w.patient.user["id"]


@step("POST", "/api/patients")
def _add(w: Walk) -> tuple[Action, int | None, int | None]:
    made = ok(w.therapist.http.post("/api/patients", json={"display_name": "Walk Patient"}))
    w.ids["patient"] = made["id"]
    return Action.PATIENT_ADDED, tid(w), w.pid


@step("GET", "/api/patients")
def _list(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get("/api/patients"))
    return Action.PATIENTS_LISTED, tid(w), w.pid


@step("GET", "/api/patients/overview")
def _overview(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get("/api/patients/overview"))
    return Action.PATIENTS_LISTED, tid(w), w.pid


@step("PATCH", "/api/patients/{patient_id}")
def _edit(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.patch(f"/api/patients/{w.pid}", json={"language": "en"}))
    return Action.PATIENT_EDITED, tid(w), w.pid


@step("POST", "/api/patients/{patient_id}/links")
def _new_link(w: Walk) -> tuple[Action, int | None, int | None]:
    made = ok(w.therapist.http.post(f"/api/patients/{w.pid}/links"))
    w.ids["token"] = made["url"].split("#", 1)[1]
    assert w.ids["token"] not in AuditEntryWire.of(_newest()).model_dump_json()
    return Action.SIGNIN_LINK_CREATED, tid(w), w.pid


@step("GET", "/api/patients/{patient_id}/links")
def _links(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/patients/{w.pid}/links"))
    return Action.SIGNIN_LINKS_READ, tid(w), w.pid


@step("DELETE", "/api/patients/{patient_id}/links/{link_id}")
def _revoke(w: Walk) -> tuple[Action, int | None, int | None]:
    link = ok(w.therapist.http.post(f"/api/patients/{w.pid}/links"))["id"]
    ok(w.therapist.http.delete(f"/api/patients/{w.pid}/links/{link}"))
    return Action.SIGNIN_LINK_REVOKED, tid(w), w.pid


@step("POST", "/api/signin")
def _signin(w: Walk) -> tuple[Action, int | None, int | None]:
    http = httpx.Client(base_url=w.server.base_url, timeout=30)
    ok(http.post("/api/signin", json={"token": w.ids["token"]}))
    w.new_patient = http
    return Action.SIGNIN_LINK_USED, w.pid, w.pid


@step("DELETE", "/api/patients/{patient_id}/links")
def _revoke_all(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.delete(f"/api/patients/{w.pid}/links"))
    return Action.SIGNIN_LINKS_REVOKED, tid(w), w.pid


@step("PUT", "/api/patients/{patient_id}/programme")
def _prescribe(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.put(f"/api/patients/{w.pid}/programme", json=[{"exercise": "bridge"}]))
    return Action.PROGRAMME_CHANGED, tid(w), w.pid


@step("GET", "/api/patients/{patient_id}/progress")
def _progress(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/patients/{w.pid}/progress"))
    return Action.PROGRESS_READ, tid(w), w.pid


@step("GET", "/api/patients/{patient_id}/progress/plots")
def _progress_plots(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/patients/{w.pid}/progress/plots"))
    return Action.PROGRESS_READ, tid(w), w.pid


@step("GET", "/api/patients/{patient_id}/programme")
def _programme(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/patients/{w.pid}/programme"))
    return Action.PROGRAMME_READ, tid(w), w.pid


@step("GET", "/api/programme")
def _own_programme(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.own.get("/api/programme"))
    return Action.PROGRAMME_READ, w.pid, w.pid


@step("PUT", "/api/intake")
def _save_intake(w: Walk) -> tuple[Action, int | None, int | None]:
    options = ok(w.own.get("/api/intake"))["options"]
    complaint = options["complaints"][0]
    key = complaint["key"] if isinstance(complaint, dict) else complaint
    ok(w.own.put("/api/intake", json={"complaints": [key]}))
    return Action.INTAKE_SAVED, w.pid, w.pid


@step("GET", "/api/intake")
def _intake(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.own.get("/api/intake"))
    return Action.INTAKE_READ, w.pid, w.pid


@step("GET", "/api/patients/{patient_id}/intake")
def _patient_intake(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/patients/{w.pid}/intake"))
    return Action.INTAKE_READ, tid(w), w.pid


@step("POST", "/api/workouts")
def _workout(w: Walk) -> tuple[Action, int | None, int | None]:
    w.ids["workout"] = ok(w.own.post("/api/workouts"))["workout_id"]
    return Action.WORKOUT_STARTED, w.pid, w.pid


@step("POST", "/api/workouts/{workout_id}/pain")
def _pain(w: Walk) -> tuple[Action, int | None, int | None]:
    body = {"moment": "before", "score": 3}
    ok(w.own.post(f"/api/workouts/{w.ids['workout']}/pain", json=body))
    return Action.PAIN_BEFORE_RECORDED, w.pid, w.pid


@step("POST", "/api/sessions")
def _session(w: Walk) -> tuple[Action, int | None, int | None]:
    body = {"exercise": "bridge", "workout_id": w.ids["workout"]}
    w.ids["live"] = ok(w.own.post("/api/sessions", json=body))
    return Action.SESSION_CREATED, w.pid, w.pid


def _socket(w: Walk) -> ClientConnection:
    cookie = w.own.cookies.get("formcheck_login")
    return connect(
        w.server.ws_url + w.ids["live"]["ws_path"],
        additional_headers={"Authorization": f"Bearer {cookie}"},
        open_timeout=30,
    )


@step("WS", "/ws/sessions/{session_id}")
def _ws(w: Walk) -> tuple[Action, int | None, int | None]:
    with _socket(w) as ws:
        assert receive(ws)["type"] == "session"
        ws.send(jpeg(np.full((120, 160, 3), 90, np.uint8)))
        receive(ws)
    assert any(e.action is Action.SESSION_CONNECTED for e in _since(w.ids["mark"]))
    w.ids["finish"] = True
    return Action.SESSION_CONNECTED, w.pid, w.pid


@step("POST", "/api/sessions/{session_id}/resume")
def _resume(w: Walk) -> tuple[Action, int | None, int | None]:
    live = w.ids["live"]
    body = {"resume_token": live["resume_token"]}
    ok(w.own.post(f"/api/sessions/{live['session_id']}/resume", json=body))
    with _socket(w) as ws:  # and finish it: its end is audited too
        assert receive(ws)["type"] == "session"
        ws.send(json.dumps({"type": "finish"}))
        while receive(ws)["type"] != "finished":
            pass
    assert any(e.action is Action.SESSION_FINISHED for e in _since(w.ids["mark"]))
    return Action.SESSION_RESUMED, w.pid, w.pid


@step("POST", "/api/patients/{patient_id}/recordings")
def _upload_for(w: Walk) -> tuple[Action, int | None, int | None]:
    clip = plain_clip(w.tmp / "clip.mp4").read_bytes()
    job = ok(upload(w.therapist.http, f"/api/patients/{w.pid}/recordings", clip))["job_id"]
    w.ids["job"] = job
    return Action.RECORDING_UPLOADED, tid(w), w.pid


@step("POST", "/api/recordings")
def _upload_own(w: Walk) -> tuple[Action, int | None, int | None]:
    clip = plain_clip(w.tmp / "own.mp4").read_bytes()
    w.ids["own_job"] = ok(upload(w.own, "/api/recordings", clip))["job_id"]
    return Action.RECORDING_UPLOADED, w.pid, w.pid


@step("GET", "/api/jobs/{job_id}")
def _job(w: Walk) -> tuple[Action, int | None, int | None]:
    w.ids["recorded"] = wait_for_job(w.therapist.http, w.ids["job"])["session_id"]
    assert wait_for_job(w.own, w.ids["own_job"])["state"] == "done"
    return Action.JOB_READ, tid(w), w.pid


@step("GET", "/api/sessions")
def _sessions(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/sessions?patient_id={w.pid}"))
    return Action.SESSIONS_LISTED, tid(w), w.pid


@step("GET", "/api/sessions/{session_id}")
def _detail(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/sessions/{w.ids['recorded']}"))
    return Action.SESSION_READ, tid(w), w.pid


def _report_step(suffix: str, action: Action) -> Step:
    def run(w: Walk) -> tuple[Action, int | None, int | None]:
        ok(w.therapist.http.get(f"/api/sessions/{w.ids['recorded']}/{suffix}"))
        assert _newest().object_id == w.ids["recorded"]
        return action, tid(w), w.pid

    return run


STEPS[("GET", "/api/sessions/{session_id}/report")] = _report_step("report", Action.REPORT_VIEWED)
STEPS[("GET", "/api/sessions/{session_id}/report.pdf")] = _report_step(
    "report.pdf", Action.REPORT_PDF
)
STEPS[("GET", "/api/sessions/{session_id}/report.csv")] = _report_step(
    "report.csv", Action.REPORT_CSV
)
STEPS[("GET", "/api/sessions/{session_id}/report.json")] = _report_step(
    "report.json", Action.REPORT_JSON
)
STEPS[("GET", "/api/sessions/{session_id}/reps/{index}/landmarks")] = _report_step(
    "reps/1/landmarks", Action.REP_LANDMARKS_READ
)


@step("GET", "/api/patients/{patient_id}/audit")
def _audit(w: Walk) -> tuple[Action, int | None, int | None]:
    page = ok(w.therapist.http.get(f"/api/patients/{w.pid}/audit?limit=5"))
    assert page["entries"][0]["action"] == "audit_read"  # newest first, this read too
    assert len(page["entries"]) == 5 < page["total"]
    return Action.AUDIT_READ, tid(w), w.pid


@step("GET", "/api/patients/{patient_id}/export")
def _export(w: Walk) -> tuple[Action, int | None, int | None]:
    ok(w.therapist.http.get(f"/api/patients/{w.pid}/export?pdf=false"))
    return Action.PATIENT_EXPORTED, tid(w), w.pid


@step("DELETE", "/api/patients/{patient_id}")
def _erase(w: Walk) -> tuple[Action, int | None, int | None]:
    body = {"confirm_name": "walk patient"}
    ok(w.therapist.http.request("DELETE", f"/api/patients/{w.pid}", json=body))
    return Action.PATIENT_ERASED, tid(w), w.pid


_STATE: list[RunningServer] = []


def _since(mark: int) -> list[AuditEntry]:
    entries = app_state(_STATE[0].app).audit.page(None, limit=500).entries
    return [e for e in entries if e.id > mark]


def _newest() -> AuditEntry:
    return app_state(_STATE[0].app).audit.page(None, limit=1).entries[0]


def app_routes(server: RunningServer) -> set[tuple[str, str]]:
    """(method or "WS", path) of every route the app serves, included routers' too."""
    routes: set[tuple[str, str]] = set()
    for context in iter_route_contexts(server.app.routes):
        route, path = context.route, str(context.path)
        if isinstance(route, APIWebSocketRoute | WebSocketRoute):
            routes.add(("WS", path))
        elif isinstance(route, APIRoute | Route):
            routes |= {(m, path) for m in (route.methods or set()) - {"HEAD"}}
        else:
            assert isinstance(route, Mount), route
            assert path == "/static", route
    assert len(routes) > 40, routes  # the app's routes were read, not a few
    return routes


@pytest.fixture
def walk(server: RunningServer, tmp_path: Path) -> Iterator[Walk]:
    _STATE[:] = [server]
    with (
        Client.login(server, *server.credentials()["therapist"]) as therapist,
        Client.login(server, *server.credentials()["patient"]) as patient,
    ):
        w = Walk(server, therapist, patient, tmp_path)
        yield w
        if w.new_patient is not None:
            w.new_patient.close()


def test_every_route_is_audited_or_touches_no_patient_data(server: RunningServer) -> None:
    routes = app_routes(server)
    assert not set(STEPS) & set(NO_PATIENT_DATA)
    unaudited = sorted(routes - set(STEPS) - set(NO_PATIENT_DATA))
    assert unaudited == [], f"routes with no audit step here (audit them): {unaudited}"
    assert sorted((set(STEPS) | set(NO_PATIENT_DATA)) - routes) == [], "stale entries here"


def test_each_route_leaves_its_row(walk: Walk) -> None:
    for route, run in STEPS.items():
        mark = _newest().id
        walk.ids["mark"] = mark
        action, actor, patient = run(walk)
        new = _since(mark)
        rows = [e for e in new if (e.action, e.actor_id, e.patient_id) == (action, actor, patient)]
        assert rows, f"{route}: no {action} row by {actor} about {patient}; got {new}"
        row = rows[-1]
        assert row.client == "127.0.0.1", (route, row)
        role = None if actor is None else "therapist" if actor == tid(walk) else "patient"
        assert row.actor_role == role, (route, row)
