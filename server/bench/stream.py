"""One live session as the page runs it: camera frames at a steady rate over the
WebSocket, at most two in flight (web/js/live.js: a frame the camera shows while two
wait is not sent), then `finish` and the session's summary."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

__all__ = ["MAX_IN_FLIGHT", "StreamResult", "stream_session"]

MAX_IN_FLIGHT = 2  # as the page (web/js/live.js MAX_IN_FLIGHT)
_ANSWER_TIMEOUT_S = 60.0


@dataclass(slots=True)
class StreamResult:
    """What one session saw: latency of each answered frame (send to result, ms), the
    frames the server dropped, those the client did not send (two in flight), the
    summary's reps."""

    latency_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)  # the server's own work per frame
    dropped: int = 0
    skipped: int = 0
    reps: int | None = None


async def _answers(ws: ClientConnection, sent_at: dict[int, float], out: StreamResult) -> None:
    """Reads answers until `finished` (sets out.reps)."""
    while True:
        raw = await asyncio.wait_for(ws.recv(), _ANSWER_TIMEOUT_S)
        now = time.perf_counter()
        msg: dict[str, Any] = json.loads(raw)
        kind = msg.get("type")
        if kind == "finished":
            out.reps = int(msg["summary"]["reps"])
            return
        seq = msg.get("seq")
        if not isinstance(seq, int) or seq not in sent_at:
            if kind == "error":
                raise RuntimeError(f"bench session error: {msg}")
            continue
        start = sent_at.pop(seq)
        if kind == "result":
            out.latency_ms.append((now - start) * 1000)
            out.server_ms.append(float(msg["timing"]["server_ms"]))
        elif kind == "dropped":
            out.dropped += 1
        else:
            raise RuntimeError(f"bench frame {seq} answered {msg}")


async def stream_session(
    ws_url: str, headers: dict[str, str], frames: Sequence[bytes], *, fps: float
) -> StreamResult:
    """Plays `frames` at `fps` to the session at `ws_url`, finishes it, returns what it saw."""
    out = StreamResult()
    sent_at: dict[int, float] = {}
    async with connect(ws_url, additional_headers=headers, max_size=None, compression=None) as ws:
        json.loads(await asyncio.wait_for(ws.recv(), _ANSWER_TIMEOUT_S))  # `session`
        reader = asyncio.create_task(_answers(ws, sent_at, out))
        seq = 0
        start = time.perf_counter()
        for k, frame in enumerate(frames):
            delay = start + k / fps - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if reader.done():
                reader.result()  # raises what ended it
            if len(sent_at) >= MAX_IN_FLIGHT:
                out.skipped += 1
                continue
            seq += 1
            sent_at[seq] = time.perf_counter()
            await ws.send(frame)
        while sent_at and not reader.done():
            await asyncio.sleep(0.01)
        await ws.send(json.dumps({"type": "finish"}))
        await reader
    return out
