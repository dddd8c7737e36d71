"""The benchmark's servers: one `formcheck serve`-like process, or several behind nginx
from the repo's own deploy/nginx.conf (sticky by session, README "Past one machine"),
all on one throwaway SQLite database, each process with its own data folder.

Every part is a real process on a free loopback port, stopped when the block ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from pose.adaptive import ClosableEstimator
from server.jobs.analysis import InThreadAnalysis
from server.settings import Settings
from server.store.db import Database
from server.store.users import UserStore

__all__ = ["NGINX_CONF", "Fleet", "bench_servers", "nginx_config", "serve_for_bench"]

NGINX_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
_START_S = 60.0


@dataclass(frozen=True, slots=True)
class Fleet:
    base_url: str  # the one server, or nginx in front of them
    server_pids: list[int]  # the formcheck processes (their CPU is the server's)


def nginx_config(listen: str, upstreams: list[int], run_dir: Path) -> str:
    """deploy/nginx.conf with its places filled in (as the README tells an operator)."""
    servers = "\n        ".join(
        f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in upstreams
    )
    text = NGINX_CONF.read_text(encoding="utf-8")
    text = text.replace("@LISTEN@", listen).replace("@UPSTREAMS@", servers)
    return text.replace("@RUN_DIR@", str(run_dir))


def bench_settings(port: int, data_dir: Path, database_url: str, n: int) -> Settings:
    return Settings(
        port=port,
        data_dir=data_dir,
        database_url=database_url,
        pose_mode="device",
        device_sessions=n,
        live_sessions_per_user=n,  # one throwaway patient holds them all
        create_demo_users=False,
        demo_enabled=False,
    )


def serve_for_bench(port: int, data_dir: str, database_url: str, n: int) -> None:
    """A server's process: the app on uvicorn, as `formcheck serve` runs it, no model
    (a device session needs none: building one fails)."""
    import uvicorn  # noqa: PLC0415 (the child's own import)

    from server.api.app import create_app  # noqa: PLC0415

    def no_model() -> ClosableEstimator:
        raise RuntimeError("the device benchmark's server must not build an estimator")

    settings = bench_settings(port, Path(data_dir), database_url, n)
    uvicorn.run(
        create_app(settings, estimator_factory=no_model, analysis=InThreadAnalysis(no_model)),
        host=settings.host,
        port=settings.port,
        ws_per_message_deflate=False,
        log_level="warning",
        access_log=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + _START_S
    while True:
        try:
            httpx.get(url, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline or child.poll() is not None:
                raise RuntimeError(f"the benchmark's {url} did not start") from None
            time.sleep(0.2)


def _spawn(stack: ExitStack, argv: list[str]) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(argv, stderr=subprocess.DEVNULL)  # noqa: S603 (our own argv)

    def stop() -> None:
        child.terminate()
        child.wait(30)

    stack.callback(stop)
    return child


@contextmanager
def bench_servers(folder: Path, n: int, processes: int, user: tuple[str, str]) -> Iterator[Fleet]:
    """`processes` servers for `n` sessions of `user` (name, password; made here) on one
    database in `folder`; more than one: behind nginx (`shutil.which("nginx")`)."""
    database_url = f"sqlite:///{folder / 'bench.db'}"
    db = Database(database_url)  # upgraded here once, not by two processes at once
    UserStore(db, 3600.0).create_user(user[0], user[1], "patient")
    db.close()
    with ExitStack() as stack:
        ports, pids = [], []
        for i in range(processes):
            port, data_dir = free_port(), folder / f"server-{i}"
            code = (
                "from server.bench.fleet import serve_for_bench; "
                f"serve_for_bench({port}, {str(data_dir)!r}, {database_url!r}, {n})"
            )
            child = _spawn(stack, [sys.executable, "-c", code])
            _wait_healthy(f"http://127.0.0.1:{port}/healthz", child)
            ports.append(port)
            pids.append(child.pid)
        if processes == 1:
            yield Fleet(f"http://127.0.0.1:{ports[0]}", pids)
            return
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        run_dir = folder / "nginx"
        run_dir.mkdir()
        port = free_port()
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(f"127.0.0.1:{port}", ports, run_dir), encoding="utf-8")
        main = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        proxy = _spawn(stack, [nginx, "-c", str(conf), "-p", str(run_dir), "-g", main])
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", proxy)
        yield Fleet(f"http://127.0.0.1:{port}", pids)
