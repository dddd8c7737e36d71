"""Response types of the HTTP routes that carry the live session's values: the session
list, one session's detail. The other routes' answers are listed in
tests/server/api/test_response_models.py until they have theirs."""

from __future__ import annotations

from server.protocol.live import Summary

__all__ = ["SessionListItem"]


class SessionListItem(Summary):
    """A session in a patient's or therapist's list: its summary, whose it is, and its
    workout's pain scores (null without a workout or a score)."""

    user_id: int
    pain_before: int | None = None
    pain_after: int | None = None
