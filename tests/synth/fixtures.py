"""Small committed synthetic clips (licence-clean) with their truth, for tests and demos.

Each fixture is `fixtures/<name>.mp4` plus `fixtures/<name>.truth.json.gz`. Regenerate
them (needs the synth extra) with `python -m tests.synth.fixtures`.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from synth.spec import SynthSpec

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"

FIXTURES: dict[str, SynthSpec] = {
    "bridge_side_3reps": SynthSpec("bridge", reps=3, hold_s=1.0, seed=11),
    "bridge_side_too_low_2reps": SynthSpec(
        "bridge", reps=2, hold_s=1.0, variant="too_low", seed=15
    ),
    "clamshell_left_up_3reps": SynthSpec("clamshell", reps=3, hold_s=0.3, seed=12),
    "hipflexor_right_hold5s": SynthSpec(
        "hip_flexor_stretch", reps=1, hold_s=5.0, side="right", seed=13
    ),
    "breathing_9bpm_20s": SynthSpec("breathing", duration_s=20.0, breath_rate_bpm=9.0, seed=14),
}


def load_truth(name: str) -> dict[str, Any]:
    with gzip.open(FIXTURE_DIR / f"{name}.truth.json.gz", "rt", encoding="utf-8") as f:
        doc: dict[str, Any] = json.load(f)
    return doc


def clip_path(name: str) -> Path:
    return FIXTURE_DIR / f"{name}.mp4"


def regenerate() -> None:
    from synth.clip import render_clip

    FIXTURE_DIR.mkdir(exist_ok=True)
    for name, spec in FIXTURES.items():
        with tempfile.TemporaryDirectory() as tmp:
            result = render_clip(spec, Path(tmp))
            shutil.copyfile(result.clip_path, clip_path(name))
            data = result.truth_path.read_bytes()
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            (FIXTURE_DIR / f"{name}.truth.json.gz").write_bytes(packed)
        print(f"{name}: {result.frame_count} frames in {result.render_s:.1f} s")


if __name__ == "__main__":
    regenerate()
