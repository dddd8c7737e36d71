"""The human-readable analyze outputs (the report page, the terminal summary) show the
breath lengths, and say when the view could not judge the exercise."""

from __future__ import annotations

from exercises.cues import cue_text
from exercises.events import BreathCompleted, HoldEnded, NotJudged
from exercises.summary import SessionSummary, SourceFacts
from server.cli.main import _human_summary
from server.report.build import build_report
from server.report.page import render_page
from tests.server.report.builders import events_source

BREATHS = [
    BreathCompleted(
        timestamp_ms=10_000 * (i + 1),
        index=i + 1,
        start_s=10.0 * i,
        inhale_s=4.0 + 0.2 * i,
        exhale_s=6.0,
        rate_bpm=6.0,
    )
    for i in range(3)
]
HOLD = HoldEnded(
    timestamp_ms=30_000,
    side=None,
    start_s=0.0,
    end_s=30.0,
    duration_s=30.0,
    target_s=300.0,
    completed=False,
)
NOT_JUDGED = NotJudged(timestamp_ms=6000, code="clamshell_not_judged_lengthwise")


def breathing_report() -> dict[str, object]:
    summary = SessionSummary("breathing", counts_holds=True, breathing=True)
    summary.add([*BREATHS, HOLD])
    return summary.report(SourceFacts("clip.mp4", 15.0, 450, 30.0, 450)).to_json()


def test_the_report_gives_the_breaths_and_their_mean_lengths() -> None:
    html = render_page(build_report(events_source("breathing", [*BREATHS, HOLD]), "en"))
    assert "on average 4.2 s in, 6.0 s out" in html
    assert "<b>3</b>" in html  # breaths
    dutch = render_page(build_report(events_source("breathing", [*BREATHS, HOLD]), "nl"))
    assert "gemiddeld 4,2 s in, 6,0 s uit" in dutch  # the decimal comma (issue 25)


def test_terminal_summary_gives_the_mean_breath_lengths() -> None:
    text = _human_summary(breathing_report())
    assert "breaths: 3" in text
    assert "breathing in 4.2 s, out 6.0 s (mean)" in text


def test_no_breaths_no_lengths() -> None:
    html = render_page(build_report(events_source("breathing", []), "en"))
    assert "No breaths counted." in html
    assert "on average" not in html


def not_judged_report() -> dict[str, object]:
    summary = SessionSummary("clamshell", one_sided=True, message_for=_en)
    summary.add([NOT_JUDGED])
    return summary.report(SourceFacts("clip.mp4", 15.0, 150, 10.0, 150)).to_json()


def _en(code: str) -> str:
    return cue_text(code, "en")


def test_the_report_and_the_summary_say_not_judged_and_what_to_change() -> None:
    advice = "Put the camera in front of you, on your belly side"
    html = render_page(build_report(events_source("clamshell", [NOT_JUDGED]), "en"))
    assert "Not judged" in html or cue_text("not_judged_title", "en") in html
    assert advice in html
    text = _human_summary(not_judged_report())
    assert "not judged from this camera view: I can't judge the clamshell" in text
    assert advice in text


def test_a_judged_clip_says_nothing_of_it() -> None:
    assert "not judged" not in _human_summary(breathing_report()).lower()
    html = render_page(build_report(events_source("breathing", [*BREATHS, HOLD]), "en"))
    assert cue_text("not_judged_title", "en") not in html
