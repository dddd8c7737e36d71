"""A scaled Formcheck on this machine, for the `scaled` tests: a throwaway Redis, the
PostgreSQL of $FORMCHECK_TEST_POSTGRES_URL (a schema of its own), `formcheck worker`
and `formcheck serve` processes on the replay estimator (`--replay`), and nginx in
front of the servers from the repo's own deploy/nginx.conf.

Each part is a real process on a free loopback port, stopped (and its folder removed
by pytest) afterwards. Skips, saying why, only when Redis or nginx cannot be had.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from redis import Redis
from redis.exceptions import RedisError

from server.bench.fleet import nginx_config
from tests.server.live_server import free_port

__all__ = ["Cluster", "Process", "binary", "cluster", "nginx_config", "redis_server"]

ROOT = Path(__file__).resolve().parents[2]
FORMCHECK = [sys.executable, "-m", "server"]
_START_S = 90.0


def binary(name: str) -> str:
    """The path of a Debian binary (`make system-deps` installs them); skips without."""
    found = shutil.which(name) or next(
        (p for d in ("/usr/sbin", "/usr/bin") if os.access(p := f"{d}/{name}", os.X_OK)), None
    )
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install redis-server nginx-light)")
    return found


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int | None = None

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """As a crash: SIGKILL, no clean-up."""
        self.popen.kill()
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def _spawn(name: str, argv: list[str], folder: Path, port: int | None = None) -> Process:
    log = folder / f"{name}.log"
    out = log.open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMCHECK_")}
    popen = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    out.close()
    return Process(name, popen, log, port)


def _wait_http(process: Process, url: str) -> None:
    deadline = time.monotonic() + _START_S
    while True:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited:\n{process.tail()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.name} did not answer {url}:\n{process.tail()}")
        time.sleep(0.2)


@dataclass
class Cluster:
    database_url: str
    queue_url: str
    base_url: str  # nginx
    servers: list[Process]
    workers: list[Process]
    nginx_dir: Path
    data_dirs: list[Path] = field(default_factory=list)

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1)

    def upstream_of(self, path: str, after: int = 0) -> int:
        """The server port nginx sent a finished request for `path` to: the first one
        logged past line `after` (nginx logs just after it answers, so this waits)."""
        deadline = time.monotonic() + 10
        while True:
            log = (self.nginx_dir / "access.log").read_text(encoding="utf-8")
            lines = [x for x in log.splitlines()[after:] if f' {path}" ' in x]
            if lines:
                return int(lines[0].rsplit(":", 1)[1])
            assert time.monotonic() < deadline, f"no request for {path} in nginx's log"
            time.sleep(0.05)

    def logged(self) -> int:
        """How many requests nginx has logged so far."""
        return len((self.nginx_dir / "access.log").read_text(encoding="utf-8").splitlines())

    def server_on(self, port: int) -> Process:
        return next(s for s in self.servers if s.port == port)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throwaway Redis (no persistence, a password, as `Settings` asks) on a free port;
    yields its URL."""
    executable = binary("redis-server")
    port = free_port()
    password = secrets.token_hex(16)
    (folder / "redis").mkdir()
    argv = [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    argv += ["--requirepass", password]
    redis = _spawn("redis", [*argv, "--appendonly", "no", "--dir", str(folder / "redis")], folder)
    try:
        deadline = time.monotonic() + _START_S
        while True:
            try:
                Redis(port=port, password=password).ping()
                break
            except RedisError:
                if redis.popen.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis did not start:\n{redis.tail()}") from None
                time.sleep(0.05)
        yield f"redis://:{password}@127.0.0.1:{port}/0"
    finally:
        redis.stop()


@contextmanager
def cluster(
    folder: Path, database_url: str, recording: Path, *, servers: int = 2, workers: int = 2
) -> Iterator[Cluster]:
    nginx = binary("nginx")
    with ExitStack() as stack:
        queue_url = stack.enter_context(redis_server(folder))
        common = [
            "--database-url",
            database_url,
            "--queue-url",
            queue_url,
            "--replay",
            str(recording),
        ]
        # One schema upgrade before any process starts, as an operator would.
        subprocess.run(
            [*FORMCHECK, "db", "upgrade", "--database-url", database_url],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        procs: list[Process] = []
        data_dirs: list[Path] = []
        for i in range(servers):
            port = free_port()
            data = folder / f"server{i}"
            data_dirs.append(data)
            argv = [*FORMCHECK, "serve", "--port", str(port), "--data-dir", str(data), *common]
            procs.append(_spawn(f"server{i}", argv, folder, port))
            stack.callback(procs[-1].stop)
            if i == 0:  # the first creates the demo accounts; the others find them
                _wait_http(procs[0], f"http://127.0.0.1:{port}/healthz")
        worker_procs: list[Process] = []
        for i in range(workers):
            data = folder / f"worker{i}"
            # A short lease: a killed worker's job is seen abandoned within seconds.
            argv = [*FORMCHECK, "worker", "--data-dir", str(data), "--job-lease-s", "3", *common]
            worker_procs.append(_spawn(f"worker{i}", argv, folder))
            stack.callback(worker_procs[-1].stop)
        for proc in procs[1:]:
            _wait_http(proc, f"http://127.0.0.1:{proc.port}/healthz")
        nginx_dir = folder / "nginx"
        nginx_dir.mkdir()
        nginx_port = free_port()
        conf = nginx_dir / "nginx.conf"
        conf.write_text(
            nginx_config(f"127.0.0.1:{nginx_port}", [p.port or 0 for p in procs], nginx_dir)
        )
        # As root its workers would run as nobody, who cannot enter pytest's private
        # folders (temporary files of large answers): the test's nginx stays root.
        main = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        argv = [nginx, "-c", str(conf), "-p", str(nginx_dir), "-g", main]
        proxy = _spawn("nginx", argv, folder)
        stack.callback(proxy.stop)
        base = f"http://127.0.0.1:{nginx_port}"
        _wait_http(proxy, f"{base}/healthz")
        yield Cluster(database_url, queue_url, base, procs, worker_procs, nginx_dir, data_dirs)
