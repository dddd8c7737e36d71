"""Every clip in labels.json through `formcheck analyze`'s own pipeline: its label, the
committed scoreboard, and the committed tables.

The runs and their scores are server/offline/scoreboard.py's, as `formcheck scoreboard` makes
them: each labelled clip for its own exercise (a looped GIF played 1 and 4 times), each
negative for every exercise it is a negative for (`negatives_of`: `negative_for`, clips of
no exercise and of exercises we do not count). A run must meet its label (a count in
`reps_ok`, each labelled hold within 0.5 s; a negative: no rep, hold or breath), must not
be confidently wrong (wrong and not marked unsure), and be no worse than its entry in
tests/exercises/scoreboard.json. The committed scoreboard,
docs/scoreboard.md and the README's summary must be what `formcheck scoreboard --write`
writes from these same runs (the model runs once per clip: the session's `analyzed`
cache). Tests never write them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from server.offline.generated import stale
from server.offline.scoreboard import (
    HOLD_TOLERANCE_S,
    SCOREBOARD_JSON,
    Run,
    board_json,
    build_board,
    is_negative_run,
    planned_runs,
    score,
)
from server.offline.scoreboard_docs import committed_files
from tests.conftest import AnalysisCache, clip_labels

pytestmark = [pytest.mark.real_model, pytest.mark.real_video]

RUNS = planned_runs(clip_labels())
HOLD_SLACK_S = 0.1  # a hold may move this much against the scoreboard before it is "worse"
REGENERATE = "run `formcheck scoreboard --write` and commit the result"

# Runs that do not meet their label yet, with the measured reason: strict xfails, so a
# fix shows up as XPASS and fails until the entry is removed.
KNOWN_MISSES: dict[str, str] = {}

_SCORES: dict[str, dict[str, Any]] = {}


def _score(run: Run, analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if run.key not in _SCORES:
        _SCORES[run.key] = score(labels[run.clip], run, analyzed.result(run))
    return _SCORES[run.key]


def _committed() -> dict[str, Any]:
    if not SCOREBOARD_JSON.is_file():
        return {}
    board: dict[str, Any] = json.loads(SCOREBOARD_JSON.read_text(encoding="utf-8"))
    return board


def _ids(run: Run) -> str:
    return run.key


def _with_known_misses(runs: list[Run]) -> list[Any]:
    return [
        pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[r.key]))
        if r.key in KNOWN_MISSES
        else r
        for r in runs
    ]


needs_clips = pytest.mark.skipif(not RUNS, reason="no labels.json: the real clips are absent")


@needs_clips
@pytest.mark.parametrize("run", RUNS, ids=_ids)
def test_no_run_is_worse_than_the_scoreboard(
    run: Run, analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    got = _score(run, analyzed, labels)
    best = _committed().get(run.key)
    assert best is not None, f"scoreboard.json lacks {run.key}: {REGENERATE}"
    assert got["count_miss"] <= best["count_miss"], f"{run.key}: count got worse: {got} vs {best}"
    assert got["hold_err_s"] <= best["hold_err_s"] + HOLD_SLACK_S, (
        f"{run.key}: hold got worse: {got['holds']} vs {best['holds']}"
    )


@needs_clips
@pytest.mark.parametrize("run", _with_known_misses(RUNS), ids=_ids)
def test_run_meets_its_label(
    run: Run, analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    got = _score(run, analyzed, labels)
    assert got["count_miss"] == 0, f"{run.key}: {got['reps']} reps, label allows {got['reps_ok']}"
    assert got["hold_err_s"] <= HOLD_TOLERANCE_S, f"{run.key}: holds off: {got['holds']}"
    if is_negative_run(labels[run.clip], run):
        assert got["holds_measured"] == 0, f"{run.key}: a negative got holds"
        assert not got["breaths"], f"{run.key}: a negative got {got['breaths']} breaths"


@needs_clips
@pytest.mark.parametrize("run", RUNS, ids=_ids)
def test_no_run_is_confidently_wrong(
    run: Run, analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    got = _score(run, analyzed, labels)
    assert not got["confidently_wrong"], f"{run.key}: wrong and not marked unsure: {got}"


@needs_clips
def test_scoreboard_covers_every_run_and_no_other() -> None:
    planned = {r.key for r in RUNS}
    committed = set(_committed())
    assert committed == planned, (
        f"scoreboard.json lacks {sorted(planned - committed)}, has extra "
        f"{sorted(committed - planned)}: {REGENERATE}"
    )


@needs_clips
def test_committed_scoreboard_and_tables_are_current(
    analyzed: AnalysisCache, labels: dict[str, dict[str, Any]]
) -> None:
    board = build_board(clip_labels(), {r.key: analyzed.result(r) for r in RUNS})
    old = _committed()
    changed = sorted(k for k, v in json.loads(board_json(board)).items() if old.get(k) != v)
    files = stale(committed_files(board))
    assert not files, f"stale: {[str(p) for p in files]} (runs changed: {changed}): {REGENERATE}"
