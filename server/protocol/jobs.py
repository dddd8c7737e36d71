"""The HTTP answers about a recorded clip: accepted for analysis, and its job polled."""

from __future__ import annotations

from typing import Literal

from server.protocol.wire import Wire

__all__ = ["JobAccepted", "JobWire"]

JobState = Literal["queued", "running", "done", "failed"]


class JobAccepted(Wire):
    """The clip is saved and queued: poll `GET /api/jobs/{job_id}`."""

    job_id: str


class JobWire(Wire):
    """An analysis job: its state, progress 0-1, the session it made once done, and why
    it failed (an `ErrorCode`: the page shows `error_<code>`)."""

    job_id: str
    exercise: str
    state: JobState
    progress: float  # 0-1, to 3 decimals
    session_id: str | None  # only once done
    error: str | None  # an ErrorCode's value (a stored row may hold an older one)
