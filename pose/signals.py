"""The names of the per-frame image signals (`Observation.signals`): measured in
`pose.motion`, asked for by name by the exercises that use them (belly breathing)."""

from __future__ import annotations

__all__ = ["BELLY_MOTION", "CHEST_MOTION", "TRUNK_MOTION"]

TRUNK_MOTION = "trunk_motion"
BELLY_MOTION = "belly_motion"
CHEST_MOTION = "chest_motion"
