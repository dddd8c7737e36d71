"""A therapist's patients as the page manages them: add (no password: they sign in by
link), rename, change language, deactivate and activate again.

A deactivated patient's logins end and their open sign-in links are revoked
(`server.store.signin_links`); their sessions and programme are kept.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import delete, select, update

from exercises.base import FieldError
from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import LoginRow, SigninLinkRow, UserRow
from server.store.users import LANGUAGES, User, UserError, UserStore

__all__ = ["NAME_MAX_CHARS", "PatientStore", "username_for"]

NAME_MAX_CHARS = 80
_SLUG_MAX = 24


def username_for(display_name: str, taken: set[str]) -> str:
    """A login name from the name ("José de Vries" -> "jose-de-vries", then "-2"...)."""
    ascii_name = unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_SLUG_MAX].strip("-")
    slug = slug or "patient"
    name, n = slug, 1
    while name in taken:
        n += 1
        name = f"{slug}-{n}"
    return name


def _checked_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not name:
        raise FieldError("display_name", "required", "a patient needs a name")
    if len(name) > NAME_MAX_CHARS:
        raise FieldError(
            "display_name",
            "too_long",
            f"a name has at most {NAME_MAX_CHARS} characters, got {len(name)}",
            high=NAME_MAX_CHARS,
        )
    return name


def _checked_language(language: str) -> str:
    if language not in LANGUAGES:
        raise FieldError("language", "not_a_choice", f"language must be nl or en, got {language!r}")
    return language


class PatientStore:
    def __init__(self, db: Database, users: UserStore, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock
        self._users = users

    def add(self, therapist: User, display_name: str, language: str) -> User:
        """A new patient of `therapist`, without a password. Raises FieldError."""
        if therapist.role != "therapist":
            raise UserError(f"{therapist.username} is not a therapist")
        name, language = _checked_name(display_name), _checked_language(language)
        with self._db.session() as s:
            slug = username_for(name, set())
            taken = set(
                s.scalars(select(UserRow.username).where(UserRow.username.like(f"{slug}%")))
            )
            row = UserRow(
                username=username_for(name, taken),
                display_name=name,
                role="patient",
                therapist_id=therapist.id,
                password_hash="",
                language=language,
                created_ms=self._clock.wall_ms(),
            )
            s.add(row)
            s.flush()
            patient_id = row.id
        return self._get(patient_id)

    def edit(
        self,
        patient: User,
        *,
        display_name: str | None = None,
        language: str | None = None,
        active: bool | None = None,
    ) -> User:
        """Change what is given. Deactivating ends the patient's logins and revokes their
        open sign-in links. Raises FieldError."""
        values: dict[str, object] = {}
        if display_name is not None:
            values["display_name"] = _checked_name(display_name)
        if language is not None:
            values["language"] = _checked_language(language)
        if active is not None and active != patient.active:
            values["deactivated_ms"] = None if active else self._clock.wall_ms()
        if values:
            with self._db.session() as s:
                s.execute(update(UserRow).where(UserRow.id == patient.id).values(**values))
                if active is False:
                    s.execute(delete(LoginRow).where(LoginRow.user_id == patient.id))
                    s.execute(
                        update(SigninLinkRow)
                        .where(
                            SigninLinkRow.user_id == patient.id,
                            SigninLinkRow.used_ms.is_(None),
                            SigninLinkRow.revoked_ms.is_(None),
                        )
                        .values(revoked_ms=self._clock.wall_ms())
                    )
        return self._get(patient.id)

    def _get(self, user_id: int) -> User:
        user = self._users.get(user_id)
        if user is None:
            raise UserError(f"no user {user_id}")
        return user
