"""One-time sign-in links: a patient opens their programme from a link (or its QR code)
without a password.

A link holds a random token; only its SHA-256 is stored. A link works once, until it
expires, unless it is revoked or its patient deactivated. `use` spends it in one
conditional UPDATE, so two devices opening the same link at once get one login between
them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, select, update

from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import SigninLinkRow, UserRow
from server.store.users import User, sha256_hex, user_from_row

__all__ = ["LINK_STATES", "OPENED_STATES", "LinkState", "NewLink", "SigninLink", "SigninLinks"]

# What opening a link finds: it works, or why not (the page says which).
LinkState = Literal["ok", "used", "expired", "revoked", "deactivated", "unknown"]
LINK_STATES: tuple[LinkState, ...] = ("ok", "used", "expired", "revoked")  # a stored link's
OPENED_STATES: tuple[LinkState, ...] = (*LINK_STATES, "deactivated", "unknown")


@dataclass(frozen=True, slots=True)
class SigninLink:
    id: int
    user_id: int
    created_ms: int
    expires_ms: int
    used_ms: int | None
    revoked_ms: int | None

    def state(self, at_ms: int) -> LinkState:
        if self.revoked_ms is not None:
            return "revoked"
        if self.used_ms is not None:
            return "used"
        return "expired" if at_ms >= self.expires_ms else "ok"


@dataclass(frozen=True, slots=True)
class NewLink:
    link: SigninLink
    token: str  # shown once, in the link's URL; never stored


def _link(row: SigninLinkRow) -> SigninLink:
    return SigninLink(
        row.id, row.user_id, row.created_ms, row.expires_ms, row.used_ms, row.revoked_ms
    )


class SigninLinks:
    def __init__(self, db: Database, ttl_s: float, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock
        self._ttl_ms = int(ttl_s * 1000)

    def create(self, patient: User, by: User) -> NewLink:
        if not patient.active:
            raise ValueError(f"{patient.username} is deactivated: no sign-in link")
        token = secrets.token_urlsafe(32)
        created = self._clock.wall_ms()
        row = SigninLinkRow(
            token_sha256=sha256_hex(token),
            user_id=patient.id,
            created_by=by.id,
            created_ms=created,
            expires_ms=created + self._ttl_ms,
        )
        with self._db.session() as s:
            s.add(row)
            s.flush()
            return NewLink(_link(row), token)

    def of(self, patient_id: int) -> list[SigninLink]:
        """The patient's links, newest first."""
        query = (
            select(SigninLinkRow)
            .where(SigninLinkRow.user_id == patient_id)
            .order_by(SigninLinkRow.created_ms.desc(), SigninLinkRow.id.desc())
        )
        with self._db.session() as s:
            return [_link(r) for r in s.scalars(query)]

    def revoke(self, patient_id: int, link_id: int | None = None) -> int:
        """Revoke one link of the patient (or all still open); how many were revoked."""
        query = update(SigninLinkRow).where(
            SigninLinkRow.user_id == patient_id,
            SigninLinkRow.used_ms.is_(None),
            SigninLinkRow.revoked_ms.is_(None),
        )
        if link_id is not None:
            query = query.where(SigninLinkRow.id == link_id)
        with self._db.session() as s:
            result = cast(
                CursorResult[Any], s.execute(query.values(revoked_ms=self._clock.wall_ms()))
            )
            return int(result.rowcount)

    def look(self, token: str) -> tuple[LinkState, User | None]:
        """What the link would do now, and whose it is (None for an unknown token)."""
        found = self._find(token)
        if found is None:
            return "unknown", None
        link, user = found
        state = link.state(self._clock.wall_ms())
        return ("deactivated" if state == "ok" and not user.active else state), user

    def use(self, token: str) -> tuple[LinkState, User | None]:
        """Spend the link: ("ok", its patient) once; afterwards why it no longer works."""
        state, user = self.look(token)
        if state != "ok" or user is None:
            return state, user
        at = self._clock.wall_ms()
        spend = (
            update(SigninLinkRow)
            .where(
                SigninLinkRow.token_sha256 == sha256_hex(token),
                SigninLinkRow.used_ms.is_(None),
                SigninLinkRow.revoked_ms.is_(None),
                SigninLinkRow.expires_ms > at,
            )
            .values(used_ms=at)
        )
        with self._db.session() as s:
            spent = cast(CursorResult[Any], s.execute(spend)).rowcount == 1
        return ("ok", user) if spent else self.look(token)

    def _find(self, token: str) -> tuple[SigninLink, User] | None:
        if not token or not token.isascii() or len(token) > 128:
            return None
        query = (
            select(SigninLinkRow, UserRow)
            .join(UserRow, UserRow.id == SigninLinkRow.user_id)
            .where(SigninLinkRow.token_sha256 == sha256_hex(token))
        )
        with self._db.session() as s:
            found = s.execute(query).first()
            if found is None:
                return None
            row, user_row = found
            return _link(row), user_from_row(user_row)
