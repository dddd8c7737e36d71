"""Bridge and clamshell on the real clips, through `formcheck analyze`'s own pipeline.

Every bridge and clamshell clip in labels.json must give a count in its `reps_ok` (a
looped GIF played N times: N times its count), the negative clip 0 for both, and each
labelled hold within 0.5 s. Results are kept in a committed scoreboard
(`scoreboard.json`); a clip whose result gets worse than the scoreboard fails the test.
Set FORMCHECK_UPDATE_SCOREBOARD=1 to rewrite the scoreboard after an improvement.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AnalysisCache, clip_labels

pytestmark = [pytest.mark.real_model, pytest.mark.real_video]

SCOREBOARD = Path(__file__).with_name("scoreboard.json")
HOLD_TOLERANCE_S = 0.5
ENGINES = ("bridge", "clamshell")


def _runs() -> list[tuple[str, str, int]]:
    """(clip, exercise, loops) for every labelled clip our engines must handle."""
    runs: list[tuple[str, str, int]] = []
    for clip in clip_labels():
        exercise = clip["exercise"]
        if exercise is None:
            runs += [(clip["file"], name, 1) for name in ENGINES]
        elif exercise in ENGINES:
            for loops in (1, 4) if clip.get("loop") else (1,):
                runs.append((clip["file"], exercise, loops))
    return runs


def _key(clip: str, exercise: str, loops: int) -> str:
    return f"{clip}|{exercise}|x{loops}"


def _score(
    label: dict[str, Any], report: dict[str, Any], exercise: str, loops: int
) -> dict[str, Any]:
    ok_counts = [n * loops for n in label["reps_ok"] if n is not None]
    if label["exercise"] is None:
        ok_counts = [0]
    reps = int(report["reps"])
    miss = min(abs(reps - n) for n in ok_counts)
    holds = [r["hold_s"] for r in report["rep_events"]]
    hold_err = 0.0
    for i, want in enumerate(label.get("hold_s") or []):
        got = holds[i] if i < len(holds) else 0.0
        hold_err = max(hold_err, abs(got - want))
    return {
        "reps": reps,
        "reps_ok": ok_counts,
        "count_miss": miss,
        "hold_err_s": round(hold_err, 3),
    }


def _load() -> dict[str, Any]:
    if SCOREBOARD.is_file():
        board: dict[str, Any] = json.loads(SCOREBOARD.read_text(encoding="utf-8"))
        return board
    return {}


_RESULTS: dict[str, dict[str, Any]] = {}


@pytest.mark.parametrize(("clip", "exercise", "loops"), _runs())
def test_clip_meets_its_label_and_the_scoreboard(
    clip: str, exercise: str, loops: int, analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    report = analyzed(clip, exercise, loops)
    score = _score(labels[clip], report, exercise, loops)
    key = _key(clip, exercise, loops)
    _RESULTS[key] = score
    if os.environ.get("FORMCHECK_UPDATE_SCOREBOARD"):
        board = _load()
        board[key] = score
        SCOREBOARD.write_text(json.dumps(board, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    best = _load().get(key)
    if best is not None:
        assert score["count_miss"] <= best["count_miss"], (
            f"{key}: count got worse: {score} vs {best}"
        )
        assert score["hold_err_s"] <= best["hold_err_s"] + 0.1, f"{key}: hold got worse: {score}"
    assert score["count_miss"] == 0, f"{key}: {score['reps']} reps, label allows {score['reps_ok']}"
    assert score["hold_err_s"] <= HOLD_TOLERANCE_S, f"{key}: hold off by {score['hold_err_s']} s"


def test_scoreboard_covers_every_run() -> None:
    board = _load()
    missing = [_key(*run) for run in _runs() if _key(*run) not in board]
    assert not missing, f"scoreboard.json lacks {missing}; run with FORMCHECK_UPDATE_SCOREBOARD=1"
