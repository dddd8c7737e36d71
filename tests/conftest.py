"""Shared fixtures: the real clips in ../shared/videos, their labels, the bundled model,
the replay estimator that stands in for the model; and the rule that only tests marked
`real_model` may run MediaPipe (so `pytest -m "not real_model"` never does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pose.estimator import MediaPipeEstimator
from pose.models import ModelBundle, load_model_bundle
from server.jobs.recipes import ReplayRecipe
from server.offline.scoreboard import (
    AnswerBook,
    Run,
    RunResult,
    analyze_run,
    read_labels,
    shared_videos_dir,
)
from tests.server.replay import record_bridge, replay_estimators

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["ROOT", "AnalysisCache", "clip_labels", "shared_videos_dir"]


def clip_labels() -> list[dict[str, Any]]:
    """The clips of labels.json ($FORMCHECK_SHARED_VIDEOS or ../shared/videos); [] without."""
    return read_labels(shared_videos_dir())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, tests that share the real-clip analyses run on one worker, so
    each clip goes through the model once per run. First, before xdist reads the groups
    (after it, the mark is ignored and every worker runs the model on every clip)."""
    for item in items:
        if "analyzed" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("real_clips"))


@pytest.fixture(autouse=True)
def _model_only_when_marked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test not marked `real_model` that builds a MediaPipe estimator fails, naming itself:
    it should run on the replay estimator, or be marked."""
    if request.node.get_closest_marker("real_model") is not None:
        return
    test = request.node.nodeid

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{test} runs the MediaPipe model but is not marked real_model")

    monkeypatch.setattr(MediaPipeEstimator, "__init__", refuse)


@pytest.fixture(scope="session")
def replay_factory(tmp_path_factory: pytest.TempPathFactory) -> ReplayRecipe:
    """Estimators for `create_app` that replay a recorded bridge (tests/server/replay.py)."""
    return replay_estimators(record_bridge(tmp_path_factory.mktemp("replay") / "bridge.npz"))


@pytest.fixture(scope="session")
def videos_dir() -> Path:
    folder = shared_videos_dir()
    if not (folder / "labels.json").is_file():
        pytest.skip(
            f"real clips not found at {folder} (set FORMCHECK_SHARED_VIDEOS to the folder "
            "holding labels.json); they are not redistributable, so they are not in the repo"
        )
    return folder


@pytest.fixture(scope="session")
def labels(videos_dir: Path) -> dict[str, dict[str, Any]]:
    return {c["file"]: c for c in clip_labels()}


@pytest.fixture(scope="session")
def model_bundle() -> ModelBundle:
    return load_model_bundle()


class AnalysisCache:
    """Runs `formcheck analyze`'s pipeline once per (clip, exercise, loops) per test session.

    Several test modules check the same real clips (contract, scoreboard, holds); the
    model runs once for each and they share the report. As `formcheck scoreboard` does
    (server/offline/scoreboard.py), a clip judged as several exercises goes through the
    model once (pose.memo); every run also keeps the observations its engine was fed, for
    the frame-rate replays and the engines' own real-clip tests.
    """

    def __init__(self, videos: Path, bundle: ModelBundle) -> None:
        self._videos = videos
        self._bundle = bundle
        self._done: dict[str, RunResult] = {}
        self._book: AnswerBook = {}

    def __call__(self, clip: str, exercise: str, loops: int = 1) -> dict[str, Any]:
        return self.result(Run(clip, exercise, loops)).report

    def result(self, run: Run) -> RunResult:
        if run.key not in self._done:
            self._done[run.key] = analyze_run(
                self._videos, run, self._bundle, record=True, book=self._book
            )
        return self._done[run.key]


@pytest.fixture(scope="session")
def analyzed(videos_dir: Path, model_bundle: ModelBundle) -> AnalysisCache:
    """`analyzed(clip_file, exercise, loops=1) -> report JSON dict`, cached per session."""
    return AnalysisCache(videos_dir, model_bundle)
