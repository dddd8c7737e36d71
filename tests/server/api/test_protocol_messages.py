"""Every message the live socket sends is of its type (`server.protocol.live`): each kind
once in one session here, and every message any socket test reads
(`tests.server.clients.receive` validates them all)."""

from __future__ import annotations

import json

import numpy as np

from server.protocol.codes import CloseCode, ErrorCode
from server.protocol.live import SERVER_MESSAGE
from tests.server.clients import Client, closed_code, receive
from tests.server.conftest import jpeg


def test_a_session_sends_each_kind_of_message_of_its_type(
    patient: Client, exercise_name: str
) -> None:
    session = patient.new_session(exercise_name)
    seen: dict[str, dict[str, object]] = {}
    with patient.socket(session["ws_path"]) as ws:
        seen["session"] = receive(ws)
        ws.send(jpeg(np.full((240, 320, 3), 90, dtype=np.uint8)))
        seen["result"] = receive(ws)
        ws.send(json.dumps({"type": "ping"}))
        seen["pong"] = receive(ws)
        ws.send(json.dumps({"type": "dance"}))
        seen["error"] = receive(ws)
        ws.send(json.dumps({"type": "finish"}))
        seen["finished"] = receive(ws)
        assert closed_code(ws) == CloseCode.NORMAL
    assert {kind: body["type"] for kind, body in seen.items()} == {k: k for k in seen}
    assert seen["error"]["code"] == ErrorCode.UNKNOWN_MESSAGE
    assert "seq" not in seen["error"]  # not the answer to a frame
    for body in seen.values():  # the type reads back what was sent, field for field
        typed = SERVER_MESSAGE.validate_python(body)
        assert json.loads(typed.model_dump_json()) == body


def test_a_refused_connection_says_why_in_the_one_error_shape(
    patient: Client, exercise_name: str
) -> None:
    session = patient.new_session(exercise_name)
    with patient.socket(session["ws_path"].replace("resume_token=", "resume_token=x")) as ws:
        refused = receive(ws)
        assert (refused["type"], refused["code"]) == ("error", ErrorCode.REFUSED)
        assert closed_code(ws) == CloseCode.FORBIDDEN
