"""The exercises shown moving (web/demonstrations/): committed, current, small, credited.

Staleness is read from the manifest (the synth spec's key, the file's hash), never by
rendering again: a changed spec or renderer version, or a file edited by hand, is stale.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from exercises.registry import SPECS
from server.offline.demonstrations import (
    DIR,
    MANIFEST,
    demonstration_specs,
    stale_demonstrations,
    write_demonstrations,
)
from synth.spec import SynthSpec
from tests.conftest import ROOT

MAX_BYTES = 300_000  # a few hundred kB at most, each


def test_the_committed_demonstrations_are_current() -> None:
    assert stale_demonstrations(demonstration_specs()) == [], (
        "stale: run `formcheck demonstrations --write`"
    )


def test_one_per_exercise_small_looping_clips_from_the_set_up_camera_place() -> None:
    specs = demonstration_specs()
    assert list(specs) == list(SPECS)
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for name, spec in specs.items():
        entry = manifest["demos"][name]
        assert (DIR / entry["file"]).stat().st_size == entry["size_bytes"]
        assert entry["size_bytes"] <= MAX_BYTES
        assert 3.0 <= entry["duration_s"] <= 16.0, entry  # one rep, one hold, two breaths
        # synth's "side": the long edge of the mat, beside the hip (in front of a
        # side-lying body: the clamshell's camera place), about 2 m away as set-up says.
        assert (spec.view, spec.variant, spec.second, spec.prop) == ("side", "good", None, None)
        assert spec.distance_m is not None
        assert 1.5 <= spec.distance_m <= 2.5
        assert spec.reps == 1 or name == "breathing"


def test_the_mannequins_licence_is_credited() -> None:
    credit = json.loads(MANIFEST.read_text(encoding="utf-8"))["credit"]
    notice = (DIR / "NOTICE").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in (credit, notice):
        assert "mannequin-x" in text, text
        assert "Apache-2.0" in text, text
    assert "web/demonstrations/NOTICE" in readme


def _rendered(spec: SynthSpec, folder: Path) -> Path:
    """Stands in for the renderer: a clip of the spec's key, with its truth beside it."""
    out = folder / spec.key()
    out.mkdir(parents=True, exist_ok=True)
    (out / "clip.mp4").write_bytes(f"clip {spec.key()}".encode())
    (out / "truth.json").write_text(json.dumps({"duration_s": 5.0}), encoding="utf-8")
    return out / "clip.mp4"


def test_a_changed_spec_or_an_edited_file_is_stale_and_only_it_is_rendered(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "web"
    specs = demonstration_specs()
    rendered: list[str] = []

    def render(spec: SynthSpec) -> Path:
        rendered.append(spec.exercise)
        return _rendered(spec, tmp_path / "cache")

    assert set(stale_demonstrations(specs, folder)) == set(specs)
    assert write_demonstrations(specs, render, folder) == list(specs)
    assert stale_demonstrations(specs, folder) == []
    rendered.clear()
    # The bridge's spec changes: only the bridge is stale, and rendered again.
    changed = {**specs, "bridge": dataclasses.replace(specs["bridge"], hold_s=2.0)}
    assert stale_demonstrations(changed, folder) == ["bridge"]
    assert write_demonstrations(changed, render, folder) == ["bridge"]
    assert rendered == ["bridge"]
    # A file edited by hand no longer matches its hash.
    (folder / "clamshell.mp4").write_bytes(b"edited")
    assert stale_demonstrations(changed, folder) == ["clamshell"]
    # A file missing, too.
    (folder / "breathing.mp4").unlink()
    assert stale_demonstrations(changed, folder) == ["clamshell", "breathing"]


def test_the_committed_manifest_matches_a_copy_written_from_the_same_files(
    tmp_path: Path,
) -> None:
    """Writing again with nothing stale renders nothing and changes no byte."""
    folder = tmp_path / "web"
    shutil.copytree(DIR, folder)

    def render(spec: SynthSpec) -> Path:
        raise AssertionError(f"{spec.exercise} rendered, but nothing was stale")

    assert write_demonstrations(demonstration_specs(), render, folder) == []
    assert (folder / MANIFEST.name).read_bytes() == MANIFEST.read_bytes()
