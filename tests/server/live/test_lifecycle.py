"""A live session's life: the transition table, each move checked, and the session's
own methods moving it (attach, detach, finish, close) as the table allows."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pose.types import Frame, Observation, PoseFrame
from server.live.job import CameraImage, PoseJob
from server.live.lifecycle import (
    ENDED,
    TRANSITIONS,
    SessionState,
    TransitionError,
    checked_move,
)
from server.live.session import LiveSession
from server.settings import Settings
from server.store.recording import SessionStore
from tests.server.live.sessions import new_live_session, step_image
from tests.server.live.test_live_session import JPEG

S = SessionState
# The table, spelled out once more by hand: a change to the table fails here until
# someone says why the session may now move so.
LEGAL = {
    (S.NEW, S.ATTACHED),
    (S.NEW, S.DETACHED),
    (S.NEW, S.FINISHED),
    (S.NEW, S.CLOSED),
    (S.ATTACHED, S.ATTACHED),
    (S.ATTACHED, S.DETACHED),
    (S.ATTACHED, S.FINISHED),
    (S.ATTACHED, S.CLOSED),
    (S.DETACHED, S.ATTACHED),
    (S.DETACHED, S.FINISHED),
    (S.DETACHED, S.CLOSED),
    (S.FINISHED, S.CLOSED),
}


@pytest.mark.parametrize(("state", "to"), list(itertools.product(S, S)))
def test_every_move_is_legal_exactly_when_the_table_says(state: S, to: S) -> None:
    assert ((state, to) in LEGAL) == (to in TRANSITIONS[state])
    if (state, to) in LEGAL:
        assert checked_move(state, to) is to
    else:
        with pytest.raises(TransitionError) as err:
            checked_move(state, to)
        assert f"is {state.value} cannot become {to.value}" in str(err.value)
        assert (err.value.state, err.value.to) == (state, to)


@given(st.lists(st.sampled_from(list(S)), max_size=30))
def test_any_walk_ends_for_good_once_closed(moves: list[S]) -> None:
    """Whatever is attempted, the legal moves never leave CLOSED, never go back from
    an ended state to a live one, and FINISHED is reached at most once."""
    state, finished = S.NEW, 0
    for to in moves:
        try:
            new = checked_move(state, to)
        except TransitionError:
            continue
        assert state is not S.CLOSED
        assert not (state in ENDED and new not in ENDED)
        finished += new is S.FINISHED
        state = new
    assert finished <= 1


class Nobody:
    def __init__(self) -> None:
        self.closed = 0

    def process(self, frame: Frame) -> Observation:
        return Observation(frame.timestamp_ms, None)

    def observe(
        self, candidates: list[PoseFrame], timestamp_ms: int, signals: object = ()
    ) -> Observation:
        return Observation(timestamp_ms, None)

    def close(self) -> None:
        self.closed += 1


def _state(session: LiveSession) -> SessionState:
    return session.state  # (read anew each time: the session moves between the asserts)


@pytest.fixture
def live(tmp_path: Path) -> tuple[LiveSession, SessionStore, Nobody]:
    pipeline = Nobody()
    session, store = new_live_session(tmp_path, "bridge", pipeline)
    return session, store, pipeline


def test_a_session_moves_through_its_life(live: tuple[LiveSession, SessionStore, Nobody]) -> None:
    session, store, pipeline = live
    assert _state(session) is S.NEW
    first = session.attach()
    assert _state(session) is S.ATTACHED
    second = session.attach()  # a reload takes it over
    session.detach(first)  # the old connection's going changes nothing
    assert (_state(session), second) == (S.ATTACHED, first + 1)
    job = session.arrive(CameraImage(JPEG, Settings()), time.perf_counter())
    assert isinstance(job, PoseJob)
    assert asyncio.run(session.step(job)).type == "result"
    session.detach(second)
    assert _state(session) is S.DETACHED
    assert session.detached_at is not None
    record = store.get(session.id)
    assert record is not None
    assert record.frames_received == 1  # the counters are saved when it goes
    session.attach()
    assert session.detached_at is None
    assert session.finish() == []  # nothing in progress to close
    assert _state(session) is S.FINISHED
    assert session.finish() == []  # a second finish: nothing
    session.close()
    session.close()  # and a second close
    assert _state(session) is S.CLOSED
    assert pipeline.closed == 1
    record = store.get(session.id)
    assert record is not None
    assert record.finished_ms is not None


def test_an_ended_session_cannot_be_attached_and_answers_closed(
    live: tuple[LiveSession, SessionStore, Nobody],
) -> None:
    session, store, _ = live
    session.attach()
    session.close()  # the grace period ran out: not finished, restorable
    with pytest.raises(TransitionError, match="is closed cannot become attached"):
        session.attach()
    answer = step_image(session, 1, JPEG, 100)
    assert (answer.type, getattr(answer, "code", None)) == ("error", "session_closed")
    record = store.get(session.id)
    assert record is not None
    assert record.finished_ms is None
