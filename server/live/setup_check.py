"""The live setup check shown before counting: whole body in view, the right camera
view, and the start position (the engine's own `ready`).

The expected view and body position per exercise come from the clinic's set-up
pictures: the laptop beside the mat, filming from the side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pose.types import PoseFrame
from pose.view import (
    FRAMING_HINTS,
    BodyPosition,
    CameraView,
    check_framing,
    estimate_view,
    near_side_joints,
)

__all__ = ["EXPECTED_SETUP", "SETUP_HINTS", "ExpectedSetup", "SetupCheck", "check_setup"]

# The setup-hint codes the check gives (texts in the catalogue, exercises/texts.json).
HINT_NO_PERSON = "no_person"
HINT_TURN_CAMERA_SIDE = "turn_camera_side"
HINT_TURN_CAMERA = "turn_camera"
HINT_START_POSITION = "start_position"
SETUP_HINTS = (
    HINT_NO_PERSON,
    *FRAMING_HINTS,
    HINT_TURN_CAMERA_SIDE,
    HINT_TURN_CAMERA,
    HINT_START_POSITION,
)


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
    hint: str | None  # the setup-hint code (SETUP_HINTS) of the most pressing problem

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


def check_setup(exercise: str, pose: PoseFrame | None, ready: bool) -> SetupCheck:
    if pose is None:
        return SetupCheck(False, False, False, False, ready, None, None, HINT_NO_PERSON)
    est = estimate_view(pose)
    framing = check_framing(pose, near_side_joints(est.facing_side))
    expected = EXPECTED_SETUP.get(exercise)
    view_ok = expected is None or est.view in expected.views
    position_ok = expected is None or est.position in expected.positions
    hint = framing.hint
    if hint is None and not view_ok:
        side = expected is not None and "side" in expected.views
        hint = HINT_TURN_CAMERA_SIDE if side else HINT_TURN_CAMERA
    if hint is None and not position_ok:
        hint = HINT_START_POSITION
    return SetupCheck(True, framing.ok, view_ok, position_ok, ready, est.view, est.position, hint)
