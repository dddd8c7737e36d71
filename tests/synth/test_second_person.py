"""A second person is drawn, moves as scripted and never changes the patient's truth."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from synth.clip import Scene, render_clip
from synth.spec import SynthSpec
from tests.synth.scene_frames import changed, shot, small

pytestmark = [pytest.mark.synth, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")

CLAM = small(SynthSpec("clamshell", reps=2, hold_s=0.5, seed=6))
PATIENT_KEYS = ("landmarks_px", "angles_deg", "angles_image_deg", "joints_world_m")


@pytest.mark.parametrize("kind", ["kneel_behind", "sit_beside"])
def test_a_second_person_is_drawn_and_the_truth_is_the_patients(kind: str) -> None:
    spec = replace(CLAM, second=kind)
    plain, crowded = shot(CLAM, 3.0), shot(spec, 3.0)
    mask = changed(plain, crowded)
    assert mask.sum() > 500, f"{kind}: only {mask.sum()} pixels changed"
    # where the figure is: around its chest, about 0.6 m above where it kneels or sits
    scene = Scene.of(spec)
    assert scene.second is not None
    chest = scene.second.place + np.array([0.0, 0.6, 0.0])
    chest_px, _ = scene.camera.project(chest[None])
    ys, xs = np.nonzero(mask)
    off_px = np.hypot(xs.mean() - chest_px[0, 0], ys.mean() - chest_px[0, 1])
    assert off_px < 0.25 * spec.width_px, (off_px, chest_px)
    for key in PATIENT_KEYS:
        assert crowded.truth[key] == plain.truth[key], key


def test_a_kneeling_therapist_gestures() -> None:
    spec = replace(CLAM, second="kneel_behind")
    assert (
        changed(shot(spec, 2.0), shot(spec, 3.0)).sum()
        > changed(shot(CLAM, 2.0), shot(CLAM, 3.0)).sum()
    )


def test_a_person_walking_past_comes_and_goes() -> None:
    spec = replace(CLAM, second="walk_past")
    walker = Scene.of(spec).second
    assert walker is not None
    before = changed(shot(CLAM, 0.0), shot(spec, 0.0)).sum()
    during = changed(shot(CLAM, walker.start_s + 2.9), shot(spec, walker.start_s + 2.9))
    assert before == 0  # not in the room yet: the very same frame
    assert during.sum() > 300
    # walking: the figure is elsewhere a second later
    later = changed(shot(CLAM, walker.start_s + 3.9), shot(spec, walker.start_s + 3.9))
    assert abs(np.argwhere(during)[:, 1].mean() - np.argwhere(later)[:, 1].mean()) > 10


def test_the_truth_names_what_the_second_person_does(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    spec = replace(CLAM, second="sit_beside", reps=1, lead_in_s=0.3, up_s=0.4, down_s=0.4, fps=4.0)
    plain = replace(spec, second=None)
    with_person = json.loads(render_clip(spec, tmp_path_factory.mktemp("a")).truth_path.read_text())
    alone = json.loads(render_clip(plain, tmp_path_factory.mktemp("b")).truth_path.read_text())
    assert with_person["second_person"]["kind"] == "sit_beside"
    assert "not exercising" in with_person["second_person"]["does"]
    for key in ("reps", "holds", "breaths_ms"):
        assert with_person[key] == alone[key]
