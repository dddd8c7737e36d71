"""Security headers on every HTTP response (pages, API, static files and errors alike).

The pages load only their own files: no inline script, style, handler or `style=`
attribute anywhere (the report's plots carry SVG presentation attributes instead, see
`server.report.plots`), so the policy needs no 'unsafe-inline'. Nothing may frame a
page (clickjacking), the camera is for this origin only, and no Referer leaves the
app (a sign-in link's token is in the fragment, which no Referer carries anyway).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "SecurityHeaders", "security_headers"]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # WebAssembly (the on-device pose model) compiles; no other code is evaluated.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",  # CSP 3: 'self' covers ws:/wss: to this host too
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# HSTS for a year; no includeSubDomains: the laptop's name is not a domain we own.
_HSTS = "max-age=31536000"


def security_headers(*, https: bool) -> dict[str, str]:
    """The headers every response carries (HSTS only when served over HTTPS)."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = _HSTS
    return headers


class SecurityHeaders:
    """ASGI middleware: `security_headers` added to each HTTP response's start (a route
    that sets one of them keeps its own)."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.headers = security_headers(https=https)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
