"""Hypothesis over the live socket's messages: any text, any JSON (NaN, huge numbers,
deep nesting, wrong types), any bytes, in any order, get an answer in the protocol (an
error with a code, a pong, a frame's answer) and never take the session or the server
down: after each sequence the same socket still answers a ping, and the server its
health check. The socket's half of issue 13's "no server error" (the HTTP half is
test_fuzz_api.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from tests.server.clients import Client, answer_for_frame, receive
from tests.server.live_server import RunningServer

pytestmark = pytest.mark.timeout(600)

# What the server may answer a text message with; a frame is answered with its seq.
TEXT_ANSWERS = {"error", "pong", "finished"}
FRAME_ANSWERS = {"result", "dropped", "error"}

_numbers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
)
_scalars = st.one_of(st.none(), st.booleans(), _numbers, st.text(max_size=40))
_json = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
# Controls with the right keys and wrong values are the interesting ones.
_controls = st.fixed_dictionaries(
    {"type": st.sampled_from(["ping", "language", "dance", "", "PING"]) | _scalars},
    optional={"language": _json, "seq": _json, "lang": _json},
)


def _text_of(value: Any) -> str:
    # Python's json writes NaN and Infinity: exactly what a strict reader must refuse.
    return json.dumps(value, allow_nan=True)


_deep = st.integers(min_value=50, max_value=5000).map(lambda n: "[" * n + "]" * n)
_texts = st.one_of(
    st.text(max_size=200),
    _json.map(_text_of),
    _controls.map(_text_of),
    _deep,
    st.integers(min_value=300, max_value=6000).map(lambda n: "1" * n),  # a 6000-digit number
)
_frames = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=64).map(lambda tail: b"\xff\xd8\xff\xe0" + tail),  # a JPEG's start
    st.binary(max_size=64).map(lambda tail: b"RIFF\x10\x00\x00\x00WEBPVP8 " + tail),
)
_messages = st.lists(st.one_of(_texts, _frames), min_size=1, max_size=6)


def _answer(ws: Any, message: str | bytes) -> dict[str, Any]:
    if isinstance(message, bytes):
        answer = answer_for_frame(ws, timeout_s=20)
        assert answer["type"] in FRAME_ANSWERS, answer
        return answer
    while True:
        answer = receive(ws, timeout_s=20)
        if "seq" not in answer:  # a late frame's answer may come first
            assert answer["type"] in TEXT_ANSWERS, answer
            return answer


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(messages=_messages)
def test_any_message_gets_an_answer_and_the_session_goes_on(
    messages: list[str | bytes],
    server: RunningServer,
    patient: Client,
    exercise_name: str,
) -> None:
    session = patient.new_session(exercise_name)
    with patient.socket(session["ws_path"]) as ws:
        assert receive(ws)["type"] == "session"
        for message in messages:
            ws.send(message)
            answer = _answer(ws, message)
            if answer["type"] == "error":
                assert isinstance(answer.get("code"), str), answer
                assert answer["code"], answer
        ws.send(json.dumps({"type": "ping"}))
        try:
            assert _answer(ws, '{"type": "ping"}')["type"] == "pong"
        except ConnectionClosed as closed:  # only a protocol-level refusal may close it
            pytest.fail(f"the socket closed on {messages!r:.200}: {closed}")
    assert patient.http.get("/healthz").status_code == 200
