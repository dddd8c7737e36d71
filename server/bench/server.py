"""A throwaway real server for the live measures, `formcheck serve` in a child process
(so the bench's clients do not share its interpreter, and its memory is its own), and a
patient logged in on it who opens sessions."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from server.api.bootstrap import CREDENTIALS_FILE
from server.settings import repo_root

__all__ = ["BenchServer", "bench_server"]

_START_TIMEOUT_S = 120.0  # model load and database set-up on a busy machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class BenchServer:
    pid: int
    base_url: str
    headers: dict[str, str]  # the patient's login

    def new_session(self, exercise: str) -> str:
        """A new live session of `exercise`; its WebSocket URL."""
        with httpx.Client(base_url=self.base_url, timeout=30) as http:
            made = http.post("/api/sessions", json={"exercise": exercise}, headers=self.headers)
            made.raise_for_status()
        return self.base_url.replace("http://", "ws://") + str(made.json()["ws_path"])


def _patient(data_dir: Path) -> tuple[str, str]:
    for line in (data_dir / CREDENTIALS_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("patient:"):
            user, password = line.split(":", 1)[1].split("/")
            return user.strip(), password.strip()
    raise ValueError(f"no patient in {data_dir / CREDENTIALS_FILE}")


@contextmanager
def bench_server(sessions: int) -> Iterator[BenchServer]:
    """A fresh server (empty database in a temporary folder) allowing `sessions` live
    sessions, stopped (and its folder removed) on exit."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="formcheck-bench-") as tmp:
        child = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
            # One patient runs every session: the caps are what is measured, not what is set.
            [
                *(sys.executable, "-m", "server", "serve", "--port", str(port)),
                *("--data-dir", tmp, "--live-sessions", str(sessions)),
                *("--live-sessions-per-user", str(sessions)),
            ],
            cwd=repo_root(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + _START_TIMEOUT_S
            while True:
                if child.poll() is not None:
                    raise RuntimeError(f"bench server exited with {child.returncode}")
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"bench server not up after {_START_TIMEOUT_S} s")
                time.sleep(0.2)
            user, password = _patient(Path(tmp))
            login = httpx.post(
                f"{base}/api/login", json={"username": user, "password": password}, timeout=30
            )
            login.raise_for_status()
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            yield BenchServer(child.pid, base, headers)
        finally:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
