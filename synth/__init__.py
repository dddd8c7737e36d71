"""Synthetic exercise clips with exact ground truth, rendered from the mannequin-x body.

Needs the optional extra: `pip install -e '.[synth]'`. The core app never imports this
package; `formcheck synth` imports it when the command runs.
"""

from __future__ import annotations

from synth.body import SynthDependencyError
from synth.cache import cached_clip
from synth.clip import render_clip
from synth.spec import SynthResult, SynthSpec

__all__ = ["SynthDependencyError", "SynthResult", "SynthSpec", "cached_clip", "render_clip"]
