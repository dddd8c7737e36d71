"""The connection edge of a real uvicorn run as `formcheck serve` runs it: a header
over the limit is refused unread, a half-sent request loses its connection at the head
deadline (a WebSocket opened before it keeps going), and past the connection cap a
request is answered 503 at once."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, suppress

import httpx
import pytest
from websockets.sync.client import connect

from server.live.inference import EstimatorFactory
from tests.server.clients import receive
from tests.server.live_server import RunningServer, running_server

HEAD_TIMEOUT_S = 0.5
MAX_CONNECTIONS = 16


@pytest.fixture(scope="module")
def edge_server(
    tmp_path_factory: pytest.TempPathFactory, replay_factory: EstimatorFactory
) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("edge"),
        estimator_factory=replay_factory,
        request_head_timeout_s=HEAD_TIMEOUT_S,
        max_connections=MAX_CONNECTIONS,
    ) as running:
        yield running


def _raw(server: RunningServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.settings.port), timeout=10)


def _status(sock: socket.socket) -> int:
    """The answer's status; 0 when the server closed the connection without one."""
    try:
        head = sock.recv(4096)
    except ConnectionResetError:
        return 0
    return int(head.split(b" ", 2)[1]) if head else 0


def test_a_header_over_the_limit_is_refused(edge_server: RunningServer) -> None:
    big = b"x" * (4 * edge_server.settings.max_header_bytes)
    with _raw(edge_server) as sock:
        with suppress(ConnectionError):  # closed on us before we finished: refused too
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + big + b"\r\n\r\n")
        assert _status(sock) in (0, 400)
    assert httpx.get(f"{edge_server.base_url}/healthz").status_code == 200


def test_a_half_sent_request_loses_its_connection_and_sockets_keep_going(
    edge_server: RunningServer,
) -> None:
    with httpx.Client(base_url=edge_server.base_url) as anonymous:
        started = anonymous.post("/api/demo", json={"exercise": "bridge"}).json()
    with (
        connect(edge_server.ws_url + started["ws_path"], open_timeout=30) as ws,
        _raw(edge_server) as sock,
    ):
        assert receive(ws)["type"] == "session"
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\n")  # and never the end
        began = time.monotonic()
        assert sock.recv(4096) == b""  # closed by the server (recv would time out at 10 s)
        assert HEAD_TIMEOUT_S * 0.8 <= time.monotonic() - began < 5
        ws.ping().wait(timeout=5)  # the WebSocket outlived the head deadline
        ws.send('{"type": "finish"}')


def test_past_the_connection_cap_a_request_is_answered_503(edge_server: RunningServer) -> None:
    with ExitStack() as idle:
        for _ in range(MAX_CONNECTIONS):
            idle.enter_context(_raw(edge_server))
        with _raw(edge_server) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            assert _status(sock) == 503
    assert httpx.get(f"{edge_server.base_url}/healthz").status_code == 200
