"""Tokens stay out of the server's log.

A browser cannot set headers on a WebSocket, so the session's resume token (and, for
clients without the cookie, the login token) rides in the socket's URL; uvicorn logs
that URL on every connection. `RedactTokens` masks them in whatever is logged, and
`log_config()` is uvicorn's own logging set-up with that filter on every handler.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

import uvicorn.config

__all__ = ["RedactTokens", "log_config", "redact"]

_TOKEN_IN_QUERY = re.compile(r"\b(resume_token|access_token)=[^&\s\"']*")


def redact(text: str) -> str:
    """`...?resume_token=abc&x=1` -> `...?resume_token=***&x=1`."""
    return _TOKEN_IN_QUERY.sub(r"\1=***", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration, with tokens masked on every handler."""
    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": RedactTokens}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_tokens")
    return config
