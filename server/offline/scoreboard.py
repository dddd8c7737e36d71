"""The real-clip scoreboard: every clip in labels.json through `analyze`'s own pipeline.

Runs (`planned_runs`): each labelled clip for its own exercise (a looped GIF also played
`LOOPED` times), and each negative (exercise null) for every exercise. Each run's report
is scored against its label (`score`); each positive run's observations, recorded as
`analyze` fed them to the engine, are replayed through a fresh engine decimated and
jittered (`RATES`). `build_board` gives the committed scoreboard
(tests/exercises/scoreboard.json); server/offline/scoreboard_docs.py renders its tables.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exercises.registry import SPECS, spec_of
from pose.models import ModelBundle
from pose.streams import Resampling, resamplings
from pose.types import Observation
from server.offline.analysis import AnalyzeRequest, analyze_video, replay_report

__all__ = [
    "HOLD_TOLERANCE_S",
    "RATES",
    "SCOREBOARD_JSON",
    "Run",
    "RunResult",
    "analyze_run",
    "board_json",
    "build_board",
    "planned_runs",
    "read_labels",
    "replay_reps",
    "run_all",
    "score",
    "shared_videos_dir",
]

ROOT = Path(__file__).resolve().parents[2]
SCOREBOARD_JSON = ROOT / "tests" / "exercises" / "scoreboard.json"
LOOPED = 4  # a looped GIF of one rep is also played this many times
HOLD_TOLERANCE_S = 0.5  # issue 10: every labelled hold within half a second


# A slower camera, or an engine behind: the same stream at lower and uneven frame rates.
RATES: tuple[Resampling, ...] = tuple(
    resamplings(rates=(30, 15, 10, 8), drops=[(None, seed) for seed in (0, 1, 2)])
)


def shared_videos_dir() -> Path:
    """Where the real clips live: $FORMCHECK_SHARED_VIDEOS, else ../shared/videos beside
    the repository."""
    env = os.environ.get("FORMCHECK_SHARED_VIDEOS")
    return Path(env) if env else ROOT.parent / "shared" / "videos"


def read_labels(videos: Path) -> list[dict[str, Any]]:
    """The clips of `videos`/labels.json; [] when there is no labels.json."""
    path = videos / "labels.json"
    if not path.is_file():
        return []
    clips: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["clips"]
    return clips


@dataclass(frozen=True, slots=True)
class Run:
    """One clip through one exercise's pipeline, played `loops` times."""

    clip: str
    exercise: str
    loops: int = 1

    @property
    def key(self) -> str:
        return f"{self.clip}|{self.exercise}|x{self.loops}"


@dataclass(frozen=True, slots=True)
class RunResult:
    """The run's `analyze` JSON report, and the observations its engine was fed (empty
    unless recorded)."""

    report: dict[str, Any]
    observations: tuple[Observation, ...] = ()


def planned_runs(labels: Sequence[Mapping[str, Any]]) -> list[Run]:
    runs: list[Run] = []
    for clip in labels:
        exercise = clip["exercise"]
        if exercise is None:
            runs += [Run(clip["file"], name) for name in SPECS]
        else:
            loops = (1, LOOPED) if clip.get("loop") else (1,)
            runs += [Run(clip["file"], exercise, n) for n in loops]
    return runs


def analyze_run(videos: Path, run: Run, bundle: ModelBundle, *, record: bool) -> RunResult:
    """`formcheck analyze`'s pipeline on the run; with `record`, keep its observations."""
    observations: list[Observation] = []
    report = analyze_video(
        AnalyzeRequest(videos / run.clip, run.exercise, run.loops),
        bundle,
        on_observation=observations.append if record else None,
    )
    return RunResult(report.to_json(), tuple(observations))


def run_all(
    videos: Path,
    labels: Sequence[Mapping[str, Any]],
    bundle: ModelBundle,
    progress: Callable[[Run], None] | None = None,
) -> dict[str, RunResult]:
    """Every planned run, by key; observations recorded for the labelled (positive) ones."""
    positive = {c["file"]: c["exercise"] for c in labels}
    results: dict[str, RunResult] = {}
    for run in planned_runs(labels):
        if progress is not None:
            progress(run)
        record = positive[run.clip] == run.exercise
        results[run.key] = analyze_run(videos, run, bundle, record=record)
    return results


def replay_reps(exercise: str, observations: Sequence[Observation]) -> int:
    """Reps as the report counts them, from `analyze`'s step fed `observations`."""
    return replay_report(exercise, observations).reps


def _measured_holds(exercise: str, report: Mapping[str, Any]) -> list[float]:
    if spec_of(exercise).counts_holds:
        return [float(h["duration_s"]) for h in report["holds"]]
    return [float(r["hold_s"]) for r in report["rep_events"]]


def score(label: Mapping[str, Any], run: Run, result: RunResult) -> dict[str, Any]:
    """The run's scoreboard entry. Labelled holds are matched in order (on a single play
    of the clip); a missing hold is off by its whole length."""
    report = result.report
    negative = label["exercise"] is None
    ok = [0] if negative else [n * run.loops for n in label["reps_ok"] if n is not None]
    reps = int(report["reps"])
    measured = _measured_holds(run.exercise, report)
    labelled: list[float] = (label.get("hold_s") or []) if run.loops == 1 else []
    holds: list[dict[str, Any]] = []
    for i, want in enumerate(labelled):
        got = measured[i] if i < len(measured) else None
        err = want if got is None else abs(got - want)
        holds.append({"label_s": want, "measured_s": got, "error_s": round(err, 3)})
    entry: dict[str, Any] = {
        "reps": reps,
        "reps_ok": ok,
        "count_miss": min(abs(reps - n) for n in ok),
        "holds": holds,
        "hold_err_s": max((h["error_s"] for h in holds), default=0.0),
        "holds_measured": len(report["holds"]),
        "breaths": report["breaths"],
        "not_judged": (report["not_judged"] or {}).get("code"),
    }
    if not negative:
        if not result.observations:
            raise ValueError(f"{run.key}: a positive run needs its observations recorded")
        entry["frame_rates"] = {
            r.name: replay_reps(run.exercise, r.apply(result.observations)) for r in RATES
        }
    return entry


def build_board(
    labels: Sequence[Mapping[str, Any]], results: Mapping[str, RunResult]
) -> dict[str, dict[str, Any]]:
    """Every planned run's entry, by `Run.key`; `results` must hold every run."""
    by_file = {c["file"]: c for c in labels}
    return {
        run.key: score(by_file[run.clip], run, results[run.key]) for run in planned_runs(labels)
    }


def board_json(board: Mapping[str, Any]) -> str:
    """The scoreboard as committed: sorted keys, indented, a final newline."""
    return json.dumps(board, indent=2, sort_keys=True) + "\n"
