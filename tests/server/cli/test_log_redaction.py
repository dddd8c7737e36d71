"""Resume and login tokens in WebSocket URLs never reach the server's log."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from server.cli.log_redaction import RedactTokens, log_config, redact
from tests.conftest import ROOT
from tests.server.clients import eventually
from tests.server.live_server import free_port

SOCKET_URL = "/ws/sessions/4f2a?resume_token=s3cr3t-T0ken_x&access_token=l0gin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SOCKET_URL, "/ws/sessions/4f2a?resume_token=***&access_token=***"),
        ("/ws/sessions/4f2a?resume_token=abc", "/ws/sessions/4f2a?resume_token=***"),
        ("/api/sessions/4f2a/resume", "/api/sessions/4f2a/resume"),
        ("my_resume_token=abc", "my_resume_token=abc"),  # only the query parameter itself
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.real_model
def test_formcheck_serve_logs_socket_urls_without_tokens(tmp_path: Path) -> None:
    """`formcheck serve` (uvicorn at log level info) logs each accepted socket's URL;
    the token in it is masked."""
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
        url = f"ws://127.0.0.1:{port}/ws/sessions/4f2a?resume_token=s3cr3t-T0ken_x"
        with connect(url, open_timeout=10) as ws:  # not logged in: accepted, then refused
            assert "log in first" in str(ws.recv(timeout=10))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert '"WebSocket /ws/sessions/4f2a?resume_token=***" [accepted]' in output, output
    assert "s3cr3t" not in output


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_every_handler_masks_tokens() -> None:
    handlers = log_config()["handlers"]
    assert handlers
    assert all("redact_tokens" in h["filters"] for h in handlers.values())


def test_filter_leaves_other_records_alone() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "frame %d of %s", (3, "bridge"), None
    )
    assert RedactTokens().filter(record) is True
    assert record.getMessage() == "frame 3 of bridge"
