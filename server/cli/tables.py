"""`formcheck scoreboard`, `formcheck synth-report`, `formcheck stress` and `formcheck
demonstrations`: the generated tables, and the exercises' demonstrations.

Without a flag each prints its table; `--write` rewrites the committed copies, `--check`
exits 1 when one is stale (server/offline/generated.py). The tests check the same copies.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pose.errors import FormcheckError
from pose.native_logs import quiet_native_stderr
from server.offline.generated import publish

if TYPE_CHECKING:
    from server.offline.stress_set import StressRun

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


def stress(
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="First render and analyze the runs not recorded yet (or stale): slow, "
            "needs the synth extra",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="With --record: only the first N runs of the sample")
    ] = None,
    write: Write = False,
    check: Check = False,
) -> None:
    """Replay the stress set's committed recordings through analyze's step and print
    docs/stress.md, or write or check it; `--record` first records missing runs."""
    from server.offline.stress_docs import committed_files  # noqa: PLC0415
    from server.offline.stress_score import StaleRecordingError, score_runs  # noqa: PLC0415
    from server.offline.stress_set import stress_runs  # noqa: PLC0415

    if write and check:
        raise _fail("--write and --check exclude each other")
    runs = stress_runs()
    if record:
        _record(runs[:limit])
    try:
        files = committed_files(score_runs(runs), len(runs))
    except StaleRecordingError as err:
        raise _fail(str(err)) from None
    code = publish(files, write=write, check=check, command="formcheck stress", out=sys.stdout)
    raise typer.Exit(code)


def _record(runs: list[StressRun]) -> None:
    from pose.models import load_model_bundle  # noqa: PLC0415 (mediapipe: slow)
    from server.offline.stress_record import record_runs  # noqa: PLC0415
    from synth.body import SynthDependencyError  # noqa: PLC0415

    started = time.monotonic()
    try:
        with quiet_native_stderr() as stderr:

            def progress(run: StressRun, entry: dict[str, Any]) -> None:
                stderr.write(
                    f"[{time.monotonic() - started:6.1f} s] {run.name}: {entry['frames']} "
                    f"frames, truth {entry['truth']['count']}, analyze {entry['live_count']}\n"
                )

            done = record_runs(runs, load_model_bundle(), progress=progress)
    except (FormcheckError, SynthDependencyError) as err:
        raise _fail(str(err)) from None
    sys.stderr.write(f"recorded {done} runs in {time.monotonic() - started:.0f} s\n")


def demonstrations(write: Write = False, check: Check = False) -> None:
    """The exercises shown moving (web/demonstrations/): list the stale ones, render them
    (--write, needs the [synth] extra: about 30 s each), or exit 1 when one is stale
    (--check: compares the manifest, renders nothing)."""
    from server.offline.demonstrations import (  # noqa: PLC0415
        DIR,
        demonstration_specs,
        stale_demonstrations,
        write_demonstrations,
    )

    if write and check:
        raise _fail("--write and --check exclude each other")
    specs = demonstration_specs()
    if not write:
        old = stale_demonstrations(specs)
        sys.stdout.write(
            "".join(f"stale: {DIR / n}.mp4 (run `formcheck demonstrations --write`)\n" for n in old)
            or "all current\n"
        )
        raise typer.Exit(1 if check and old else 0)
    from synth import SynthDependencyError, cached_clip  # noqa: PLC0415 (the [synth] extra)

    started = time.monotonic()
    try:
        done = write_demonstrations(specs, lambda spec: cached_clip(spec).clip_path)
    except SynthDependencyError as err:
        raise _fail(str(err)) from None
    sys.stdout.write("".join(f"wrote {DIR / n}.mp4\n" for n in done) or "all current\n")
    sys.stderr.write(f"{len(done)} rendered in {time.monotonic() - started:.0f} s\n")


def register(app: typer.Typer) -> None:
    """Add `scoreboard`, `synth-report`, `stress` and `demonstrations` to `app`."""
    app.command("scoreboard")(scoreboard)
    app.command("synth-report")(synth_report)
    app.command("stress")(stress)
    app.command("demonstrations")(demonstrations)
