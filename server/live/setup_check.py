"""The live setup check shown before counting: whole body in view, the right camera
view, and the start position; and whether the patient is ready to start (`SetupWatch`).

Readiness is decided once, in stream time: the engine's own `ready`, or every check
passing without a break for the engine's settle time (its gate, `exercises.gates`, with
its times: 500 ms in, 700 ms out). The page starts and stops its countdown on it and
counts no frames of its own, so it does not depend on the frame rate.

The expected views and start positions are the exercise's (`ExerciseSpec`): the views
it can be judged from, so that the setup check and the not-judged watch agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from exercises.gates import GateConfig, PositionGate
from exercises.registry import ExerciseSpec
from pose.types import Observation
from pose.view import FRAMING_HINTS, check_framing, near_side_joints
from server.protocol.parts import Setup

__all__ = ["SETUP_HINTS", "SetupCheck", "SetupWatch", "check_setup"]

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
class SetupCheck:
    person: bool
    in_view: bool
    view_ok: bool
    position_ok: bool
    ready: bool  # ready to start: the engine's ready, or all checks passed (SetupWatch)
    view: str | None
    position: str | None
    hint: str | None  # the setup-hint code (SETUP_HINTS) of the most pressing problem

    def to_wire(self) -> Setup:
        return Setup(
            person=self.person,
            in_view=self.in_view,
            view_ok=self.view_ok,
            position_ok=self.position_ok,
            ready=self.ready,
            view=self.view,
            position=self.position,
            hint=self.hint,
        )


def check_setup(spec: ExerciseSpec, observation: Observation, ready: bool) -> SetupCheck:
    pose, est = observation.pose, observation.view
    if pose is None or est is None:
        return SetupCheck(False, False, False, False, ready, None, None, HINT_NO_PERSON)
    framing = check_framing(pose, near_side_joints(est.facing_side))
    view_ok = est.view in spec.view_limits.views
    position_ok = est.position in spec.start_positions
    hint = framing.hint
    if hint is None and not view_ok:
        side = "side" in spec.view_limits.views
        hint = HINT_TURN_CAMERA_SIDE if side else HINT_TURN_CAMERA
    if hint is None and not position_ok:
        hint = HINT_START_POSITION
    return SetupCheck(True, framing.ok, view_ok, position_ok, ready, est.view, est.position, hint)


class SetupWatch:
    """The setup check of each observation, in time order, with readiness in stream
    time: the engine's `ready`, or every check passing for `gate.settle_ms` (and until
    they have failed for `gate.leave_ms`)."""

    _SET_UP = "set_up"  # the gate's one position: every check passing

    def __init__(self, spec: ExerciseSpec, gate: GateConfig | None = None) -> None:
        self._spec = spec
        self._gate = PositionGate(gate)

    def check(self, observation: Observation, engine_ready: bool) -> SetupCheck:
        found = check_setup(self._spec, observation, engine_ready)
        all_ok = found.person and found.in_view and found.view_ok and found.position_ok
        self._gate.update(observation.timestamp_ms, self._SET_UP if all_ok else None, True)
        return replace(found, ready=engine_ready or self._gate.ready)
