"""The generated files of the protocol: its JSON Schema (`web/protocol.schema.json`: the
socket's messages and every HTTP answer) and
the page's constants (`web/js/protocol.js`: the close codes, what the page does on each,
and the error codes). `formcheck schema --write` writes them with the event schema;
`--check` and a test fail when a committed copy is stale."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from server.protocol.accounts import Account, LinkCheck, LoggedIn, LoggedOut, PasswordChanged
from server.protocol.codes import CLOSE_ENDED, CLOSE_REFUSED, CloseCode, ErrorCode
from server.protocol.errors import ErrorAnswer
from server.protocol.frames import FLOATS_PER_PERSON, HEADER, MAGIC
from server.protocol.jobs import JobAccepted, JobWire
from server.protocol.live import (
    DroppedMessage,
    FinishedMessage,
    FinishMessage,
    PingMessage,
    PongMessage,
    ResultMessage,
    SessionMessage,
)
from server.protocol.overview import PatientOverview
from server.protocol.page import Health, OnDeviceConfig, TextCatalogue
from server.protocol.patients import (
    AuditPageWire,
    Erased,
    IntakeWire,
    NewSigninLink,
    PatientRow,
    Revoked,
    SigninLinkWire,
)
from server.protocol.programme import Exercises, ProgrammeWire
from server.protocol.progress import ProgressPlots, ProgressReport
from server.protocol.report import RepLandmarks, ReportJson
from server.protocol.sessions import (
    DemoStarted,
    PainRecorded,
    Resumed,
    SessionDetail,
    SessionListItem,
    SessionStarted,
    WorkoutStarted,
)

__all__ = [
    "HTTP_ANSWERS",
    "MESSAGES",
    "page_constants_text",
    "protocol_schema",
    "protocol_schema_text",
]

# The live socket's messages, both ways, and the one error answer (HTTP's too).
MESSAGES: tuple[type[BaseModel], ...] = (
    SessionMessage,
    ResultMessage,
    DroppedMessage,
    PongMessage,
    FinishedMessage,
    ErrorAnswer,
    PingMessage,
    FinishMessage,
)
# Every HTTP route's answer (a test holds this list to the app's routes), by concept.
HTTP_ANSWERS: tuple[type[BaseModel], ...] = (
    *(Account, LoggedIn, LoggedOut, PasswordChanged, LinkCheck),
    *(
        PatientRow,
        PatientOverview,
        SigninLinkWire,
        NewSigninLink,
        Revoked,
        AuditPageWire,
        Erased,
        IntakeWire,
    ),
    *(Exercises, ProgrammeWire),
    *(SessionStarted, DemoStarted, SessionListItem, SessionDetail, Resumed),
    *(WorkoutStarted, PainRecorded),
    *(JobAccepted, JobWire, ReportJson, RepLandmarks),
    *(ProgressReport, ProgressPlots),
    *(OnDeviceConfig, TextCatalogue, Health),
)
_SERVER_SENDS: tuple[str, ...] = ("SessionMessage", "ResultMessage", "DroppedMessage")
_SERVER_SENDS += ("PongMessage", "FinishedMessage", "ErrorAnswer")


def protocol_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12): a definition per message type and HTTP answer;
    `oneOf` is what the live socket sends (its messages' `type` tells them apart)."""
    _, top = models_json_schema(
        [(m, "serialization") for m in (*MESSAGES, *HTTP_ANSWERS)],
        ref_template="#/$defs/{model}",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Formcheck wire protocol (server/protocol)",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in _SERVER_SENDS],
        "$defs": top["$defs"],
    }


def protocol_schema_text() -> str:
    return json.dumps(protocol_schema(), indent=2, sort_keys=True) + "\n"


def _object(entries: dict[str, object]) -> str:
    rows = "".join(f"  {name}: {json.dumps(value)},\n" for name, value in entries.items())
    return f"Object.freeze({{\n{rows}}})"


def page_constants_text() -> str:
    """`web/js/protocol.js`: an ES module the page imports instead of writing a code."""
    ended = ", ".join(f"CloseCode.{c.name}" for c in CLOSE_ENDED)
    refused = ", ".join(f"CloseCode.{c.name}" for c in CLOSE_REFUSED)
    return (
        "// Generated from server/protocol by `formcheck schema --write`: do not edit.\n"
        "// The live socket's close codes (server/protocol/codes.py, CloseCode).\n"
        f"export const CloseCode = {_object({c.name: c.value for c in CloseCode})};\n\n"
        "// A session that closed with one of these has ended: it is not reconnected.\n"
        f"export const CLOSE_ENDED = Object.freeze([{ended}]);\n\n"
        "// The server refused the connection: the page says why and does not retry.\n"
        f"export const CLOSE_REFUSED = Object.freeze([{refused}]);\n\n"
        "// Why something was refused: every error answer's `code` (text: error_<code>).\n"
        f"export const ErrorCode = {_object({c.name: c.value for c in ErrorCode})};\n\n"
        "// The binary landmark frame (server/protocol/frames.py), little-endian: the\n"
        "// header's fields at their byte offsets, then per person FLOATS_PER_PERSON float32\n"
        "// (image, world, visibility) and its signals in the exercise's probe order.\n"
        f"export const LandmarkFrame = {_object(_frame_layout())};\n"
    )


def _frame_layout() -> dict[str, object]:
    fields: dict[str, tuple[object, ...]] = dict(HEADER.fields or {})
    return {
        "MAGIC": MAGIC.decode("ascii"),
        "HEADER_BYTES": HEADER.itemsize,
        "OFFSETS": {name: field[1] for name, field in fields.items()},
        "FLOATS_PER_PERSON": FLOATS_PER_PERSON,
    }
