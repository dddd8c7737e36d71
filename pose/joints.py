"""Our own landmark names, so the domain never imports mediapipe.

The values are the BlazePose / MediaPipe Pose landmark indices (33 landmarks).
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["BODY_CORE", "BONES", "LEFT_RIGHT", "NUM_JOINTS", "Joint", "Side"]


class Joint(IntEnum):
    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


NUM_JOINTS = len(Joint)

# The skeleton's lines between landmarks (index pairs): trunk, arms, legs and feet, the
# nose to each shoulder. The report's pictures and its replay player draw these.
BONES: tuple[tuple[int, int], ...] = (
    (11, 12), (11, 23), (12, 24), (23, 24),
    (11, 13), (13, 15), (12, 14), (14, 16),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31),
    (24, 26), (26, 28), (28, 30), (30, 32), (28, 32),
    (0, 11), (0, 12),
)  # fmt: skip


class Side:
    """Body side names as they appear on the wire ("left" / "right")."""

    LEFT = "left"
    RIGHT = "right"


# (left joint, right joint) pairs used to mirror or pick a side.
LEFT_RIGHT: dict[str, tuple[Joint, Joint]] = {
    "shoulder": (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER),
    "elbow": (Joint.LEFT_ELBOW, Joint.RIGHT_ELBOW),
    "wrist": (Joint.LEFT_WRIST, Joint.RIGHT_WRIST),
    "hip": (Joint.LEFT_HIP, Joint.RIGHT_HIP),
    "knee": (Joint.LEFT_KNEE, Joint.RIGHT_KNEE),
    "ankle": (Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE),
    "heel": (Joint.LEFT_HEEL, Joint.RIGHT_HEEL),
    "foot": (Joint.LEFT_FOOT_INDEX, Joint.RIGHT_FOOT_INDEX),
    "ear": (Joint.LEFT_EAR, Joint.RIGHT_EAR),
}


# The body's frame (shoulders, hips, knees, ankles: shoulders first, then hips): its box
# is what "one body size" means to person selection and to the doubt about who is tracked.
BODY_CORE = (
    Joint.LEFT_SHOULDER,
    Joint.RIGHT_SHOULDER,
    Joint.LEFT_HIP,
    Joint.RIGHT_HIP,
    Joint.LEFT_KNEE,
    Joint.RIGHT_KNEE,
    Joint.LEFT_ANKLE,
    Joint.RIGHT_ANKLE,
)
