"""A real clip uploaded through the API gives the session `formcheck analyze` gives:
every number (reps, sets, holds, time in position, faults, breaths) is the same, and so
is every number of its report (`formcheck analyze --report` on the same file)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from exercises.base import Prescription
from exercises.summary import AnalysisReport
from pose.models import load_model_bundle
from server.offline.analysis import AnalyzeRequest, analyze_video
from server.report.build import build_report
from server.report.recorder import ReportRecorder
from tests.conftest import shared_videos_dir
from tests.server.clients import Client
from tests.server.conftest import BRIDGE_CLIP
from tests.server.live_server import RunningServer
from tests.server.uploads import upload, wait_for_job

pytestmark = [pytest.mark.real_model, pytest.mark.real_video]


def _numbers_of_report(report: AnalysisReport) -> dict[str, Any]:
    return {
        "reps": report.reps,
        "reps_by_side": report.reps_by_side or {},
        "progress": None if report.progress is None else report.progress.to_wire(),
        "holds": len(report.holds),
        "holds_completed": sum(1 for h in report.holds if h.completed),
        "time_in_position_s": report.time_in_position_s,
        "faults": dict(Counter(f.code for f in report.faults)),
        "breaths": report.breaths,
        "breath_rate_bpm": report.breath_rate_bpm,
    }


def test_an_uploaded_clip_counts_as_formcheck_analyze(
    model_server: RunningServer, model_patient: Client
) -> None:
    path = shared_videos_dir() / BRIDGE_CLIP
    if not path.is_file():
        pytest.skip(f"clip {path} not found (set FORMCHECK_SHARED_VIDEOS)")
    r = upload(model_patient.http, "/api/recordings", path.read_bytes(), name=path.name)
    assert r.status_code == 202, r.text
    job = wait_for_job(model_patient.http, r.json()["job_id"], timeout_s=600)
    assert job["state"] == "done", job
    session = f"/api/sessions/{job['session_id']}"
    summary = model_patient.http.get(session).json()["summary"]
    uploaded = model_patient.http.get(f"{session}/report.json?lang=en").json()
    recorder = ReportRecorder()
    report = analyze_video(AnalyzeRequest(path, "bridge"), load_model_bundle(), steps=recorder)
    expected = _numbers_of_report(report)
    assert {k: summary[k] for k in expected} == expected
    assert report.reps > 0  # the clip is a real bridge: the comparison is not of zeros
    assert summary["frames"]["received"] == report.facts.frames
    # The report of the upload is the file's report: every number, rep by rep.
    prescription = Prescription(**uploaded["prescription"])
    built = build_report(recorder.source("bridge", prescription, report.facts), "en")
    offline = built.to_json().model_dump(mode="json")  # as served: tuples become lists
    assert _numbers(uploaded) == _numbers(offline)
    assert len(uploaded["reps_table"]) == report.reps


# Where the two reports differ by nature: which stream (a file, a session), when it
# started, and the pain asked around a live workout.
_NOT_NUMBERS = ("source", "started_ms", "pain")


def _numbers(report_json: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report_json.items() if k not in _NOT_NUMBERS}
