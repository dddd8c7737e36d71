"""Rendered clips cached by spec: render once, reuse in tests and demos."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from synth.clip import render_clip
from synth.spec import SynthResult, SynthSpec

__all__ = ["cached_clip", "default_cache_dir"]


def default_cache_dir() -> Path:
    """`$FORMCHECK_SYNTH_CACHE`, else `~/.cache/formcheck/synth`."""
    env = os.environ.get("FORMCHECK_SYNTH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "formcheck" / "synth"


def cached_clip(spec: SynthSpec, cache_dir: Path | None = None) -> SynthResult:
    """The clip for `spec` from the cache, rendering it first when missing.

    The cache key hashes the spec and `RENDER_VERSION`; a clip is written to a temporary
    folder and moved into place whole, so a crash never leaves half a clip behind.
    """
    root = cache_dir or default_cache_dir()
    target = root / f"{spec.exercise}-{spec.key()}"
    truth = target / "truth.json"
    if truth.is_file() and (target / "clip.mp4").is_file():
        doc = json.loads(truth.read_text())
        return SynthResult(target / "clip.mp4", truth, int(doc["frame_count"]), 0.0, cached=True)
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".render-", dir=root))
    try:
        result = render_clip(spec, tmp)
        try:
            tmp.rename(target)
        except OSError:
            # Another process (a parallel test worker) finished the same clip first:
            # theirs is complete and identical, keep it and drop ours.
            if not (target / "truth.json").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return SynthResult(
        target / "clip.mp4", target / "truth.json", result.frame_count, result.render_s
    )
