"""Which way the camera looked while the patient was out of position: for the set-up hint.

Some exercises can only be judged from some views (the stretch's thigh swings in the
body's side plane; a breathing belly is hidden behind the knees from the feet end). When
a patient is seen but not in position, the right hint may be "move the camera", not "get
into position". The view read from one pose wavers near its limits, so the poses of the
whole wait vote.
"""

from __future__ import annotations

from pose.view import CameraView, ViewEstimate

__all__ = ["ViewTally"]


class ViewTally:
    """Counts poses seen from any of `views` against all poses since the last `reset`."""

    def __init__(self, views: frozenset[CameraView]) -> None:
        if not views:
            raise ValueError("ViewTally needs at least one view to count")
        self.views = views
        self._hits = 0
        self._seen = 0

    def add(self, view: ViewEstimate | None) -> None:
        """One observation's view (`Observation.view`; None without a pose is not counted)."""
        if view is None:
            return
        self._seen += 1
        self._hits += view.view in self.views

    def reset(self) -> None:
        self._hits = self._seen = 0

    @property
    def mostly(self) -> bool:
        """More than half of the poses so far were seen from one of the views."""
        return 2 * self._hits > self._seen
