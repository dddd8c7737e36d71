"""The scoreboard's plan, scores, tables and committed-file handling, without the model
(but for the one test that the answer book reads as the model does).

Reports here are hand-built `analyze` JSON; the frame-rate replays run the real bridge
engine on a synthetic stream (tests/exercises/builders.py).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from exercises.registry import SPECS
from pose.models import load_model_bundle
from server.offline.generated import Generated, publish, stale
from server.offline.scoreboard import (
    RATES,
    AnswerBook,
    Run,
    RunResult,
    analyze_run,
    planned_runs,
    replay_reps,
    score,
)
from server.offline.scoreboard_docs import (
    BEGIN,
    END,
    scoreboard_markdown,
    splice_readme,
    summary_lines,
)
from tests.exercises.builders import bridge_sequence

LABELS: list[dict[str, Any]] = [
    {"file": "b.mp4", "exercise": "bridge", "reps_ok": [3], "hold_s": [2.0, 1.0]},
    {"file": "c.gif", "exercise": "clamshell", "reps_ok": [1], "loop": True},
    {"file": "s.mp4", "exercise": "hip_flexor_stretch", "reps_ok": [0, 1], "hold_s": [4.5]},
    {"file": "n.mp4", "exercise": None, "reps_ok": [0]},
]


def report(
    reps: int = 0,
    rep_holds: tuple[float, ...] = (),
    holds: tuple[float, ...] = (),
    *,
    unsure: bool = False,
) -> dict[str, Any]:
    return {
        "reps": reps,
        "rep_events": [{"hold_s": h, "unsure": False} for h in rep_holds],
        "holds": [{"duration_s": h, "unsure": False} for h in holds],
        "breaths": None,
        "not_judged": None,
        "count_unsure": unsure,
    }


def test_plan_every_clip_its_exercise_loops_four_times_negatives_every_exercise() -> None:
    assert [r.key for r in planned_runs(LABELS)] == [
        "b.mp4|bridge|x1",
        "c.gif|clamshell|x1",
        "c.gif|clamshell|x4",
        "s.mp4|hip_flexor_stretch|x1",
        "n.mp4|bridge|x1",
        "n.mp4|clamshell|x1",
        "n.mp4|hip_flexor_stretch|x1",
        "n.mp4|breathing|x1",
    ]


STREAM = tuple(bridge_sequence(reps=3, hold_s=1.0))


@pytest.mark.parametrize(
    ("label", "run", "rep", "want"),
    [
        # bridge holds come from each rep's hold_s, in order; a missing one is off by all of it
        (
            LABELS[0],
            Run("b.mp4", "bridge"),
            report(3, rep_holds=(2.25,)),
            {"count_miss": 0, "hold_err_s": 1.0, "errors": [0.25, 1.0]},
        ),
        # the stretch's from the report's holds
        (
            LABELS[2],
            Run("s.mp4", "hip_flexor_stretch"),
            report(2, holds=(4.1,)),
            {"count_miss": 1, "hold_err_s": 0.4, "errors": [0.4]},
        ),
        # a looped clip played 4 times: 4x its count, no labelled holds
        (
            LABELS[1],
            Run("c.gif", "clamshell", 4),
            report(3),
            {"count_miss": 1, "hold_err_s": 0.0, "errors": []},
        ),
    ],
)
def test_score(label: dict[str, Any], run: Run, rep: dict[str, Any], want: dict[str, Any]) -> None:
    got = score(label, run, RunResult(rep, STREAM))
    assert got["count_miss"] == want["count_miss"]
    assert got["hold_err_s"] == pytest.approx(want["hold_err_s"])
    assert [h["error_s"] for h in got["holds"]] == pytest.approx(want["errors"])
    assert set(got["frame_rates"]) == {r.name for r in RATES}


def test_negative_scores_zero_and_needs_no_observations() -> None:
    got = score(LABELS[3], Run("n.mp4", "breathing"), RunResult(report(1) | {"breaths": 2}))
    assert (got["reps_ok"], got["count_miss"], got["breaths"]) == ([0], 1, 2)
    assert "frame_rates" not in got


def test_positive_run_without_observations_fails_loudly() -> None:
    with pytest.raises(ValueError, match="observations"):
        score(LABELS[0], Run("b.mp4", "bridge"), RunResult(report(3)))


def test_replay_counts_as_the_report_does_at_every_rate() -> None:
    assert {r.name: replay_reps("bridge", r.apply(STREAM)) for r in RATES} == {
        r.name: 3 for r in RATES
    }


def _board() -> dict[str, Any]:
    return {
        run.key: score(lab, run, RunResult(rep, STREAM if lab["exercise"] else ()))
        for lab, run, rep in [
            (LABELS[0], Run("b.mp4", "bridge"), report(3, rep_holds=(2.1, 0.2))),
            (LABELS[3], Run("n.mp4", "bridge"), report(0)),
            (LABELS[3], Run("n.mp4", "clamshell"), report(1)),
        ]
    }


def test_summary_names_what_is_off() -> None:
    counts, holds, negatives, rates, declined, unsure, wrong = summary_lines(_board())
    assert counts.startswith("- Counts: 1 of 1 runs")
    assert holds.startswith("- Holds: 1 of 2 labelled holds within 0.5 s (mean error 0.45 s")
    assert "1 of 2 runs" in negatives
    assert "not: n.mp4|clamshell|x1" in negatives
    assert rates.startswith("- Frame rates: 1 of 1 runs")
    assert declined.startswith("- Views declined: 0 of 3 runs")
    assert unsure.startswith("- Unsure: 0 of 3 runs")
    # the bridge's second hold is off by 0.8 s and the negative counted 1, neither unsure
    assert wrong.startswith("- Confidently wrong: 2 of 3 runs")
    assert "b.mp4|bridge|x1, n.mp4|clamshell|x1" in wrong


NEW_FIELDS: list[dict[str, Any]] = [
    # a clip of an exercise we do not count: a negative for those it names
    {"file": "sq.mp4", "exercise": "squat", "reps_ok": [4], "negative_for": ["bridge"]},
    # ... and for every exercise when it names none
    {"file": "x.mp4", "exercise": "squat", "reps_ok": [4]},
    # a clip of ours may be a negative for another of ours
    {"file": "kh.mp4", "exercise": None, "reps_ok": [0], "negative_for": ["bridge"]},
    {"file": "v.mp4", "exercise": "bridge", "reps_ok": [5], "variant": True},
]


def test_plan_reads_negative_for_and_clips_of_exercises_we_do_not_count() -> None:
    keys = [r.key for r in planned_runs(NEW_FIELDS)]
    # a clip of no exercise of ours goes through every engine, in the registry's order
    assert keys[: 1 + len(SPECS)] == ["sq.mp4|bridge|x1", *(f"x.mp4|{n}|x1" for n in SPECS)]
    # exercise null: every engine counts 0, whatever negative_for stresses
    assert [k for k in keys if k.startswith("kh.mp4")] == [f"kh.mp4|{n}|x1" for n in SPECS]
    assert keys[-1] == "v.mp4|bridge|x1"


def test_a_variant_passes_counting_right_or_nothing_and_fails_a_wrong_count() -> None:
    label, run = NEW_FIELDS[3], Run("v.mp4", "bridge")
    for reps, miss in ((5, 0), (0, 0), (3, 2)):
        got = score(label, run, RunResult(report(reps), STREAM))
        assert got["count_miss"] == miss, reps
        assert got["confidently_wrong"] is (miss > 0)


def test_a_wrong_count_marked_unsure_is_not_confidently_wrong() -> None:
    label, run = LABELS[0], Run("b.mp4", "bridge")
    sure = score(label, run, RunResult(report(2, rep_holds=(2.0, 1.0)), STREAM))
    unsure = score(label, run, RunResult(report(2, (2.0, 1.0), unsure=True), STREAM))
    assert (sure["count_miss"], sure["confidently_wrong"]) == (1, True)
    assert (unsure["count_miss"], unsure["confidently_wrong"]) == (1, False)


def test_markdown_has_the_four_tables_and_says_it_is_generated() -> None:
    text = scoreboard_markdown(_board())
    assert "`formcheck scoreboard --write`" in text.splitlines()[2]
    for title in ("## Counts", "## Holds", "## Negatives", "## Frame rates"):
        assert title in text
    assert "| n.mp4 | 0 / 0 / - | 1 / 0 / - |  |  |" in text


def test_readme_summary_is_spliced_between_its_markers() -> None:
    readme = f"intro\n{BEGIN}\nold line\n{END}\nrest\n"
    new = splice_readme(readme, _board())
    assert new.startswith(f"intro\n{BEGIN}\n- Counts:")
    assert new.endswith(f"\n{END}\nrest\n")
    assert "old line" not in new
    assert splice_readme(new, _board()) == new
    with pytest.raises(ValueError, match="markers"):
        splice_readme("no markers\n", _board())


def test_publish_prints_writes_and_checks(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.json"
    a.write_text("old\n")
    files = [Generated(a, "A\n"), Generated(b, "B\n")]
    out = io.StringIO()
    assert publish(files, write=False, check=False, command="fc x", out=out) == 0
    assert out.getvalue() == "A\n"
    out = io.StringIO()
    assert publish(files, write=False, check=True, command="fc x", out=out) == 1
    assert "run `fc x --write`" in out.getvalue()
    assert a.read_text() == "old\n"  # --check never writes
    assert publish(files, write=True, check=False, command="fc x", out=io.StringIO()) == 0
    assert (a.read_text(), b.read_text()) == ("A\n", "B\n")
    assert stale(files) == []
    with pytest.raises(ValueError, match="exclude"):
        publish(files, write=True, check=True, command="fc x", out=io.StringIO())


@pytest.mark.real_model
@pytest.mark.real_video
def test_a_clip_judged_again_from_the_book_reads_as_judged_anew(videos_dir: Path) -> None:
    """A run whose model answers come from the book (pose.memo) gives the very report and
    observations of a run through the model: the scoreboard runs each clip once."""
    clip = "bridge_side_tobefrank_01.mp4"
    bundle = load_model_bundle()
    book: AnswerBook = {}
    analyze_run(videos_dir, Run(clip, "bridge"), bundle, record=False, book=book)
    assert list(book) == [(clip, 1)]
    kept = analyze_run(videos_dir, Run(clip, "clamshell"), bundle, record=True, book=book)
    anew = analyze_run(videos_dir, Run(clip, "clamshell"), bundle, record=True)
    assert kept.report == anew.report
    assert len(kept.observations) == len(anew.observations)
    for k, a in zip(kept.observations, anew.observations, strict=True):
        assert (k.timestamp_ms, k.signals) == (a.timestamp_ms, a.signals)
        assert (k.pose is None) == (a.pose is None)
        if k.pose is not None and a.pose is not None:
            np.testing.assert_array_equal(k.pose.xyz_norm, a.pose.xyz_norm)
