"""A small real run of `formcheck bench`'s machinery (a few frames: seconds, not the
figures): the model, a real server process, the WebSocket, `analyze`. No timed asserts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.bench.report import TARGETS, table
from server.bench.run import BenchPlan, run_bench
from server.bench.stages import STAGES
from server.cli.main import app

pytestmark = [pytest.mark.real_model, pytest.mark.real_video]


def test_a_tiny_run_fills_every_key_of_the_document(videos_dir: Path) -> None:
    plan = BenchPlan(
        videos_dir,
        runs=1,
        stage_frames=6,
        ladder_max_s=5.0,
        max_sessions=1,
        live_frames=6,
        device=False,  # its own ladder: tests/server/bench/test_device*.py
        offline_clip="bridge_side_tobefrank_01.mp4",  # 106 small frames: the machinery only
    )
    lines: list[str] = []
    doc = run_bench(plan, lines.append)
    json.dumps(doc)  # plain JSON all the way down
    for target in TARGETS:
        if target.key.startswith("device_"):
            assert target.key not in doc  # left out of this plan
        else:
            assert isinstance(doc[target.key], int | float), target.key
    assert doc["frame_ms_p50"] > 0
    assert doc["naive_frame_ms_p50"] > 0
    assert set(doc["stages_ms_p50"]) == set(STAGES) == set(doc["naive_stages_ms_p50"])
    assert doc["plan"]["stage_frames"] == 6
    (rung,) = doc["ladder"]
    assert rung["sessions"] == 1
    assert rung["steady_mb"] > rung["idle_mb"] > 0  # a session holds a landmarker
    (count,) = rung["counts"]
    assert count["clip"] in doc["plan"]["ladder_clips"]
    assert isinstance(count["reps"], int)  # the summary of a finished session
    assert len(doc["latency_runs"]) == 1
    assert doc["offline"]["work_s"] > 0
    assert doc["offline"]["command_s"] > doc["offline"]["work_s"]  # start-up included
    assert len(doc["machine"]["load_avg"]) == 3
    assert any(line.startswith("capacity ladder") for line in lines)
    assert "| memory per session |" in table(doc)


def test_the_command_is_registered_and_says_what_it_measures() -> None:
    result = CliRunner().invoke(app, ["bench", "--help"])
    assert result.exit_code == 0
    assert "--quick" in result.output
    assert "--json" in result.output


def test_a_missing_clip_folder_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "--quick", "--videos", str(tmp_path)])
    assert result.exit_code == 2
    assert "bench clip not found" in result.output
