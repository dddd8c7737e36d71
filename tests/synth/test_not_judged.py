"""Not judged, and said so, on rendered clips through `formcheck analyze`'s pipeline.

Views that cannot judge the exercise give `not_judged` with its code; every clip of the
counting grid, and the views that count, give none.
"""

from __future__ import annotations

import pytest

from exercises.run import ExerciseRun
from exercises.summary import SourceFacts
from pose.models import ModelBundle
from synth.spec import SynthSpec
from tests.synth.grid import COUNT_GRID, Clip, observe, view_spec

pytestmark = [pytest.mark.synth, pytest.mark.real_model]
pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")


def not_judged(clip: Clip) -> dict[str, str] | None:
    """The analyze JSON's `not_judged` for a clip, through the frame step's run."""
    run = ExerciseRun(clip.spec.exercise)  # the catalogue's English, as analyze
    for obs in clip.observations:
        run.step(obs)
    run.finish()
    n = len(clip.observations)
    return run.summary.report(
        SourceFacts("clip.mp4", clip.spec.fps, n, n / clip.spec.fps, n)
    ).not_judged


def _label(spec: SynthSpec) -> str:
    return f"{spec.exercise}-{spec.view}-{spec.body}-r{spec.reps}-s{spec.seed}"


# The shelf (`formcheck synth --view front`: the feet end, 1.3 m up) and the low feet end
# both see a side-lying body lengthwise (the engine counts 1 of 3 and 0 of 3 reps there).
# The stretch from the front reads kneeling from the world landmarks, not the image (the
# back shin is seen end-on); breathing from the low feet end is found in no frame at all.
NOT_JUDGED: list[tuple[SynthSpec, str]] = [
    (SynthSpec("clamshell", view="front"), "clamshell_not_judged_lengthwise"),
    (view_spec("clamshell", "feet"), "clamshell_not_judged_lengthwise"),
    (view_spec("bridge", "front"), "bridge_not_judged_lengthwise"),
    (view_spec("bridge", "feet"), "bridge_not_judged_lengthwise"),
    (view_spec("breathing", "front"), "breathing_not_judged_lengthwise"),
    (view_spec("breathing", "feet"), "breathing_not_judged_unseen"),
    (view_spec("hip_flexor_stretch", "oblique"), "stretch_not_judged_view"),
    (view_spec("hip_flexor_stretch", "front"), "stretch_not_judged_view"),
]

JUDGED: list[SynthSpec] = [
    *COUNT_GRID,
    *(view_spec(e, v) for e in ("bridge", "clamshell", "breathing") for v in ("side", "oblique")),
    view_spec("hip_flexor_stretch", "side"),
]


@pytest.mark.parametrize(("spec", "code"), NOT_JUDGED, ids=[_label(s) for s, _ in NOT_JUDGED])
def test_a_view_that_cannot_judge_it_says_so(
    spec: SynthSpec, code: str, model_bundle: ModelBundle
) -> None:
    result = not_judged(observe(spec, model_bundle))
    assert result is not None
    assert result["code"] == code
    assert "Put the camera" in result["message"]


@pytest.mark.parametrize("spec", JUDGED, ids=_label)
def test_a_judged_clip_is_not_marked(spec: SynthSpec, model_bundle: ModelBundle) -> None:
    assert not_judged(observe(spec, model_bundle)) is None
