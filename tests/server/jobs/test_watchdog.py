"""An analysis child that hangs is stopped and fails its job; one whose server dies ends.

The hangs are real: a child frozen mid-clip (SIGSTOP: alive, saying nothing), and a
child whose clip is a named pipe nobody writes (its decoder waits in `open`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server.jobs.checks import UploadError
from server.jobs.child import ChildAnalysis
from server.jobs.recipes import ReplayRecipe, recipe_to_json
from server.jobs.watchdog import Silence
from server.offline.analysis import AnalyzeRequest
from tests.server.jobs.test_child import Kept
from tests.server.replay import bridge_recording
from tests.server.uploads import analysis_children, plain_clip


@pytest.fixture
def stuck_clip(tmp_path: Path) -> Path:
    fifo = tmp_path / "stuck.mp4"
    os.mkfifo(fifo)
    return fifo


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"  # dead, only waiting for its parent to read its status


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return plain_clip(tmp_path / "bridge.mp4")


def test_a_child_that_says_nothing_is_stopped_and_fails_as_stalled(
    replay_factory: ReplayRecipe, clip: Path
) -> None:
    # 2 s of silence once it has spoken; its start (imports, the recipe's estimator: over
    # 2 s on a loaded machine) has its own budget.
    analysis = ChildAnalysis(replay_factory, memory_mb=2048, silent_s=2.0, start_s=60.0)
    sink = Kept()

    def freeze() -> None:
        if len(sink.frames) == 3:
            (pid,) = analysis_children()
            os.kill(pid, signal.SIGSTOP)  # hung: alive, and never a word more

    sink.on_frame = freeze
    began = time.monotonic()
    with pytest.raises(UploadError) as failed:
        analysis.run(AnalyzeRequest(clip, "bridge"), sink)
    assert failed.value.code == "analysis_stalled"
    assert sink.end is None  # it never finished: frozen after the frames already sent
    assert 3 <= len(sink.frames) < len(bridge_recording())
    assert time.monotonic() - began < 30
    assert analysis_children() == []


def test_a_child_whose_server_is_killed_ends_too(
    replay_factory: ReplayRecipe, stuck_clip: Path
) -> None:
    """The server (here a process of its own) is killed with -9 mid-analysis: its child,
    stuck or not, does not go on analysing for nobody."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from server.jobs.child import ChildAnalysis; "
            "from server.jobs.recipes import recipe_from_json; "
            "from server.offline.analysis import AnalyzeRequest; from pathlib import Path; "
            "from tests.server.jobs.test_child import Kept; "
            "recipe = recipe_from_json(sys.argv[1]); "
            "ChildAnalysis(recipe, 2048).run(AnalyzeRequest(Path(sys.argv[2]), 'bridge'), Kept())",
            recipe_to_json(replay_factory),
            str(stuck_clip),
        ],
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        deadline = time.monotonic() + 60
        while not (children := analysis_children(of=server.pid)):
            assert server.poll() is None, "the server process ended before its child began"
            assert time.monotonic() < deadline, "no analysis child was started"
            time.sleep(0.1)  # polling a real process: real time is the point
        (child,) = children
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        deadline = time.monotonic() + 15
        while not _gone(child):
            assert time.monotonic() < deadline, "the child outlived its server by 15 s"
            time.sleep(0.1)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_a_silence_needs_a_positive_length() -> None:
    with subprocess.Popen(["true"]) as child, pytest.raises(ValueError, match="silent_s"):
        Silence(child, 0.0)


def test_the_start_has_its_own_budget_and_a_word_starts_the_short_one() -> None:
    """Silent since its start: killed after `start_s`, not `silent_s`. Once it has said
    something, `silent_s` of silence is enough (real time is the point)."""
    with subprocess.Popen(["sleep", "30"]) as child:
        with Silence(child, 0.3, start_s=1.5) as silence:
            time.sleep(0.9)  # past silent_s, within the start's budget
            assert child.poll() is None
            assert not silence.fired
            child.wait(timeout=10)
        assert silence.fired
    with subprocess.Popen(["sleep", "30"]) as child:
        with Silence(child, 0.3, start_s=60.0) as silence:
            silence.beat()
            child.wait(timeout=10)  # 0.3 s after the word, not 60
        assert silence.fired
