"""Shared fixtures: the real clips in ../shared/videos, their labels, the bundled model."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pose.models import ModelBundle, load_model_bundle

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
