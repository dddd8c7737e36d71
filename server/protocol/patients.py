"""The HTTP answers about a therapist's patients: the list with each one's progress
flags, sign-in links, the audit log, the intake and an erasure."""

from __future__ import annotations

from typing import Literal

from server.protocol.accounts import Account
from server.protocol.errors import LinkState
from server.protocol.wire import Wire

__all__ = [
    "AuditEntryWire",
    "AuditPageWire",
    "Erased",
    "FlagWire",
    "IntakeOptions",
    "IntakeWire",
    "NewSigninLink",
    "PatientRow",
    "Revoked",
    "SigninLinkWire",
]

FlagCode = Literal["red_flags", "pain_advice", "pain_rising", "rom_falling", "no_session"]


class FlagWire(Wire):
    """Something for the therapist to look at (`server.progress.model.Flag`): the
    exercise it is about (null: the patient), the numbers its text fills in, and for
    red flags the ticked warning signs."""

    code: FlagCode
    exercise: str | None
    values: dict[str, float | int | str]
    keys: tuple[str, ...]


class PatientRow(Account):
    """A patient in their therapist's list, with their progress flags."""

    flags: tuple[FlagWire, ...]


class SigninLinkWire(Wire):
    """A sign-in link as listed (never its token): its state at the time of asking."""

    id: int
    created_ms: int
    expires_ms: int
    used_ms: int | None
    revoked_ms: int | None
    state: LinkState


class NewSigninLink(Wire):
    """A link just made: its URL (the token in the fragment) is shown this once.
    `only_here`: the URL reaches only the server's own computer (no tablet opens it)."""

    id: int
    url: str
    expires_ms: int
    qr_svg: str  # the URL as an inline SVG QR code
    only_here: bool


class Revoked(Wire):
    revoked: int  # how many links were revoked (0: none was still usable)


class Erased(Wire):
    """A patient's data erased: their id, the rows deleted per table, and their live
    sessions closed first."""

    erased: int
    rows: dict[str, int]
    live_sessions_closed: int


class AuditEntryWire(Wire):
    """Who read or changed a patient's data (`server.store.privacy.audit.AuditEntry`)."""

    id: int
    at_ms: int
    actor_id: int | None
    actor_role: str | None
    patient_id: int | None
    action: str  # `server.store.privacy.audit.Action`
    object_id: str | None
    object_kind: str | None  # what `object_id` names (a session, a link...), if anything
    client: str | None


class AuditPageWire(Wire):
    """Entries newest first, `offset` of `total`."""

    entries: tuple[AuditEntryWire, ...]
    total: int
    offset: int
    limit: int


class IntakeOptions(Wire):
    """The keys to choose from (their texts are in the catalogue), in the list's order."""

    warning_signs: tuple[str, ...]
    appointment_reasons: tuple[str, ...]
    complaints: tuple[str, ...]


class IntakeWire(Wire):
    """A patient's intake (`server.store.intake.Intake`): the keys ticked, warning signs
    first; `updated_ms` null before the first save."""

    patient_id: int
    warning_signs: tuple[str, ...]
    appointment_reasons: tuple[str, ...]
    complaints: tuple[str, ...]
    updated_ms: int | None
    options: IntakeOptions
