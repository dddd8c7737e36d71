"""Props are drawn where they belong, move with the body and leave the truth alone."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from synth.clip import render_clip
from synth.spec import SynthSpec
from tests.synth.scene_frames import changed, shot

pytestmark = [pytest.mark.synth, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

BRIDGE = SynthSpec("bridge", reps=1, hold_s=1.0, view="oblique", seed=3)
CLAM = SynthSpec("clamshell", reps=1, hold_s=1.0, seed=4)
TOP_S = 3.5  # at the top of the first rep (lead-in 2 s, up 1.2 s)


def _near(mask: np.ndarray, xy: list[float], radius_px: float) -> float:
    """The share of the changed pixels within `radius_px` of `xy`."""
    ys, xs = np.nonzero(mask)
    return float(np.mean(np.hypot(xs - xy[0], ys - xy[1]) < radius_px))


@pytest.mark.parametrize(
    ("spec", "prop", "joints"),
    [
        (BRIDGE, "ball", ("left_knee", "right_knee")),
        (BRIDGE, "band", ("left_knee", "right_knee")),
        (BRIDGE, "dumbbell", ("left_hip", "right_hip")),
        (CLAM, "ball", ("left_knee", "right_knee")),
        (CLAM, "band", ("left_knee", "right_knee")),
    ],
)
def test_a_prop_is_drawn_where_it_belongs_and_the_truth_is_unchanged(
    spec: SynthSpec, prop: str, joints: tuple[str, str]
) -> None:
    plain, with_prop = shot(spec, TOP_S), shot(replace(spec, prop=prop), TOP_S)
    mask = changed(plain, with_prop)
    assert mask.sum() > 40, f"the {prop} changed only {mask.sum()} pixels"
    px = plain.truth["landmarks_px"]
    centre = np.mean([px[j] for j in joints], axis=0)
    # a ball 14-24 cm, a band, a dumbbell 32 cm wide: within ~25 cm of the joints
    assert _near(mask, list(centre), radius_px=70.0) > 0.9
    for key in ("landmarks_px", "angles_deg", "angles_image_deg", "joints_world_m"):
        assert with_prop.truth[key] == plain.truth[key], key


def test_a_prop_moves_with_the_body() -> None:
    spec = replace(BRIDGE, prop="ball")
    rest, top = shot(spec, 0.5), shot(spec, TOP_S)
    plain_rest, plain_top = shot(BRIDGE, 0.5), shot(BRIDGE, TOP_S)
    at_rest = np.argwhere(changed(plain_rest, rest)).mean(axis=0)
    at_top = np.argwhere(changed(plain_top, top)).mean(axis=0)
    assert np.hypot(*(at_top - at_rest)) > 3.0  # rows, columns: the knees moved the ball


def test_a_prop_is_named_in_the_truth(tmp_path_factory: pytest.TempPathFactory) -> None:
    spec = replace(
        BRIDGE, prop="band", reps=1, hold_s=0.2, up_s=0.4, down_s=0.4, lead_in_s=0.3, fps=5.0
    )
    result = render_clip(spec, tmp_path_factory.mktemp("band"))
    assert '"prop":"band"' in result.truth_path.read_text()
