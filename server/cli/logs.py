"""`formcheck serve`'s log: JSON lines on stderr, one object a record.

`{"time", "level", "logger", "event", "request_id"?, "user"?, ...}`: the time in UTC
(ISO 8601, ms), the request id and user id of the request being served when known
(`server.api.boundary.access_log`), and the access log's fields (method, path, status,
duration_ms, close_code, outcome). The stdlib's logging with this small formatter: the
app and uvicorn already log through it, and one class is less than a dependency.
Every handler masks tokens (`server.cli.log_redaction`); no body, name, pain score or
landmark is logged by the app (the access log has paths and ids only), and no error's
text: an exception in a message's arguments is written as its type, a traceback as its
frames and types (`server.scrub`), since a database error quotes the values it was
writing.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from server.api.boundary.access_log import REQUEST_ID, USER_ID
from server.cli.log_redaction import RedactTokens
from server.scrub import error_name, scrubbed_trace

__all__ = ["ErrorsByType", "JsonLines", "log_config"]


class ErrorsByType(logging.Filter):
    """An exception among a record's arguments is logged by its type, never its text."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(error_name(a) if isinstance(a, BaseException) else a for a in args)
        elif isinstance(args, dict):
            record.args = {
                k: error_name(v) if isinstance(v, BaseException) else v for k, v in args.items()
            }
        if isinstance(record.msg, BaseException):
            record.msg = error_name(record.msg)
        return True


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
        if record.exc_info and record.exc_info[1] is not None:
            out["error"] = scrubbed_trace(record.exc_info[1])
        return json.dumps(out, default=str, ensure_ascii=False)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn's `log_config`: the app's loggers
    (`formcheck.*`), uvicorn's, SQLAlchemy's and RQ's, as JSON lines on stderr, errors
    by type, tokens masked."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["errors", "redact"],
    }
    quiet = {"handlers": ["stderr"], "level": "WARNING", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"errors": {"()": ErrorsByType}, "redact": {"()": RedactTokens}},
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {"stderr": handler | {"stream": "ext://sys.stderr"}},
        "loggers": {
            "formcheck": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "sqlalchemy": quiet,
            "rq": quiet,
            # Replaced by formcheck.access (time, user, refused sockets as refused).
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
