"""The bench's live clips: only clips of our exercises, with a count. A clip of an
exercise we do not count (a squat) cannot be opened as a session: the ladder once
stopped on one with a 422."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from server.bench.clips import labelled_clips
from tests.server.uploads import plain_clip


def test_only_clips_of_our_exercises_with_a_count(tmp_path: Path) -> None:
    clip = plain_clip(tmp_path / "bridge.mp4")
    for name in ("squat.mp4", "nobody.mp4", "looped.mp4"):
        shutil.copy(clip, tmp_path / name)
    labels: list[dict[str, Any]] = [
        {"file": "bridge.mp4", "exercise": "bridge", "reps_ok": [2, 3]},
        {"file": "squat.mp4", "exercise": "squat", "reps_ok": [5]},
        {"file": "nobody.mp4", "exercise": None, "reps_ok": [0]},
        {"file": "looped.mp4", "exercise": "bridge", "reps_ok": [1], "loop": True},
    ]
    (kept,) = labelled_clips(tmp_path, labels)
    assert (kept.path.name, kept.exercise, kept.reps_ok) == ("bridge.mp4", "bridge", (2, 3))
