"""The `formcheck` command line: analyze, record, models (serve, synth, user, db and the
generated tables mount here too)."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from exercises.registry import SPECS, UnknownExerciseError, spec_of
from exercises.texts import LANGUAGES
from pose.errors import FormcheckError
from pose.native_logs import quiet_native_stderr
from server.cli.bench import register as register_bench
from server.cli.db import DatabaseUrlOption
from server.cli.db import register as register_db
from server.cli.privacy import register as register_privacy
from server.cli.tables import register as register_tables
from server.cli.users import register as register_users
from server.cli.worker import AnalysisMemoryOption, QueueUrlOption, ReplayOption
from server.cli.worker import register as register_worker
from server.settings import (
    CLINIC_NAME,
    CLINIC_NAME_ENV,
    CLINIC_TIMEZONE,
    POSE_MODE_ENV,
    PUBLIC_URL_ENV,
    check_timezone,
)

__all__ = ["app", "main"]

WEB = Path(__file__).resolve().parents[2] / "web"
SCHEMA_JSON = WEB / "events.schema.json"
PROTOCOL_JSON = WEB / "protocol.schema.json"
PROTOCOL_JS = WEB / "js" / "protocol.js"
app = typer.Typer(add_completion=False, no_args_is_help=True, help="Formcheck exercise coach.")


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"formcheck: error: {message}\n")
    return typer.Exit(2)


@app.command()
def analyze(
    video: Annotated[Path, typer.Argument(help="Video file (mp4, mov, webm, gif) or image folder")],
    exercise: Annotated[str, typer.Option(help=f"One of: {', '.join(SPECS)}")],
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON report here; '-' for stdout only")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(help="Write the session report (the app's page) for the therapist"),
    ] = None,
    loops: Annotated[int, typer.Option(min=1, help="Play the file this many times")] = 1,
    language: Annotated[str, typer.Option(help="The report's language: nl or en")] = "en",
    timezone: Annotated[
        str, typer.Option(help="The report's time zone (an IANA name)")
    ] = CLINIC_TIMEZONE,
) -> None:
    """Analyse a recorded video offline and print a short summary."""
    from pose.sources import open_source  # noqa: PLC0415

    if language not in LANGUAGES:
        raise _fail(f"--language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    try:
        check_timezone(timezone)
    except ValueError as err:
        raise _fail(f"--timezone: {err}") from None
    try:
        # The exercise and the file are checked before the model loads: a typo is one
        # clear error at once.
        spec_of(exercise)
        with quiet_native_stderr():
            open_source(video, loops)
    except (FormcheckError, UnknownExerciseError) as err:
        raise _fail(str(err)) from None
    from exercises.registry import default_prescription  # noqa: PLC0415
    from server.cli.progress import progress_bar  # noqa: PLC0415
    from server.offline.analysis import AnalyzeRequest, analyze_video  # noqa: PLC0415 (mediapipe: slow)
    from server.offline.report_file import write_report_file  # noqa: PLC0415
    from server.report.recorder import ReportRecorder  # noqa: PLC0415

    recorder = ReportRecorder() if report is not None else None

    try:
        from pose.models import load_model_bundle  # noqa: PLC0415

        with quiet_native_stderr() as stderr, progress_bar(stderr) as tick:
            result = analyze_video(
                AnalyzeRequest(video, exercise, loops),
                load_model_bundle(),
                progress=tick,
                steps=recorder,
            )
    except (FormcheckError, UnknownExerciseError) as err:
        raise _fail(str(err)) from None
    payload = result.to_json()
    if json_out == "-":
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        if json_out is not None:
            Path(json_out).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        sys.stdout.write(_human_summary(payload))
    if report is not None and recorder is not None:
        prescription = default_prescription(exercise)
        write_report_file(
            report, recorder, result, prescription, language=language, timezone=timezone
        )


def _human_summary(p: dict[str, Any]) -> str:
    lines = [
        f"{p['exercise']}: {p['reps']} reps"
        + (
            f" (left {p['reps_by_side']['left']}, right {p['reps_by_side']['right']})"
            if p["reps_by_side"]
            else ""
        ),
        f"  {p['frames']} frames, {p['duration_s']:.1f} s, person tracked in "
        f"{100 * p['pose_coverage']:.0f}% of frames",
    ]
    if p.get("not_judged"):
        lines.append(f"  not judged from this camera view: {p['not_judged']['message']}")
    if p["holds"]:
        holds = ", ".join(
            f"{h['duration_s']:.1f} s" + (f" ({h['side']})" if h["side"] else "")
            for h in p["holds"]
        )
        lines.append(f"  holds: {holds}")
    if p["breaths"] is not None:
        rate = p["breath_rate_bpm"]
        rate_text = f"{rate:.1f} per minute" if rate is not None else "not measurable yet"
        lines.append(f"  breaths: {p['breaths']}, rate {rate_text}")
        if p["breath_events"]:
            inhale = sum(b["inhale_s"] for b in p["breath_events"]) / len(p["breath_events"])
            exhale = sum(b["exhale_s"] for b in p["breath_events"]) / len(p["breath_events"])
            lines.append(f"  breathing in {inhale:.1f} s, out {exhale:.1f} s (mean)")
    if p["faults"]:
        codes = sorted({f["code"] for f in p["faults"]})
        lines.append(f"  form faults: {', '.join(codes)}")
    return "\n".join(lines) + "\n"


@app.command()
def record(
    video: Annotated[Path, typer.Argument(help="Video file or image folder")],
    out: Annotated[Path, typer.Option(help="Where to write the landmarks (.npz)")],
    exercise: Annotated[str | None, typer.Option(help="Prefer the person doing this")] = None,
    loops: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Record the tracked landmarks of a video (no images) for replay and tests."""
    from server.offline.recorder import record_landmarks  # noqa: PLC0415

    try:
        with quiet_native_stderr():
            n, with_pose = record_landmarks(video, out, exercise, loops)
    except (FormcheckError, UnknownExerciseError) as err:
        raise _fail(str(err)) from None
    sys.stdout.write(f"{out}: {n} frames, person in {with_pose}\n")


