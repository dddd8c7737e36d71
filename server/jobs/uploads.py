"""A recorded clip becomes a session: checked, queued, analysed by the same frame step as
live (`server.offline.analysis.analyze_with`) in a child process with a memory limit
(`server.jobs.child`), each frame and event recorded here through the `SessionStore` as
a live session records them, so the same summary and report apply.

The clip is deleted once analysed, and on failure; only landmarks, events and metrics
stay. A failed analysis leaves no half session behind. A job queued for a worker on
another machine carries its clip in the database until it ends (`run_queued`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from exercises.base import Prescription
from exercises.events import Event
from server.jobs.analysis import ClipAnalysis, FrameDone
from server.jobs.checks import UploadError, UploadLimits, check_video
from server.jobs.runner import JobQueue, QueueFullError, QueueUnavailableError
from server.offline.analysis import AnalyzeRequest
from server.private_files import private_file
from server.protocol.codes import ErrorCode
from server.store.jobs import JobStore
from server.store.recording import FrameRecord, SessionStore

__all__ = ["Upload", "UploadJobs", "UploadLimits", "remove_leftovers"]

log = logging.getLogger("formcheck.jobs")
_PROGRESS_EVERY_S = 0.5  # progress rows at most this often (and at the end)


def remove_leftovers(folder: Path) -> int:
    """Delete clips a stopped server left (their jobs are marked interrupted); returns
    how many. Run at start, before any upload arrives."""
    if not folder.is_dir():
        return 0
    left = [p for p in folder.iterdir() if p.is_file()]
    for path in left:
        path.unlink(missing_ok=True)
    return len(left)


@dataclass(frozen=True, slots=True)
class Upload:
    """A clip saved to a private file, for `patient_id`, sent by `uploaded_by`."""

    path: Path
    patient_id: int
    uploaded_by: int
    exercise: str
    prescription: Prescription


class _Recorder:
    """The analysis's frames recorded as one session (made at the first frame), its
    progress as the job's (`FrameSink`)."""

    def __init__(
        self,
        store: SessionStore,
        upload: Upload,
        limits: UploadLimits,
        stop: threading.Event,
        *,
        made: Callable[[str], None],
        progress: Callable[[int, int], None],
    ) -> None:
        self._store = store
        self._made = made  # told the session's id at once (a killed job's goes with it)
        self._stop = stop
        self._upload = upload
        self._max_ms = limits.max_duration_s * 1000.0
        self._max_frames = limits.max_frames
        self.progress = progress
        self.session_id: str | None = None
        self.frames = 0

    def frame(self, done: FrameDone) -> None:
        obs = done.observation
        if self._stop.is_set():  # the server is stopping: the job ends now, failed
            raise UploadError(ErrorCode.INTERRUPTED, "the server stopped during the analysis")
        if obs.timestamp_ms > self._max_ms:  # the container understated its length
            raise UploadError(
                ErrorCode.VIDEO_TOO_LONG, f"the video runs past {self._max_ms / 1000:.0f} s"
            )
        if self.frames >= self._max_frames:  # ... or its frames
            raise UploadError(
                ErrorCode.VIDEO_TOO_LONG, f"the video has over {self._max_frames} frames"
            )
        if self.session_id is None:
            u = self._upload
            self.session_id, _ = self._store.create(u.patient_id, u.exercise, u.prescription, None)
            self._made(self.session_id)
        self.frames += 1
        record = FrameRecord(obs, done.angle_deg, done.phase, done.inference_ms)
        self._store.record(self.session_id, record, done.events)

    def finished(self, events: list[Event]) -> None:
        if self.session_id is None:
            return
        self._store.record_events(self.session_id, events)
        self._store.count_frames(self.session_id, self.frames, 0, 0)
        self._store.finish(self.session_id)


