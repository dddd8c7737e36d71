"""Every code the server can send to the page, read from where each is defined (for the
tests that every one has a text in the catalogue, exercises/texts.json)."""

from __future__ import annotations

import re
from pathlib import Path

from exercises import progress_text
from server.live.setup_check import SETUP_HINTS
from server.protocol.codes import ErrorCode
from tests.exercises.codes import engine_codes

__all__ = ["ROOT", "engine_codes", "error_codes", "report_texts", "server_codes", "setup_hints"]

ROOT = Path(__file__).resolve().parents[2]


def setup_hints() -> set[str]:
    """The live setup check's hint codes (server/live/setup_check.py)."""
    return set(SETUP_HINTS)


def error_codes() -> set[str]:
    """Every code an error answer can carry (`server.protocol.codes.ErrorCode`)."""
    return {code.value for code in ErrorCode}


def report_texts() -> set[str]:
    """The session report's and the progress plots' keys: every quoted `report_...` in
    server/report (its modules and its one template) and `progress_...` in server/progress."""
    keys: set[str] = set()
    for folder, prefix in (("report", "report_"), ("progress", "progress_")):
        here = ROOT / "server" / folder
        for path in sorted([*here.glob("*.py"), *here.glob("*.html")]):
            found = re.findall(rf"[\"']({prefix}[a-z0-9_]+)[\"']", path.read_text(encoding="utf-8"))
            keys |= set(found)
    return keys


def progress_words() -> set[str]:
    """The keys the progress is worded with (every quoted `progress_...` in
    exercises/progress_text.py), and the sides it names."""
    source = (ROOT / "exercises" / "progress_text.py").read_text(encoding="utf-8")
    words = set(re.findall(r"[\"'](progress_[a-z0-9_]+)[\"']", source)) - set(progress_text.__all__)
    return words | {"left", "right"}


def server_codes() -> dict[str, set[str]]:
    """source -> the catalogue keys its codes need (errors as `error_<code>`)."""
    return {
        "engine cue codes": engine_codes(),
        "setup-check hints": setup_hints(),
        "error codes": {f"error_{c}" for c in error_codes()},
        "report texts": report_texts(),
        "progress words": progress_words(),
    }
