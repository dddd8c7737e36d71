from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pose.errors import ModelFileError, SourceError
from pose.models import MODELS, load_model_bundle, verify_model_file
from pose.recording import ReplayEstimator, load_observations, save_observations
from pose.sources import open_source
from pose.types import Frame, Observation
from tests.conftest import shared_videos_dir

from .builders import pose_from_points


def _write_video(path: Path, frames: int, fps: float = 10.0) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (64, 48))
    for i in range(frames):
        writer.write(np.full((48, 64, 3), i * 10 % 255, np.uint8))
    writer.release()


def test_video_source_times_frames_and_loops(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    _write_video(path, 5)
    frames = list(open_source(path, loops=2))
    assert [f.timestamp_ms for f in frames] == [i * 100 for i in range(10)]
    assert frames[0].width_px == 64


def test_image_folder_source(tmp_path: Path) -> None:
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"{i:02}.png"), np.zeros((32, 32, 3), np.uint8))
    frames = list(open_source(tmp_path))
    assert len(frames) == 3
    assert frames[1].timestamp_ms == 100


@pytest.mark.parametrize("content", [b"", b"not a video at all" * 100])
def test_bad_files_fail_with_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.mp4"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=r"bad\.mp4"):
        list(open_source(path))
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "missing.mp4")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    with pytest.raises(SourceError, match="no images"):
        open_source(empty_dir)


def test_bundled_model_verifies_and_damage_is_named(tmp_path: Path) -> None:
    bundle = load_model_bundle()
    assert bundle.sha256 == MODELS["full"].sha256
    (tmp_path / "pose_landmarker_full.task").write_bytes(bundle.data[:-10])
    with pytest.raises(
        ModelFileError,
        match=r"pose_landmarker_full\.task is damaged",
    ):
        verify_model_file(MODELS["full"], tmp_path)
    with pytest.raises(ModelFileError, match=r"missing.*formcheck models --fetch lite"):
        verify_model_file(MODELS["lite"], tmp_path)
    with pytest.raises(ModelFileError, match="unknown model 'huge'"):
        load_model_bundle("huge")


def test_recording_round_trip_and_replay(tmp_path: Path) -> None:
    pose = pose_from_points({}, timestamp_ms=40)
    obs = [Observation(0, None), Observation(40, pose, {"belly_motion": 0.25})]
    save_observations(tmp_path / "r.npz", obs)
    back = load_observations(tmp_path / "r.npz")
    assert back[0].pose is None
    assert back[1].pose is not None
    assert np.allclose(back[1].pose.xyz_norm, pose.xyz_norm)
    assert back[1].signals == {"belly_motion": 0.25}
    replay = ReplayEstimator([None, pose])
    frame = Frame(np.zeros((32, 32, 3), np.uint8), 80)
    assert replay.estimate(frame) == []
    assert replay.estimate(frame)[0].timestamp_ms == 80


def test_replay_from_a_recording_loops_and_refuses_frames_after_close(tmp_path: Path) -> None:
    pose = pose_from_points({}, timestamp_ms=0)
    save_observations(tmp_path / "r.npz", [Observation(0, pose), Observation(40, None)])
    replay = ReplayEstimator.from_recording(tmp_path / "r.npz")
    frame = Frame(np.zeros((32, 32, 3), np.uint8), 500)
    seen = [len(replay.estimate(frame)) for _ in range(4)]
    assert seen == [1, 0, 1, 0]
    with replay:
        pass
    with pytest.raises(RuntimeError, match="after close"):
        replay.estimate(frame)


ROTATED = "sit_to_stand_front_portrait_rizwanmanzoor_01.mp4"  # stored 848x480, flagged -90


@pytest.mark.real_video
def test_a_rotated_phone_clip_comes_upright() -> None:
    path = shared_videos_dir() / ROTATED
    if not path.is_file():
        pytest.skip(f"{ROTATED} is absent: the real clips are not beside the repository")
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 0.0)
    ok, stored = cap.read()
    cap.release()
    assert ok
    assert stored.shape[1] > stored.shape[0]  # as stored: landscape
    source = open_source(path)
    frame = next(iter(source))
    assert frame.height_px > frame.width_px  # as filmed: portrait
    assert (source.info.width_px, source.info.height_px) == (frame.width_px, frame.height_px)
