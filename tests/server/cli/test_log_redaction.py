"""Tokens never reach the server's log, under any spelling; nor does an error's text
(a database error quotes its values): errors are logged by type, tracebacks by frame;
the log is JSON lines with time, level, logger, event, request id and user; the access
log tells a refused socket from an accepted one."""

from __future__ import annotations

import json
import logging
import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from websockets.sync.client import connect

from server.api.state import app_state
from server.cli.log_redaction import RedactTokens, redact
from server.cli.logs import ErrorsByType, JsonLines, log_config
from server.store.db import Database
from tests.conftest import ROOT
from tests.server.clients import eventually
from tests.server.live_server import free_port

SOCKET_URL = "/ws/sessions/4f2a?resume_token=s3cr3t-T0ken_x&access_token=l0gin"
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SESSION = "0123456789abcdef0123456789abcdef"
PATIENT = "Jan de Vries"  # in variables only: a trace shows its lines of code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SOCKET_URL, "/ws/sessions/4f2a?resume_token=***&access_token=***"),
        ("/ws/sessions/4f2a?resume%5Ftoken=abc", "/ws/sessions/4f2a?resume_token=***"),
        ("/ws/sessions/4f2a?RESUME_TOKEN=abc&x=1", "/ws/sessions/4f2a?RESUME_TOKEN=***&x=1"),
        ("/ws/demo/4f2a?token=abc", "/ws/demo/4f2a?token=***"),
        ("/x?resume_token%3Dabc", "/x?resume_token=***"),
        ("/x%3Fresume_token%253Dabc", "/x?resume_token=***"),
        ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
        ("cookie: formcheck_login=abc; x=1", "cookie: formcheck_login=***; x=1"),
        (f"/api/sessions/{SESSION}/report", f"/api/sessions/{SESSION}/report"),
        ("my_resume_token=abc", "my_resume_token=abc"),  # not a query parameter
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_token_shaped_path_segments_are_masked() -> None:
    for _ in range(50):
        token = secrets.token_urlsafe(32)
        assert token not in redact(f"GET /signin/{token} 404")


def _spell(name: str, data: st.DataObject) -> str:
    """`name` with each character in a random case, percent-encoded or not (once or twice)."""
    out = []
    for plain in name:
        ch = plain.upper() if data.draw(st.booleans()) else plain
        how = data.draw(st.sampled_from(["plain", "once", "twice"]))
        if how == "once":
            ch = f"%{ord(ch):02X}"
        elif how == "twice":
            ch = f"%25{ord(ch):02X}"
        out.append(ch)
    return "".join(out)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    name=st.sampled_from(["resume_token", "access_token", "token"]),
    value=st.text(URLSAFE, min_size=12, max_size=60),
    data=st.data(),
)
@example(name="resume_token", value="s3cr3t-T0ken_x_long", data=None)
def test_no_spelling_of_a_token_parameter_leaks(
    name: str, value: str, data: st.DataObject | None
) -> None:
    spelled = name if data is None else _spell(name, data)
    sep = "=" if data is None or data.draw(st.booleans()) else "%3D"
    line = f'"GET /ws/sessions/4f2a?x=1&{spelled}{sep}{value}&y=2" 101'
    assume(value not in f"/ws/sessions/4f2a?x=1&{name}=***&y=2")
    out = redact(line)
    assert value not in out, out
    assert "***" in out


def _record(msg: str, *args: object, **fields: object) -> logging.LogRecord:
    record = logging.LogRecord("formcheck.access", logging.INFO, __file__, 1, msg, args, None)
    if fields:
        record.fields = fields
    return record


def test_the_filter_masks_arguments_and_fields_and_keeps_the_rest() -> None:
    record = _record("socket %s of %s", SOCKET_URL, "bridge", path=SOCKET_URL, status=101)
    assert RedactTokens().filter(record) is True
    assert "s3cr3t" not in record.getMessage()
    assert "bridge" in record.getMessage()
    assert getattr(record, "fields", None) == {"path": redact(SOCKET_URL), "status": 101}


