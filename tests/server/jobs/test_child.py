"""An upload's analysis in a real child process: the same frames as in this process,
and a child over its memory limit, killed by a signal or stopped with the server fails
with its code, never the caller."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from exercises.events import Event
from pose.recording import save_observations
from pose.types import Observation
from server.jobs.analysis import FrameDone, InThreadAnalysis
from server.jobs.checks import UploadError
from server.jobs.child import ChildAnalysis
from server.jobs.recipes import ModelRecipe, ReplayRecipe
from server.offline.analysis import AnalyzeRequest
from server.settings import repo_root
from tests.server.replay import REPLAY_FPS
from tests.server.uploads import analysis_children, plain_clip


class Kept:
    """A sink that keeps what it is handed; `on_frame` runs at each frame."""

    def __init__(self) -> None:
        self.frames: list[FrameDone] = []
        self.end: list[Event] | None = None
        self.progress_seen: list[tuple[int, int]] = []
        self.on_frame: Callable[[], None] = lambda: None

    def frame(self, done: FrameDone) -> None:
        self.frames.append(done)
        self.on_frame()

    def finished(self, events: list[Event]) -> None:
        self.end = events

    def progress(self, done: int, expected: int) -> None:
        self.progress_seen.append((done, expected))


def _same(a: FrameDone, b: FrameDone) -> bool:
    """The same frame but for the time it took (a PoseFrame compares by identity)."""
    pa, pb = a.observation.pose, b.observation.pose
    poses = (pa is None and pb is None) or (
        pa is not None
        and pb is not None
        and pa.image_size_px == pb.image_size_px
        and all(
            np.array_equal(x, y)
            for x, y in (
                (pa.xyz_norm, pb.xyz_norm),
                (pa.xyz_world, pb.xyz_world),
                (pa.visibility, pb.visibility),
            )
        )
    )
    oa, ob = a.observation, b.observation
    return (
        poses
        and (oa.timestamp_ms, oa.signals, oa.view) == (ob.timestamp_ms, ob.signals, ob.view)
        and (a.angle_deg, a.phase, a.events) == (b.angle_deg, b.phase, b.events)
    )


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plain_clip(tmp_path_factory.mktemp("clip") / "bridge.mp4")


@pytest.fixture(scope="module")
def cut_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bridge cut off during its second rep's hold: the end's events close that rep."""
    return plain_clip(tmp_path_factory.mktemp("clip") / "cut.mp4", frames=70)


def test_a_clip_analysed_in_a_child_gives_what_it_gives_here(
    replay_factory: ReplayRecipe, cut_clip: Path
) -> None:
    request = AnalyzeRequest(cut_clip, "bridge")
    there, here = Kept(), Kept()
    fps = ChildAnalysis(replay_factory, memory_mb=2048).run(request, there)
    assert fps == InThreadAnalysis(replay_factory).run(request, here) == REPLAY_FPS
    assert len(there.frames) == len(here.frames) > 0
    assert all(_same(a, b) for a, b in zip(there.frames, here.frames, strict=True))
    assert there.end == here.end
    assert there.end is not None
    assert [e.kind for e in there.end if e.kind == "rep_completed"] == ["rep_completed"]
    assert there.progress_seen == here.progress_seen
    assert there.progress_seen[-1][0] == len(there.frames)


def test_a_child_over_its_memory_limit_fails_with_its_code(
    replay_factory: ReplayRecipe, clip: Path
) -> None:
    """1 MB: the child's own imports took more; the decoder can start no thread and
    says it cannot open the clip: that is the limit's doing, and said so."""
    with pytest.raises(UploadError) as failed:
        ChildAnalysis(replay_factory, memory_mb=1).run(AnalyzeRequest(clip, "bridge"), Kept())
    assert failed.value.code == "analysis_out_of_memory"


@pytest.mark.real_model
def test_a_limit_the_model_cannot_load_in_fails_with_its_code(clip: Path) -> None:
    """The real model under a limit it cannot load in (MemoryError, or an abort in
    native code): the child fails, this process does not."""
    recipe = ModelRecipe("full", repo_root() / "models")
    with pytest.raises(UploadError) as failed:
        ChildAnalysis(recipe, memory_mb=300).run(AnalyzeRequest(clip, "bridge"), Kept())
    assert failed.value.code == "analysis_out_of_memory"


def test_a_child_killed_mid_way_fails_as_out_of_memory(
    replay_factory: ReplayRecipe, clip: Path
) -> None:
    """SIGKILL at the fifth frame, as the kernel's OOM killer sends it."""
    analysis = ChildAnalysis(replay_factory, memory_mb=2048)
    sink = Kept()

    def oom_killer() -> None:
        if len(sink.frames) == 5:
            (pid,) = analysis_children()
            os.kill(pid, signal.SIGKILL)

    sink.on_frame = oom_killer
    with pytest.raises(UploadError) as failed:
        analysis.run(AnalyzeRequest(clip, "bridge"), sink)
    assert failed.value.code == "analysis_out_of_memory"
    assert "SIGKILL" in str(failed.value)
    assert sink.end is None


def test_closing_stops_a_running_child_and_starts_none(
    replay_factory: ReplayRecipe, clip: Path
) -> None:
    analysis = ChildAnalysis(replay_factory, memory_mb=2048)
    sink = Kept()
    sink.on_frame = analysis.close
    with pytest.raises(UploadError) as failed:
        analysis.run(AnalyzeRequest(clip, "bridge"), sink)
    assert failed.value.code == "interrupted"
    assert len(sink.frames) < 10  # killed, not run to the end
    with pytest.raises(UploadError) as refused:
        analysis.run(AnalyzeRequest(clip, "bridge"), Kept())
    assert refused.value.code == "interrupted"


@pytest.mark.parametrize(
    ("content", "code"), [(b"not a video", "corrupt_video"), (None, "no_person_in_video")]
)
def test_a_failure_the_analysis_names_comes_back_with_its_code(
    tmp_path: Path, clip: Path, content: bytes | None, code: str
) -> None:
    """A clip no decoder opens; a recording of nobody played back over a real clip."""
    nobody = tmp_path / "nobody.npz"
    save_observations(nobody, [Observation(i * 125, None) for i in range(4)])
    source = clip
    if content is not None:
        source = tmp_path / "broken.mp4"
        source.write_bytes(content)
    with pytest.raises(UploadError) as failed:
        ChildAnalysis(ReplayRecipe(nobody), 2048).run(AnalyzeRequest(source, "bridge"), Kept())
    assert failed.value.code == code
