"""An upload's analysis in a child process with a memory limit.

A clip is the outside world's: whatever its decoding or the model does with it (a clip
that declares little and decodes to much, a decoder's fault) happens in a process of
its own, whose data segment (RLIMIT_DATA: its heap and private memory) may not grow past
`memory_mb`. The child is a fresh interpreter (`python -m server.jobs.child`: no fork
of a process that runs MediaPipe's threads), which builds its own estimator from a
recipe (`server.jobs.recipes`), runs `analyze_with` and writes each frame, the end's
events and its result as JSON lines, each a typed message (`server.jobs.pipe`); the
parent records them (`FrameSink`). No pickle either way, and the child never touches the
database.

A child over its limit fails the job as `analysis_out_of_memory`, however the refused
allocation shows: a MemoryError (Python, numpy), OpenCV's "insufficient memory", any
other failure while the child's data is within `NEAR_LIMIT_MB` of its limit (the decoder
reports a thread it could not start as a video it cannot open), or death by a signal
(an allocation that fails in native code aborts or crashes the process; the kernel's
OOM killer kills it). The job then leaves no session (`server.jobs.uploads`). A child
silent for `silent_s` is killed and fails the job as `analysis_stalled`; a child whose
server died ends too (`server.jobs.watchdog`).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import types
from pathlib import Path
from typing import IO

import cv2

from exercises.events import Event
from server.jobs.analysis import FrameDone, FrameSink, InThreadAnalysis
from server.jobs.checks import UploadError
from server.jobs.pipe import (
    ChildJob,
    ChildLine,
    FailedLine,
    FinishedLine,
    FrameLine,
    ProgressLine,
    ResultLine,
    read_line,
)
from server.jobs.recipes import EstimatorRecipe
from server.jobs.watchdog import Silence, die_with_parent
from server.offline.analysis import AnalyzeRequest
from server.protocol.codes import ErrorCode
from server.scrub import error_name, scrubbed_trace

__all__ = ["NEAR_LIMIT_MB", "SILENT_S", "START_S", "ChildAnalysis", "main"]

# A failure with the child's data this close to its limit is taken as the limit's: the
# kernel refuses an allocation (a decoder's thread stack, a frame) without saying so.
NEAR_LIMIT_MB = 64
# A child that says nothing this long is stuck: between two frames the slowest clip on a
# loaded machine takes seconds; before the first one, its imports and the model's load
# take well under a minute, so the start has a budget of its own.
SILENT_S = 60.0
START_S = 120.0


class ChildAnalysis:
    """Each clip analysed by a child process that may hold at most `memory_mb` MB of
    data, its estimator built there from `recipe`. `close()` kills the running ones."""

    def __init__(
        self,
        recipe: EstimatorRecipe,
        memory_mb: int,
        *,
        silent_s: float = SILENT_S,
        start_s: float = START_S,
    ) -> None:
        if memory_mb < 1:
            raise ValueError(f"memory_mb must be >= 1, got {memory_mb}")
        self.recipe = recipe
        self.memory_mb = memory_mb
        self.silent_s = silent_s
        self.start_s = start_s
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._closed = False

    def run(self, request: AnalyzeRequest, sink: FrameSink) -> float:
        job = ChildJob(
            clip=request.source,
            exercise=request.exercise,
            prescription=request.prescription,
            recipe=self.recipe,
            memory_mb=self.memory_mb,
        )
        with self._lock:
            if self._closed:
                raise UploadError(ErrorCode.INTERRUPTED, "the server stopped before the analysis")
            child = subprocess.Popen(
                [sys.executable, "-m", "server.jobs.child"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            self._running.add(child)
        try:
            return self._follow(child, job, sink)
        finally:
            with self._lock:
                self._running.discard(child)
            if child.poll() is None:  # the sink refused a frame, or the parent failed
                child.kill()
            child.wait()
            assert child.stdout is not None
            child.stdout.close()

    def _follow(self, child: subprocess.Popen[bytes], job: ChildJob, sink: FrameSink) -> float:
        assert child.stdin is not None
        assert child.stdout is not None
        try:
            child.stdin.write(job.model_dump_json().encode("utf-8"))
            child.stdin.close()
        except BrokenPipeError:
            pass  # it died at once: its exit status says how
        with Silence(child, self.silent_s, self.start_s) as silence:
            fps = self._read(child, sink, silence)
        status = child.wait()
        if fps is not None and status == 0:
            return fps
        if self._closed:
            raise UploadError(ErrorCode.INTERRUPTED, "the server stopped during the analysis")
        if silence.fired:
            raise UploadError(
                ErrorCode.ANALYSIS_STALLED,
                f"the analysis said nothing for {self.silent_s:g} s: stopped",
            )
        if status < 0:
            name = signal.Signals(-status).name
            raise UploadError(
                ErrorCode.ANALYSIS_OUT_OF_MEMORY,
                f"the analysis died of {name} (its memory limit: {self.memory_mb} MB)",
            )
        raise UploadError(
            ErrorCode.ANALYSIS_FAILED, f"the analysis exited with {status}, no result"
        )

    @staticmethod
    def _read(child: subprocess.Popen[bytes], sink: FrameSink, silence: Silence) -> float | None:
        """The child's messages into `sink` until it closes its end; its fps, if said."""
        assert child.stdout is not None
        fps: float | None = None
        for line in child.stdout:
            silence.beat()
            match read_line(line):
                case FrameLine() as frame:
                    sink.frame(frame.frame())
                case ProgressLine(done=done, expected=expected):
                    sink.progress(done, expected)
                case FinishedLine(events=events):
                    sink.finished(list(events))
                case FailedLine(code=code, message=message):
                    raise UploadError(code, message)
                case ResultLine(fps=said):
                    fps = said
        return fps

    def close(self) -> None:
        with self._lock:
            self._closed = True
            running = list(self._running)
        for child in running:
            child.kill()


