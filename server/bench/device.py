"""How many on-device sessions one server holds: `measure_device_sessions(quick=...)`.

A real uvicorn (its own process, the app as `formcheck serve` builds it, no model: a
device session needs none) on loopback, and real WebSocket clients in this process, each
a patient's browser in on-device mode: one landmark message per camera frame at 15 per
second, the landmarks the model finds on a real clip (../shared/videos, the darebee
bridge: `server.offline.recorder.record_device_frames`, run once), each client starting
at a random moment within the first START_SPREAD_S, as real patients do not start in
step. Every session is recorded
to the database as a patient's is.

The time per message is the server's own, from the message's arrival to its answer
(`timing.answer_ms` of each result, `server.live.connection`). A number of sessions
holds when the p95 of that is at most `P95_LIMIT_MS` and every count is right: every
message answered with a result (none dropped, none refused), and each session's reps
equal to those of the same landmarks stepped offline through the same pipeline and
engine. The result is the largest number tried that holds.

The clients send what the page sends, binary landmark frames
(`server.live.landmark_frame`). `read_costs` times reading one message into the
session's typed value, in this process, both ways: the binary frame and the JSON form
older pages send (medians of several runs over the clip's messages).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

from exercises.registry import default_prescription
from exercises.run import ExerciseRun
from server.bench.fleet import bench_servers
from server.live.job import Reading, read_message
from server.live.landmark_frame import landmarks_to_binary
from server.live.landmarks import LandmarkMessage, landmarks_to_wire
from server.offline.recorder import DeviceFrame, record_device_frames
from server.offline.scoreboard import shared_videos_dir
from server.pipelines import NO_IMAGES, pipeline_for
from server.settings import Settings
from server.wire import dumps

__all__ = ["CLIP", "FPS", "P95_LIMIT_MS", "measure_device_sessions", "read_costs"]

CLIP = "bridge_side_darebee_beprojects2018_01.mp4"  # 5 reps in ~10 s, seen from the side
EXERCISE = "bridge"
FPS = 15.0  # landmark messages per second and session (a webcam's rate in server mode)
P95_LIMIT_MS = 5.0  # the target (issue 16): p95 server time per message
START_SPREAD_S = 2.0  # the sessions start at random within this
# A throwaway patient in a throwaway database (secrets.token_urlsafe per run).
_PASSWORD = secrets.token_urlsafe(18)


@dataclass(frozen=True, slots=True)
class _Outcome:
    answer_ms: list[float]
    right: bool  # every message a result, the reps as offline
    why: str


def _messages(frames: list[DeviceFrame], loops: int) -> list[bytes]:
    """The clip's landmark frames, played `loops` times back to back (t_ms goes on)."""
    span_ms = frames[-1].t_ms + 1000.0 / FPS
    return [
        landmarks_to_binary(loop * span_ms + f.t_ms, f.people, f.signals, 20.0)
        for loop in range(loops)
        for f in frames
    ]


def read_costs(frames: list[DeviceFrame], runs: int = 5) -> dict[str, float]:
    """Microseconds to read one landmark message (`read_message`, as the socket does),
    the binary frame and the JSON form, medians of `runs` passes over `frames`; and how
    many times faster the binary one is."""
    reading = Reading("device", (), Settings())
    forms: dict[str, list[bytes] | list[str]] = {
        "binary": [landmarks_to_binary(f.t_ms, f.people, f.signals, 20.0) for f in frames],
        "json": [dumps(landmarks_to_wire(f.t_ms, f.people, f.signals, 20.0)) for f in frames],
    }
    us: dict[str, float] = {}
    for form, messages in forms.items():
        passes = []
        for _ in range(runs):
            t0 = time.perf_counter()
            for m in messages:
                if not isinstance(read_message(m, reading), LandmarkMessage):
                    raise RuntimeError(f"the bench's own {form} message was refused")
            passes.append((time.perf_counter() - t0) / len(messages) * 1e6)
        us[form] = statistics.median(passes)
    return {
        "device_read_us_binary": round(us["binary"], 1),
        "device_read_us_json": round(us["json"], 1),
        "device_read_json_over_binary": round(us["json"] / us["binary"], 1),
    }


def _offline_reps(frames: list[DeviceFrame], loops: int) -> int:
    """The reps the same landmarks make through the same pipeline and engine."""
    run = ExerciseRun(EXERCISE, default_prescription(EXERCISE))
    pipeline = pipeline_for(EXERCISE, NO_IMAGES)
    span_ms = frames[-1].t_ms + 1000.0 / FPS
    for loop in range(loops):
        for f in frames:
            ts = round(loop * span_ms + f.t_ms)
            people = [p.with_timestamp(ts) for p in f.people]
            run.step(pipeline.observe(people, ts, f.signals))
    return run.status.progress.reps_done


