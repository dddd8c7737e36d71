"""The one settings object refuses what the server could not run with, naming it."""

from __future__ import annotations

import pytest

from server.settings import CLINIC_TIMEZONE, Settings


def test_the_clinics_time_zone_is_amsterdam_by_default() -> None:
    assert Settings().timezone == CLINIC_TIMEZONE == "Europe/Amsterdam"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_refused_by_name(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings(timezone=name)
