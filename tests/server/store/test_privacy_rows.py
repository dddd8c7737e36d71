"""A patient's rows, found by the models' foreign keys: the export holds every one of
them and no secret; the erasure leaves none of them and everyone else's untouched,
and the audit log keeps its entries (ids only) with the erasure's own."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server.store.db import Database
from server.store.jobs import JobStore
from server.store.models import Base
from server.store.privacy.audit import Action, AuditEntry, AuditStore
from server.store.privacy.rights import ErasureError, PatientData
from server.store.privacy.rows import SECRET_COLUMNS
from server.store.users import User, UserStore
from tests.server.databases import table_counts
from tests.server.privacy_data import patient_with_everything

AUDIT = "audit_log"


@pytest.fixture
def therapist(db: Database) -> User:
    return UserStore(db, 3600.0).create_user("dr-jansen", "jansen-pw-1", "therapist")


def test_erasure_leaves_nothing_of_the_patient_and_all_of_the_others(
    db: Database, therapist: User
) -> None:
    patient_with_everything(db, therapist, "Bea Bakker")  # who stays
    before = table_counts(db)
    made = patient_with_everything(db, therapist, "Anna de Vries")
    grown = table_counts(db)
    # The builder fills every table: a new table fails here until it is given a row.
    assert [t for t in Base.metadata.tables if grown[t] <= before[t]] == []
    audit = AuditStore(db)
    entry = AuditEntry.of(Action.PATIENT_ERASED, therapist, made.patient.id)
    deleted = PatientData(db, audit).erase(made.patient, entry)
    after = table_counts(db)
    assert {t: after[t] for t in after if t != AUDIT} == {
        t: before[t] for t in before if t != AUDIT
    }
    assert (deleted["users"], deleted["frames"]) == (1, 1)
    # The audit log keeps what was done, ids only, the erasure last.
    assert after[AUDIT] == grown[AUDIT] + 1
    last = audit.page(None, limit=1).entries[0]
    assert (last.action, last.actor_id, last.patient_id) == (
        Action.PATIENT_ERASED,
        therapist.id,
        made.patient.id,
    )
    assert UserStore(db, 3600.0).user_for_token(made.login_token) is None


def test_the_export_holds_every_row_and_no_secret(db: Database, therapist: User) -> None:
    made = patient_with_everything(db, therapist, "Anna de Vries")
    patient_with_everything(db, therapist, "Bea Bakker")
    data = PatientData(db, AuditStore(db))
    tables = data.rows(made.patient)
    assert set(tables) == set(Base.metadata.tables) - {"audit_log"}  # the export adds its own
    assert all(tables[name] for name in tables), {n: len(r) for n, r in tables.items()}
    assert [u["id"] for u in tables["users"]] == [made.patient.id]
    assert {s["id"] for s in tables["sessions"]} == {made.session_id}
    assert {e["session_id"] for e in tables["events"] + tables["frames"]} == {made.session_id}
    assert {e.patient_id for e in data.audit_entries(made.patient)} == {made.patient.id}
    for table, column in SECRET_COLUMNS:
        assert all(column not in row for row in tables[table]), (table, column)
    dumped = json.dumps(tables)
    assert made.signin_token not in dumped
    assert made.login_token not in dumped
    assert "Bea Bakker" not in dumped


def test_a_therapist_is_not_erased(db: Database, therapist: User) -> None:
    entry = AuditEntry.of(Action.PATIENT_ERASED, therapist, therapist.id)
    with pytest.raises(ErasureError, match="only a patient's"):
        PatientData(db, AuditStore(db)).erase(therapist, entry)


def test_an_analysis_running_for_the_patient_holds_the_erasure_off(
    db: Database, therapist: User
) -> None:
    made = patient_with_everything(db, therapist, "Anna de Vries")  # a clip waits: no matter
    jobs = JobStore(db)
    running = jobs.create(made.patient.id, therapist.id, "bridge")
    jobs.start(running)
    entry = AuditEntry.of(Action.PATIENT_ERASED, therapist, made.patient.id)
    with pytest.raises(ErasureError, match=r"1 recorded clips of patient \d+ are being analysed"):
        PatientData(db, AuditStore(db)).erase(made.patient, entry)
    jobs.fail(running, "interrupted")
    assert PatientData(db, AuditStore(db)).erase(made.patient, entry)["job_clips"] == 1


def test_the_audit_log_refuses_updates_and_deletes(db: Database, therapist: User) -> None:
    AuditStore(db).record(AuditEntry.of(Action.LOGIN, therapist, None, client="127.0.0.1"))
    statements = ["UPDATE audit_log SET client = 'elsewhere'", "DELETE FROM audit_log"]
    if db.dialect == "postgresql":
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as conn:
            conn.execute(text(statement))
    assert [e.client for e in AuditStore(db).page(None).entries] == ["127.0.0.1"]


def test_the_log_is_newest_first_and_paged(db: Database, therapist: User) -> None:
    audit = AuditStore(db)
    audit.record(*(AuditEntry.of(Action.SESSION_READ, therapist, 7, f"s{i}") for i in range(5)))
    audit.record(AuditEntry.of(Action.SESSION_READ, therapist, 8, "other"))
    page = audit.page(7, offset=1, limit=2)
    assert ([e.object_id for e in page.entries], page.total) == (["s3", "s2"], 5)
    with pytest.raises(ValueError, match="limit"):
        audit.page(7, limit=0)


def test_a_reused_patient_id_does_not_inherit_an_erased_patients_log(
    db: Database, therapist: User
) -> None:
    """SQLite reuses the highest row id once it is deleted: the new patient's log starts
    after the erasure of the old one's."""
    audit = AuditStore(db)
    data = PatientData(db, audit)
    old = patient_with_everything(db, therapist, "Anna de Vries").patient
    data.erase(old, AuditEntry.of(Action.PATIENT_ERASED, therapist, old.id))
    new = patient_with_everything(db, therapist, "Carla Smit").patient
    if db.dialect == "sqlite":
        assert new.id == old.id  # the reuse this guards against
    audit.record(AuditEntry.of(Action.INTAKE_READ, therapist, new.id))
    mine = audit.of_patient(new.id)
    assert Action.PATIENT_ERASED not in {e.action for e in mine}
    assert audit.page(new.id).total == len(mine)


def test_erasure_leaves_nothing_of_the_patient_in_the_sqlite_files(
    db: Database, therapist: User
) -> None:
    """While the server runs (its connections open), the erased name is in neither the
    database file nor its write-ahead log."""
    path = db.sqlite_path
    if path is None:
        pytest.skip("SQLite's files only (PostgreSQL's storage is its server's)")
    name = "Xaverius Quintijn"  # once per file, unlike a short name's bytes
    patient_with_everything(db, therapist, "Bea Bakker")
    made = patient_with_everything(db, therapist, name)
    wal = path.with_name(f"{path.name}-wal")
    files = (path, wal)
    assert any(name.encode() in f.read_bytes() for f in files if f.exists())
    entry = AuditEntry.of(Action.PATIENT_ERASED, therapist, made.patient.id)
    PatientData(db, AuditStore(db)).erase(made.patient, entry)
    assert [f.name for f in files if f.exists() and name.encode() in f.read_bytes()] == []
    assert UserStore(db, 3600.0).by_username("dr-jansen") is not None  # still works