@app.command()
def models(
    fetch: Annotated[
        str | None, typer.Option(help="Fetch a variant (lite or heavy) from the official source")
    ] = None,
) -> None:
    """List and verify the pose models (and fetch the lite/heavy variants)."""
    from server.cli.models import fetch_model, model_rows  # noqa: PLC0415

    try:
        if fetch is not None:
            path = fetch_model(fetch)
            sys.stdout.write(f"fetched and verified {path}\n")
    except FormcheckError as err:
        raise _fail(str(err)) from None
    rows = model_rows()
    for row in rows:
        sys.stdout.write(f"{row.name:6} {row.status:9} {row.filename}  {row.detail}\n")
    if any(r.status == "damaged" for r in rows):
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 for the LAN")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    public_url: Annotated[
        str | None,
        typer.Option(
            envvar=PUBLIC_URL_ENV,
            help="The address tablets open (https://192.168.1.20:8000/, or the proxy's); "
            "sign-in links point there (default: this server's own)",
        ),
    ] = None,
    https: Annotated[bool, typer.Option(help="Serve HTTPS (self-signed unless --cert)")] = False,
    cert: Annotated[Path | None, typer.Option(help="The clinic's certificate (PEM)")] = None,
    key: Annotated[Path | None, typer.Option(help="The certificate's private key (PEM)")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Database and certificates")] = None,
    model: Annotated[str, typer.Option(help="Pose model: full (bundled), lite, heavy")] = "full",
    database_url: DatabaseUrlOption = None,
    timezone: Annotated[
        str, typer.Option(help="The clinic's time zone, for the reports' times")
    ] = CLINIC_TIMEZONE,
    clinic_name: Annotated[
        str,
        typer.Option(envvar=CLINIC_NAME_ENV, help="The clinic's name, on every report and its PDF"),
    ] = CLINIC_NAME,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            help="A reverse proxy's address whose X-Forwarded-For is believed (repeatable)"
        ),
    ] = None,
    queue_url: QueueUrlOption = None,
    live_sessions: Annotated[
        int | None,
        typer.Option(min=1, help="Live sessions at once on this server (see `formcheck bench`)"),
    ] = None,
    live_sessions_per_user: Annotated[
        int | None, typer.Option(min=1, help="Live sessions at once per patient")
    ] = None,
    analysis_memory_mb: AnalysisMemoryOption = 2048,
    replay: ReplayOption = None,
    pose_mode: Annotated[
        str,
        typer.Option(
            envvar=POSE_MODE_ENV,
            help="Where pose runs: device (the patient's browser; no image leaves it), "
            "server (camera images come here), auto (the device when it is fast enough)",
        ),
    ] = "auto",
) -> None:
    """Run the coaching app (embedded SQLite and the bundled model: nothing else to start;
    or PostgreSQL with --database-url, and uploads analysed by `formcheck worker`s with
    --queue-url). The database is upgraded on start."""
    from server.cli.serve import run  # noqa: PLC0415
    from server.cli.worker import check_queue, recipe  # noqa: PLC0415
    from server.settings import Settings, default_data_dir  # noqa: PLC0415

    try:
        settings = Settings(
            host=host,
            port=port,
            public_url=public_url or None,
            https=https or cert is not None,
            cert_path=cert,
            key_path=key,
            data_dir=data_dir or default_data_dir(),
            database_url=database_url or None,
            model_name=model,
            timezone=timezone,
            clinic_name=clinic_name,
            trusted_proxies=tuple(trusted_proxy or ()),
            queue_url=queue_url or None,
            analysis_memory_mb=analysis_memory_mb,
            pose_mode=pose_mode,  # type: ignore[arg-type]  # checked by Settings
        )
        # Settings' own defaults unless told (replace validates again).
        if live_sessions is not None:
            settings = replace(settings, live_sessions=live_sessions)
        if live_sessions_per_user is not None:
            settings = replace(settings, live_sessions_per_user=live_sessions_per_user)
    except ValueError as err:
        raise _fail(str(err)) from None
    try:
        if settings.queue_url is not None:
            check_queue(settings.queue_url)  # one clear error now, not a trace at start-up
        factory = None if replay is None else recipe(replay, model, settings.models_dir)
        run(settings, factory)
    except FormcheckError as err:
        raise _fail(str(err)) from None


