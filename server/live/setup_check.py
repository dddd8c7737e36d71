"""The live setup check shown before counting: whole body in view, the right camera
view, and the start position (the engine's own `ready`).

The expected views and start positions are the exercise's (`ExerciseSpec`): the views
it can be judged from, so that the setup check and the not-judged watch agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exercises.registry import ExerciseSpec
from pose.types import Observation
from pose.view import check_framing, near_side_joints

__all__ = ["SetupCheck", "check_setup"]


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


def check_setup(spec: ExerciseSpec, observation: Observation, ready: bool) -> SetupCheck:
    pose, est = observation.pose, observation.view
    if pose is None or est is None:
        return SetupCheck(False, False, False, False, ready, None, None, "no_person")
    framing = check_framing(pose, near_side_joints(est.facing_side))
    view_ok = est.view in spec.view_limits.views
    position_ok = est.position in spec.start_positions
    hint = framing.hint
    if hint is None and not view_ok:
        hint = "turn_camera_side" if "side" in spec.view_limits.views else "turn_camera"
    if hint is None and not position_ok:
        hint = "start_position"
    return SetupCheck(True, framing.ok, view_ok, position_ok, ready, est.view, est.position, hint)
