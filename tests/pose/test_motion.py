"""pose.motion: the belly/chest optical-flow probe on synthetic video with known motion."""

from __future__ import annotations

import math
from dataclasses import replace

import cv2
import numpy as np
import pytest

from pose.motion import BellyMotion, ChestMotion, MotionConfig, RegionMotion, TrunkMotion
from pose.types import Frame, PoseFrame
from tests.pose.builders_breath import H_PX, W_PX, breath_phase, breathing_clip

TORSO_PX = 120.0  # hips at x=200, shoulders at x=80 in the builder's unrotated image


def speeds(probe: RegionMotion, **clip: float) -> list[tuple[float, float]]:
    """(t_s, measured speed) for every frame after the first."""
    out = []
    for frame, pose in breathing_clip(**clip):  # type: ignore[arg-type]
        value = probe.measure(frame, pose)
        if value is not None:
            out.append((frame.timestamp_ms / 1000, value))
    return out


def true_speed(t_s: float, inhale_s: float, exhale_s: float, amp_px: float, fps: float) -> float:
    """The belly's rise speed over the last frame interval, torso lengths per second."""
    step = 1 / fps
    rise = breath_phase(t_s, inhale_s, exhale_s) - breath_phase(t_s - step, inhale_s, exhale_s)
    return rise * amp_px / TORSO_PX / step


def test_first_frame_has_no_motion_then_every_frame_does() -> None:
    probe = BellyMotion()
    clip = list(breathing_clip(2.0, fps=10))
    assert probe.measure(*clip[0]) is None
    assert all(probe.measure(f, p) is not None for f, p in clip[1:])


@pytest.mark.parametrize(("roll_deg", "scale"), [(0.0, 1.0), (12.0, 1.2), (-10.0, 0.8)])
def test_belly_speed_follows_the_breath(roll_deg: float, scale: float) -> None:
    """Rising reads positive, falling negative, and the speed tracks the true one."""
    fps = 15.0
    got = speeds(BellyMotion(), seconds=20, fps=fps, roll_deg=roll_deg, scale=scale)
    measured = np.array([v for _, v in got])
    truth = np.array([true_speed(t, 4.0, 6.0, 5.0, fps) for t, _ in got])
    # Per frame the flow is noisy (a pixel or two of motion); over a second it is clear.
    kernel = np.ones(15) / 15
    smooth_measured = np.convolve(measured, kernel, mode="valid")
    smooth_truth = np.convolve(truth, kernel, mode="valid")
    assert np.corrcoef(smooth_measured, smooth_truth)[0, 1] > 0.8
    moving = np.abs(smooth_truth) > 0.5 * np.max(np.abs(smooth_truth))
    assert np.all(np.sign(smooth_measured[moving]) == np.sign(smooth_truth[moving]))


def test_still_body_reads_near_zero() -> None:
    got = speeds(BellyMotion(), seconds=5, fps=10, belly_px=0.0, chest_px=0.0)
    assert max(abs(v) for _, v in got) < 0.01


def test_chest_probe_sees_the_chest_not_the_belly() -> None:
    fps = 15.0
    belly_only = speeds(ChestMotion(), seconds=10, fps=fps, belly_px=6.0, chest_px=0.0)
    chest_only = speeds(ChestMotion(), seconds=10, fps=fps, belly_px=0.0, chest_px=6.0)
    rms = [math.sqrt(np.mean([v * v for _, v in s])) for s in (belly_only, chest_only)]
    assert rms[1] > 3 * rms[0]


def test_a_gap_in_time_gives_no_reading() -> None:
    probe = BellyMotion(MotionConfig(max_gap_s=0.5))
    clip = list(breathing_clip(3.0, fps=10))
    probe.measure(*clip[0])
    frame, pose = clip[20]  # two seconds later
    assert probe.measure(frame, pose) is None


def test_too_small_a_body_gives_no_reading() -> None:
    probe = BellyMotion(MotionConfig(min_torso_px=500.0))
    clip = list(breathing_clip(1.0, fps=10))
    probe.measure(*clip[0])
    assert probe.measure(*clip[1]) is None


def test_a_change_of_image_size_gives_no_reading() -> None:
    """A camera that switches resolution mid-stream is a cut, not a motion."""
    probe = TrunkMotion()
    first, second = list(breathing_clip(0.3, fps=10))[:2]
    probe.measure(*first)
    image = np.asarray(cv2.resize(second[0].image_bgr, (W_PX * 2, H_PX * 2)), dtype=np.uint8)
    big = Frame(image, second[0].timestamp_ms)
    assert probe.measure(big, replace(second[1], image_size_px=(W_PX * 2, H_PX * 2))) is None


def test_trunk_probe_follows_the_breath() -> None:
    fps = 15.0
    got = speeds(TrunkMotion(), seconds=20, fps=fps)
    measured = np.array([v for _, v in got])
    truth = np.array([true_speed(t, 4.0, 6.0, 5.0, fps) for t, _ in got])
    kernel = np.ones(15) / 15
    smooth = np.convolve(measured, kernel, mode="valid")
    assert np.corrcoef(smooth, np.convolve(truth, kernel, mode="valid"))[0, 1] > 0.8


def test_mismatched_pose_and_frame_fail_loudly() -> None:
    frame, pose = next(breathing_clip(1.0, fps=10))
    other = Frame(np.zeros((H_PX * 2, W_PX * 2, 3), dtype=np.uint8), 0)
    with pytest.raises(ValueError, match="image"):
        BellyMotion().measure(other, pose)
    assert isinstance(pose, PoseFrame)
    assert frame.width_px == W_PX


def test_unknown_region_fails_listing_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="belly"):
        RegionMotion("knee")  # type: ignore[arg-type]


def test_probe_is_callable_as_a_pipeline_signal() -> None:
    probe = BellyMotion()
    first, second = list(breathing_clip(0.3, fps=10))[:2]
    assert probe(*first) is None
    assert isinstance(probe(*second), float)
