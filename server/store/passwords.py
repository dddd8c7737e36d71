"""Password hashing: Argon2id (argon2-cffi) with OWASP's parameters (19 MiB, 2 passes,
1 lane), in the PHC string form `$argon2id$v=19$m=...,t=...,p=...$salt$hash`.

Hashes made before Argon2 (stdlib scrypt, `scrypt$N$r$p$salt$hash`) still verify;
`needs_rehash` says so, and a successful login stores a fresh Argon2id hash.
Each check costs ~30-60 ms of one core and 19 MiB (64 MiB and 3 passes, the library's
default, took 4x as long: a flood's checks would then hold other logins up for longer);
callers bound how many run at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = ["MIN_PASSWORD_LENGTH", "hash_password", "needs_rehash", "verify_password"]

MIN_PASSWORD_LENGTH = 8
# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    """A salted Argon2id hash; refuses passwords shorter than 8 characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters, got {len(password)}"
        )
    return _HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored` (Argon2id, or an older scrypt hash)."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except VerifyMismatchError:
        return False
    except (InvalidHashError, VerificationError) as err:
        raise ValueError(f"stored password hash is not a valid Argon2 hash: {err}") from None


def needs_rehash(stored: str) -> bool:
    """True for a hash of an older scheme or weaker parameters than today's."""
    return stored.startswith("scrypt$") or _HASHER.check_needs_rehash(stored)


def _verify_scrypt(password: str, stored: str) -> bool:
    parts = stored.split("$")
    if len(parts) != 6:
        raise ValueError("stored password hash is not in scrypt$N$r$p$salt$hash form")
    n, r, p = (int(x) for x in parts[1:4])
    salt, expected = _unb64(parts[4]), _unb64(parts[5])
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=64 * 2**20
    )
    return hmac.compare_digest(digest, expected)
