"""The live setup check shown before counting: whole body in view, the right camera
view, and the start position (the engine's own `ready`).

The expected view and body position per exercise come from the clinic's set-up
pictures: the laptop beside the mat, filming from the side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pose.types import Observation
from pose.view import BodyPosition, CameraView, check_framing, near_side_joints

__all__ = ["EXPECTED_SETUP", "ExpectedSetup", "SetupCheck", "check_setup"]


@dataclass(frozen=True, slots=True)
class ExpectedSetup:
    views: tuple[CameraView, ...]
    positions: tuple[BodyPosition, ...]


EXPECTED_SETUP: dict[str, ExpectedSetup] = {
    "bridge": ExpectedSetup(("side", "oblique"), ("lying_back",)),
    # Clamshell is seen best from the feet end or the front: the knee opens towards the camera.
    "clamshell": ExpectedSetup(("front", "oblique", "end"), ("lying_side",)),
    "hip_flexor_stretch": ExpectedSetup(("side", "oblique"), ("kneeling",)),
    "breathing": ExpectedSetup(("side", "oblique"), ("lying_back",)),
}


@dataclass(frozen=True, slots=True)
class SetupCheck:
    person: bool
    in_view: bool
    view_ok: bool
    position_ok: bool
    ready: bool  # the engine's start-position gate passed: counting runs
    view: str | None
    position: str | None
    hint: str | None  # setup-hint code for the most pressing problem

    def to_wire(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "in_view": self.in_view,
            "view_ok": self.view_ok,
            "position_ok": self.position_ok,
            "ready": self.ready,
            "view": self.view,
            "position": self.position,
            "hint": self.hint,
        }


def check_setup(exercise: str, observation: Observation, ready: bool) -> SetupCheck:
    pose, est = observation.pose, observation.view
    if pose is None or est is None:
        return SetupCheck(False, False, False, False, ready, None, None, "no_person")
    framing = check_framing(pose, near_side_joints(est.facing_side))
    expected = EXPECTED_SETUP.get(exercise)
    view_ok = expected is None or est.view in expected.views
    position_ok = expected is None or est.position in expected.positions
    hint = framing.hint
    if hint is None and not view_ok:
        hint = "turn_camera_side" if expected and "side" in expected.views else "turn_camera"
    if hint is None and not position_ok:
        hint = "start_position"
    return SetupCheck(True, framing.ok, view_ok, position_ok, ready, est.view, est.position, hint)
