"""Every code the server can send to the page, read from where each is defined (for the
tests that every one has a text in the catalogue, exercises/texts.json)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from exercises.base import FieldError
from server.live.setup_check import SETUP_HINTS
from tests.exercises.codes import engine_codes

__all__ = ["ROOT", "engine_codes", "error_codes", "report_texts", "server_codes", "setup_hints"]

ROOT = Path(__file__).resolve().parents[2]
# Where the server builds its error messages (WebSocket and HTTP).
ERROR_SOURCES = (
    ROOT / "server" / "api",
    ROOT / "server" / "api" / "records",
    ROOT / "server" / "live",
    ROOT / "server" / "jobs",
)


def setup_hints() -> set[str]:
    """The live setup check's hint codes (server/live/setup_check.py)."""
    return set(SETUP_HINTS)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def error_codes() -> set[str]:
    """Error codes, from the source: the first argument of every `FrameError(...)`,
    `UploadError(...)` and `error(...)` call, and the value of every `"code": "..."` in
    a dict literal, in the server's api, live and jobs packages (WebSocket errors, HTTP
    error bodies, upload refusals), and the field codes of a 422 that names its fields
    (`exercises.base.FieldError.CODES`)."""
    codes: set[str] = set(FieldError.CODES)
    for folder in ERROR_SOURCES:
        for path in sorted(folder.glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _called(node) in {
                    "FrameError",
                    "UploadError",
                    "error",
                }:
                    first = _literal(node.args[0]) if node.args else None
                    codes |= {first} if first else set()
                elif isinstance(node, ast.Dict):
                    for key, value in zip(node.keys, node.values, strict=True):
                        code = _literal(value)
                        if key is not None and _literal(key) == "code" and code:
                            codes.add(code)
    return codes


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
    return set(re.findall(r"[\"'](progress_[a-z0-9_]+)[\"']", source)) | {"left", "right"}


def server_codes() -> dict[str, set[str]]:
    """source -> the catalogue keys its codes need (errors as `error_<code>`)."""
    return {
        "engine cue codes": engine_codes(),
        "setup-check hints": setup_hints(),
        "error codes": {f"error_{c}" for c in error_codes()},
        "report texts": report_texts(),
        "progress words": progress_words(),
    }
