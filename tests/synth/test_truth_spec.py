"""Truth angles on known poses, spec validation and the CLI's argument parsing."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import pytest
import typer

from synth.cli import parse_floats, parse_rgb, parse_size, parse_tempo
from synth.motions.timeline import Tempo, phase_at, rep_timeline
from synth.rig import J
from synth.spec import EXERCISE_MOTIONS, LOOKALIKES, SynthSpec
from synth.truth import image_angles


def _standing_points() -> dict[str, np.ndarray]:
    pts = {name: np.zeros(2) for name in J}
    for s, x in (("l", 10.0), ("r", -10.0)):
        pts[f"{s}_shoulder"] = np.array([x, 0.0])
        pts[f"{s}_hip"] = np.array([x, 50.0])
        pts[f"{s}_knee"] = np.array([x, 90.0])
        pts[f"{s}_ankle"] = np.array([x, 130.0])
    return pts


def test_image_angles_of_a_straight_body() -> None:
    angles = image_angles(_standing_points())
    assert angles["hip_angle_left"] == pytest.approx(180.0)
    assert angles["knee_flexion_right"] == pytest.approx(0.0)
    assert angles["thigh_opening"] == pytest.approx(0.0)
    assert angles["trunk_incline"] == pytest.approx(90.0)


def test_image_angles_of_a_right_angle_hip_and_open_thighs() -> None:
    pts = _standing_points()
    pts["l_knee"] = np.array([50.0, 50.0])  # thigh straight out: 90 deg at the hip
    angles = image_angles(pts)
    assert angles["hip_angle_left"] == pytest.approx(90.0)
    assert angles["thigh_opening"] == pytest.approx(90.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exercise": "squat"}, "valid: bridge, clamshell"),
        ({"exercise": "squat"}, "look-alike: dead_bug, knee_to_chest"),
        ({"exercise": "dead_bug", "variant": "side_lying"}, "valid: good$"),
        ({"exercise": "bridge", "variant": "wobbly"}, "valid: good, too_low"),
        ({"exercise": "bridge", "view": "top"}, "valid: side, front"),
        ({"exercise": "bridge", "width_px": 641}, "even"),
        ({"exercise": "breathing", "breath_rate_bpm": 60.0}, "breath_rate_bpm"),
        ({"exercise": "bridge", "prop": "kettlebell"}, "valid: ball, band, dumbbell"),
        ({"exercise": "clamshell", "prop": "dumbbell"}, "dumbbell goes with bridge, not"),
        ({"exercise": "breathing", "prop": "ball"}, "bridge or clamshell, not breathing"),
        ({"exercise": "bridge", "second": "dog"}, "valid: kneel_behind, sit_beside, walk_past"),
        ({"exercise": "bridge", "azimuth_deg": 270.0}, "azimuth_deg must be -180-180"),
        ({"exercise": "bridge", "body_shape": (0.0, 5.0)}, "within \\+-3.0"),
        ({"exercise": "bridge", "body_shape": (0.0,) * 11}, "up to 10 SMPL-X"),
        ({"exercise": "bridge", "shirt_rgb": (300, 0, 0)}, "shirt_rgb must be three values"),
    ],
)
def test_spec_rejects_bad_values_naming_the_valid_ones(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        SynthSpec(**kwargs)


def test_spec_key_changes_with_any_field() -> None:
    a = SynthSpec("bridge")
    assert a.key() == SynthSpec("bridge").key()
    assert a.key() != SynthSpec("bridge", seed=1).key()


def test_lookalikes_are_specs_of_their_own() -> None:
    assert SynthSpec("lying_still", variant="side_lying").is_lookalike
    assert not SynthSpec("bridge").is_lookalike
    assert SynthSpec.variants("lying_still") == ("good", "side_lying")
    assert set(LOOKALIKES).isdisjoint(EXERCISE_MOTIONS)
    assert all(set(mimics) <= set(EXERCISE_MOTIONS) for mimics in LOOKALIKES.values())


def test_rep_timeline_phases() -> None:
    reps, duration_s = rep_timeline(2, Tempo(lead_in_s=1.0, up_s=1.0, top_s=2.0, down_s=1.0))
    assert [r.start_s for r in reps] == [1.0, 6.0]
    assert reps[0].top_s == 2.0
    assert reps[0].top_end_s == 4.0
    assert reps[0].end_s == 5.0
    assert duration_s > reps[-1].end_s
    assert phase_at(0.5, reps).level == 0.0
    assert phase_at(0.5, reps).rep is None
    assert phase_at(3.0, reps).level == 1.0
    assert phase_at(3.0, reps).rep == 0
    assert 0.0 < phase_at(6.5, reps).level < 1.0


@pytest.mark.parametrize(("text", "ok"), [("1/2/0.5", True), ("1/2", False), ("a/b/c", False)])
def test_parse_tempo(text: str, ok: bool) -> None:
    if ok:
        assert parse_tempo(text) == (1.0, 2.0, 0.5)
    else:
        with pytest.raises(typer.BadParameter, match="UP/DOWN/REST"):
            parse_tempo(text)


def test_scene_extras_at_their_defaults_keep_the_spec_as_it_was() -> None:
    """Cached clips and committed truth of specs without extras stay valid."""
    spec = SynthSpec("bridge", reps=2, hold_s=1.0, seed=5)
    assert spec.key() == "286cdc3a5acc3e72"  # the key before the extras existed
    assert "prop" not in spec.to_dict()
    assert SynthSpec("bridge", prop="ball").to_dict()["prop"] == "ball"
    assert SynthSpec("bridge", prop="ball").key() != SynthSpec("bridge").key()


def test_parse_extras() -> None:
    assert parse_floats("0.5,-1") == (0.5, -1.0)
    assert parse_floats("") == ()
    assert parse_rgb("200,60,60") == (200, 60, 60)
    assert parse_rgb(None) is None
    for bad in ("red", "1,2"):
        with pytest.raises(typer.BadParameter, match="R,G,B"):
            parse_rgb(bad)
    with pytest.raises(typer.BadParameter, match="commas"):
        parse_floats("a,b")


def test_parse_size() -> None:
    assert parse_size("480x360") == (480, 360)
    with pytest.raises(typer.BadParameter, match="WIDTHxHEIGHT"):
        parse_size("480")


def test_missing_mannequin_fails_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from synth.body import Body, SynthDependencyError

    monkeypatch.setitem(sys.modules, "mannequin", None)
    with pytest.raises(SynthDependencyError, match=r"pip install -e '\.\[synth\]'"):
        Body("medium")
