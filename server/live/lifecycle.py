"""A live session's life as a state machine with checked transitions.

NEW (built: restored from the database, or a demo before its socket) -> ATTACHED (a
connection streams to it; another may take it over) -> DETACHED (its connection went
away: it waits out the grace period for the next) -> ATTACHED again, or FINISHED (the
patient finished: stored as finished, no more frames) -> CLOSED (its estimator and
thread freed). A session is CLOSED without finishing when its grace period runs out,
its patient is erased or the server stops: it can be restored from its recording.

Setting up, counting and resting are the exercise's, not the session's: the engine's
status says them (`exercises.progress`), once, for every page.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = ["ENDED", "TRANSITIONS", "SessionState", "TransitionError", "checked_move"]


class SessionState(enum.Enum):
    NEW = "new"
    ATTACHED = "attached"
    DETACHED = "detached"
    FINISHED = "finished"
    CLOSED = "closed"


_S = SessionState
# Every legal move; anything else is a bug of the caller, said loudly (TransitionError).
TRANSITIONS: Mapping[SessionState, frozenset[SessionState]] = {
    # adopted from the database while its grace period runs: held as detached
    _S.NEW: frozenset({_S.ATTACHED, _S.DETACHED, _S.FINISHED, _S.CLOSED}),
    # ATTACHED -> ATTACHED: a second connection takes the session over (a reload)
    _S.ATTACHED: frozenset({_S.ATTACHED, _S.DETACHED, _S.FINISHED, _S.CLOSED}),
    # DETACHED -> FINISHED: the patient started a new session (the old one is finished)
    _S.DETACHED: frozenset({_S.ATTACHED, _S.FINISHED, _S.CLOSED}),
    _S.FINISHED: frozenset({_S.CLOSED}),
    _S.CLOSED: frozenset(),
}
# Sessions that take no more frames.
ENDED = frozenset({_S.FINISHED, _S.CLOSED})


class TransitionError(RuntimeError):
    """A move the session's state does not allow; names the state and the move."""

    def __init__(self, state: SessionState, to: SessionState) -> None:
        allowed = sorted(s.value for s in TRANSITIONS[state]) or "nothing"
        super().__init__(
            f"a live session that is {state.value} cannot become {to.value} "
            f"(from {state.value}: {allowed})"
        )
        self.state = state
        self.to = to


def checked_move(state: SessionState, to: SessionState) -> SessionState:
    """`to`, when the table allows moving there from `state`; else TransitionError."""
    if to not in TRANSITIONS[state]:
        raise TransitionError(state, to)
    return to
