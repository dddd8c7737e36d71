"""The human-readable analyze outputs (HTML report, terminal summary) show the breath
lengths, and say when the view could not judge the exercise."""

from __future__ import annotations

from exercises.cues import cue_text
from exercises.events import BreathCompleted, HoldEnded, NotJudged
from exercises.summary import SessionSummary, SourceFacts
from server.cli.main import _human_summary
from server.offline.html_report import render_html_report


def breathing_report() -> dict[str, object]:
    summary = SessionSummary("breathing", counts_holds=True, breathing=True)
    summary.add(
        BreathCompleted(
            timestamp_ms=10_000 * (i + 1),
            index=i + 1,
            start_s=10.0 * i,
            inhale_s=4.0 + 0.2 * i,
            exhale_s=6.0,
            rate_bpm=6.0,
        )
        for i in range(3)
    )
    summary.add(
        [
            HoldEnded(
                timestamp_ms=30_000,
                side=None,
                start_s=0.0,
                end_s=30.0,
                duration_s=30.0,
                target_s=300.0,
                completed=False,
            )
        ]
    )
    return summary.report(SourceFacts("clip.mp4", 15.0, 450, 30.0, 450)).to_json()


def test_html_report_gives_the_mean_breath_lengths() -> None:
    html = render_html_report(breathing_report())
    assert "Breaths: 3" in html
    assert "breathing in 4.2 s and out 6.0 s on average" in html


def test_terminal_summary_gives_the_mean_breath_lengths() -> None:
    text = _human_summary(breathing_report())
    assert "breaths: 3" in text
    assert "breathing in 4.2 s, out 6.0 s (mean)" in text


def test_no_breaths_no_lengths() -> None:
    report = SessionSummary("breathing", breathing=True).report(
        SourceFacts("clip.mp4", 15.0, 10, 1.0, 10)
    )
    html = render_html_report(report.to_json())
    assert "Breaths: 0" in html
    assert "on average" not in html


def not_judged_report() -> dict[str, object]:
    summary = SessionSummary("clamshell", one_sided=True, message_for=_en)
    summary.add([NotJudged(timestamp_ms=6000, code="clamshell_not_judged_lengthwise")])
    return summary.report(SourceFacts("clip.mp4", 15.0, 150, 10.0, 150)).to_json()


def _en(code: str) -> str:
    return cue_text(code, "en")


def test_the_report_and_the_summary_say_not_judged_and_what_to_change() -> None:
    advice = "Put the camera in front of you, on your belly side"
    html = render_html_report(not_judged_report())
    assert "Not judged from this camera view." in html
    assert advice in html
    text = _human_summary(not_judged_report())
    assert "not judged from this camera view: I can't judge the clamshell" in text
    assert advice in text


def test_a_judged_clip_says_nothing_of_it() -> None:
    assert "not judged" not in _human_summary(breathing_report()).lower()
    assert "Not judged" not in render_html_report(breathing_report())
