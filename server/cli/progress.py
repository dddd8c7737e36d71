"""A progress bar on stderr for offline commands (rich)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(stream: TextIO) -> Iterator[Callable[[int, int], None]]:
    """Yields `tick(done, total)`; total 0 means unknown (cameras). Silent off a terminal."""
    if not stream.isatty():
        yield lambda _done, _total: None
        return
    console = Console(file=stream)
    columns = (
        TextColumn("analysing"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} frames"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("frames", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total or None)

        yield tick
