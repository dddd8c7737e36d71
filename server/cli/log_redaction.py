"""Tokens stay out of the server's log, under any spelling.

A browser cannot set headers on a WebSocket, so the session's resume token (and, for
clients without the cookie, the login token; the demo's token) rides in the socket's
URL, which the access log records. `redact` percent-decodes what is logged (repeatedly:
`resume%5Ftoken`, `%253D`) and then masks the value of every query parameter whose
name holds "token" (any case), bearer credentials, the login cookie, and any path
word shaped like one of our tokens (32 or more url-safe characters with upper and
lower case letters; a session's 32 hex digits are its id, not a secret, and stay).
`RedactTokens` applies it to every record's final message.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

__all__ = ["RedactTokens", "redact"]

_MASK = "***"
_QUERY_PARAM = re.compile(r"(?P<name>[?&;][^=&;#\s\"'?]*)=(?P<value>[^&;#\s\"']*)")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[^\s\"',;]+")
_COOKIE = re.compile(r"(?i)\b(formcheck_login)=[^;\s\"',]*")
_TOKEN_SHAPED = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")
_UPPER, _LOWER = re.compile(r"[A-Z]"), re.compile(r"[a-z]")
_MAX_DECODES = 5


def _decoded(text: str) -> str:
    for _ in range(_MAX_DECODES):
        once = unquote(text)
        if once == text:
            return text
        text = once
    return text


def _param(match: re.Match[str]) -> str:
    name = match.group("name")
    if "token" in name.lower() or "password" in name.lower():
        return f"{name}={_MASK}"
    return match.group(0)


def _shaped(match: re.Match[str]) -> str:
    word = match.group(0)  # random: both cases, but for 1 in 10^7; names and ids: not
    return _MASK if _UPPER.search(word) and _LOWER.search(word) else word


def redact(text: str) -> str:
    """`...?resume%5Ftoken=abc&x=1` -> `...?resume_token=***&x=1`."""
    text = _decoded(text)
    text = _QUERY_PARAM.sub(_param, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {_MASK}", text)
    text = _COOKIE.sub(lambda m: f"{m.group(1)}={_MASK}", text)
    return _TOKEN_SHAPED.sub(_shaped, text)


class RedactTokens(logging.Filter):
    """Masks tokens in each record's message (after its arguments are filled in) and
    in its structured fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), None
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {k: redact(v) if isinstance(v, str) else v for k, v in fields.items()}
        return True
