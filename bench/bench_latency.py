"""Benchmark: live-session latency over a real uvicorn on loopback, 640x480 JPEG frames.

    .venv/bin/python bench/bench_latency.py [--clip PATH] [--runs 5] [--frames 120]

Per run: a fresh server process-thread, login, one session, then
- latency: one frame in flight; time from sending a frame to receiving its result;
- throughput: two frames in flight (what the browser does); results per second.
Prints a markdown table of the median over runs of p50, p95 (and the server's own
inference time within it) and frames per second.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import cv2
import httpx
import numpy as np
import uvicorn
from websockets.sync.client import ClientConnection, connect

from exercises.registry import SPECS
from pose.native_logs import quiet_native_stderr
from server.api.app import create_app
from server.api.bootstrap import CREDENTIALS_FILE
from server.settings import Settings

DEFAULT_CLIP = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "videos"
    / "bridge_side_darebee_beprojects2018_01.mp4"
)


def frames_640x480(clip: Path, count: int) -> list[bytes]:
    """The clip letterboxed to 640x480, JPEG quality 70 (as the browser sends)."""
    cap = cv2.VideoCapture(str(clip))
    out: list[bytes] = []
    while len(out) < count:
        ok, image = cap.read()
        if not ok:
            cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            continue
        h, w = image.shape[:2]
        scale = min(640 / w, 480 / h)
        small = cv2.resize(image, (round(w * scale), round(h * scale)))
        canvas = np.zeros((480, 640, 3), dtype=np.uint8)
        y, x = (480 - small.shape[0]) // 2, (640 - small.shape[1]) // 2
        canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
        out.append(cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 70])[1].tobytes())
    cap.release()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answer(ws: ClientConnection) -> dict[str, object]:
    while True:
        msg = json.loads(ws.recv(timeout=60))
        if "seq" in msg:
            return msg  # type: ignore[no-any-return]


def one_run(frames: list[bytes], exercise: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(port=free_port(), data_dir=Path(tmp))
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(settings),
                port=settings.port,
                log_level="warning",
                ws_per_message_deflate=False,  # as `formcheck serve` runs it
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{settings.port}"
        creds = (Path(tmp) / CREDENTIALS_FILE).read_text().split("patient:")[1].split("\n")[0]
        user, password = (p.strip() for p in creds.split("/"))
        try:
            with httpx.Client(base_url=base) as http:
                token = http.post("/api/login", json={"username": user, "password": password})
                token.raise_for_status()
                auth = {"Authorization": f"Bearer {token.json()['token']}"}
                session = http.post("/api/sessions", json={"exercise": exercise}, headers=auth)
                session.raise_for_status()
                path = session.json()["ws_path"]
            with connect(f"ws://127.0.0.1:{settings.port}{path}", additional_headers=auth) as ws:
                json.loads(ws.recv(timeout=60))  # the session message
                for frame in frames[:10]:  # warm-up: graph start, first detection
                    ws.send(frame)
                    answer(ws)
                latencies_ms = []
                inference_ms = []
                half = len(frames) // 2
                for frame in frames[:half]:
                    t0 = time.perf_counter()
                    ws.send(frame)
                    result = answer(ws)
                    latencies_ms.append((time.perf_counter() - t0) * 1000)
                    assert result["type"] == "result", result
                    timing = result["timing"]
                    assert isinstance(timing, dict)
                    inference_ms.append(float(timing["inference_ms"]))
                # Throughput: keep two frames in flight, as the browser does.
                t0 = time.perf_counter()
                sent = received = 0
                for frame in frames[half:]:
                    ws.send(frame)
                    sent += 1
                    if sent - received >= 2:
                        answer(ws)
                        received += 1
                while received < sent:
                    answer(ws)
                    received += 1
                fps = sent / (time.perf_counter() - t0)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    q = statistics.quantiles(latencies_ms, n=20)
    return {
        "p50_ms": statistics.median(latencies_ms),
        "p95_ms": q[18],
        "inference_p50_ms": statistics.median(inference_ms),
        "fps": fps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frames", type=int, default=120)
    args = parser.parse_args()
    if not SPECS:
        raise SystemExit("no exercise engine is registered (exercises/registry.py)")
    exercise = "bridge" if "bridge" in SPECS else next(iter(SPECS))
    frames = frames_640x480(args.clip, args.frames)
    runs = []
    with quiet_native_stderr() as err:
        for i in range(args.runs):
            r = one_run(frames, exercise)
            runs.append(r)
            err.write(
                f"run {i + 1}: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                f"{r['fps']:.1f} fps\n"
            )
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"Live-session latency, {args.clip.name} at 640x480 JPEG q70, loopback, exercise {exercise}"
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"median of {args.runs} runs, {args.frames} frames each\n"
    )
    print("| measure | median of runs |")
    print("|---|---|")
    print(f"| latency p50, 1 frame in flight (ms) | {med['p50_ms']:.1f} |")
    print(f"| latency p95, 1 frame in flight (ms) | {med['p95_ms']:.1f} |")
    print(f"| of which pose inference, p50 (ms) | {med['inference_p50_ms']:.1f} |")
    print(f"| frames per second per session, 2 in flight | {med['fps']:.1f} |")


if __name__ == "__main__":
    main()
