"""The report value, built from streams stepped through the one `ExerciseRun`: reps, doses
per side, the angle and its band, best and worst rep, strips, breaths, and the status;
then every exercise's page in both languages, and one PDF read back."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from exercises.base import Prescription
from exercises.doubt import DOUBT_OTHERS
from exercises.events import HoldEnded
from exercises.registry import default_prescription
from pose.signals import OTHERS_IN_VIEW
from server.report.build import STRIP_FRAMES, ReportSource, build_report
from server.report.model import Attribution
from server.report.page import render_page
from server.report.pdf import render_pdf
from server.report.tables import CSV_COLUMNS, render_csv
from tests.exercises.builders import bridge_sequence, chain, clamshell_sequence, rep_event
from tests.exercises.builders_hold import (
    BreathSpec,
    KneelSpec,
    Segment,
    breathing_sequence,
    stretch_sequence,
)
from tests.server.report.builders import events_source, stepped_source


def bridge() -> ReportSource:
    return stepped_source("bridge", bridge_sequence(reps=3, hold_s=2.0, fps=15.0, noise_deg=1.0))


def clamshell() -> ReportSource:
    left = clamshell_sequence(reps=3, side_up="left", fps=15.0)
    right = clamshell_sequence(reps=2, side_up="right", fps=15.0)
    return stepped_source("clamshell", chain(left, right, gap_ms=2000))


def stretch() -> ReportSource:
    p = replace(default_prescription("hip_flexor_stretch"), hold_s=20.0, side="left")
    segments: list[Segment] = [(KneelSpec(), 23.0), ("stand", 2.0)]
    return stepped_source("hip_flexor_stretch", list(stretch_sequence(segments, fps=10)), p)


def breathing() -> ReportSource:
    p = Prescription(reps=1, sets=1, duration_s=300.0, pace_in_s=4.0, pace_out_s=6.0)
    return stepped_source("breathing", list(breathing_sequence(BreathSpec(), 45.0)), p)


def test_a_bridge_report_has_every_rep_its_angle_and_its_best_and_worst() -> None:
    r = build_report(bridge(), "en")
    assert [rep.index for rep in r.reps] == [1, 2, 3]
    assert all(rep.lift_s and rep.lower_s and rep.peak_angle_deg for rep in r.reps)
    assert r.angle_name == "hip_extension"
    assert r.target_deg == (160.0, 195.0)
    assert len(r.angle) > 100
    assert r.dose[0].side is None
    assert r.dose[0].reps_done == 3
    assert r.best is not None
    assert len(r.best.points) == 33
    best_rep = next(rep for rep in r.reps if rep.index == r.best.rep_index)
    assert abs(r.best.t_s - best_rep.peak_s) < 0.1  # drawn at its peak
    for rep in r.reps:
        strip = r.strips[rep.index]
        assert len(strip) == STRIP_FRAMES
        assert rep.start_s <= strip[0].t_s < strip[-1].t_s <= rep.end_s
    assert r.status == "analysed"
    # The lift and lowering columns say what they time: not the whole movement.
    assert "the time through the middle part of the movement" in render_page(r)
    lines = render_csv(r).splitlines()
    assert lines[0].split(",") == list(CSV_COLUMNS)
    assert len(lines) == 1 + 3


def test_a_hold_just_short_of_its_target_is_never_shown_as_reaching_it() -> None:
    """4.96 s against 5 s is not held 5 s: the report's row and dose say 4,9, not 5,0."""
    rep = replace(rep_event(5000, 0.0, 5.0), hold_s=4.96)
    hold = HoldEnded(
        timestamp_ms=5000, side=None, start_s=0.0, end_s=4.96, duration_s=4.96,
        target_s=5.0, completed=False,
    )  # fmt: skip
    source = events_source("bridge", [rep, hold])
    source = replace(source, prescription=replace(source.prescription, hold_s=5.0))
    r = build_report(source, "nl")
    assert (r.reps[0].hold_s, r.dose[0].longest_hold_s) == (4.9, 4.9)
    assert "4,9 / 5,0 s" in render_page(r)
    assert "5,0 / 5,0 s" not in render_page(r)


def test_a_one_sided_exercise_is_reported_per_side() -> None:
    r = build_report(clamshell(), "nl")
    assert [(d.side, d.reps_done) for d in r.dose] == [("left", 3), ("right", 2)]
    assert r.side == "both"
    assert r.to_json().reps_by_side == {"left": 3, "right": 2}


def test_the_stretch_reports_its_hold_against_the_target() -> None:
    r = build_report(stretch(), "en")
    assert [d.side for d in r.dose] == ["left"]
    assert len(r.reps) == 1
    assert r.reps[0].hold_s >= 20.0
    assert r.reps[0].hold_target_s == 20.0
    assert r.reps[0].lift_s is None  # a hold has no lift
    assert 'id="tempo-note"' not in render_page(r)  # nor a note on its pace
    assert r.analysis.holds[0].duration_s >= 20.0


def test_breathing_reports_its_rate_against_the_pacer() -> None:
    r = build_report(breathing(), "en")
    assert r.pacer_bpm == 6.0
    assert len(r.breaths) >= 3
    assert all(4.0 < b.rate_bpm < 8.0 for b in r.breaths)
    assert r.breath_in_s is not None
    assert r.breath_out_s is not None
    assert r.reps == ()
    assert 'id="breath-plot"' in render_page(r)