class UploadJobs:
    """Accepts checked uploads as jobs and runs them on the queue."""

    def __init__(
        self,
        jobs: JobStore,
        sessions: SessionStore,
        analysis: ClipAnalysis,
        queue: JobQueue,
        *,
        limits: UploadLimits,
        folder: Path,
    ) -> None:
        self.jobs = jobs
        self._sessions = sessions
        self.analysis = analysis  # where the clip is analysed (a child process)
        self._queue = queue
        self.limits = limits
        self.folder = folder  # where clips wait for their analysis (private)
        self._stop = threading.Event()

    def accept(self, upload: Upload) -> str:
        """Check the clip and queue its analysis; returns the job id. Raises UploadError
        (the clip is then deleted)."""
        queue = self._queue
        try:
            waiting = self.jobs.unfinished_of(upload.patient_id)
            if waiting >= self.limits.per_patient:  # a fair share: the others keep theirs
                raise UploadError(
                    ErrorCode.UPLOAD_QUEUE_FULL,
                    f"{waiting} of this patient's clips wait (at most {self.limits.per_patient})",
                )
            check_video(upload.path, self.limits)
            job_id = self.jobs.create(
                upload.patient_id,
                upload.uploaded_by,
                upload.exercise,
                upload.prescription,
                owner=queue.owner,
                lease_s=queue.lease_s,
            )
            try:
                queue.submit(job_id, upload.path, self.run)
            except (QueueFullError, QueueUnavailableError) as err:
                # Failed with its clip's rows (if any moved); the page says: try later.
                self.jobs.fail(job_id, "upload_queue_full")
                raise UploadError(ErrorCode.UPLOAD_QUEUE_FULL, str(err)) from None
        except UploadError:
            upload.path.unlink(missing_ok=True)
            raise
        return job_id

    def run(
        self, job_id: str, clip: Path, owner: str | None = None, lease_s: float | None = None
    ) -> None:
        """Analyse the job's clip into a session, the job held by `owner` (None: this
        server's runner); the job says how it went. The clip is gone afterwards,
        whatever happened."""
        record = self.jobs.get(job_id)
        if record is None:  # erased with its patient's data while it waited
            log.info("job %s: gone before it ran (its patient's data was erased)", job_id)
            clip.unlink(missing_ok=True)
            return
        upload = Upload(
            clip, record.user_id, record.uploaded_by, record.exercise, record.prescription
        )
        recorder = _Recorder(
            self._sessions,
            upload,
            self.limits,
            self._stop,
            made=lambda session_id: self.jobs.attach_session(job_id, session_id),
            progress=self._progress(job_id),
        )
        outcome: str | None = None
        try:
            if owner is None:
                owner, lease_s = self._queue.owner, self._queue.lease_s
            self.jobs.start(job_id, owner, lease_s)
            request = AnalyzeRequest(upload.path, upload.exercise, prescription=upload.prescription)
            fps = self.analysis.run(request, recorder)
            assert recorder.session_id is not None  # a clip with a person has frames
            self.jobs.done(job_id, recorder.session_id, fps)
            outcome = "done"
        except UploadError as err:
            if err.code in {"analysis_failed", "analysis_out_of_memory", "analysis_stalled"}:
                log.warning("job %s: %s: %s", job_id, err.code, err)  # no patient data in it
            outcome = err.code
        finally:
            upload.path.unlink(missing_ok=True)
            if outcome != "done":
                # An error not caught above still fails the job, then propagates (logged);
                # the job lets go of its half session first, which then goes.
                self.jobs.fail(job_id, outcome or "analysis_failed")
                if recorder.session_id is not None:
                    self._sessions.discard(recorder.session_id)

    def run_queued(self, job_id: str, owner: str, lease_s: float) -> bool:
        """A worker's part: take the queued job and its clip from the database into a
        private file of `folder`, and run it; False when the job is no longer queued (it
        was marked interrupted meanwhile: nothing to do)."""
        record = self.jobs.get(job_id)
        if record is None or record.state != "queued":
            log.warning("job %s: not queued (%s), skipped", job_id, record and record.state)
            return False
        clip = private_file(self.folder / f"{job_id}.upload")
        try:
            self.jobs.load_clip(job_id, clip)
        except BaseException:
            clip.unlink(missing_ok=True)
            raise
        self.run(job_id, clip, owner, lease_s)
        return True

    def close(self) -> None:
        """Stop: a running analysis ends now (failed, "interrupted": its child is
        killed), the waiting ones stay queued and are marked interrupted on the next start."""
        self._stop.set()
        self.analysis.close()
        self._queue.close()

    def _progress(self, job_id: str) -> Callable[[int, int], None]:
        last = [0.0]

        def report(done: int, expected: int) -> None:
            now = time.monotonic()
            if expected > 0 and now - last[0] >= _PROGRESS_EVERY_S:
                last[0] = now
                self.jobs.progress(job_id, done / expected)

        return report
