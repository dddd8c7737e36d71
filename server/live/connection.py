"""One WebSocket attached to one live session: what arrives on it, read once
(`server.live.job.read_message`: camera images, or landmarks from the patient's browser
with `source="device"`, and controls), the backpressure, and one answer per frame or
landmark message (see server/api/ws.py for the wire protocol).

Backpressure: one job is stepped while at most `Settings.pending_frames` wait (landmarks:
`_PENDING_LANDMARKS`); a newer one pushes the oldest waiting one out (answered
`dropped`, counted). Where a job runs is the session's (`LiveSession.step`).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from exercises.registry import spec_of
from server.live.job import Control, PoseJob, Reading, Refused, read_message
from server.live.session import LiveSession
from server.protocol.codes import CloseCode
from server.protocol.errors import ErrorAnswer
from server.protocol.live import FinishedMessage, PongMessage, Summary
from server.protocol.wire import Wire
from server.settings import Settings

__all__ = ["Connection"]

# Landmark messages waiting beyond the one being stepped. An image waits for inference
# (tens of ms): the newest wins. Landmarks take ~0.5 ms: a burst after a stall on the way
# (the network, a busy tablet) is caught up, not dropped.
_PENDING_LANDMARKS = 8


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
        self.messages_per_s = settings.socket_messages_per_s
        self._reading = Reading(live.source, spec_of(live.record.exercise).probes, settings)
        pending = settings.pending_frames if live.source == "server" else _PENDING_LANDMARKS
        self._capacity = max(1, pending)
        self._summary = summary
        self._forget = forget
        self.pending: deque[PoseJob] = deque()
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

    async def receive(self, payload: bytes | str) -> None:
        """One message off the socket: a job queued for the worker, a control, or a
        refusal answered at once."""
        arrived_s = time.perf_counter()
        read = read_message(payload, self._reading)
        if isinstance(read, Refused):
            if read.counted:
                await self.send(self.live.refuse(read.code, read.message))
            else:
                await self.send(ErrorAnswer(code=read.code, message=read.message))
        elif read is Control.PING:
            await self.send(PongMessage(counters=self.live.counters.to_wire()))
        elif read is Control.FINISH:
            self.finish_requested = True
            self.wake.set()
        else:
            job = self.live.arrive(read, arrived_s)
            if isinstance(job, ErrorAnswer):
                await self.send(job)
            else:
                await self._queue(job)

    async def _queue(self, job: PoseJob) -> None:
        """Wait for the worker; the oldest waiting beyond the capacity is `dropped`."""
        self.pending.append(job)
        while len(self.pending) > self._capacity:
            await self.send(self.live.drop(self.pending.popleft()))
        self.wake.set()

    async def work(self) -> None:
        """Step waiting jobs in order, each answered; then a finish."""
        while self.open:
            await self.wake.wait()
            self.wake.clear()
            while self.pending:
                await self.send(await self.live.step(self.pending.popleft()))
            if self.finish_requested:
                await self.finish()
                return

    async def finish(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.live.executor, self.live.finish)
        summary = await asyncio.to_thread(self._summary)
        await self.send(FinishedMessage(summary=summary))
        self._forget()
        self.live.close()
        self.open = False
        await self.ws.close(CloseCode.NORMAL)
