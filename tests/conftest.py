"""Shared fixtures: the real clips in ../shared/videos, their labels, the bundled model."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pose.models import ModelBundle, load_model_bundle
from pose.sources import open_source
from pose.types import Observation
from server.analysis import AnalyzeRequest, analyze_video
from server.pipelines import new_estimator, pipeline_for

ROOT = Path(__file__).resolve().parent.parent


def shared_videos_dir() -> Path:
    """Where the real clips live: $FORMCHECK_SHARED_VIDEOS or ../shared/videos."""
    env = os.environ.get("FORMCHECK_SHARED_VIDEOS")
    return Path(env) if env else ROOT.parent / "shared" / "videos"


def clip_labels() -> list[dict[str, Any]]:
    path = shared_videos_dir() / "labels.json"
    if not path.is_file():
        return []
    clips: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["clips"]
    return clips


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, tests that share the real-clip analyses run on one worker, so
    each clip goes through the model once per run."""
    for item in items:
        if {"analyzed", "observed"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("real_clips"))


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
    model runs once for each and they share the report.
    """

    def __init__(self, videos: Path, bundle: ModelBundle) -> None:
        self._videos = videos
        self._bundle = bundle
        self._done: dict[tuple[str, str, int], dict[str, Any]] = {}

    def __call__(self, clip: str, exercise: str, loops: int = 1) -> dict[str, Any]:
        key = (clip, exercise, loops)
        if key not in self._done:
            request = AnalyzeRequest(self._videos / clip, exercise, loops)
            self._done[key] = analyze_video(request, self._bundle).to_json()
        return self._done[key]


@pytest.fixture(scope="session")
def analyzed(videos_dir: Path, model_bundle: ModelBundle) -> AnalysisCache:
    """`analyzed(clip_file, exercise, loops=1) -> report JSON dict`, cached per session."""
    return AnalysisCache(videos_dir, model_bundle)


class ObservationCache:
    """The app's pose pipeline output (landmarks, never images) for a real clip, once per
    (clip, exercise, loops) per test session: replayed through engines, decimated and
    jittered, without running the model again."""

    def __init__(self, videos: Path, bundle: ModelBundle) -> None:
        self._videos = videos
        self._bundle = bundle
        self._done: dict[tuple[str, str, int], list[Observation]] = {}

    def __call__(self, clip: str, exercise: str, loops: int = 1) -> list[Observation]:
        key = (clip, exercise, loops)
        if key not in self._done:
            source = open_source(self._videos / clip, loops=loops)
            with new_estimator(self._bundle) as estimator:
                pipeline = pipeline_for(exercise, estimator)
                self._done[key] = [pipeline.process(frame) for frame in source]
        return self._done[key]


@pytest.fixture(scope="session")
def observed(videos_dir: Path, model_bundle: ModelBundle) -> ObservationCache:
    """`observed(clip_file, exercise, loops=1) -> observations`, cached per session."""
    return ObservationCache(videos_dir, model_bundle)
