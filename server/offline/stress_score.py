"""The stress set scored: each committed recording replayed through `analyze`'s step
(server/offline/analysis.py `replay_report`) and held against the run's exact truth.

A run's count is right when it equals the truth (breaths for breathing, completed holds
for the stretch, reps otherwise, 0 on a look-alike); each true hold is matched to the
reported hold (the stretch) or rep (the bridge) that overlaps it most and is right within
`HOLD_TOLERANCE_S`. A run is **confidently wrong** when its count is wrong or a hold is
off by more than that, and the report does not mark it unsure: the count is covered by
`count_unsure`, a hold by its own `unsure` (a missing one by the count's), and a run the
engine declined (`not_judged`, or nobody found) is never confidently wrong. The marks are
read with `.get`: a report without them reads as sure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from exercises.registry import spec_of
from pose.errors import NoPersonError
from server.offline.analysis import replay_report
from server.offline.scoreboard import HOLD_TOLERANCE_S
from server.offline.stress_record import STRESS_DIR, load_compact, read_index
from server.offline.stress_set import StressRun, factor_levels

__all__ = ["RunScore", "StaleRecordingError", "score_report", "score_runs"]


class StaleRecordingError(ValueError):
    """A committed recording is of another spec than the sample's run of that name."""


@dataclass(frozen=True, slots=True)
class RunScore:
    """One run against its truth. When analyze found nobody, `nobody` and the count is 0
    (no number was given: right on a look-alike, declined on an exercise)."""

    name: str
    exercise: str  # the clip's motion (an exercise or a look-alike)
    engine: str
    count: int
    truth_count: int
    holds: int  # true holds
    holds_within: int  # of them, measured within HOLD_TOLERANCE_S
    count_unsure: bool
    declined: bool  # not_judged, or nobody found
    confidently_wrong: bool
    what: str  # what went wrong, in words ("" when right)
    factors: dict[str, str] = field(default_factory=dict)
    nobody: bool = False
    live_agrees: bool = True  # the replay's count is the live analyze's (recorded)

    @property
    def right(self) -> bool:
        return self.count == self.truth_count

    @property
    def lookalike(self) -> bool:
        return self.exercise != self.engine


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _measured(engine: str, report: Mapping[str, Any]) -> list[tuple[float, float, float, bool]]:
    """(start_s, end_s, hold_s, unsure) per reported hold (an exercise whose reps are
    holds and is not timed: the stretch) or rep (the bridge)."""
    spec = spec_of(engine)
    if spec.counts_holds and not spec.timed:
        items, length = report.get("holds") or [], "duration_s"
    else:
        items, length = report.get("rep_events") or [], "hold_s"
    return [
        (float(i["start_s"]), float(i["end_s"]), float(i[length]), bool(i.get("unsure")))
        for i in items
    ]


def score_report(
    run: StressRun, truth: Mapping[str, Any], report: Mapping[str, Any] | None
) -> RunScore:
    """Score one run's `analyze` JSON `report` (None: analyze found nobody)."""
    declined = report is None or report.get("not_judged") is not None
    count = 0
    if report is not None:
        breaths = spec_of(run.engine).timed  # a timed exercise (breathing) counts breaths
        count = int(report["breaths"] or 0) if breaths else int(report["reps"])
    count_unsure = declined or bool(report and report.get("count_unsure"))
    wrong: list[str] = []
    sure_wrong = False
    if count != truth["count"]:
        got = "nobody found" if report is None else f"counted {count}"
        if report is not None and declined:
            got += " (declined)"
        elif report is not None and count_unsure:
            got += " (marked unsure)"
        wrong.append(f"{got} for {truth['count']}")
        sure_wrong = not count_unsure
    measured = _measured(run.engine, report or {})
    within = 0
    for start_ms, end_ms in truth["holds_ms"]:
        want = ((start_ms / 1000.0), (end_ms / 1000.0))
        best = max(measured, key=lambda m: _overlap(want, (m[0], m[1])), default=None)
        if best is None or _overlap(want, (best[0], best[1])) <= 0.0:
            wrong.append(f"a {want[1] - want[0]:.1f} s hold missed")
            sure_wrong |= not count_unsure
            continue
        measured.remove(best)
        error = abs(best[2] - (want[1] - want[0]))
        if error <= HOLD_TOLERANCE_S:
            within += 1
        else:
            wrong.append(f"a {want[1] - want[0]:.1f} s hold read {best[2]:.1f} s")
            sure_wrong |= not (best[3] or declined)
    return RunScore(
        run.name,
        run.spec.exercise,
        run.engine,
        count,
        int(truth["count"]),
        len(truth["holds_ms"]),
        within,
        count_unsure,
        declined,
        sure_wrong,
        "; ".join(wrong),
        factor_levels(run.spec),
        nobody=report is None,
    )


def score_runs(runs: Sequence[StressRun], folder: Path = STRESS_DIR) -> list[RunScore]:
    """Every recorded run of `runs`, replayed and scored (runs not recorded are left out).
    Raises StaleRecordingError when a recording is of another spec."""
    index = read_index(folder / "runs.json")["runs"]
    scores: list[RunScore] = []
    for run in runs:
        entry = index.get(run.name)
        if entry is None:
            continue
        if entry["key"] != run.spec.key() or entry["engine"] != run.engine:
            raise StaleRecordingError(
                f"{run.name}: the recording is of spec {entry['key']}, the sample's is "
                f"{run.spec.key()} (run `formcheck stress --record`)"
            )
        observations = load_compact(folder / f"{run.name}.npz")
        try:
            report = replay_report(
                run.engine,
                observations,
                source=run.name,
                fps=run.spec.fps,
                prescription=run.prescription,
            ).to_json()
        except NoPersonError:
            report = None
        score = score_report(run, entry["truth"], report)
        live = entry.get("live_count")
        agrees = (live is None) == score.nobody and (live is None or live == score.count)
        scores.append(replace(score, live_agrees=agrees))
    return scores
