"""The protocol's generated files are current, and the page takes its codes from them."""

from __future__ import annotations

import re
from pathlib import Path

from server.cli.main import PROTOCOL_JS, PROTOCOL_JSON
from server.protocol.codes import CLOSE_ENDED, CLOSE_REFUSED, CloseCode
from server.protocol.schema import page_constants_text, protocol_schema, protocol_schema_text

WEB_JS = Path(__file__).resolve().parents[3] / "web" / "js"


def test_the_committed_protocol_schema_is_current() -> None:
    assert PROTOCOL_JSON.read_text(encoding="utf-8") == protocol_schema_text(), (
        "web/protocol.schema.json is stale: run `formcheck schema --write`"
    )


def test_the_committed_page_constants_are_current() -> None:
    assert PROTOCOL_JS.read_text(encoding="utf-8") == page_constants_text(), (
        "web/js/protocol.js is stale: run `formcheck schema --write`"
    )


def test_the_schema_names_every_message_the_socket_sends() -> None:
    schema = protocol_schema()
    sent = {ref["$ref"].rsplit("/", 1)[-1] for ref in schema["oneOf"]}
    assert sent == {
        "SessionMessage",
        "ResultMessage",
        "DroppedMessage",
        "PongMessage",
        "FinishedMessage",
        "ErrorAnswer",
    }
    assert sent <= set(schema["$defs"])


def test_every_close_code_has_one_meaning_for_the_page() -> None:
    """Ended and refused never overlap; what is neither (server full, a drop) is retried."""
    assert not set(CLOSE_ENDED) & set(CLOSE_REFUSED)
    assert CloseCode.SERVER_FULL not in {*CLOSE_ENDED, *CLOSE_REFUSED}


def test_the_page_writes_no_close_code_of_its_own() -> None:
    """Close codes come from web/js/protocol.js: no module compares with a bare one."""
    codes = "|".join(str(c.value) for c in CloseCode)
    compared = rf"(?:===|!==|==|>=|<=|<|>)\s*(?:{codes}|4\d{{3}})\b"
    listed = rf"\[\s*(?:{codes})\s*,\s*(?:{codes})\b"
    bare = re.compile(f"{compared}|{listed}")
    found = {
        path.name: bare.findall(path.read_text(encoding="utf-8"))
        for path in sorted(WEB_JS.rglob("*.js"))
        if path.name != "protocol.js"
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
    for name in ("live.js", "app.js"):
        assert 'from "./protocol.js"' in (WEB_JS / name).read_text(encoding="utf-8")