def test_a_line_is_one_json_object_with_time_level_logger_event() -> None:
    line = json.loads(JsonLines().format(_record("http_request", status=200, user=7)))
    assert set(line) >= {"time", "level", "logger", "event", "status", "user"}
    assert line["time"].endswith("+00:00")
    assert line["level"] == "info"
    assert line["logger"] == "formcheck.access"
    assert line["event"] == "http_request"


def test_every_handler_masks_tokens_and_uvicorns_access_log_is_off() -> None:
    config = log_config()
    assert all(h["filters"] == ["errors", "redact"] for h in config["handlers"].values())
    assert config["loggers"]["uvicorn.access"]["handlers"] == []
    assert "formcheck" in config["loggers"]


def _database_error(tmp_path: Path) -> BaseException:
    """What the database says when a write of a patient's note fails."""
    db = Database(tmp_path / "db.sqlite3")
    try:
        with db.transaction() as conn:
            conn.exec_driver_sql("INSERT INTO no_such_table VALUES (?)", (PATIENT,))
    except Exception as err:  # noqa: BLE001 (whatever the driver raises)
        return err
    finally:
        db.close()
    raise AssertionError("the insert should have failed")


def test_a_database_error_carries_no_values_of_its_statement(tmp_path: Path) -> None:
    assert PATIENT not in str(_database_error(tmp_path))


def test_an_error_is_logged_by_its_type_and_frames_never_its_text(tmp_path: Path) -> None:
    err = ValueError(f"{PATIENT}: knee {80 + 7.5} deg")
    err.__cause__ = _database_error(tmp_path)
    record = logging.LogRecord(
        "formcheck.jobs", logging.ERROR, __file__, 1, "job %s failed: %s", ("ab12", err), None
    )
    record.exc_info = (ValueError, err, err.__traceback__)
    for keep in (ErrorsByType().filter(record), RedactTokens().filter(record)):
        assert keep is True
    line = json.loads(JsonLines().format(record))
    assert PATIENT not in json.dumps(line)
    assert "87.5" not in json.dumps(line)
    assert line["event"] == "job ab12 failed: ValueError"
    assert "sqlalchemy.exc.OperationalError" in line["error"]


def test_the_access_log_has_the_user_and_tells_refused_sockets(
    app_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert isinstance(app_client.app, FastAPI)
    user = app_state(app_client.app).users.create_user("anna", "anna-wachtwoord", "patient")
    token = app_client.post(
        "/api/login", json={"username": "anna", "password": "anna-wachtwoord"}
    ).json()["token"]
    with caplog.at_level(logging.INFO, logger="formcheck.access"):
        me = app_client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        with app_client.websocket_connect(
            f"/ws/sessions/{SESSION}?resume_token=s3cr3tT0KENxx"
        ) as ws:
            assert ws.receive_json()["code"] == "refused"
    lines = [getattr(r, "fields", {}) | {"event": r.getMessage()} for r in caplog.records]
    http = next(f for f in lines if f["event"] == "http_request" and f["path"] == "/api/me")
    assert http["user"] == user.id
    assert http["status"] == 200
    assert http["method"] == "GET"
    assert http["request_id"] == me.headers["x-request-id"]
    sock = next(f for f in lines if f["event"].startswith("websocket"))
    assert sock["event"] == "websocket_refused"
    assert sock["outcome"] == "refused"


@pytest.mark.real_model
def test_formcheck_serve_logs_json_lines_without_tokens(tmp_path: Path) -> None:
    """`formcheck serve` logs each request and socket as a JSON line; a refused socket
    as refused, its token masked."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        eventually(lambda: _healthy(base), bool, timeout_s=60)
        url = f"ws://127.0.0.1:{port}/ws/sessions/4f2a?resume%5Ftoken=s3cr3t-T0ken_x"
        with connect(url, open_timeout=10) as ws:  # not logged in: accepted, then refused
            assert "log in first" in str(ws.recv(timeout=10))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "s3cr3t" not in output
    lines = [json.loads(x) for x in output.splitlines() if x.startswith("{")]
    refused = [x for x in lines if x["event"] == "websocket_refused"]
    assert refused, output
    assert refused[0]["path"] == "/ws/sessions/4f2a?resume_token=***", output
    assert all({"time", "level", "logger", "event"} <= set(x) for x in lines)
    assert any(x["event"] == "http_request" and x["path"] == "/healthz" for x in lines)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False
