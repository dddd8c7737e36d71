"""The exercises shown moving (issue 25): a short loop of each, rendered by the mannequin.

Each exercise's demonstration is one rep (or one hold, or two slow breaths) of the
mannequin-x body (Apache-2.0, through `synth`) seen from the camera place its set-up
asks for: beside the hip for the bridge, the stretch and breathing; in front of the
side-lying patient for the clamshell (synth's "side" view is the long edge of the mat,
which for a side-lying body is in front of it). The clips go to `web/demonstrations/`, with a
manifest (`demos.json`) recording what each was rendered from (the synth spec's key,
which hashes its fields and the renderer's version) and the file's SHA-256.

`formcheck demonstrations --write` renders the stale ones (the [synth] extra; about 30 s each);
`--check` and the tests compare the manifest with `DEMO_SPECS` and the files' bytes and
never render: a demo is stale when its spec or the renderer changed, or its file is not
the one rendered.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synth.spec import SynthSpec

__all__ = [
    "CREDIT",
    "DIR",
    "MANIFEST",
    "Demonstration",
    "demonstration_specs",
    "manifest_text",
    "stale_demonstrations",
    "write_demonstrations",
]

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "web" / "demonstrations"
MANIFEST = DIR / "manifest.json"
CREDIT = (
    "Rendered with the mannequin-x body (Apache-2.0, https://pypi.org/project/mannequin-x/) "
    "by `formcheck demonstrations --write` (server/offline/demonstrations.py)."
)
# 640x480 at 15 fps: the panel shows it about 300 px wide on a laptop, the programme
# larger; H.264 in mp4 plays muted and looped in every browser the page supports.
_SIZE = {"width_px": 640, "height_px": 480, "fps": 15.0}


def demonstration_specs() -> dict[str, SynthSpec]:
    """The one spec per exercise, in the programme's order (imports synth.spec only)."""
    from synth.spec import SynthSpec  # noqa: PLC0415 (the [synth] extra's package)

    # About 2 m away, as the set-up says (synth's own default, 2.6 m, leaves the body
    # half the width of the picture).
    lead = {"lead_in_s": 0.6, "view": "side", "distance_m": 2.0, **_SIZE}
    return {
        "bridge": SynthSpec("bridge", reps=1, hold_s=1.5, rest_s=0.8, **lead),  # type: ignore[arg-type]
        "clamshell": SynthSpec("clamshell", reps=1, hold_s=0.8, rest_s=0.8, **lead),  # type: ignore[arg-type]
        "hip_flexor_stretch": SynthSpec(
            "hip_flexor_stretch",
            reps=1,
            hold_s=4.0,
            rest_s=0.6,
            **lead,  # type: ignore[arg-type]
        ),
        # Two slow breaths (8 a minute), the clip starting and ending between them.
        "breathing": SynthSpec(
            "breathing",
            duration_s=15.0,
            breath_rate_bpm=8.0,
            **lead,  # type: ignore[arg-type]
        ),
    }


@dataclass(frozen=True, slots=True)
class Demonstration:
    """One committed demonstration: its file under web/demonstrations, the key of the spec
    it was rendered from, its bytes' hash, size and length."""

    exercise: str
    file: str
    spec_key: str
    sha256: str
    size_bytes: int
    duration_s: float


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_text(demos: list[Demonstration]) -> str:
    """web/demonstrations/demos.json: the credit and one entry per exercise."""
    body: dict[str, Any] = {
        "credit": CREDIT,
        "demos": {
            d.exercise: {
                "file": d.file,
                "spec": d.spec_key,
                "sha256": d.sha256,
                "size_bytes": d.size_bytes,
                "duration_s": d.duration_s,
            }
            for d in demos
        },
    }
    return json.dumps(body, indent=2) + "\n"


def _committed(directory: Path) -> dict[str, dict[str, Any]]:
    path = directory / MANIFEST.name
    if not path.is_file():
        return {}
    demos: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["demos"]
    return demos


def stale_demonstrations(specs: dict[str, SynthSpec], directory: Path = DIR) -> list[str]:
    """The exercises whose committed demo is missing, from another spec or renderer, or
    not the file rendered (its bytes differ from the manifest's hash); and any demo in
    the manifest no longer wanted. Reads files only: renders nothing."""
    committed = _committed(directory)
    out = []
    for name, spec in specs.items():
        entry = committed.get(name)
        path = directory / f"{name}.mp4"
        if (
            entry is None
            or entry["spec"] != spec.key()
            or not path.is_file()
            or _sha256(path) != entry["sha256"]
        ):
            out.append(name)
    return out + sorted(set(committed) - set(specs))


def write_demonstrations(
    specs: dict[str, SynthSpec],
    render: Callable[[SynthSpec], Path],
    directory: Path = DIR,
) -> list[str]:
    """Render the stale demonstrations into `directory` (`render(spec)` gives the clip's
    path, its truth.json beside it) and rewrite the manifest; returns those rendered."""
    todo = stale_demonstrations(specs, directory)
    directory.mkdir(parents=True, exist_ok=True)
    committed = _committed(directory)
    demos = []
    for name, spec in specs.items():
        path = directory / f"{name}.mp4"
        if name in todo:
            clip = render(spec)
            shutil.copyfile(clip, path)
            key = spec.key()
            truth = json.loads((clip.parent / "truth.json").read_text(encoding="utf-8"))
            duration_s = float(truth["duration_s"])
        else:
            key = committed[name]["spec"]
            duration_s = float(committed[name]["duration_s"])
        demos.append(
            Demonstration(name, path.name, key, _sha256(path), path.stat().st_size, duration_s)
        )
    for gone in set(committed) - set(specs):
        (directory / f"{gone}.mp4").unlink(missing_ok=True)
    (directory / MANIFEST.name).write_text(manifest_text(demos), encoding="utf-8")
    return [name for name in todo if name in specs]
