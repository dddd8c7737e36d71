"""The jobs' state machine and the intake, kept in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.registry import default_prescription
from server.clock import ManualClock
from server.store.db import Database
from server.store.intake import APPOINTMENT_REASONS, COMPLAINTS, WARNING_SIGNS, IntakeStore
from server.store.jobs import INTERRUPTED, JobStore, JobTransitionError
from server.store.recording import SessionStore
from server.store.users import UserStore


@pytest.fixture
def patient_id(db: Database) -> int:
    users = UserStore(db, 3600.0)
    users.create_user("thera", "pw-thera-1", "therapist")
    return users.create_user("pat", "pw-pat-1", "patient", therapist="thera").id


def _session(db: Database, patient_id: int) -> str:
    session_id, _ = SessionStore(db).create(
        patient_id, "bridge", default_prescription("bridge"), None
    )
    return session_id


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
    assert failed.error_code == "corrupt_video"


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


def test_a_restarted_owner_fails_its_own_jobs_only(db: Database, patient_id: int) -> None:
    jobs = JobStore(db)
    queued = jobs.create(patient_id, patient_id, "bridge", owner="server:a", lease_s=60.0)
    running = jobs.create(patient_id, patient_id, "bridge", owner="server:a", lease_s=60.0)
    jobs.start(running, "server:a", 60.0)
    ended = jobs.create(patient_id, patient_id, "bridge", owner="server:a", lease_s=60.0)
    jobs.fail(ended, "corrupt_video")
    other = jobs.create(patient_id, patient_id, "bridge", owner="server:b", lease_s=60.0)
    assert jobs.fail_owned("server:a") == 2
    for job_id in (queued, running):
        record = jobs.get(job_id)
        assert record is not None
        assert (record.state, record.error_code) == ("failed", INTERRUPTED)
    record = jobs.get(ended)
    assert record is not None
    assert record.error_code == "corrupt_video"
    record = jobs.get(other)
    assert record is not None
    assert record.state == "queued"


def test_an_interrupted_job_takes_its_half_session_with_it(db: Database, patient_id: int) -> None:
    """kill -9 mid-analysis: the session it was recording is in no list after the
    restart; until it is done, the job names no session to the page."""
    jobs, sessions = JobStore(db), SessionStore(db)
    job_id = jobs.create(patient_id, patient_id, "bridge", owner="server:a", lease_s=60.0)
    jobs.start(job_id, "server:a", 60.0)
    half = _session(db, patient_id)
    jobs.attach_session(job_id, half)
    running = jobs.get(job_id)
    assert running is not None
    assert running.session_id == half
    assert running.made_session_id is None
    assert jobs.fail_owned("server:a") == 1  # the restarted server
    assert sessions.get(half) is None
    record = jobs.get(job_id)
    assert record is not None
    assert (record.state, record.session_id) == ("failed", None)


def test_a_job_whose_lease_ran_out_is_interrupted_and_its_clip_deleted(
    db: Database, patient_id: int, tmp_path: Path
) -> None:
    clock = ManualClock()
    jobs = JobStore(db, clock)
    dead = jobs.create(patient_id, patient_id, "bridge", owner="worker:dead", lease_s=60.0)
    jobs.start(dead, "worker:dead", 1.0)
    alive = jobs.create(patient_id, patient_id, "bridge", owner="worker:alive", lease_s=1.0)
    waiting = jobs.create(patient_id, patient_id, "bridge")  # on the shared queue: no lease
    clip = tmp_path / "clip.upload"
    clip.write_bytes(b"v" * 10_000)
    assert jobs.save_clip(dead, clip) == 10_000
    clock.advance(2.0)
    assert jobs.renew("worker:alive", 60.0) == 1  # still beating
    assert jobs.fail_abandoned() == 1
    record = jobs.get(dead)
    assert record is not None
    assert (record.state, record.error_code, record.owner) == ("failed", INTERRUPTED, "worker:dead")
    assert not jobs.has_clip(dead)
    for job_id in (alive, waiting):
        record = jobs.get(job_id)
        assert record is not None
        assert record.state == "queued"


def test_a_clip_goes_in_and_out_in_chunks_and_ends_with_its_job(
    db: Database, patient_id: int, tmp_path: Path
) -> None:
    jobs = JobStore(db)
    job_id = jobs.create(patient_id, patient_id, "bridge", default_prescription("bridge"))
    data = bytes(range(256)) * (9 * 4096 + 7)  # ~9.4 MB: three chunks
    (tmp_path / "in.upload").write_bytes(data)
    assert jobs.save_clip(job_id, tmp_path / "in.upload") == len(data)
    assert jobs.load_clip(job_id, tmp_path / "out.upload") == len(data)
    assert (tmp_path / "out.upload").read_bytes() == data
    record = jobs.get(job_id)
    assert record is not None
    assert record.prescription == default_prescription("bridge")
    jobs.start(job_id, "worker:w", 60.0)
    jobs.done(job_id, _session(db, patient_id), 24.0)
    assert not jobs.has_clip(job_id)
    assert jobs.load_clip(job_id, tmp_path / "none.upload") == 0


def test_the_intake_is_saved_in_the_lists_order(db: Database, patient_id: int) -> None:
    store = IntakeStore(db)
    assert store.get(patient_id).updated_ms is None
    saved = store.save(
        patient_id,
        [COMPLAINTS[3], COMPLAINTS[0], COMPLAINTS[3]],
        [WARNING_SIGNS[1], WARNING_SIGNS[0]],
        [APPOINTMENT_REASONS[2], APPOINTMENT_REASONS[0]],
    )
    assert saved.complaints == (COMPLAINTS[0], COMPLAINTS[3])
    assert saved.warning_signs == WARNING_SIGNS
    assert saved.appointment_reasons == (APPOINTMENT_REASONS[0], APPOINTMENT_REASONS[2])
    assert store.get(patient_id) == saved
    again = store.save(patient_id, [COMPLAINTS[1]])
    assert store.get(patient_id) == again
    assert again.warning_signs == again.appointment_reasons == ()


def test_only_warning_signs_are_red_flags(db: Database, patient_id: int) -> None:
    """Pain for longer than a week is a reason to make an appointment, not a red flag."""
    store = IntakeStore(db)
    assert "advice_1" in APPOINTMENT_REASONS  # "pain for longer than a week"
    store.save(patient_id, [], appointment_reasons=APPOINTMENT_REASONS)
    assert store.warning_signs_of([patient_id]) == {patient_id: ()}
    store.save(patient_id, [], ["advice_4"], ["advice_1"])  # after an accident or a fall
    assert store.warning_signs_of([patient_id, patient_id + 1]) == {
        patient_id: ("advice_4",),
        patient_id + 1: (),
    }
    assert not set(WARNING_SIGNS) & set(APPOINTMENT_REASONS)


def test_an_unknown_intake_key_is_refused_naming_it(db: Database, patient_id: int) -> None:
    with pytest.raises(ValueError, match=r"unknown complaints.*'headache'"):
        IntakeStore(db).save(patient_id, ["headache"], [])
    with pytest.raises(ValueError, match="unknown warning signs"):
        IntakeStore(db).save(patient_id, [], ["advice_9"])
    with pytest.raises(ValueError, match=r"unknown appointment reasons \['advice_3'\]"):
        IntakeStore(db).save(patient_id, [], [], ["advice_3"])  # a warning sign, not a reason
