"""Password hashing with scrypt (stdlib `hashlib.scrypt`), in a self-describing string."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["hash_password", "verify_password"]

# RFC 7914 interactive-login parameters: ~50 ms and 16 MiB per check on a laptop.
_N = 2**14
_R = 8
_P = 1
_DKLEN = 32
_MIN_LENGTH = 8


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$hash`; refuses passwords shorter than 8 characters."""
    if len(password) < _MIN_LENGTH:
        raise ValueError(f"a password needs at least {_MIN_LENGTH} characters, got {len(password)}")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN, maxmem=64 * 2**20
    )
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches a `hash_password` string (constant-time compare)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise ValueError("stored password hash is not in scrypt$N$r$p$salt$hash form")
    n, r, p = (int(x) for x in parts[1:4])
    salt, expected = _unb64(parts[4]), _unb64(parts[5])
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=64 * 2**20
    )
    return hmac.compare_digest(digest, expected)
