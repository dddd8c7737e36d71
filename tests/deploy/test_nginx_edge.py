"""deploy/nginx.conf's edge, with nginx in front of a real uvicorn: a header over its
buffers is refused, a half-sent request is closed at client_header_timeout, and one
address holds no more than its share of connections."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.live.inference import EstimatorFactory
from tests.deploy.cluster import binary, nginx_config
from tests.server.live_server import free_port, running_server

pytestmark = [pytest.mark.scaled, pytest.mark.xdist_group("scaled")]

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def _setting(name: str) -> str:
    found = re.search(rf"^\s*{name}\s+([^;]+);", CONF.read_text(encoding="utf-8"), re.M)
    assert found, name
    return found.group(1)


@pytest.fixture(scope="module")
def nginx_url(
    tmp_path_factory: pytest.TempPathFactory, replay_factory: EstimatorFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("nginx-edge")
    with running_server(folder / "data", estimator_factory=replay_factory) as upstream:
        port = free_port()
        run_dir = folder / "nginx"
        run_dir.mkdir()
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(f"127.0.0.1:{port}", [upstream.settings.port], run_dir))
        main = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        argv = [binary("nginx"), "-c", str(conf), "-p", str(run_dir), "-g", main]
        proxy = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proxy.poll() is None, "nginx exited"
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
            yield base
        finally:
            proxy.terminate()
            proxy.wait(timeout=20)


def _raw(base: str) -> socket.socket:
    port = int(base.rsplit(":", 1)[1])
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def test_a_header_over_nginxs_buffers_is_refused(nginx_url: str) -> None:
    with _raw(nginx_url) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + b"x" * 64_000 + b"\r\n\r\n")
        assert sock.recv(4096).split(b" ", 2)[1] in (b"400", b"494")


def test_a_half_sent_request_is_closed_at_the_header_timeout(nginx_url: str) -> None:
    timeout_s = float(_setting("client_header_timeout").rstrip("s"))
    with _raw(nginx_url) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\n")
        began = time.monotonic()
        answer = sock.recv(4096)  # nginx answers 408 or just closes
        assert answer == b"" or answer.split(b" ", 2)[1] == b"408"
        assert time.monotonic() - began < timeout_s + 5


def test_one_address_holds_at_most_its_share_of_connections(nginx_url: str) -> None:
    share = int(_setting("limit_conn formcheck_per_address"))
    held = []
    try:
        for _ in range(share + 1):  # each holds one request open upstream: /healthz is
            sock = _raw(nginx_url)  # answered at once, so hold a body instead
            sock.sendall(
                b"POST /api/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n{"
            )
            held.append(sock)
        with _raw(nginx_url) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            assert sock.recv(4096).split(b" ", 2)[1] == b"503"
    finally:
        for sock in held:
            sock.close()
