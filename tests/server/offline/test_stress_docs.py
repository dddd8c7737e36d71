"""docs/stress.md is what the committed recordings give, and issue 22's bar over them.

Fast: the recordings are replayed through `analyze`'s step, no model and no rendering.
"""

from __future__ import annotations

from functools import cache

import pytest

from server.offline.generated import stale
from server.offline.stress_docs import StressTotals, committed_files
from server.offline.stress_score import RunScore, score_runs
from server.offline.stress_set import stress_runs

# One worker replays the recordings once for all three tests (under pytest-xdist).
pytestmark = pytest.mark.xdist_group("stress_replay")


@cache
def _scores() -> tuple[RunScore, ...]:
    return tuple(score_runs(stress_runs()))


def test_docs_stress_md_is_current() -> None:
    files = committed_files(_scores(), len(stress_runs()))
    assert not stale(files), "stale: run `formcheck stress --write`"


def test_at_least_200_runs_are_recorded() -> None:
    assert len(_scores()) >= 200


@pytest.mark.xfail(
    strict=True,
    reason="issue 22's bar is not met yet: measured 130 of 210 runs right (61.9%), 0 "
    "confidently wrong (docs/stress.md): every miss an undercount, a decline or marked "
    "unsure, mostly from the feet end and front, with a second person the tracker follows, "
    "or with a prop; the bar is 95% and 0",
)
def test_the_stress_set_meets_issue_22s_bar() -> None:
    """At least 95% of runs right and none confidently wrong."""
    totals = StressTotals(_scores())
    assert totals.meets_bar, (totals.right, totals.runs, totals.confidently_wrong)
