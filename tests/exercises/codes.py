"""Every cue code an engine can emit, read from where each is defined (for the tests
that every one has a text in the catalogue, exercises/texts.json)."""

from __future__ import annotations

import importlib
import pkgutil

import exercises
from exercises.cues import KEY_MOMENTS
from exercises.registry import SPECS
from pose.view import FRAMING_HINTS

__all__ = ["engine_codes"]

_CODE_PREFIXES = ("FAULT_", "HINT_", "NOT_JUDGED_", "DOUBT_")


def engine_codes() -> set[str]:
    """Cue codes: every FAULT_* / HINT_* / NOT_JUDGED_* / DOUBT_* string constant of the exercises
    modules, the registry's ViewLimits codes, the key moments and pose.view's framing hints."""
    codes: set[str] = set(KEY_MOMENTS) | set(FRAMING_HINTS)
    for info in pkgutil.walk_packages(exercises.__path__, "exercises."):  # and each exercise's
        module = importlib.import_module(info.name)
        codes |= {
            value
            for name, value in vars(module).items()
            if name.startswith(_CODE_PREFIXES) and isinstance(value, str)
        }
    for spec in SPECS.values():
        codes |= set(spec.codes)  # its faults, hints and view codes, as the spec lists them
    return codes