async def _patient(
    base: str, http: httpx.AsyncClient, messages: list[bytes], reps: int
) -> _Outcome:
    r = await http.post("/api/sessions", json={"exercise": EXERCISE})
    r.raise_for_status()
    path = r.json()["ws_path"] + "&source=device"
    headers = {"Authorization": http.headers["Authorization"]}
    async with connect(base.replace("http", "ws") + path, additional_headers=headers) as ws:
        hello = json.loads(await ws.recv())
        if hello.get("source") != "device":
            raise RuntimeError(f"expected a device session, got {hello!r:.200}")
        answers: list[dict[str, Any]] = []

        async def read() -> None:
            while len(answers) < len(messages):
                body = json.loads(await ws.recv())
                if "seq" in body:
                    answers.append(body)

        reader = asyncio.create_task(read())
        # Patients do not start in step: each comes within the first START_SPREAD_S.
        await asyncio.sleep(random.uniform(0.0, START_SPREAD_S))  # noqa: S311 (no secret)
        start = time.monotonic()
        for i, frame in enumerate(messages):
            await asyncio.sleep(max(0.0, start + i / FPS - time.monotonic()))
            await ws.send(frame)
        await asyncio.wait_for(reader, 30.0)
        await ws.send(json.dumps({"type": "finish"}))
    results = [a for a in answers if a["type"] == "result"]
    times = [float(a["timing"]["answer_ms"]) for a in results]
    if len(results) != len(messages):
        others = [a for a in answers if a["type"] != "result"]
        kinds = sorted({a.get("code", a["type"]) for a in others})
        seqs = [a["seq"] for a in others][:8]
        return _Outcome(times, False, f"{len(others)} not results: {kinds} (seq {seqs})")
    got = int(results[-1]["status"]["reps"])
    return _Outcome(times, got == reps, "" if got == reps else f"reps {got}, offline {reps}")


async def _clients(base: str, n: int, messages: list[bytes], reps: int) -> list[_Outcome]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        r = await http.post("/api/login", json={"username": "bench", "password": _PASSWORD})
        r.raise_for_status()
        http.headers["Authorization"] = f"Bearer {r.json()['token']}"
        return list(await asyncio.gather(*(_patient(base, http, messages, reps) for _ in range(n))))


@dataclass(frozen=True, slots=True)
class _Step:
    answer_ms: list[float]  # every result's, all sessions
    right: bool  # every message a result and every session's reps as offline
    why: str  # what was wrong (a few sessions')
    cpu_ms_per_msg: float  # the server processes' CPU time per message
    client_cpu_ms_per_msg: float  # the clients' (this process's), on the same cores


def _one_step(n: int, messages: list[bytes], reps: int, processes: int) -> _Step:
    """`n` sessions at once on fresh servers (`processes` of them, behind nginx if more
    than one); the CPU is the servers' (not nginx's)."""
    with (
        tempfile.TemporaryDirectory(prefix="formcheck-bench-") as tmp,
        bench_servers(Path(tmp), n, processes, ("bench", _PASSWORD)) as fleet,
    ):
        cpu0, client0 = sum(_cpu_s(pid) for pid in fleet.server_pids), time.process_time()
        outcomes = asyncio.run(_clients(fleet.base_url, n, messages, reps))
        cpu_s = sum(_cpu_s(pid) for pid in fleet.server_pids) - cpu0
        client_s = time.process_time() - client0
    wrong = [o.why for o in outcomes if not o.right]
    times = [t for o in outcomes for t in o.answer_ms]
    per_msg = 1000.0 / (n * len(messages))
    why = "; ".join(wrong[:3])
    return _Step(times or [float("inf")], not wrong, why, cpu_s * per_msg, client_s * per_msg)


def _cpu_s(pid: int) -> float:
    """A process's CPU seconds so far (user + system), from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _p(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def measure_device_sessions(
    *, quick: bool, processes: int = 1, videos: Path | None = None
) -> dict[str, float | int]:
    """Sessions held at p95 <= P95_LIMIT_MS with every count right (`device_sessions`,
    0 when none of those tried held) and the p50 and p95 ms per message at that number
    (at the smallest number tried when none held), plus the server's CPU ms per message
    and the p95 at the largest number tried. Quick: 10, 25, 50, 100 sessions for one
    play of the clip each (~15 s a number; under 90 s in all); else 10, 25, 50, 75, 100,
    150, 200 for three plays each. Either stops at the first number that does not hold. Raises
    FileNotFoundError without the clip (in `videos`, default ../shared/videos).
    `processes` > 1: that many server processes behind the repo's nginx config (sticky by
    session), on one database."""
    clip = (videos or shared_videos_dir()) / CLIP
    if not clip.is_file():
        raise FileNotFoundError(f"the device benchmark needs {clip} (FORMCHECK_SHARED_VIDEOS)")
    frames = record_device_frames(clip, exercise=EXERCISE, fps=FPS)
    loops = 1 if quick else 3
    messages = _messages(frames, loops)
    reps = _offline_reps(frames, loops)
    held: dict[str, float | int] = {}
    first: dict[str, float | int] = {}
    last: dict[str, float | int] = {}
    for n in (10, 25, 50, 100) if quick else (10, 25, 50, 75, 100, 150, 200):
        step = _one_step(n, messages, reps, processes)
        last = {
            "device_sessions": n,
            "device_msg_ms_p50": round(_p(step.answer_ms, 0.50), 2),
            "device_msg_ms_p95": round(_p(step.answer_ms, 0.95), 2),
        }
        first = first or last
        if not (step.right and last["device_msg_ms_p95"] <= P95_LIMIT_MS):
            break
        held = last
    out = held or (first | {"device_sessions": 0})
    return (
        out
        | read_costs(frames)
        | {
            "device_sessions_tried": int(last["device_sessions"]),
            "device_msg_ms_p95_tried": last["device_msg_ms_p95"],
            "device_server_cpu_ms_per_msg": round(step.cpu_ms_per_msg, 3),
            "device_client_cpu_ms_per_msg": round(step.client_cpu_ms_per_msg, 3),
            "device_server_processes": processes,
        }
    )
