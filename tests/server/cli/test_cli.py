"""`formcheck` end to end as a user runs it: a real subprocess, real model, real clips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from exercises.registry import SPECS
from server.settings import ANALYSIS_MEMORY_ENV, POSE_MODE_ENV
from tests.conftest import AnalysisCache, clip_labels

FORMCHECK = [sys.executable, "-m", "server"]
CONTRACT_KEYS = {
    "exercise": str,
    "source": str,
    "fps": float,
    "frames": int,
    "duration_s": float,
    "pose_coverage": float,
    "reps": int,
    "rep_events": list,
    "holds": list,
    "faults": list,
}
REP_KEYS = {"index", "side", "start_s", "peak_s", "end_s", "hold_s", "peak_angle_deg", "faults"}
REP_KEYS |= {"unsure", "doubts"}  # how sure (README, "Sure or unsure")
HOLD_KEYS = {"side", "start_s", "end_s", "duration_s", "target_s", "completed", "angle_deg"}
HOLD_KEYS |= {"trunk_incline_deg"}
HOLD_KEYS |= {"unsure", "doubts"}
BREATH_KEYS = {"index", "start_s", "inhale_s", "exhale_s", "rate_bpm"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FORMCHECK, *args], capture_output=True, text=True, timeout=600, check=False
    )


def assert_one_clear_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("formcheck: error:")
    assert needle in lines[0]


def test_the_command_line_starts_without_the_heavy_layers() -> None:
    """The database layer, the model, pydantic, the PDF writer and Redis load with the
    commands that use them: every other command, and every mistyped one, starts fast."""
    heavy = ("sqlalchemy", "alembic", "mediapipe", "pydantic", "weasyprint", "redis")
    probe = f"import sys, server.cli.main; print([m for m in {heavy!r} if m in sys.modules])"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "[]", proc.stdout


def test_missing_file(tmp_path: Path) -> None:
    proc = run_cli("analyze", str(tmp_path / "gone.mp4"), "--exercise", "bridge")
    assert_one_clear_error(proc, "no such file")


@pytest.mark.parametrize("content", [b"", b"\x00\x01garbage" * 1000, b"just some text\n"])
def test_not_a_video(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(content)
    proc = run_cli("analyze", str(path), "--exercise", "bridge")
    assert_one_clear_error(proc, "clip.mp4")


def test_unknown_exercise_lists_valid_ones(tmp_path: Path) -> None:
    proc = run_cli("analyze", str(tmp_path), "--exercise", "squat")
    assert_one_clear_error(proc, "valid: bridge, clamshell, hip_flexor_stretch, breathing")


@pytest.mark.parametrize("command", ["analyze", "serve"])
def test_an_unknown_time_zone_is_one_clear_error(tmp_path: Path, command: str) -> None:
    args = [str(tmp_path), "--exercise", "bridge"] if command == "analyze" else []
    proc = run_cli(command, *args, "--timezone", "Mars/Olympus_Mons")
    assert_one_clear_error(proc, "unknown time zone 'Mars/Olympus_Mons'")


def test_scoreboard_without_labels_says_where_it_looked(tmp_path: Path) -> None:
    proc = run_cli("scoreboard", "--videos", str(tmp_path), "--check")
    assert_one_clear_error(proc, f"no labels.json in {tmp_path}")


@pytest.mark.parametrize(
    "command", ["schema", "scoreboard", "synth-report", "stress", "demonstrations"]
)
def test_write_and_check_exclude_each_other(command: str) -> None:
    assert_one_clear_error(run_cli(command, "--write", "--check"), "exclude each other")


def test_schema_check_passes_on_the_committed_copy() -> None:
    proc = run_cli("schema", "--check")
    assert (proc.returncode, proc.stdout) == (0, "all current\n")


def _empty_room(tmp_path: Path, frames: int) -> Path:
    path = tmp_path / "empty_room.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (160, 120))
    for i in range(frames):
        writer.write(np.full((120, 160, 3), 40 + i % 100, np.uint8))
    writer.release()
    return path


@pytest.mark.real_model
def test_nobody_in_the_video(tmp_path: Path) -> None:
    proc = run_cli("analyze", str(_empty_room(tmp_path, 10)), "--exercise", "bridge")
    assert_one_clear_error(proc, "nobody was found")


@pytest.mark.real_model
def test_nobody_seen_for_long_is_not_judged_where_the_exercise_says_why(tmp_path: Path) -> None:
    # Breathing: a patient lying where the camera cannot find them (the low feet end).
    proc = run_cli(
        "analyze", str(_empty_room(tmp_path, 120)), "--exercise", "breathing", "--json", "-"
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["pose_coverage"] == 0.0
    assert report["not_judged"]["code"] == "breathing_not_judged_unseen"
    assert "Put the camera" in report["not_judged"]["message"]


def test_models_lists_and_verifies_the_bundled_model() -> None:
    proc = run_cli("models")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].split()[:2] == ["full", "ok"]


def assert_contract(report: dict[str, Any], exercise: str) -> None:
    for key, typ in CONTRACT_KEYS.items():
        assert isinstance(report[key], typ), f"{key}: {report[key]!r}"
    assert report["exercise"] == exercise
    assert 0.0 <= report["pose_coverage"] <= 1.0
    assert report["reps"] >= 0
    assert report["reps_by_side"] is None or set(report["reps_by_side"]) == {"left", "right"}
    for rep in report["rep_events"]:
        assert set(rep) == REP_KEYS
        assert rep["start_s"] <= rep["peak_s"] <= rep["end_s"]
    for hold in report["holds"]:
        assert set(hold) == HOLD_KEYS
        assert hold["duration_s"] >= 0
    for fault in report["faults"]:
        assert set(fault) == {"code", "t_s", "message"}
    nj = report["not_judged"]
    assert nj is None or (set(nj) == {"code", "message"} and nj["message"])
    if exercise == "breathing":
        assert isinstance(report["breaths"], int)
        assert len(report["breath_events"]) == report["breaths"]
        for breath in report["breath_events"]:
            assert set(breath) == BREATH_KEYS
            assert breath["inhale_s"] > 0
            assert breath["exhale_s"] > 0
    else:
        assert report["breaths"] is None
        assert report["breath_rate_bpm"] is None
        assert report["breath_events"] is None


# Each clip for its own exercise, or (a negative, or of an exercise we do not count) the
# bridge's.
CLIPS = [(c["file"], c["exercise"] if c["exercise"] in SPECS else "bridge") for c in clip_labels()]


@pytest.mark.real_model
@pytest.mark.real_video
@pytest.mark.parametrize(("clip", "exercise"), CLIPS or [("(no clips)", "bridge")])
def test_analyze_emits_the_contract_on_every_clip(
    clip: str, exercise: str, analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    report = analyzed(clip, exercise)
    assert_contract(report, exercise)
    assert report["frames"] > 0
    if labels[clip]["exercise"] in SPECS:
        assert report["not_judged"] is None  # every labelled clip is judged
    if labels[clip]["exercise"] is not None:  # a negative may be a close-up of a belly
        assert report["pose_coverage"] > 0.5


@pytest.mark.real_model
@pytest.mark.real_video
def test_json_dash_prints_only_json_and_html_report(videos_dir: Path, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    proc = run_cli(
        "analyze",
        str(videos_dir / "hipflexor_halfkneel_side_tobefrank_01.mp4"),
        "--exercise",
        "hip_flexor_stretch",
        "--json",
        "-",
        "--report",
        str(html),
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert_contract(report, "hip_flexor_stretch")
    assert "Traceback" not in proc.stderr
    page = html.read_text(encoding="utf-8")
    assert "Session report: " in page  # the app's report page, one template
    assert "<svg" in page  # its plots and skeletons, inline


def test_worker_without_a_queue_says_what_it_needs() -> None:
    proc = run_cli("worker")
    assert_one_clear_error(proc, "--queue-url (or $FORMCHECK_QUEUE_URL) is needed")


def test_worker_with_an_unreachable_queue_is_one_clear_error(tmp_path: Path) -> None:
    from tests.server.live_server import free_port

    url = f"redis://:pw@127.0.0.1:{free_port()}/0"  # nothing listens there
    proc = run_cli("worker", "--queue-url", url, "--data-dir", str(tmp_path))
    assert_one_clear_error(proc, "the queue at --queue-url does not answer")


def test_serve_with_an_unreachable_queue_is_one_clear_error(tmp_path: Path) -> None:
    from tests.server.live_server import free_port

    url = f"redis://:pw@127.0.0.1:{free_port()}/0"
    proc = run_cli("serve", "--queue-url", url, "--data-dir", str(tmp_path))
    assert_one_clear_error(proc, "the queue at --queue-url does not answer")


def test_serve_refuses_an_unknown_pose_mode_naming_the_valid_ones() -> None:
    proc = run_cli("serve", "--pose-mode", "gpu")
    assert_one_clear_error(proc, "pose_mode must be one of ('auto', 'device', 'server')")
    proc = subprocess.run(  # the environment sets it too
        [*FORMCHECK, "serve"],
        env={**os.environ, POSE_MODE_ENV: "cloud"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert_one_clear_error(proc, "got 'cloud'")


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_the_analysis_memory_limit_is_read_from_the_environment(command: str) -> None:
    """$FORMCHECK_ANALYSIS_MEMORY_MB is the option's value (one below its floor refused)."""
    proc = subprocess.run(
        [*FORMCHECK, command],
        env={**os.environ, ANALYSIS_MEMORY_ENV: "10"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 2
    assert "--analysis-memory-mb" in proc.stderr
    assert ANALYSIS_MEMORY_ENV in proc.stderr
