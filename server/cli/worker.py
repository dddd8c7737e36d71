"""`formcheck worker`: analyse uploaded clips from the Redis queue ($FORMCHECK_QUEUE_URL),
on this machine or another that reaches the queue and the database.

Also the options `serve` shares with it: the queue's URL, the memory an upload's analysis
may take, and `--replay` (hidden: tests and demos), which plays a landmark recording
(.npz, `formcheck record`) back in the model's place, so a multi-process test needs no
model.
"""

from __future__ import annotations

import logging.config
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pose.errors import FormcheckError
from server.cli.db import DatabaseUrlOption, DataDirOption
from server.settings import ANALYSIS_MEMORY_ENV, QUEUE_URL_ENV, Settings, default_data_dir

if TYPE_CHECKING:
    from server.jobs.recipes import EstimatorRecipe

__all__ = [
    "AnalysisMemoryOption",
    "QueueUrlOption",
    "ReplayOption",
    "check_queue",
    "recipe",
    "register",
]

QueueUrlOption = Annotated[
    str | None,
    typer.Option(
        "--queue-url",
        envvar=QUEUE_URL_ENV,
        help="Redis URL (redis://host:port/0): uploads are analysed by `formcheck worker`s "
        "(default: in this process)",
    ),
]
ReplayOption = Annotated[
    Path | None,
    typer.Option(hidden=True, help="Play this landmark recording (.npz) in the model's place"),
]


AnalysisMemoryOption = Annotated[
    int,
    typer.Option(
        envvar=ANALYSIS_MEMORY_ENV,
        min=64,
        help="MB of data an upload's analysis (a child process) may hold; past it the job "
        "fails as analysis_out_of_memory",
    ),
]


def recipe(replay: Path | None, model_name: str, models_dir: Path) -> EstimatorRecipe:
    """What estimators are built from: the replay of `replay`, else the model, whose
    file is checked now (a missing or altered one is one clear error at the start)."""
    from server.jobs.recipes import ModelRecipe, ReplayRecipe  # noqa: PLC0415 (pydantic)

    if replay is not None:
        if not replay.is_file():
            raise FormcheckError(f"--replay: no recording at {replay}")
        return ReplayRecipe(replay)
    from pose.models import load_model_bundle  # noqa: PLC0415

    load_model_bundle(model_name, models_dir)
    return ModelRecipe(model_name, models_dir)


def check_queue(url: str) -> None:
    """Raises FormcheckError unless the Redis queue at `url` answers."""
    from redis.exceptions import RedisError  # noqa: PLC0415

    from server.jobs.redis_queue import connect  # noqa: PLC0415

    try:
        connect(url).close()
    except RedisError as err:
        raise FormcheckError(f"the queue at --queue-url does not answer: {err}") from None


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"formcheck: error: {message}\n")
    return typer.Exit(2)


def worker(
    queue_url: QueueUrlOption = None,
    database_url: DatabaseUrlOption = None,
    data_dir: DataDirOption = None,
    model: Annotated[str, typer.Option(help="Pose model: full (bundled), lite, heavy")] = "full",
    burst: Annotated[bool, typer.Option(help="Stop once the queue is empty")] = False,
    job_lease_s: Annotated[
        float, typer.Option(help="A job of a worker silent this long is taken as abandoned")
    ] = 30.0,
    analysis_memory_mb: AnalysisMemoryOption = 2048,
    replay: ReplayOption = None,
) -> None:
    """Analyse uploaded clips from the Redis queue (the servers' --queue-url), into the
    servers' database (PostgreSQL when scaled; --database-url)."""
    from redis.exceptions import RedisError  # noqa: PLC0415 (a dependency, loaded late)

    from server.cli.logs import log_config  # noqa: PLC0415
    from server.jobs.worker import WorkerOptions, run_worker  # noqa: PLC0415

    if not queue_url:
        raise _fail(
            f"--queue-url (or ${QUEUE_URL_ENV}) is needed: the Redis queue to take jobs from"
        )
    try:
        settings = Settings(
            data_dir=data_dir or default_data_dir(),
            database_url=database_url or None,
            model_name=model,
            queue_url=queue_url,
            job_lease_s=job_lease_s,
            analysis_memory_mb=analysis_memory_mb,
        )
        check_queue(queue_url)
        estimators = recipe(replay, settings.model_name, settings.models_dir)
        logging.config.dictConfig(log_config())  # as serve's: JSON lines, errors by type
        run_worker(settings, estimators, WorkerOptions(queue_url, burst=burst))
    except (ValueError, FormcheckError, RedisError) as err:
        raise _fail(str(err)) from None


def register(app: typer.Typer) -> None:
    app.command()(worker)