@app.command()
def schema(
    write: Annotated[bool, typer.Option("--write", help="Rewrite the committed copy")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when it is stale")] = False,
) -> None:
    """Print the JSON Schema of the exercise events (committed as web/events.schema.json);
    `--write`/`--check` also the wire protocol's (web/protocol.schema.json) and the page's
    constants (web/js/protocol.js), generated from server/protocol."""
    from exercises.schema import events_schema_text  # noqa: PLC0415
    from server.offline.generated import Generated, publish  # noqa: PLC0415
    from server.protocol.schema import page_constants_text, protocol_schema_text  # noqa: PLC0415

    if write and check:
        raise _fail("--write and --check exclude each other")
    files = [
        Generated(SCHEMA_JSON, events_schema_text()),
        Generated(PROTOCOL_JSON, protocol_schema_text()),
        Generated(PROTOCOL_JS, page_constants_text()),
    ]
    raise typer.Exit(
        publish(files, write=write, check=check, command="formcheck schema", out=sys.stdout)
    )


def _register_synth() -> None:
    """`formcheck synth`, from the synth package only when its [synth] extra is installed:
    without it, `formcheck` never imports `synth` and the command says what to install."""
    if importlib.util.find_spec("mannequin") is None:

        @app.command(
            name="synth",
            context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        )
        def synth_missing() -> None:
            """Render a synthetic clip with exact truth (needs the [synth] extra)."""
            raise _fail("`formcheck synth` needs the synth extra: pip install -e '.[synth]'")

        return
    from synth.cli import register  # noqa: PLC0415 (only with the extra)

    register(app)


_register_synth()
register_users(app)  # `formcheck user add|passwd`
register_db(app)  # `formcheck db upgrade|current`
register_privacy(app)  # `formcheck audit`, `formcheck patient export|delete`
register_tables(app)  # `formcheck scoreboard`, `formcheck synth-report`
register_worker(app)  # `formcheck worker`
register_bench(app)  # `formcheck bench`


def main() -> None:
    app()
