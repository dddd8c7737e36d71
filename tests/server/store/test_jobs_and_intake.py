"""The jobs' state machine and the intake, kept in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from exercises.registry import default_prescription
from server.store.db import Database
from server.store.intake import COMPLAINTS, RED_FLAGS, IntakeStore
from server.store.jobs import INTERRUPTED, JobStore, JobTransitionError
from server.store.recording import SessionStore
from server.store.users import UserStore


@pytest.fixture
def patient_id(db: Database) -> int:
    users = UserStore(db, 3600.0)
    users.create_user("thera", "pw-thera-1", "therapist")
    return users.create_user("pat", "pw-pat-1", "patient", therapist="thera").id


def test_a_job_goes_queued_running_done(db: Database, patient_id: int) -> None:
    jobs = JobStore(db)
    job_id = jobs.create(patient_id, patient_id, "bridge")
    assert jobs.get(job_id) is not None
    assert jobs.get(job_id).state == "queued"  # type: ignore[union-attr]
    jobs.start(job_id)
    jobs.progress(job_id, 0.25)
    running = jobs.get(job_id)
    assert running is not None
    assert (running.state, running.progress) == ("running", 0.25)
    jobs.fail(job_id, "corrupt_video")
    failed = jobs.get(job_id)
    assert failed is not None
    assert failed.to_wire()["error"] == "corrupt_video"


def test_a_done_job_is_found_by_its_session_with_the_clips_rate(
    db: Database, patient_id: int
) -> None:
    jobs = JobStore(db)
    sessions = SessionStore(db)
    session_id, _ = sessions.create(patient_id, "bridge", default_prescription("bridge"), None)
    live_id, _ = sessions.create(patient_id, "bridge", default_prescription("bridge"), None)
    job_id = jobs.create(patient_id, patient_id, "bridge")
    jobs.start(job_id)
    jobs.done(job_id, session_id, 23.976)
    found = jobs.for_session(session_id)
    assert found is not None
    assert (found.id, found.state, found.source_fps) == (job_id, "done", 23.976)
    assert jobs.for_session(live_id) is None  # a live session has no job


@pytest.mark.parametrize(
    ("failed_first", "to"),
    [(False, "done"), (True, "start"), (True, "done"), (True, "fail")],
    ids=["queued-to-done", "failed-to-running", "failed-to-done", "failed-twice"],
)
def test_a_job_never_takes_a_step_its_state_does_not_lead_to(
    db: Database, patient_id: int, failed_first: bool, to: str
) -> None:
    jobs = JobStore(db)
    job_id = jobs.create(patient_id, patient_id, "bridge")
    if failed_first:
        jobs.fail(job_id, "analysis_failed")
    moves = {
        "start": lambda: jobs.start(job_id),
        "done": lambda: jobs.done(job_id, "no-session", 25.0),  # refused before any write
        "fail": lambda: jobs.fail(job_id, "analysis_failed"),
    }
    with pytest.raises(JobTransitionError, match="expected a state"):
        moves[to]()


def test_a_restart_fails_the_jobs_it_interrupted(db: Database, patient_id: int) -> None:
    jobs = JobStore(db)
    queued = jobs.create(patient_id, patient_id, "bridge")
    running = jobs.create(patient_id, patient_id, "bridge")
    jobs.start(running)
    ended = jobs.create(patient_id, patient_id, "bridge")
    jobs.fail(ended, "corrupt_video")
    assert jobs.fail_unfinished() == 2
    for job_id in (queued, running):
        record = jobs.get(job_id)
        assert record is not None
        assert (record.state, record.error_code) == ("failed", INTERRUPTED)
    record = jobs.get(ended)
    assert record is not None
    assert record.error_code == "corrupt_video"


def test_the_intake_is_saved_in_the_lists_order(db: Database, patient_id: int) -> None:
    store = IntakeStore(db)
    assert store.get(patient_id).updated_ms is None
    saved = store.save(patient_id, [COMPLAINTS[3], COMPLAINTS[0], COMPLAINTS[3]], [RED_FLAGS[2]])
    assert saved.complaints == (COMPLAINTS[0], COMPLAINTS[3])
    again = store.save(patient_id, [COMPLAINTS[1]], [])
    assert store.get(patient_id) == again
    assert again.red_flags == ()


def test_an_unknown_intake_key_is_refused_naming_it(db: Database, patient_id: int) -> None:
    with pytest.raises(ValueError, match=r"unknown complaints.*'headache'"):
        IntakeStore(db).save(patient_id, ["headache"], [])
    with pytest.raises(ValueError, match="unknown red flags"):
        IntakeStore(db).save(patient_id, [], ["advice_9"])
