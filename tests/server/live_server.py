"""A real uvicorn serving `create_app(settings)` on a free loopback port, in a thread:
on the model, or on another estimator (`estimator_factory`, the replay in most tests).

It also watches the app's database: a statement run on the server's event-loop thread
(a blocking call that would stall every live socket) fails the test when it stops.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, event

from server.api.app import create_app
from server.api.bootstrap import CREDENTIALS_FILE
from server.api.boundary.edge import uvicorn_options
from server.api.state import app_state
from server.clock import SYSTEM_CLOCK, Clock
from server.live.inference import EstimatorFactory
from server.settings import Settings
from tests.server.databases import table_counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class RunningServer:
    settings: Settings
    base_url: str
    ws_url: str
    app: FastAPI
    clock: Clock  # the app's: a test moves a ManualClock instead of sleeping

    def credentials(self) -> dict[str, tuple[str, str]]:
        """role -> (username, password) of the first-run demo accounts."""
        return read_credentials(self.settings.data_dir)


def read_credentials(data_dir: Path) -> dict[str, tuple[str, str]]:
    """role -> (username, password) of the demo accounts a first run wrote to `data_dir`."""
    text = (data_dir / CREDENTIALS_FILE).read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        for role in ("patient", "therapist"):
            if line.strip().startswith(f"{role}:"):
                user, password = line.split(":", 1)[1].split("/")
                out[role] = (user.strip(), password.strip())
    return out


def watch_event_loop(engine: Engine, loop_thread: threading.Thread) -> list[str]:
    """The statements `engine` runs on `loop_thread` from now on (should stay empty)."""
    offences: list[str] = []

    def check(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread() is loop_thread:
            offences.append(" ".join(statement.split())[:120])

    event.listen(engine, "before_cursor_execute", check)
    return offences


@contextmanager
def running_server(
    data_dir: Path,
    *,
    estimator_factory: EstimatorFactory | None = None,
    clock: Clock = SYSTEM_CLOCK,
    **overrides: object,
) -> Iterator[RunningServer]:
    """`estimator_factory` None: the model (tests about it, marked real_model); `clock`
    the app's (server/clock.py)."""
    settings = Settings(port=free_port(), data_dir=data_dir, **overrides)  # type: ignore[arg-type]
    app = create_app(settings, estimator_factory=estimator_factory, clock=clock)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=settings.port,
        log_level="warning",
        lifespan="on",
        **uvicorn_options(settings),  # as `formcheck serve` has it
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{settings.port}"
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start (see the log above)")
        time.sleep(0.05)
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    offences = watch_event_loop(app_state(app).db.engine, thread)
    try:
        yield RunningServer(settings, base, f"ws://127.0.0.1:{settings.port}", app, clock)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert not offences, f"{len(offences)} database calls on the event loop: {offences[:3]}"


def stored_rows(server: RunningServer) -> dict[str, int]:
    """Every table's row count in the server's database, its pending frames written first."""
    state = app_state(server.app)
    state.sessions.flush_all()
    return table_counts(state.db)
