"""Compact recordings keep what the engine needs; the committed ones match a fresh render.

The real-model test renders a small fixed sample of the stress set (about a minute) and
checks its recording against the committed one, so the committed recordings cannot go
stale silently when the renderer, the model or the pose pipeline changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pose.models import ModelBundle
from server.offline.analysis import replay_report
from server.offline.stress_record import (
    STRESS_DIR,
    load_compact,
    read_index,
    record_runs,
    run_truth,
    save_compact,
)
from server.offline.stress_set import StressRun, stress_runs
from synth.spec import SynthSpec
from tests.exercises.builders import bridge_sequence

RECHECKED = 3  # runs re-rendered per CI run


def test_a_compact_recording_replays_as_the_stream(tmp_path: Path) -> None:
    stream = bridge_sequence(reps=2, hold_s=1.0, noise_deg=2.0, lost=[(0.5, 0.9)], fps=15.0)
    path = tmp_path / "run.npz"
    save_compact(path, stream)
    back = load_compact(path)
    assert [o.timestamp_ms for o in back] == [o.timestamp_ms for o in stream]
    assert [o.pose is None for o in back] == [o.pose is None for o in stream]
    for a, b in zip(stream, back, strict=True):
        if a.pose is not None and b.pose is not None:
            np.testing.assert_allclose(b.pose.xyz_norm, a.pose.xyz_norm, atol=2e-4)
            np.testing.assert_allclose(b.pose.xyz_world, a.pose.xyz_world, atol=2e-3)
            np.testing.assert_allclose(b.pose.visibility, a.pose.visibility, atol=1e-2)
    assert replay_report("bridge", back).to_json()["reps"] == 2
    assert path.stat().st_size < 200 * len(stream)  # bytes a frame, compressed


def test_signals_and_empty_streams_survive(tmp_path: Path) -> None:
    stream = bridge_sequence(reps=1, fps=10.0)
    with_signal = [type(o)(o.timestamp_ms, o.pose, {"belly_motion": 0.25}) for o in stream]
    save_compact(tmp_path / "a.npz", with_signal)
    assert load_compact(tmp_path / "a.npz")[3].signals == {"belly_motion": 0.25}
    nobody = [type(o)(o.timestamp_ms, None) for o in stream]
    save_compact(tmp_path / "b.npz", nobody)
    assert all(o.pose is None for o in load_compact(tmp_path / "b.npz"))


@pytest.mark.parametrize(
    ("exercise", "engine", "count", "holds"),
    [
        ("bridge", "bridge", 2, 2),
        ("hip_flexor_stretch", "hip_flexor_stretch", 1, 1),
        ("breathing", "breathing", 3, 0),
        ("knee_to_chest", "bridge", 0, 0),
    ],
)
def test_the_truth_of_a_run(exercise: str, engine: str, count: int, holds: int) -> None:
    truth: dict[str, Any] = {
        "reps": [{}, {}],
        "holds": [{"start_ms": 1000 * i, "end_ms": 1000 * i + 500} for i in range(holds)],
        "breaths_ms": [1, 2, 3],
    }
    if engine == "hip_flexor_stretch":
        truth["holds"] = truth["holds"][:1]
    run = StressRun("x", SynthSpec(exercise), engine)
    got = run_truth(run, truth)
    assert got["count"] == count
    assert len(got["holds_ms"]) == holds


def _rechecked() -> list[StressRun]:
    """A fixed, seeded few of the recorded runs, the shortest third to keep CI quick."""
    index = read_index()["runs"]
    recorded = [r for r in stress_runs() if r.name in index]
    recorded.sort(key=lambda r: index[r.name]["frames"])
    short = recorded[: max(RECHECKED, len(recorded) // 3)]
    rng = np.random.default_rng(22)
    picks = rng.choice(len(short), size=min(RECHECKED, len(short)), replace=False)
    return sorted((short[int(i)] for i in picks), key=lambda r: r.name)


@pytest.mark.synth
@pytest.mark.real_model
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_committed_recordings_match_a_fresh_render(
    model_bundle: ModelBundle, tmp_path: Path
) -> None:
    pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")
    runs = _rechecked()
    assert runs, "no committed stress recordings: run `formcheck stress --record`"
    assert record_runs(runs, model_bundle, folder=tmp_path) == len(runs)
    committed = read_index()["runs"]
    fresh = read_index(tmp_path / "runs.json")["runs"]
    for run in runs:
        assert fresh[run.name]["truth"] == committed[run.name]["truth"], run.name
        assert fresh[run.name]["live_count"] == committed[run.name]["live_count"], run.name
        new = load_compact(tmp_path / f"{run.name}.npz")
        old = load_compact(STRESS_DIR / f"{run.name}.npz")
        assert len(new) == len(old)
        both = [(a.pose, b.pose) for a, b in zip(new, old, strict=True)]
        agree = np.mean([(a is None) == (b is None) for a, b in both])
        assert agree >= 0.95, f"{run.name}: a pose found on {agree:.0%} of the same frames"
        shifts = [
            float(np.median(np.abs(a.xyz_norm[:, :2] - b.xyz_norm[:, :2])))
            for a, b in both
            if a is not None and b is not None
        ]
        assert not shifts or float(np.median(shifts)) < 0.005, run.name
