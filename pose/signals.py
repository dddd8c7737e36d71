"""The names of the per-frame image signals (`Observation.signals`): measured in
`pose.motion`, asked for by name by the exercises that use them (belly breathing); and
`OTHERS_IN_VIEW`, set by the pipeline (`pose.pipeline`) on every frame that shows more
people than the one tracked (a therapist kneeling behind, someone walking past): the
engines take what they count then as less sure."""

from __future__ import annotations

__all__ = ["BELLY_MOTION", "CHEST_MOTION", "OTHERS_IN_VIEW", "TRUNK_MOTION"]

TRUNK_MOTION = "trunk_motion"
BELLY_MOTION = "belly_motion"
CHEST_MOTION = "chest_motion"
OTHERS_IN_VIEW = "others_in_view"  # how many other people the frame shows (absent: none)
