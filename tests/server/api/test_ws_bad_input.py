"""Bad input on a live session gets an error message and the session goes on."""

from __future__ import annotations

import json

import numpy as np
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

from tests.server.clients import Client, answer_for_frame, eventually, receive
from tests.server.conftest import jpeg
from tests.server.live_server import RunningServer


def _valid_frame() -> bytes:
    image = np.full((480, 640, 3), 90, dtype=np.uint8)
    image[100:380, 200:440] = 200
    return jpeg(image)


BAD_FRAMES = [
    ("random_bytes", b"\x00" + np.random.default_rng(7).bytes(5000), "unsupported_format"),
    ("empty", b"", "empty_frame"),
    ("jpeg_header_then_zeros", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 3000, "bad_image"),
    ("webp_cut_off", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "bad_image"),
    ("png_not_supported", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported_format"),
    (
        "huge_dimensions",
        jpeg(np.zeros((3000, 3200, 3), dtype=np.uint8), quality=10),
        "frame_too_large",
    ),
    ("tiny_image", jpeg(np.zeros((8, 8, 3), dtype=np.uint8)), "frame_too_small"),
]


@pytest.mark.parametrize(("case", "payload", "code"), BAD_FRAMES, ids=[c[0] for c in BAD_FRAMES])
def test_bad_frame_gets_error_and_session_goes_on(
    patient: Client, exercise_name: str, case: str, payload: bytes, code: str
) -> None:
    session = patient.new_session(exercise_name)
    with patient.socket(session["ws_path"]) as ws:
        assert receive(ws)["type"] == "session"
        ws.send(payload)
        err = answer_for_frame(ws)
        assert err["type"] == "error", case
        assert err["code"] == code, err
        assert err["seq"] == 1
        ws.send(_valid_frame())
        ok = answer_for_frame(ws)
        assert ok["type"] == "result", ok
        assert ok["seq"] == 2
        assert ok["counters"] == {"received": 2, "dropped": 0, "rejected": 1}


def test_too_many_bytes_is_refused_before_decoding(
    patient: Client, exercise_name: str, server: object
) -> None:
    session = patient.new_session(exercise_name)
    with patient.socket(session["ws_path"]) as ws:
        receive(ws)
        ws.send(b"\xff\xd8\xff" + b"\x00" * 4_500_000)  # over the 4 MB frame limit
        err = answer_for_frame(ws)
        assert (err["type"], err["code"]) == ("error", "frame_too_large")
        ws.send(_valid_frame())
        assert answer_for_frame(ws)["type"] == "result"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hello, this is not a frame", "expected_binary_frame"),
        (json.dumps({"type": "dance"}), "unknown_message"),
        (json.dumps([1, 2, 3]), "unknown_message"),
    ],
)
def test_text_instead_of_binary_gets_error(
    patient: Client, exercise_name: str, text: str, code: str
) -> None:
    session = patient.new_session(exercise_name)
    with patient.socket(session["ws_path"]) as ws:
        receive(ws)
        ws.send(text)
        err = receive(ws)
        assert (err["type"], err["code"]) == ("error", code)
        ws.send(json.dumps({"type": "ping"}))
        assert receive(ws)["type"] == "pong"
        ws.send(_valid_frame())
        assert answer_for_frame(ws)["type"] == "result"


def test_flood_is_dropped_and_counted_not_queued(patient: Client, exercise_name: str) -> None:
    """A client that ignores backpressure: every frame is answered, the excess dropped."""
    session = patient.new_session(exercise_name)
    frame = _valid_frame()
    sent = 12
    with patient.socket(session["ws_path"]) as ws:
        receive(ws)
        for _ in range(sent):
            ws.send(frame)
        answers = [answer_for_frame(ws) for _ in range(sent)]
    kinds = [a["type"] for a in answers]
    assert sorted(a["seq"] for a in answers) == list(range(1, sent + 1))
    assert kinds.count("dropped") >= 1, kinds
    assert kinds.count("result") + kinds.count("dropped") == sent
    last = max(answers, key=lambda a: a["counters"]["received"])["counters"]
    assert last["dropped"] == kinds.count("dropped")
    # The newest frame is never the one dropped: the oldest waiting one makes room.
    assert next(a for a in answers if a["seq"] == sent)["type"] == "result"
    # Counters are saved when the connection goes away (a moment after close()).
    path = f"/api/sessions/{session['session_id']}"
    stored = eventually(
        lambda: patient.http.get(path).json()["session"],
        lambda s: s["frames_received"] == sent,
    )
    assert stored["frames_dropped"] == kinds.count("dropped")


def _until_closed(ws: ClientConnection, payload: bytes) -> ConnectionClosed:
    try:
        ws.send(payload)
        while True:
            ws.recv(timeout=30)
    except ConnectionClosed as closed:
        return closed


def test_message_over_the_protocol_limit_closes_and_the_session_resumes(
    patient: Client, exercise_name: str, server: RunningServer
) -> None:
    """Past twice the frame limit uvicorn refuses the message itself (it closes the
    connection, 1009 or a reset mid-send); the client reconnects to the same session."""
    session = patient.new_session(exercise_name)
    with patient.socket(session["ws_path"]) as ws:
        receive(ws)
        ws.send(_valid_frame())
        assert answer_for_frame(ws)["type"] == "result"
        closed = _until_closed(
            ws, b"\xff\xd8\xff" + b"\x00" * (2 * server.settings.max_frame_bytes + 1)
        )
    assert closed.rcvd is None or closed.rcvd.code == 1009
    with patient.socket(session["ws_path"]) as ws:
        hello = receive(ws)
        assert hello["resumed"] is True
        assert hello["counters"]["received"] == 1
        ws.send(_valid_frame())
        assert answer_for_frame(ws)["type"] == "result"
