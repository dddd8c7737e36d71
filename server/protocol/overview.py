"""The therapist's overview of their patients (`GET /api/patients/overview`): one row
per patient, the ones to look at first on top, each with their flags, last session and
adherence, so the list reads in a minute."""

from __future__ import annotations

from pydantic import Field

from server.protocol.patients import FlagWire
from server.protocol.wire import Wire

__all__ = ["AdherenceWire", "OverviewRow", "PatientOverview"]


class AdherenceWire(Wire):
    """Sessions done against planned over the last `weeks` weeks (the running one so far);
    `share` 0-1, null when nothing was planned yet (no session ever)."""

    done: int = Field(ge=0)
    planned: int = Field(ge=0)
    weeks: int = Field(ge=1)
    share: float | None = Field(default=None, ge=0, le=1)


class OverviewRow(Wire):
    """A patient as the overview lists them (their account's fields, as the patient list
    has them, and their progress at a glance)."""

    id: int
    username: str
    display_name: str
    language: str
    active: bool
    flags: tuple[FlagWire, ...]  # the most urgent first
    last_session_ms: int | None  # the last counted session's start, epoch ms
    adherence: AdherenceWire


class PatientOverview(Wire):
    """Active patients before deactivated ones; among them those with a flag first, the
    most urgent flag first (`server.progress.flags.first_look`), then by name."""

    rows: tuple[OverviewRow, ...]
    adherence_weeks: int = Field(ge=1)  # the weeks every row's adherence is read over
