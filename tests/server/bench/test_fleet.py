"""The device benchmark's servers: two real processes behind the repo's nginx config on
one database; every session's socket reaches a server that holds (or adopts) it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from server.bench.fleet import bench_servers

PASSWORD = "bench-wachtwoord-lang"


@pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (apt-get install nginx-light)",
)
def test_two_processes_behind_nginx_hold_device_sessions(tmp_path: Path) -> None:
    with bench_servers(tmp_path, 4, 2, ("bench", PASSWORD)) as fleet:
        assert len(fleet.server_pids) == 2
        with httpx.Client(base_url=fleet.base_url, timeout=30) as http:
            r = http.post("/api/login", json={"username": "bench", "password": PASSWORD})
            r.raise_for_status()
            auth = {"Authorization": f"Bearer {r.json()['token']}"}
            for _ in range(4):  # created by one process, its socket hashed to either
                r = http.post("/api/sessions", json={"exercise": "bridge"}, headers=auth)
                r.raise_for_status()
                url = fleet.base_url.replace("http", "ws") + r.json()["ws_path"]
                with connect(url + "&source=device", additional_headers=auth) as ws:
                    hello = json.loads(ws.recv(timeout=30))
                    assert hello["type"] == "session"
                    assert hello["source"] == "device"
