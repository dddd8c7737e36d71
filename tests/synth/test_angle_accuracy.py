"""Angle accuracy of the whole pipeline against exact ground truth, over a grid of views.

Each angle is read from the estimated pose exactly as the exercise engines read it
(tests/synth/measures.py) and compared with the truth: the 3-D angle of the mannequin's
joint centres, and (for image-plane angles) the same formula on the true 2-D points,
which separates landmark error from what the projection itself does. The table is printed
(`pytest -s`) and checked against docs/synth_angle_accuracy.md's rows (never written by
the test); the side-view scoreboard fails when accuracy gets worse.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pose.models import ModelBundle
from synth.spec import VIEWS
from tests.synth.grid import observe, view_spec
from tests.synth.measures import MEASURES, Measure

# Both walk the same 16 view clips: one worker renders and observes them once.
pytestmark = [pytest.mark.synth, pytest.mark.real_model, pytest.mark.xdist_group("synth_views")]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

REPORT = Path(__file__).resolve().parents[2] / "docs" / "synth_angle_accuracy.md"

# Side view: mean absolute error (deg) against the 3-D truth must stay under these.
# Measured with the app's adaptive estimator (deg): 10.7, 4.0, 4.0, 7.2, 3.9, 3.9; about
# 2-3 deg of headroom. (With a two-person landmarker throughout, hip extension read 7.3
# against the 3-D truth but tracking failed in the front and feet views; against the
# true image points both read about 5 deg.)
SCOREBOARD_DEG: dict[str, float] = {
    "hip extension (shoulder-hip-knee)": 13.0,
    "knee flexion": 7.0,
    "knee opening (at the hip midpoint)": 7.0,
    "back hip extension (sagittal)": 10.0,
    "trunk lean (from vertical)": 7.0,
    "trunk lean, image plane (what the engine reads side-on)": 6.0,
}


def _errors(measure: Measure, view: str, bundle: ModelBundle) -> tuple[float, float | None, int]:
    clip = observe(view_spec(measure.exercise, view), bundle)
    side = clip.truth["side"]
    err_3d: list[float] = []
    err_img: list[float] = []
    for obs, truth in zip(clip.observations, clip.truth["frames"], strict=True):
        value = None if obs.pose is None else measure.read(obs.pose)
        if value is None:
            continue
        err_3d.append(abs(value - measure.truth_3d(truth, side)))
        if measure.truth_image is not None:
            err_img.append(abs(value - measure.truth_image(truth, side)))
    mae_img = float(np.mean(err_img)) if err_img else None
    return (float(np.mean(err_3d)) if err_3d else float("nan")), mae_img, len(err_3d)


# A cold cache renders the 16 view clips here: about 5 min of CPU, more on a busy box.
@pytest.mark.timeout(3600)
def test_angle_accuracy_over_views(model_bundle: ModelBundle) -> None:
    lines = [
        "| exercise | angle | view | MAE vs 3-D truth (deg) | MAE vs true image points (deg) "
        "| frames |",
        "|---|---|---|---|---|---|",
    ]
    side_mae: dict[str, float] = {}
    for measure in MEASURES:
        for view in VIEWS:
            if view not in measure.views:
                note = measure.why_not.format(view=view)
                lines.append(f"| {measure.exercise} | {measure.name} | {view} | {note} | | |")
                continue
            mae_3d, mae_img, frames = _errors(measure, view, model_bundle)
            if frames == 0:
                note = "no reading: the engine's visibility gate stayed shut"
                lines.append(f"| {measure.exercise} | {measure.name} | {view} | {note} | | 0 |")
                continue
            img = "world landmarks" if mae_img is None else f"{mae_img:.1f}"
            row = f"| {measure.exercise} | {measure.name} | {view} | {mae_3d:.1f} | {img} "
            lines.append(row + f"| {frames} |")
            if view == "side":
                side_mae[measure.name] = mae_3d
    assert set(side_mae) == set(SCOREBOARD_DEG), "every angle must be read in the side view"
    lines.append(
        "| breathing | (none) | all | n/a: no joint angle; breathing is read from belly "
        "and hand motion | | |"
    )
    table = "\n".join(lines)
    # The committed table is never written by a test: it must list the same rows (exercise,
    # angle, view), and its numbers are the ones this test prints (`pytest -s`). A fresh
    # render differs slightly from a cached one, so the measured cells are not compared.
    committed = [
        _row_key(line) for line in REPORT.read_text().splitlines() if line.startswith("| ")
    ]
    assert committed == [_row_key(line) for line in lines if line.startswith("| ")], (
        f"{REPORT} lists other rows than measured; paste the table this test prints (-s)"
    )
    print("\n" + table)
    worse = {k: v for k, v in side_mae.items() if not v <= SCOREBOARD_DEG[k]}
    assert not worse, f"side-view angle error above the scoreboard: {worse}"


def _row_key(line: str) -> tuple[str, ...]:
    """A table row's first three cells (exercise, angle, view)."""
    return tuple(cell.strip() for cell in line.strip("|").split("|")[:3])
