"""`formcheck bench`: how fast the app is (server.bench), against issue 15's targets."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command()
    def bench(
        quick: Annotated[
            bool, typer.Option(help="The few-minute run (fewer runs, short clips)")
        ] = False,
        json_out: Annotated[
            Path | None, typer.Option("--json", help="Write the figures here")
        ] = None,
        videos: Annotated[
            Path | None, typer.Option(help="The labelled real clips (default ../shared/videos)")
        ] = None,
    ) -> None:
        """Time the stages, live latency, offline speed, sessions per machine, memory per
        session and the naive way; a table on stdout (progress on stderr)."""
        from pose.native_logs import quiet_native_stderr  # noqa: PLC0415
        from server.bench.report import table  # noqa: PLC0415
        from server.bench.run import BenchPlan, run_bench  # noqa: PLC0415 (mediapipe: slow)
        from server.offline.scoreboard import shared_videos_dir  # noqa: PLC0415

        folder = videos or shared_videos_dir()
        plan = BenchPlan.quick_plan(folder) if quick else BenchPlan(folder)
        try:
            with quiet_native_stderr() as err:

                def log(line: str) -> None:
                    err.write(line + "\n")
                    err.flush()

                doc = run_bench(plan, log)
        except FileNotFoundError as error:
            sys.stderr.write(f"formcheck: error: {error}\n")
            raise typer.Exit(2) from None
        if json_out is not None:
            json_out.parent.mkdir(parents=True, exist_ok=True)  # `make bench`: artifacts/
            json_out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        sys.stdout.write(table(doc))
