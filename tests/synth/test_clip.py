"""Rendering end to end: clip.mp4 and truth.json agree, the cache and the CLI work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from pose.sources import open_source
from synth.body import SynthDependencyError
from synth.cache import cached_clip
from synth.cli import register
from synth.clip import Scene, render_clip
from synth.spec import MOTION_NAMES, SynthSpec

pytestmark = [
    pytest.mark.synth,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")


def tiny(spec: SynthSpec) -> SynthSpec:
    """A stamp-sized, low frame rate version of `spec`: quick to render."""
    return replace(spec, width_px=160, height_px=120, fps=8.0, lead_in_s=0.5)


@pytest.mark.parametrize(
    "spec",
    [
        tiny(SynthSpec("bridge", reps=1, hold_s=1.0, up_s=0.5, down_s=0.5, rest_s=0.3)),
        tiny(SynthSpec("clamshell", reps=1, up_s=0.5, down_s=0.5, rest_s=0.3, side="right")),
        tiny(SynthSpec("hip_flexor_stretch", reps=1, hold_s=1.0, up_s=0.5, down_s=0.5)),
        tiny(SynthSpec("breathing", duration_s=3.0, breath_rate_bpm=30.0)),
    ],
    ids=lambda s: s.exercise,
)
def test_clip_and_truth_agree(spec: SynthSpec, tmp_path: Path) -> None:
    result = render_clip(spec, tmp_path)
    truth = json.loads(result.truth_path.read_text())
    frames = list(open_source(result.clip_path))
    assert len(frames) == truth["frame_count"] == result.frame_count
    assert [f.timestamp_ms for f in frames] == [t["timestamp_ms"] for t in truth["frames"]]
    assert frames[0].image_bgr.shape == (spec.height_px, spec.width_px, 3)
    first = truth["frames"][0]
    assert set(first["landmarks_px"]) == set(truth["landmark_names"])
    for x, y in first["landmarks_px"].values():
        assert 0 <= x < spec.width_px
        assert 0 <= y < spec.height_px
    if spec.exercise == "breathing":
        assert truth["breaths_ms"] == [1500]  # 0.5 s still, then a 2 s breath peaks at 1 s
        assert truth["breath_rate_bpm"] == 30.0
    else:
        rep = truth["reps"][0]
        assert rep["start_ms"] < rep["top_ms"] <= rep["top_end_ms"] < rep["end_ms"]
        assert rep["end_ms"] <= truth["duration_s"] * 1000
    if spec.hold_s >= 1.0:
        assert truth["holds"][0]["end_ms"] - truth["holds"][0]["start_ms"] == 1000


def test_the_motion_shows_in_the_truth(tmp_path: Path) -> None:
    spec = tiny(SynthSpec("bridge", reps=1, hold_s=1.0, up_s=0.5, down_s=0.5, rest_s=0.3))
    truth = json.loads(render_clip(spec, tmp_path).truth_path.read_text())
    hip = [f["angles_image_deg"]["hip_angle_left"] for f in truth["frames"]]
    top_ms = truth["reps"][0]["top_ms"]
    at_top = next(f for f in truth["frames"] if f["timestamp_ms"] >= top_ms)
    assert hip[0] < 140.0  # knees bent, pelvis down
    assert at_top["angles_image_deg"]["hip_angle_left"] > 165.0  # shoulders-hips-knees line


def test_cache_renders_once(tmp_path: Path) -> None:
    spec = tiny(SynthSpec("breathing", duration_s=1.0))
    first = cached_clip(spec, tmp_path)
    again = cached_clip(spec, tmp_path)
    assert not first.cached
    assert again.cached
    assert again.clip_path == first.clip_path
    assert again.frame_count == first.frame_count


_RENDER_ON = """
import os, sys
from pathlib import Path
from synth.clip import render_clip
from synth.spec import SynthSpec
os.sched_setaffinity(0, {int(sys.argv[1])})
spec = SynthSpec(
    "bridge", reps=1, hold_s=0.5, up_s=0.6, down_s=0.6, rest_s=0.3, lead_in_s=0.5,
    variant="hip_drop", view="oblique", seed=23,
)  # 2.5 s (38 frames: I, P and B frames, motion searched) at the default size
render_clip(spec, Path(sys.argv[2]))
"""


def test_a_spec_renders_the_same_clip_on_every_cpu(tmp_path: Path) -> None:
    """x264 picked SIMD paths that wrote different clips on this machine's two vCPUs; a
    clip is only exact truth when every render of its spec is the same bytes."""
    cpus = sorted(os.sched_getaffinity(0))
    runs = [cpus[0], cpus[-1], cpus[-1]]
    clips = []
    for n, cpu in enumerate(runs):
        out = tmp_path / f"run{n}"
        subprocess.run([sys.executable, "-c", _RENDER_ON, str(cpu), str(out)], check=True, cwd=ROOT)
        clips.append((out / "clip.mp4").read_bytes())
    assert clips[1] == clips[0]
    assert clips[2] == clips[0]


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def other() -> None:
        """A second command, so `synth` is a sub-command as in formcheck."""

    register(app)
    return app


def test_cli_renders_a_clip(tmp_path: Path) -> None:
    out = tmp_path / "clip"
    args = ["synth", "--exercise", "bridge", "--out", str(out), "--reps", "1"]
    args += ["--tempo", "0.5/0.5/0.3", "--size", "160x120", "--fps", "8", "--variant", "hip_drop"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    assert "ms/frame" in result.output
    truth = json.loads((out / "truth.json").read_text())
    assert truth["variant"] == "hip_drop"
    assert (out / "clip.mp4").stat().st_size > 1000


def test_cli_help_lists_every_motion() -> None:
    result = CliRunner().invoke(_app(), ["synth", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in MOTION_NAMES:
        assert name in result.output, name


def test_cli_renders_a_lookalike(tmp_path: Path) -> None:
    args = ["synth", "--exercise", "lying_still", "--variant", "side_lying", "--out"]
    args += [str(tmp_path), "--duration-s", "1", "--size", "160x120", "--fps", "4"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert (truth["exercise"], truth["variant"]) == ("lying_still", "side_lying")
    assert (truth["reps"], truth["holds"], truth["breaths_ms"]) == ([], [], [])


def test_cli_rejects_an_unknown_variant(tmp_path: Path) -> None:
    args = ["synth", "--exercise", "bridge", "--out", str(tmp_path), "--variant", "wobbly"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 2
    assert "valid: good, too_low, arched, hip_drop, knees_in" in result.output


def test_cli_renders_props_and_a_second_person(tmp_path: Path) -> None:
    args = ["synth", "--exercise", "bridge", "--out", str(tmp_path), "--reps", "1"]
    args += ["--tempo", "0.5/0.5/0.3", "--size", "160x120", "--fps", "4", "--prop", "ball"]
    args += ["--second", "kneel_behind", "--azimuth", "15", "--body-shape", "0.5,-1"]
    args += ["--shirt", "200,60,60", "--trousers", "40,40,40"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth["prop"] == "ball"
    assert truth["second_person"]["kind"] == "kneel_behind"
    assert truth["spec"]["body_shape"] == [0.5, -1.0]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--exercise", "clamshell", "--prop", "dumbbell"], "a dumbbell goes with bridge"),
        (["--exercise", "bridge", "--second", "cat"], "valid: kneel_behind, sit_beside"),
        (["--exercise", "bridge", "--shirt", "red"], "R,G,B"),
    ],
)
def test_cli_rejects_bad_extras(tmp_path: Path, extra: list[str], message: str) -> None:
    result = CliRunner().invoke(_app(), ["synth", "--out", str(tmp_path), *extra])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_pyav_fails_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "av", None)
    spec = tiny(SynthSpec("breathing", duration_s=1.0))
    with pytest.raises(SynthDependencyError, match=r"pip install -e '\.\[synth\]'"):
        render_clip(spec, tmp_path)


@pytest.mark.parametrize("exercise", ["bridge", "clamshell", "hip_flexor_stretch"])
def test_truth_landmarks_lie_on_the_rendered_body(exercise: str) -> None:
    spec = replace(SynthSpec(exercise), width_px=240, height_px=180)
    scene = Scene.of(spec)
    frame, truth = scene.render_at(scene.script.reps[0].top_s, np.random.default_rng(0))
    seen = [n for n, v in truth["landmarks_visible"].items() if v]  # type: ignore[attr-defined]
    assert len(seen) >= 6
    for name in seen:
        x, y = truth["landmarks_px"][name]  # type: ignore[index]
        assert np.isfinite(frame.depth[int(y), int(x)]), name
