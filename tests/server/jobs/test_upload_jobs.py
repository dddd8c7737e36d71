"""The upload jobs on a fake queue (the seam a Redis queue would fill): the queue only
holds work, the job's row says how it went; a stopping server ends a running analysis
as interrupted, and the clip is gone whatever happened."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from exercises.events import Event
from exercises.registry import default_prescription
from server.jobs.analysis import FrameDone, FrameSink
from server.jobs.checks import UploadError
from server.jobs.child import ChildAnalysis
from server.jobs.recipes import ReplayRecipe
from server.jobs.runner import RunJob
from server.jobs.uploads import Upload, UploadJobs, UploadLimits, remove_leftovers
from server.offline.analysis import AnalyzeRequest
from server.settings import Settings
from server.store.db import Database
from server.store.jobs import JobStore
from server.store.recording import SessionStore
from server.store.users import UserStore
from tests.server.uploads import analysis_children, plain_clip


class HeldQueue:
    """Keeps the work until `run_all`."""

    owner: str | None = "held"
    lease_s: float | None = 60.0

    def __init__(self) -> None:
        self.work: list[Callable[[], None]] = []

    def submit(self, job_id: str, clip: Path, run: RunJob) -> None:
        self.work.append(lambda: run(job_id, clip))

    def fail_lost(self) -> int:
        return 0

    def close(self) -> None:
        pass

    def run_all(self) -> None:
        while self.work:
            self.work.pop(0)()


@pytest.fixture
def queue() -> HeldQueue:
    return HeldQueue()


@pytest.fixture
def jobs(
    db: Database, replay_factory: ReplayRecipe, queue: HeldQueue, tmp_path: Path
) -> UploadJobs:
    return UploadJobs(
        JobStore(db),
        SessionStore(db),
        ChildAnalysis(replay_factory, memory_mb=2048),
        queue,
        limits=UploadLimits.of(Settings(upload_max_bytes=10_000_000, upload_max_duration_s=60.0)),
        folder=tmp_path / "uploads",
    )


def _upload(db: Database, folder: Path) -> Upload:
    users = UserStore(db, 60.0)
    user = users.by_username("jobs") or users.create_user("jobs", "pw-jobs-1", "patient")
    folder.mkdir(exist_ok=True)
    name = str(len(list(folder.iterdir())))
    clip = plain_clip(folder / f"{name}.mp4").rename(folder / f"{name}.upload")
    return Upload(clip, user.id, user.id, "bridge", default_prescription("bridge"))


def test_a_job_waits_queued_until_the_queue_runs_it(
    jobs: UploadJobs, queue: HeldQueue, db: Database
) -> None:
    upload = _upload(db, jobs.folder)
    job_id = jobs.accept(upload)
    record = jobs.jobs.get(job_id)
    assert record is not None
    assert record.state == "queued"
    assert upload.path.exists()
    queue.run_all()
    record = jobs.jobs.get(job_id)
    assert record is not None
    assert (record.state, record.progress) == ("done", 1.0)
    assert record.session_id is not None
    assert not upload.path.exists()


def test_a_stopping_server_interrupts_the_analysis(
    jobs: UploadJobs, queue: HeldQueue, db: Database
) -> None:
    upload = _upload(db, jobs.folder)
    job_id = jobs.accept(upload)
    jobs.close()
    queue.run_all()
    record = jobs.jobs.get(job_id)
    assert record is not None
    assert (record.state, record.error_code, record.session_id) == ("failed", "interrupted", None)
    assert not upload.path.exists()


class OomKiller:
    """The real child analysis, its child SIGKILLed at the fifth frame, as the kernel's
    OOM killer does (the session was made at the first); `before_kill` runs just before."""

    def __init__(self, analysis: ChildAnalysis, before_kill: Callable[[], None]) -> None:
        self._analysis = analysis
        self._before_kill = before_kill

    def run(self, request: AnalyzeRequest, sink: FrameSink) -> float:
        analysis, before_kill = self._analysis, self._before_kill

        class Killing:
            frames = 0

            def frame(self, done: FrameDone) -> None:
                sink.frame(done)
                self.frames += 1
                if self.frames == 5:
                    before_kill()
                    (pid,) = analysis_children()
                    os.kill(pid, signal.SIGKILL)

            def finished(self, events: list[Event]) -> None:
                sink.finished(events)

            def progress(self, done: int, expected: int) -> None:
                sink.progress(done, expected)

        return analysis.run(request, Killing())

    def close(self) -> None:
        self._analysis.close()


@pytest.mark.parametrize("death", ["memory limit", "killed mid-way"])
def test_an_analysis_over_its_memory_fails_the_job_and_leaves_nothing(
    jobs: UploadJobs, queue: HeldQueue, db: Database, death: str
) -> None:
    """A real child: with 1 MB it fails before any frame; killed at the fifth frame,
    the session made at the first goes with the job. Either way the job fails as
    analysis_out_of_memory (the page's text says why), and no clip stays.

    Mid-way, the job already names its half session (issue 24, Medium 6): a server
    killed then finds it through the job on its restart and deletes it with the job
    (`JobStore.fail_owned`, tests/server/store/test_jobs_and_intake.py)."""
    child = jobs.analysis
    assert isinstance(child, ChildAnalysis)
    job_ids: list[str] = []
    half: list[str | None] = []

    def named_session() -> None:
        record = jobs.jobs.get(job_ids[0])
        assert record is not None
        half.append(record.session_id)

    jobs.analysis = (
        ChildAnalysis(child.recipe, memory_mb=1)
        if death == "memory limit"
        else OomKiller(child, named_session)
    )
    upload = _upload(db, jobs.folder)
    job_ids.append(jobs.accept(upload))
    job_id = job_ids[0]
    queue.run_all()
    if death == "killed mid-way":
        assert half[0] is not None  # the job named its session from the first frame
        assert SessionStore(db).get(half[0]) is None
    record = jobs.jobs.get(job_id)
    assert record is not None
    assert (record.state, record.error_code, record.session_id) == (
        "failed",
        "analysis_out_of_memory",
        None,
    )
    assert SessionStore(db).list_for([upload.patient_id]) == []
    assert not upload.path.exists()
    assert analysis_children() == []


def test_a_refused_clip_is_deleted_and_makes_no_job(jobs: UploadJobs, db: Database) -> None:
    upload = _upload(db, jobs.folder)
    upload.path.write_bytes(b"not a video")
    with pytest.raises(UploadError) as caught:
        jobs.accept(upload)
    assert caught.value.code == "unsupported_video"
    assert not upload.path.exists()


def test_leftover_clips_are_removed(tmp_path: Path) -> None:
    assert remove_leftovers(tmp_path / "missing") == 0
    (tmp_path / "a.upload").write_bytes(b"x")
    assert remove_leftovers(tmp_path) == 1
    assert list(tmp_path.iterdir()) == []


def test_one_patient_takes_only_their_share_of_the_queue(
    jobs: UploadJobs, queue: HeldQueue, db: Database
) -> None:
    share = jobs.limits.per_patient
    for _ in range(share):
        jobs.accept(_upload(db, jobs.folder))
    over = _upload(db, jobs.folder)
    with pytest.raises(UploadError) as refused:
        jobs.accept(over)
    assert refused.value.code == "upload_queue_full"
    assert not over.path.exists()
    users = UserStore(db, 60.0)
    other = users.create_user("other", "pw-other-1", "patient")
    theirs = _upload(db, jobs.folder)
    jobs.accept(Upload(theirs.path, other.id, other.id, "bridge", theirs.prescription))
    queue.run_all()  # once done, the first patient has places again
    jobs.accept(_upload(db, jobs.folder))
