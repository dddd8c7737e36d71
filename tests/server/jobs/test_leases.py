"""The heartbeat keeps its own jobs' leases and ends the jobs of holders that stopped."""

from __future__ import annotations

import time

import pytest

from server.clock import ManualClock
from server.jobs.leases import Heartbeat
from server.store.db import Database
from server.store.jobs import INTERRUPTED, JobStore
from server.store.users import UserStore


def test_a_beat_renews_ours_and_interrupts_a_dead_holders(db: Database) -> None:
    patient = UserStore(db, 60.0).create_user("beat", "pw-beat-1", "patient").id
    clock = ManualClock()
    jobs = JobStore(db, clock)
    ours = jobs.create(patient, patient, "bridge", owner="server:us", lease_s=1.0)
    theirs = jobs.create(patient, patient, "bridge", owner="worker:gone", lease_s=1.0)
    clock.advance(2.0)
    heartbeat = Heartbeat(jobs, "server:us", 60.0)
    heartbeat.beat()
    mine, dead = jobs.get(ours), jobs.get(theirs)
    assert mine is not None
    assert dead is not None
    assert mine.state == "queued"
    assert (dead.state, dead.error_code) == ("failed", INTERRUPTED)


def test_the_heartbeat_thread_starts_and_stops(db: Database) -> None:
    heartbeat = Heartbeat(JobStore(db), None, 0.03).start()
    time.sleep(0.05)  # a beat or two, with nothing to do
    heartbeat.stop()


def test_a_lease_must_be_positive(db: Database) -> None:
    with pytest.raises(ValueError, match="lease_s must be > 0"):
        Heartbeat(JobStore(db), None, 0.0)
