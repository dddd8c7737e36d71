"""Person selection: follow the person doing the exercise, not whoever was found first.

Clinic footage often has a second person in view (a therapist kneeling beside the
patient). Each candidate gets a static score (size in frame, landmark visibility, and
whether their body position fits the exercise); the tracked person is followed by
continuity, and a challenger takes over only after out-scoring them for a while.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pose.joints import BODY_CORE
from pose.types import FloatArray, PoseFrame
from pose.view import BodyPosition, estimate_view

__all__ = ["PersonSelector", "Selection", "SelectionConfig"]


@dataclass(frozen=True, slots=True)
class SelectionConfig:
    max_jump_frac: float = 0.6  # a match moves < 0.6 body sizes between frames
    lost_after_ms: int = 1500  # unseen this long, the track is dropped
    posture_bonus: float = 0.5  # score for a body position that fits the exercise
    switch_margin: float = 0.25  # a challenger must out-score the tracked person by this...
    switch_after_frames: int = 10  # ...on this many frames in a row to take over


@dataclass(frozen=True, slots=True)
class Selection:
    pose: PoseFrame | None
    new_track: bool  # a different person than before (smoothing must restart)
    index: int | None = None  # which candidate was chosen (None: nobody)


def _centre_and_size(pose: PoseFrame) -> tuple[FloatArray, float]:
    pts = np.array([pose.xyz_norm[j, :2] for j in BODY_CORE])
    centre = pts.mean(axis=0)
    size = float(np.linalg.norm(np.ptp(pts, axis=0)))
    return centre, max(size, 1e-3)


class PersonSelector:
    """Chooses one pose per frame among the estimator's candidates."""

    def __init__(
        self, config: SelectionConfig | None = None, prefer: tuple[BodyPosition, ...] = ()
    ) -> None:
        self.config = config or SelectionConfig()
        self.prefer = prefer
        self._centre: FloatArray | None = None
        self._size = 0.0
        self._seen_ms = 0
        self._challenges = 0

    def _static_score(self, pose: PoseFrame) -> float:
        _, size = _centre_and_size(pose)
        vis = float(np.mean([pose.vis(j) for j in BODY_CORE]))
        score = size + 0.3 * vis
        if self.prefer and estimate_view(pose).position in self.prefer:
            score += self.config.posture_bonus
        return score

    def _match(self, candidates: list[PoseFrame]) -> int | None:
        if self._centre is None:
            return None
        dists = [
            float(np.linalg.norm(_centre_and_size(p)[0] - self._centre)) / self._size
            for p in candidates
        ]
        best = int(np.argmin(dists))
        return best if dists[best] <= self.config.max_jump_frac else None

    def select(self, candidates: list[PoseFrame]) -> Selection:
        if not candidates:
            return Selection(None, new_track=False)
        now = candidates[0].timestamp_ms
        if self._centre is not None and now - self._seen_ms > self.config.lost_after_ms:
            self._centre = None
        match = self._match(candidates)
        if len(candidates) == 1:
            # One person: chosen whatever the scores (which cost a view estimate each).
            scores, best = [0.0], 0
        else:
            scores = [self._static_score(p) for p in candidates]
            best = int(np.argmax(scores))
        new_track = match is None
        chosen = best if match is None else match
        if match is not None and best != match:
            if scores[best] > scores[match] + self.config.switch_margin:
                self._challenges += 1
            else:
                self._challenges = 0
            if self._challenges >= self.config.switch_after_frames:
                chosen, new_track = best, True
        if new_track or chosen == best:
            self._challenges = 0
        pose = candidates[chosen]
        self._centre, self._size = _centre_and_size(pose)
        self._seen_ms = now
        return Selection(pose, new_track, chosen)
