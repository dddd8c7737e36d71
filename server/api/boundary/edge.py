"""The connection edge of `formcheck serve`: what one client may make uvicorn hold.

uvicorn's own settings, from `Settings`: the h11 parser (httptools, uvicorn's choice
when installed, reads a header of any size) with a bound on a request's head
(`max_header_bytes`: a longer one is answered 400 and the connection closed), an idle
keep-alive timeout, and a cap on connections and requests at once (`max_connections`:
past it a request is answered 503 at once). What uvicorn lacks is a deadline for the
head itself: a half-sent request would hold its connection for good (slowloris), so
the protocol here closes a connection that has not sent a whole request head within
`request_head_timeout_s` of connecting or of its last answer. The open-file limit is
raised to what the connection cap needs (`raise_file_limit`). Over HTTPS only modern
cipher suites are offered. Behind nginx
(deploy/nginx.conf) the same limits stand at nginx as well.
"""

from __future__ import annotations

import asyncio
import resource
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from server.settings import Settings

__all__ = ["TLS12_CIPHERS", "raise_file_limit", "uvicorn_options"]

TLS12_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL"
# Files besides the connections: the database, the model, logs, uploads in progress.
_SPARE_FILES = 256


class _HeadDeadline(H11Protocol):
    """h11, closing a connection whose request head does not arrive in time."""

    head_timeout_s = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # a whole head arrived: the app has the request now

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        self._disarm()  # the socket is the WebSocket protocol's from here
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's head has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_late)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.Config's options for the edge, the WebSocket and the proxy headers."""
    head = type(
        "HeadDeadlineH11", (_HeadDeadline,), {"head_timeout_s": settings.request_head_timeout_s}
    )
    trusted = list(settings.trusted_proxies)
    return {
        "http": head,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": settings.max_connections,
        # Refuse oversized WebSocket messages at the protocol level (closes with 1009);
        # up to twice the frame limit they get a polite error from the session instead.
        "ws_max_size": 2 * settings.max_frame_bytes,
        # JPEG frames do not compress; deflate would only cost CPU on both ends.
        "ws_per_message_deflate": False,
        # HTTPS (--https): TLS 1.2 with forward secrecy and AEAD ciphers only, no CBC
        # (TLS 1.3's suites are all AEAD); every browser of the last decade has these.
        "ssl_ciphers": TLS12_CIPHERS,
        # Proxy headers only from `Settings.trusted_proxies`, else off (uvicorn's own
        # default trusts 127.0.0.1), so the client address the audit log records is the
        # peer's unless a trusted proxy forwarded it.
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }


def raise_file_limit(settings: Settings) -> int:
    """Raise this process's open-file limit (soft, up to the hard one) to hold
    `max_connections` and spare; returns the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = settings.max_connections + _SPARE_FILES
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        return want
    return soft
