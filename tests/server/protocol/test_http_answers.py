"""The HTTP answers are the typed values they are built from: each protocol type has the
fields of the store's, engine's or report's value it shows (a field added on one side
and not the other fails here), and the values a route validates (the report's JSON, a
patient's progress) pass their type unchanged."""

from __future__ import annotations

import dataclasses
import json

import pytest
from pydantic import BaseModel

from pose.adaptive import AdaptiveConfig
from pose.estimator import EstimatorOptions
from pose.motion import MotionConfig, RegionBox
from server.progress.build import build_progress
from server.progress.model import SessionFacts
from server.progress.plots import Plots
from server.protocol.accounts import Account
from server.protocol.page import AdaptiveWire, LandmarkerWire, MotionWire, RegionBoxWire
from server.protocol.patients import AuditEntryWire, IntakeOptions, IntakeWire, SigninLinkWire
from server.protocol.programme import ProgrammeItemWire
from server.protocol.progress import ProgressPlots, ProgressReport, SessionFactsWire
from server.protocol.report import ReportJson
from server.protocol.sessions import FrameMetricsWire, SessionRecordWire, WorkoutWire
from server.report.build import ReportSource, build_report
from server.store import intake
from server.store.privacy.audit import AuditEntry
from server.store.programmes import ProgrammeItem
from server.store.recording import FrameMetrics, SessionRecord
from server.store.signin_links import SigninLink
from server.store.users import User
from server.store.workouts import Workout
from tests.exercises.builders import bridge_sequence, chain, clamshell_sequence
from tests.server.progress.builders import history, session, workout
from tests.server.report.builders import stepped_source


def _fields(kind: type) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


# protocol type, the value it shows, the value's fields it leaves out, what it adds
SAME_FIELDS: list[tuple[type[BaseModel], type, set[str], set[str]]] = [
    (Account, User, set(), set()),
    (WorkoutWire, Workout, set(), set()),
    (SessionRecordWire, SessionRecord, set(), set()),
    (FrameMetricsWire, FrameMetrics, set(), set()),
    (ProgrammeItemWire, ProgrammeItem, set(), set()),
    (IntakeWire, intake.Intake, set(), {"options"}),
    (IntakeOptions, intake.IntakeOptions, set(), set()),
    (AuditEntryWire, AuditEntry, set(), {"object_kind"}),
    (SigninLinkWire, SigninLink, {"user_id"}, {"state"}),
    (SessionFactsWire, SessionFacts, set(), set()),
    (ProgressPlots, Plots, set(), set()),
    (LandmarkerWire, EstimatorOptions, {"mode"}, {"running_mode"}),
    (AdaptiveWire, AdaptiveConfig, set(), {"same_person_max"}),
    (MotionWire, MotionConfig, set(), {"farneback", "boxes"}),
    (RegionBoxWire, RegionBox, set(), set()),
]


@pytest.mark.parametrize(("wire", "value", "left_out", "added"), SAME_FIELDS)
def test_an_answer_type_has_the_fields_of_its_value(
    wire: type[BaseModel], value: type, left_out: set[str], added: set[str]
) -> None:
    assert set(wire.model_fields) == (_fields(value) - left_out) | added


def _served(value: object) -> object:
    """As the route serves it: JSON (tuples become lists, no NaN)."""
    return json.loads(json.dumps(value))


@pytest.mark.parametrize(
    "source",
    [
        stepped_source("bridge", bridge_sequence(reps=3, hold_s=2.0, fps=15.0, noise_deg=1.0)),
        stepped_source(
            "clamshell",
            chain(
                clamshell_sequence(reps=3, side_up="left", fps=15.0),
                clamshell_sequence(reps=2, side_up="right", fps=15.0),
                gap_ms=2000,
            ),
        ),
    ],
    ids=["bridge", "clamshell"],
)
def test_the_report_json_is_the_analyze_contract_and_the_reports_own_rows(
    source: ReportSource,
) -> None:
    report = build_report(source, "nl")
    typed = report.to_json()
    assert typed.reps_table == report.reps  # the report's rows are the wire's, not copies
    assert typed.dose == report.dose
    assert typed.reps_table
    assert typed.dose
    served = json.loads(typed.model_dump_json())
    contract = json.loads(json.dumps(report.analysis.to_json()))
    assert {k: served[k] for k in contract} == contract  # the analyze contract, unchanged
    assert ReportJson.model_validate(served) == typed  # and it reads back as written


def test_a_patients_progress_is_built_from_its_values() -> None:
    p = build_progress(
        history([session(1), session(3)], workouts=[workout(2, 3, 5), workout(1, 4, None)])
    )
    typed = p.to_wire("Europe/Amsterdam")
    assert typed.weeks
    assert typed.series
    assert typed.pain
    assert typed.series[0].sessions[0].model_dump() == dataclasses.asdict(p.series[0].sessions[0])
    assert [w.adherence for w in typed.weeks] == [round(w.adherence, 3) for w in p.weeks]
    assert ProgressReport.model_validate_json(typed.model_dump_json()) == typed
