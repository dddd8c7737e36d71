"""The real-clip scoreboard: every clip in labels.json through `analyze`'s own pipeline.

Runs (`planned_runs`): each labelled clip for its own exercise (a looped GIF also played
`LOOPED` times), and each negative for the exercises it is a negative for (`negatives_of`:
a clip of no exercise, or of one we do not count, for every exercise unless its
`negative_for` names some; a clip of ours, for those its `negative_for` names). Each run's report
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
from pose.memo import AnswerRecorder, AnswerReplay, KeptStream
from pose.models import ModelBundle
from pose.sources import open_source
from pose.streams import Resampling, resamplings
from pose.types import Observation
from server.offline.analysis import AnalyzeRequest, analyze_with, replay_report
from server.pipelines import new_estimator

__all__ = [
    "HOLD_TOLERANCE_S",
    "RATES",
    "SCOREBOARD_JSON",
    "AnswerBook",
    "Run",
    "RunResult",
    "analyze_run",
    "board_json",
    "build_board",
    "confidently_wrong",
    "is_negative_run",
    "negatives_of",
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


def negatives_of(label: Mapping[str, Any]) -> list[str]:
    """The exercises that must count 0 on the clip, in the registry's order. A clip of no
    exercise (null) is a negative for every one; so is a clip of an exercise we do not
    count (a squat) unless its `negative_for` names the ones it is for; a clip of one of
    ours, for those its `negative_for` names (usually none)."""
    named = label.get("negative_for")
    own = label["exercise"]
    if own is None or (own not in SPECS and not named):
        return list(SPECS)
    return [name for name in SPECS if name in (named or ()) and name != own]


def is_negative_run(label: Mapping[str, Any], run: Run) -> bool:
    """Whether `run` plays the clip for an exercise it is not of (it must count 0)."""
    return bool(run.exercise != label["exercise"])


def planned_runs(labels: Sequence[Mapping[str, Any]]) -> list[Run]:
    runs: list[Run] = []
    for clip in labels:
        exercise = clip["exercise"]
        if exercise in SPECS:
            loops = (1, LOOPED) if clip.get("loop") else (1,)
            runs += [Run(clip["file"], exercise, n) for n in loops]
        runs += [Run(clip["file"], name) for name in negatives_of(clip)]
    return runs


# The model's answers to a clip's frames (per clip and loops), kept for its next run.
AnswerBook = dict[tuple[str, int], KeptStream]


def analyze_run(
    videos: Path, run: Run, bundle: ModelBundle, *, record: bool, book: AnswerBook | None = None
) -> RunResult:
    """`formcheck analyze`'s pipeline on the run; with `record`, keep its observations.
    With `book`, the model runs on a clip's frames once: a later run over the same clip
    and loops gets its answers from the book (pose.memo), the rest of the pipeline anew,
    and decodes the video only when its pipeline looks at the images (a probe)."""
    observations: list[Observation] = []
    request = AnalyzeRequest(videos / run.clip, run.exercise, run.loops)
    sink = observations.append if record else None
    kept = None if book is None else book.get((run.clip, run.loops))
    if kept is not None:
        frames = None if spec_of(run.exercise).probes else kept.frames()
        with AnswerReplay(kept.answers) as replay:
            report = analyze_with(request, replay, on_observation=sink, frames=frames)
    else:
        spec_of(run.exercise)  # an unknown name fails before the model loads
        source = open_source(request.source, request.loops)
        with AnswerRecorder(new_estimator(bundle)) as recorder:
            report = analyze_with(request, recorder, on_observation=sink, frames=source)
        if book is not None:
            book[run.clip, run.loops] = KeptStream(source.info, recorder.answers)
    return RunResult(report.to_json(), tuple(observations))


def run_all(
    videos: Path,
    labels: Sequence[Mapping[str, Any]],
    bundle: ModelBundle,
    progress: Callable[[Run], None] | None = None,
) -> dict[str, RunResult]:
    """Every planned run, by key; observations recorded for the labelled (positive) ones.
    Each clip goes through the model once (per loops), whatever it is judged as."""
    by_file = {c["file"]: c for c in labels}
    results: dict[str, RunResult] = {}
    book: AnswerBook = {}
    for run in planned_runs(labels):
        if progress is not None:
            progress(run)
        record = not is_negative_run(by_file[run.clip], run)
        results[run.key] = analyze_run(videos, run, bundle, record=record, book=book)
    return results


def replay_reps(exercise: str, observations: Sequence[Observation]) -> int:
    """Reps as the report counts them, from `analyze`'s step fed `observations`."""
    return replay_report(exercise, observations).reps


def _measured_holds(exercise: str, report: Mapping[str, Any]) -> list[tuple[float, bool]]:
    """Each measured hold and whether it is marked unsure."""
    if spec_of(exercise).counts_holds:
        return [(float(h["duration_s"]), bool(h.get("unsure"))) for h in report["holds"]]
    return [(float(r["hold_s"]), bool(r.get("unsure"))) for r in report["rep_events"]]


def confidently_wrong(entry: Mapping[str, Any]) -> bool:
    """A run whose count is wrong, or with a hold off by more than `HOLD_TOLERANCE_S`,
    that is not marked unsure (issue 22: this must never happen). A count is marked
    unsure by the report's `count_unsure`; a hold by its own mark, a missing one by the
    count's."""
    unsure = bool(entry["count_unsure"])
    if entry["count_miss"] and not unsure:
        return True
    if entry["negative"] and not unsure and (entry["holds_measured"] or entry["breaths"]):
        return True
    return any(
        h["error_s"] > HOLD_TOLERANCE_S
        and not (h["unsure"] if h["measured_s"] is not None else unsure)
        for h in entry["holds"]
    )


def score(label: Mapping[str, Any], run: Run, result: RunResult) -> dict[str, Any]:
    """The run's scoreboard entry. Labelled holds are matched in order (on a single play
    of the clip); a missing hold is off by its whole length. A `variant` clip (a
    single-leg bridge, a hip thrust) may also count nothing; a negative run, nothing."""
    report = result.report
    negative = is_negative_run(label, run)
    ok = [0] if negative else [n * run.loops for n in label["reps_ok"] if n is not None]
    if not negative and label.get("variant") and 0 not in ok:
        ok = [0, *ok]
    reps = int(report["reps"])
    measured = _measured_holds(run.exercise, report)
    labelled: list[float] = (label.get("hold_s") or []) if run.loops == 1 and not negative else []
    holds: list[dict[str, Any]] = []
    for i, want in enumerate(labelled):
        got, unsure = measured[i] if i < len(measured) else (None, False)
        err = want if got is None else abs(got - want)
        holds.append(
            {"label_s": want, "measured_s": got, "error_s": round(err, 3), "unsure": unsure}
        )
    entry: dict[str, Any] = {
        "reps": reps,
        "reps_ok": ok,
        "count_miss": min(abs(reps - n) for n in ok),
        "holds": holds,
        "hold_err_s": max((h["error_s"] for h in holds), default=0.0),
        "holds_measured": len(report["holds"]),
        "breaths": report["breaths"],
        "not_judged": (report["not_judged"] or {}).get("code"),
        "negative": negative,
        "count_unsure": bool(report["count_unsure"]),
        "reps_unsure": sum(1 for r in report["rep_events"] if r["unsure"]),
    }
    entry["confidently_wrong"] = confidently_wrong(entry)
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
