"""`formcheck scoreboard` and `formcheck synth-report`: the generated tables.

Without a flag each prints its table; `--write` rewrites the committed copies, `--check`
exits 1 when one is stale (server/offline/generated.py). The tests check the same copies.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from pose.errors import FormcheckError
from pose.native_logs import quiet_native_stderr
from server.offline.generated import publish

__all__ = ["register"]

Write = Annotated[bool, typer.Option("--write", help="Rewrite the committed copies")]
Check = Annotated[bool, typer.Option("--check", help="Exit 1 when a committed copy is stale")]


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"formcheck: error: {message}\n")
    return typer.Exit(2)


def scoreboard(
    videos: Annotated[
        Path | None,
        typer.Option(help="Folder with labels.json and the clips [$FORMCHECK_SHARED_VIDEOS]"),
    ] = None,
    write: Write = False,
    check: Check = False,
) -> None:
    """Run every clip in labels.json through analyze; print docs/scoreboard.md (its
    tables), or write or check it, tests/exercises/scoreboard.json and the README's
    summary."""
    from pose.models import load_model_bundle  # noqa: PLC0415 (mediapipe: slow)
    from server.offline.scoreboard import (  # noqa: PLC0415
        Run,
        build_board,
        read_labels,
        run_all,
        shared_videos_dir,
    )
    from server.offline.scoreboard_docs import committed_files  # noqa: PLC0415

    if write and check:
        raise _fail("--write and --check exclude each other")
    folder = videos or shared_videos_dir()
    labels = read_labels(folder)
    if not labels:
        raise _fail(f"no labels.json in {folder} (--videos or FORMCHECK_SHARED_VIDEOS)")
    started = time.monotonic()
    try:
        with quiet_native_stderr() as stderr:

            def progress(run: Run) -> None:
                stderr.write(f"[{time.monotonic() - started:6.1f} s] {run.key}\n")

            results = run_all(folder, labels, load_model_bundle(), progress)
            files = committed_files(build_board(labels, results))
    except (FormcheckError, ValueError) as err:
        raise _fail(str(err)) from None
    sys.stderr.write(f"{len(results)} runs in {time.monotonic() - started:.0f} s\n")
    code = publish(files, write=write, check=check, command="formcheck scoreboard", out=sys.stdout)
    raise typer.Exit(code)


def synth_report(write: Write = False, check: Check = False) -> None:
    """Render (or reuse) the synthetic view clips and print docs/synth_detection.md, or
    write or check it (needs the [synth] extra)."""
    from pose.models import load_model_bundle  # noqa: PLC0415 (mediapipe: slow)
    from server.offline.synth_report import committed_files, detection_rows  # noqa: PLC0415
    from synth.body import SynthDependencyError  # noqa: PLC0415

    if write and check:
        raise _fail("--write and --check exclude each other")
    try:
        with quiet_native_stderr():
            files = committed_files(detection_rows(load_model_bundle()))
    except (FormcheckError, SynthDependencyError) as err:
        raise _fail(str(err)) from None
    code = publish(
        files, write=write, check=check, command="formcheck synth-report", out=sys.stdout
    )
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `scoreboard` and `synth-report` to `app`."""
    app.command("scoreboard")(scoreboard)
    app.command("synth-report")(synth_report)
