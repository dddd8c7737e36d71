"""Committed files that a command generates: print them, write them, or check them.

A generated file (a table, a schema) is never edited by hand and never written by a
test: its command writes it (`--write`), and `--check` (like the tests) fails when the
committed copy differs from what the command would write now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["Generated", "publish", "stale"]


@dataclass(frozen=True, slots=True)
class Generated:
    """`text` is what `path` must hold."""

    path: Path
    text: str

    def is_current(self) -> bool:
        return self.path.is_file() and self.path.read_text(encoding="utf-8") == self.text


def stale(files: Sequence[Generated]) -> list[Path]:
    """The files whose committed copy is missing or differs."""
    return [f.path for f in files if not f.is_current()]


def publish(
    files: Sequence[Generated], *, write: bool, check: bool, command: str, out: TextIO
) -> int:
    """Print the first file (no flag), write the stale ones (`write`), or list them
    (`check`). Returns the exit code: 1 when `check` finds a stale file, else 0."""
    if write and check:
        raise ValueError("--write and --check exclude each other")
    if not (write or check):
        out.write(files[0].text)
        return 0
    old = stale(files)
    if write:
        for path in old:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(next(f.text for f in files if f.path == path), encoding="utf-8")
        out.write("".join(f"wrote {p}\n" for p in old) or "all current\n")
        return 0
    out.write("".join(f"stale: {p} (run `{command} --write`)\n" for p in old) or "all current\n")
    return 1 if old else 0