def test_the_status_says_how_the_session_ended() -> None:
    """Complete is the progress's done (every set's reps), not an event read back."""
    p = default_prescription("bridge")
    every_rep = [rep_event(1000 * i) for i in range(1, p.reps * p.sets + 1)]
    assert build_report(events_source("bridge", every_rep), "en").status == "complete"
    one_short = events_source("bridge", every_rep[:-1])
    assert build_report(one_short, "en").status == "stopped"
    assert build_report(events_source("bridge", []), "en").status == "stopped"
    abandoned = events_source("bridge", [], finished=False)
    assert build_report(abandoned, "en").status == "abandoned"


@pytest.mark.parametrize(
    "source", [bridge, clamshell, stretch, breathing], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_exercise_has_a_page_in_both_languages(source, language: str) -> None:
    r = build_report(source(), language)
    page = render_page(r)
    assert f'<html lang="{language}">' in page
    assert "report_" not in page.replace("report.", "")  # no key shown as it is


def test_the_pdf_holds_the_counts_per_side() -> None:
    r = build_report(clamshell(), "en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(r))).pages)
    assert "Session report: Clamshell" in text
    assert "Left" in text
    assert "Right" in text
    assert "3 / 45" in text
    assert "2 / 45" in text


@pytest.mark.parametrize(
    ("timezone", "shown"),
    [
        ("Europe/Amsterdam", "01-12-2026 15:24 CET"),  # winter: UTC+1
        ("UTC", "01-12-2026 14:24 UTC"),
    ],
)
def test_the_page_shows_the_start_in_the_clinics_time_zone(timezone: str, shown: str) -> None:
    started_ms = 1_796_135_040_000  # 2026-12-01 14:24 UTC
    src = replace(events_source("bridge", []), started_ms=started_ms)
    page = render_page(build_report(src, "nl", timezone=timezone))
    assert shown in page


def test_the_pdf_names_the_patient_the_therapist_the_clinic_and_the_date() -> None:
    src = replace(events_source("bridge", []), started_ms=1_796_135_040_000)
    who = Attribution(patient="Ans Jansen", therapist="Kees de Vries", clinic="Fysio De Linde")
    r = build_report(src, "nl", who=who)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(r))).pages).split()
    )
    for words in (
        "Patiënt: Ans Jansen",
        "Fysiotherapeut: Kees de Vries",
        "Praktijk: Fysio De Linde",
        "Datum: 01-12-2026 15:24 CET",
    ):
        assert words in text
    reader = PdfReader(io.BytesIO(render_pdf(r)))
    assert reader.metadata is not None
    assert "Ans Jansen" in str(reader.metadata.title)
    # A file `formcheck analyze` read names nobody.
    assert 'id="who"' not in render_page(build_report(src, "nl"))


def test_summer_time_is_the_clinics_too() -> None:
    src = replace(events_source("bridge", []), started_ms=1_783_002_240_000)  # 2026-07-02 14:24 UTC
    assert "02-07-2026 16:24 CEST" in render_page(build_report(src, "nl"))


def test_unsure_reps_are_marked_in_the_page_the_csv_and_the_pdf() -> None:
    # Someone else in view all along: every rep counted, every rep and the count unsure.
    others = [
        replace(o, signals={**o.signals, OTHERS_IN_VIEW: 1.0}, view=None)
        for o in bridge_sequence(reps=3, hold_s=2.0, fps=15.0, noise_deg=1.0)
    ]
    r = build_report(stepped_source("bridge", others), "nl")
    assert [rep.doubts for rep in r.reps] == [(DOUBT_OTHERS,)] * 3
    assert r.analysis.count_unsure
    html = render_page(r)
    assert html.count('class=" unsure"') == 3
    assert html.count(">onzeker</span>") == 3
    assert 'id="count-unsure"' in html
    rows = render_csv(r).splitlines()
    doubts = CSV_COLUMNS.index("doubts")
    assert [row.split(",")[doubts] for row in rows[1:]] == [DOUBT_OTHERS] * 3
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(r))).pages)
    assert "onzeker" in text
    sure = build_report(bridge(), "nl")
    page = render_page(sure)
    assert 'class=" unsure"' not in page
    assert 'id="count-unsure"' not in page


def test_the_dutch_report_and_pdf_write_a_decimal_comma() -> None:
    """One way to write a number, from the catalogue's language (issue 25: the Dutch
    report used decimal points)."""
    import re

    from exercises.texts import held_s, number

    assert [number(x, "nl") for x in (1.44, 20.0, 0.04)] == ["1,4", "20,0", "0,0"]
    assert number(179.6, "nl", 0) == "180"
    assert number(2.46, "en") == "2.5"
    # A time held is shown to the tenth below (never longer than held): 4.96 s is 4,9.
    assert [held_s(x) for x in (4.96, 2.5, 0.04, 21.34)] == [4.9, 2.5, 0.0, 21.3]
    dutch = build_report(bridge(), "nl")
    rep = dutch.reps[0]
    assert rep.lift_s is not None
    page = render_page(dutch)
    table = page[page.index('<table id="reps">') : page.index("</table>", page.index('id="reps"'))]
    assert f"{number(rep.lift_s, 'nl')} s" in table
    assert not re.search(r"\d\.\d", table), table
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(dutch))).pages)
    assert f"{number(rep.lift_s, 'nl')} s" in pdf
    english = render_page(build_report(bridge(), "en"))
    assert f"{number(rep.lift_s, 'en')} s" in english
