"""Browser fixtures: Debian's chromium through Playwright, a real clip as the webcam."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from exercises.base import Prescription
from exercises.summary import AnalysisReport
from pose.models import load_model_bundle
from server.live.inference import EstimatorFactory
from server.offline.analysis import AnalyzeRequest, analyze_video
from tests.conftest import ROOT, shared_videos_dir
from tests.server.conftest import BRIDGE_CLIP
from tests.server.live_server import RunningServer, running_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "web"


def fake_camera_clip(
    clip: Path, out_dir: Path, *, lead_in_s: float, tail_s: float, plays: int = 1
) -> Path:
    """The clip as a .y4m webcam feed (15 fps, 640 px wide), played `plays` times in a
    row, with its first frame held for `lead_in_s` (time to click through to the
    exercise) and its last for `tail_s` (chromium loops the file; the still tail keeps a
    second pass out of the test)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (needed to turn the clip into a fake webcam)")
    out = out_dir / (clip.stem + ".y4m")
    vf = (
        f"tpad=start_duration={lead_in_s}:start_mode=clone:"
        f"stop_duration={tail_s}:stop_mode=clone,fps=15,scale=640:-2"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-stream_loop",
            str(plays - 1),
            "-i",
            str(clip),
            "-vf",
            vf,
            "-pix_fmt",
            "yuv420p",
            str(out),
        ],
        check=True,
        timeout=300,
    )
    return out


def read_from_the_camera(
    clip: Path, exercise: str, prescription: Prescription | None, out_dir: Path
) -> AnalysisReport:
    """What the server's model reads from the frames the fake camera gives of `clip` (15
    fps, 640 px wide, without the held first and last frames): `formcheck analyze` on
    them, whose step is the live server's (tests/server/live/test_one_step.py)."""
    frames = fake_camera_clip(clip, out_dir, lead_in_s=0.0, tail_s=0.0)
    try:
        return analyze_video(
            AnalyzeRequest(frames, exercise, prescription=prescription), load_model_bundle()
        )
    finally:
        frames.unlink(missing_ok=True)  # raw video


# The page tests' servers take camera images (pose_mode "server"): the replay estimator
# stands in for the model on images only, and each page test times what it tests, not a
# warm-up. The on-device tests (test_on_device_*.py) start theirs with the mode they test.
SERVER_MODE = "server"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    """A real uvicorn with its own fresh SQLite database and demo accounts, running the
    model: the page watches a real clip through the fake camera (mark tests real_model)."""
    with running_server(tmp_path / "data", pose_mode=SERVER_MODE) as running:
        yield running


@pytest.fixture
def page_server(tmp_path: Path, replay_factory: EstimatorFactory) -> Iterator[RunningServer]:
    """The same on the replay estimator (no model), for pages without the camera."""
    with running_server(
        tmp_path / "data", estimator_factory=replay_factory, pose_mode=SERVER_MODE
    ) as running:
        yield running


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright Python package is not installed")
    return CHROMIUM


def shared_clip_y4m(name: str, out_dir: Path, *, lead_in_s: float, tail_s: float) -> Path:
    """A real clip of ../shared/videos as the fake webcam (`fake_camera_clip`); the test
    is skipped, saying why, when the clips are not there."""
    clip = shared_videos_dir() / name
    if not clip.is_file():
        pytest.skip(f"clip {clip} not found (set FORMCHECK_SHARED_VIDEOS)")
    return fake_camera_clip(clip, out_dir, lead_in_s=lead_in_s, tail_s=tail_s)


@pytest.fixture(scope="session")
def bridge_y4m(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    y4m = shared_clip_y4m(
        BRIDGE_CLIP,
        tmp_path_factory.mktemp("camera"),
        lead_in_s=8.0,
        tail_s=40.0,
    )
    yield y4m
    y4m.unlink(missing_ok=True)  # raw video: about 300 MB
