"""The routes' one way into the audit log: `audit(conn, action, actor, patient_id)`
after the access check passed, with the client's address taken from the connection.

The address is the peer uvicorn saw: behind a reverse proxy, the forwarded address only
when the proxy is one of `Settings.trusted_proxies` (uvicorn's proxy headers are off
otherwise, so a client cannot write its own `X-Forwarded-For` into the log).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.requests import HTTPConnection

from server.api.state import app_state
from server.store.privacy.audit import Action, AuditEntry
from server.store.users import User

__all__ = ["audit", "audit_each", "client_address", "entry"]


def client_address(conn: HTTPConnection) -> str | None:
    return None if conn.client is None else conn.client.host


def entry(
    conn: HTTPConnection,
    action: Action,
    actor: User | None,
    patient_id: int | None,
    object_id: str | int | None = None,
) -> AuditEntry:
    return AuditEntry.of(action, actor, patient_id, object_id, client_address(conn))


def audit(
    conn: HTTPConnection,
    action: Action,
    actor: User | None,
    patient_id: int | None,
    object_id: str | int | None = None,
) -> None:
    """Append one entry (blocking: call it from a plain route or off the event loop)."""
    app_state(conn).audit.record(entry(conn, action, actor, patient_id, object_id))


def audit_each(
    conn: HTTPConnection, action: Action, actor: User, patient_ids: Iterable[int]
) -> None:
    """One entry per patient whose data was read at once (a list): each patient's log shows it."""
    app_state(conn).audit.record(*(entry(conn, action, actor, p) for p in patient_ids))