class _Pipe:
    """The child's `FrameSink`: each call one JSON line to the parent."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def send(self, line: ChildLine) -> None:
        self._out.write(line.model_dump_json() + "\n")
        self._out.flush()

    def frame(self, done: FrameDone) -> None:
        self.send(FrameLine.of_frame(done))

    def finished(self, events: list[Event]) -> None:
        self.send(FinishedLine(events=tuple(events)))

    def progress(self, done: int, expected: int) -> None:
        self.send(ProgressLine(done=done, expected=expected))


def _scrubbed_hook(
    kind: type[BaseException], err: BaseException, trace: types.TracebackType | None
) -> None:
    """An error nobody caught is written by its type and frames only (server.scrub)."""
    sys.stderr.write(f"formcheck analysis child: {scrubbed_trace(err)}\n")


def main() -> int:
    """The child: the job from stdin, messages on stdout (anything else printed goes
    to stderr, never among them); 0 with a result, 1 with a failure said."""
    die_with_parent()
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.excepthook = _scrubbed_hook
    job = ChildJob.model_validate_json(sys.stdin.read())
    limit = job.memory_mb << 20
    # Set after this process's own imports: the limit bounds what the clip and the
    # model take. The hard limit too, so nothing in here can raise it again.
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    request = AnalyzeRequest(job.clip, job.exercise, prescription=job.prescription)
    pipe = _Pipe(out)
    try:
        fps = InThreadAnalysis(job.recipe).run(request, pipe)
    except UploadError as err:  # a failure the analysis names (no person, no video, ...)
        pipe.send(_failed(err, err, limit))
        return 1
    except BaseException as err:  # any other: said, then its scrubbed trace on stderr
        unnamed = UploadError(ErrorCode.ANALYSIS_FAILED, f"the analysis failed: {error_name(err)}")
        pipe.send(_failed(err, unnamed, limit))
        raise
    pipe.send(ResultLine(fps=fps))
    return 0


def _failed(err: BaseException, named: UploadError, limit_bytes: int) -> FailedLine:
    """The message of a failed analysis: `named`, unless the memory limit was the cause
    (a whole run that found nobody, or a clip too long, is its own answer)."""
    no_memory = isinstance(err, cv2.error) and err.code == cv2.Error.StsNoMem
    near = _data_bytes() > limit_bytes - (NEAR_LIMIT_MB << 20)
    if no_memory or (near and named.code in {"corrupt_video", "analysis_failed"}):
        named = UploadError(ErrorCode.ANALYSIS_OUT_OF_MEMORY, f"{named} at the memory limit")
    return FailedLine(code=named.code, message=str(named))


def _data_bytes() -> int:
    """This process's data segment now (VmData: what RLIMIT_DATA limits)."""
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) << 10
    raise RuntimeError("/proc/self/status has no VmData line")


if __name__ == "__main__":
    sys.exit(main())
