"""One WebSocket attached to one live session: what arrives on it (camera frames, or
landmarks from the patient's browser with `source="device"`, and controls), the
backpressure, and one answer per frame or landmark message (see server/api/ws.py for
the wire protocol).

Backpressure: one frame is processed while at most `Settings.pending_frames` wait (a
landmark message: while at most `_PENDING_LANDMARKS` wait); a newer one pushes the
oldest waiting one out (answered `dropped`, counted). Frames are processed on the
session's own worker thread; landmarks on the event loop (`LiveSession.process_landmarks`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from exercises.registry import spec_of
from pose.errors import FormcheckError
from server.live.landmarks import (
    MAX_LANDMARK_BYTES,
    LandmarkError,
    LandmarkMessage,
    landmarks_from_wire,
)
from server.live.session import FrameAnswer, LiveSession
from server.protocol.codes import CloseCode, ErrorCode
from server.protocol.errors import ErrorAnswer
from server.protocol.live import (
    DroppedMessage,
    FinishedMessage,
    PongMessage,
    ResultMessage,
    Summary,
)
from server.protocol.wire import Wire
from server.settings import Settings
from server.wire import loads

__all__ = ["Connection"]

log = logging.getLogger("formcheck.server")

_SAVE_COUNTERS_EVERY = 50  # frames
_PENDING_LANDMARKS = 8  # landmark messages waiting beyond the one being stepped


class Connection:
    """One WebSocket attached to one live session; `summary` gives the finished
    session's summary, `forget` drops the session from whoever holds it."""

    def __init__(
        self,
        ws: WebSocket,
        live: LiveSession,
        settings: Settings,
        summary: Callable[[], Summary],
        forget: Callable[[], None],
    ) -> None:
        self.ws = ws
        self.live = live
        self.source = live.source
        self._pending_frames = settings.pending_frames
        self.messages_per_s = settings.socket_messages_per_s
        self._max_side_px = settings.max_frame_side_px
        self._signals = frozenset(spec_of(live.record.exercise).probes)
        self._summary = summary
        self._forget = forget
        # (seq, frame or landmarks, session time, perf_counter s when it arrived)
        self.pending: deque[tuple[int, bytes | LandmarkMessage, int, float]] = deque()
        self._arrived_s = 0.0
        self._writing: asyncio.Future[None] | None = None  # a buffered write under way
        self.wake = asyncio.Event()
        self.finish_requested = False
        self.open = True
        self._send_lock = asyncio.Lock()

    async def send(self, message: Wire) -> None:
        async with self._send_lock:
            if not self.open or self.ws.application_state != WebSocketState.CONNECTED:
                return
            try:
                await self.ws.send_text(message.model_dump_json())
            except (WebSocketDisconnect, RuntimeError, OSError):
                self.open = False

    async def refuse_one(self, code: ErrorCode, message: str) -> None:
        """A frame or landmark message counted and refused, unread further."""
        live = self.live
        live.count_received()
        live.count_rejected()
        seq = live.counters.received
        await self.send(ErrorAnswer(seq=seq, code=code, message=message))

    async def on_frame(self, data: bytes) -> None:
        self._arrived_s = time.perf_counter()
        live = self.live
        if self.source == "device":
            message = "this connection sends landmarks (source=device), not images"
            await self.refuse_one(ErrorCode.IMAGE_NOT_EXPECTED, message)
            return
        live.count_received()
        await self._queue(data, live.next_timestamp_ms())

    async def on_landmarks(self, body: dict[str, Any]) -> None:
        if self.source != "device":
            message = "this connection sends camera images (source=server), not landmarks"
            await self.refuse_one(ErrorCode.LANDMARKS_NOT_EXPECTED, message)
            return
        live = self.live
        try:
            landmarks = landmarks_from_wire(
                body, signals=self._signals, max_side_px=self._max_side_px
            )
            timestamp_ms = live.landmark_timestamp_ms(landmarks)
        except LandmarkError as err:
            await self.refuse_one(err.code, str(err))
            return
        live.count_received()
        await self._queue(landmarks, timestamp_ms)

    async def _queue(self, payload: bytes | LandmarkMessage, timestamp_ms: int) -> None:
        """Wait for the worker; the oldest waiting beyond the capacity is `dropped`."""
        live = self.live
        self.pending.append((live.counters.received, payload, timestamp_ms, self._arrived_s))
        # An image waits for inference (tens of ms): the newest wins. Landmarks take
        # ~0.5 ms: a burst after a stall on the way (the network, a busy tablet) is
        # caught up, not dropped.
        capacity = (
            _PENDING_LANDMARKS if isinstance(payload, LandmarkMessage) else self._pending_frames
        )
        capacity = max(1, capacity)
        while len(self.pending) > capacity:
            seq, _, _, _ = self.pending.popleft()
            live.count_dropped()
            await self.send(DroppedMessage(seq=seq, counters=live.counters.to_wire()))
        self.wake.set()

    async def on_text(self, text: str) -> None:
        self._arrived_s = time.perf_counter()
        if len(text) > MAX_LANDMARK_BYTES or len(text.encode()) > MAX_LANDMARK_BYTES:
            message = (
                f"a text message is at most {MAX_LANDMARK_BYTES} bytes, got {len(text.encode())}"
            )
            await self.refuse_one(ErrorCode.LANDMARKS_TOO_LARGE, message)
            return
        try:
            body = loads(text)  # strict: NaN, Infinity, 5000-digit numbers are no JSON
        except json.JSONDecodeError:
            if self.source == "device":
                await self.refuse_one(ErrorCode.BAD_LANDMARKS, "a text message must be JSON")
                return
            message = "frames are binary JPEG/WebP; got text"
            await self.send(ErrorAnswer(code=ErrorCode.EXPECTED_BINARY_FRAME, message=message))
            return
        kind = body.get("type") if isinstance(body, dict) else None
        if kind == "landmarks":
            await self.on_landmarks(body)
        elif kind == "ping":
            await self.send(PongMessage(counters=self.live.counters.to_wire()))
        elif kind == "finish":
            self.finish_requested = True
            self.wake.set()
        else:
            expected = "landmarks, ping or finish" if self.source == "device" else "ping or finish"
            message = f"expected type {expected}, got {kind!r:.40}"
            await self.send(ErrorAnswer(code=ErrorCode.UNKNOWN_MESSAGE, message=message))

    async def work(self) -> None:
        """Process waiting frames in order on the session's thread; then a finish."""
        loop = asyncio.get_running_loop()
        while self.open:
            await self.wake.wait()
            self.wake.clear()
            while self.pending:
                seq, payload, ts, arrived_s = self.pending.popleft()
                result: FrameAnswer
                try:
                    if isinstance(payload, LandmarkMessage):
                        # On the loop: no model, and no database (see process_landmarks).
                        result = self.live.process_landmarks(seq, payload, ts)
                    else:
                        result = await loop.run_in_executor(
                            self.live.executor, self.live.process, seq, payload, ts
                        )
                except (FormcheckError, ValueError, SQLAlchemyError) as err:
                    # One frame failed past decoding (a pose or engine rule, the disk):
                    # say so and keep the session; the error is logged for the clinic.
                    log.warning("session %s frame %d failed: %s", self.live.id, seq, err)
                    result = ErrorAnswer(
                        seq=seq, code=ErrorCode.PROCESSING_FAILED, message=str(err)
                    )
                if isinstance(result, ResultMessage):
                    if isinstance(payload, LandmarkMessage) and result.events:
                        await self._save_first()
                    # Arrival to answer, as the server sees it (the wait, the step, the
                    # thread hops; not the JSON encoding and the send that follow).
                    answer_ms = round((time.perf_counter() - arrived_s) * 1000.0, 2)
                    timing = result.timing.model_copy(update={"answer_ms": answer_ms})
                    result = result.model_copy(update={"timing": timing})
                await self.send(result)
                # Writes go after the answer, off the loop, and the next messages go on
                # meanwhile (a commit can take longer than a frame interval on a busy
                # disk); one at a time, in order (the session's thread, or the writer's).
                if self.live.write_due:
                    self.live.write()  # one writer thread for all device sessions
                elif seq % _SAVE_COUNTERS_EVERY == 0 and self.source == "server":
                    # (a device session's writes carry its counters: one commit)
                    self._in_background(self.live.save_counters)
            if self.finish_requested:
                await self.finish()
                return

    async def _save_first(self) -> None:
        """A rep or any other event is committed before its answer goes out, as with
        images (events are rare: a few per rep; frames alone wait for the writer). A
        failed write keeps them in the batch for the writer's next try."""
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.live.executor, self.live.save_now)
        except SQLAlchemyError as err:
            log.warning("session %s: saving events failed (kept, retried): %s", self.live.id, err)

    def _in_background(self, write: Callable[[], None]) -> None:
        if self._writing is not None and not self._writing.done():
            return  # the one under way takes what waits; the next due one the rest
        self._writing = asyncio.get_running_loop().run_in_executor(self.live.executor, write)
        self._writing.add_done_callback(self._written)

    def _written(self, done: asyncio.Future[None]) -> None:
        if not done.cancelled() and done.exception() is not None:
            # The rows stay in the batch for the next write; the clinic sees it logged.
            log.warning("session %s: recording failed: %s", self.live.id, done.exception())

    async def finish(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.live.executor, self.live.finish)
        summary = await asyncio.to_thread(self._summary)
        await self.send(FinishedMessage(summary=summary))
        self._forget()
        self.live.close()
        self.open = False
        await self.ws.close(CloseCode.NORMAL)
