"""`formcheck serve`'s log: JSON lines on stderr, one object a record.

`{"time", "level", "logger", "event", "request_id"?, "user"?, ...}`: the time in UTC
(ISO 8601, ms), the request id and user id of the request being served when known
(`server.api.boundary.access_log`), and the access log's fields (method, path, status,
duration_ms, close_code, outcome). The stdlib's logging with this small formatter: the
app and uvicorn already log through it, and one class is less than a dependency.
Every handler masks tokens (`server.cli.log_redaction`); no body, name, pain score or
landmark is logged by the app (the access log has paths and ids only).
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from server.api.boundary.access_log import REQUEST_ID, USER_ID
from server.cli.log_redaction import RedactTokens

__all__ = ["JsonLines", "log_config"]


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        request_id, user = REQUEST_ID.get(), USER_ID.get()
        if request_id is not None:
            out["request_id"] = request_id
        if user is not None:
            out["user"] = user
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out |= fields
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn's `log_config`: the app's loggers
    (`formcheck.*`) and uvicorn's, as JSON lines on stderr, tokens masked."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": RedactTokens}},
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {"stderr": handler | {"stream": "ext://sys.stderr"}},
        "loggers": {
            "formcheck": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            # Replaced by formcheck.access (time, user, refused sockets as refused).
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
