"""`formcheck synth`: render a synthetic exercise clip with exact ground truth.

`register(app)` adds the command to the main Typer app. The renderer (and mannequin-x,
an optional extra) is imported only when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal, cast

import typer

__all__ = ["parse_floats", "parse_rgb", "parse_size", "parse_tempo", "register"]


def parse_tempo(text: str) -> tuple[float, float, float]:
    """ "UP/DOWN/REST" seconds, e.g. "1.2/1.2/1.0"."""
    parts = text.split("/")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise typer.BadParameter(f"tempo must be UP/DOWN/REST seconds, got {text!r}") from None
    if len(values) != 3 or min(values) < 0:
        raise typer.BadParameter(f"tempo must be three seconds >= 0 as UP/DOWN/REST, got {text!r}")
    return values[0], values[1], values[2]


def parse_size(text: str) -> tuple[int, int]:
    """ "WIDTHxHEIGHT" in pixels, e.g. "480x360"."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise typer.BadParameter(f"size must be WIDTHxHEIGHT, got {text!r}") from None
    return w, h


def parse_floats(text: str) -> tuple[float, ...]:
    """ "B0,B1,..." numbers, e.g. "0.5,-1.5"; "" for none."""
    try:
        return tuple(float(v) for v in text.split(",")) if text.strip() else ()
    except ValueError:
        raise typer.BadParameter(f"expected numbers separated by commas, got {text!r}") from None


def parse_rgb(text: str | None) -> tuple[int, int, int] | None:
    """ "R,G,B" 0-255, e.g. "200,60,60"; None when not given."""
    if text is None:
        return None
    try:
        r, g, b = (int(v) for v in text.split(","))
    except ValueError:
        raise typer.BadParameter(f"colour must be R,G,B (0-255), got {text!r}") from None
    return r, g, b


def synth(
    *,
    exercise: Annotated[
        str,
        typer.Option(
            help="bridge, clamshell, hip_flexor_stretch or breathing; or a look-alike "
            "(hard negative, counts nothing): dead_bug, knee_to_chest, knee_rocks, "
            "side_leg_raise, pelvic_tilt, lying_still, fidgeting"
        ),
    ],
    out: Annotated[Path, typer.Option(help="Folder for clip.mp4 and truth.json")],
    reps: Annotated[int, typer.Option(help="Reps (holds for the stretch)")] = 3,
    hold_s: Annotated[float, typer.Option(help="Seconds at the top / in the hold")] = 0.5,
    tempo: Annotated[str, typer.Option(help="UP/DOWN/REST seconds per rep")] = "1.2/1.2/1.0",
    side: Annotated[str, typer.Option(help="left or right (working side)")] = "left",
    view: Annotated[str, typer.Option(help="side, front, oblique or feet")] = "side",
    camera_height: Annotated[
        float | None, typer.Option(help="Camera height above the floor, m")
    ] = None,
    distance: Annotated[float | None, typer.Option(help="Camera distance to the body, m")] = None,
    body: Annotated[str, typer.Option(help="small, medium or large")] = "medium",
    variant: Annotated[
        str, typer.Option(help="good or a named fault (see docs); lying_still: side_lying")
    ] = "good",
    duration_s: Annotated[
        float, typer.Option(help="Clip length of breathing, lying_still and fidgeting, s")
    ] = 30.0,
    breath_rate: Annotated[float, typer.Option(help="Breaths per minute")] = 6.0,
    seed: Annotated[int, typer.Option(help="0 = reference look; others vary the scene")] = 0,
    fps: Annotated[float, typer.Option(help="Frames per second")] = 15.0,
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT pixels")] = "480x360",
    prop: Annotated[
        str | None,
        typer.Option(help="ball or band (bridge, clamshell), dumbbell (bridge)"),
    ] = None,
    second: Annotated[
        str | None,
        typer.Option(help="A second person: kneel_behind, sit_beside or walk_past"),
    ] = None,
    azimuth: Annotated[
        float, typer.Option(help="Turn the camera about the body from the view, deg")
    ] = 0.0,
    body_shape: Annotated[
        str, typer.Option(help="SMPL-X shape coefficients added to --body's, B0,B1,...")
    ] = "",
    shirt: Annotated[str | None, typer.Option(help="Shirt colour R,G,B")] = None,
    trousers: Annotated[str | None, typer.Option(help="Trousers colour R,G,B")] = None,
) -> None:
    """Render a mannequin doing an exercise or a look-alike, with exact ground truth
    (truth.json)."""
    from synth.body import SynthDependencyError  # noqa: PLC0415 -- numpy-heavy, on use
    from synth.clip import render_clip  # noqa: PLC0415
    from synth.spec import SynthSpec  # noqa: PLC0415

    up_s, down_s, rest_s = parse_tempo(tempo)
    width, height = parse_size(size)
    try:
        spec = SynthSpec(
            exercise=exercise,
            reps=reps,
            hold_s=hold_s,
            up_s=up_s,
            down_s=down_s,
            rest_s=rest_s,
            side=cast(Literal["left", "right"], side),
            view=cast(Literal["side", "front", "oblique", "feet"], view),
            camera_height_m=camera_height,
            distance_m=distance,
            body=cast(Literal["small", "medium", "large"], body),
            variant=variant,
            duration_s=duration_s,
            breath_rate_bpm=breath_rate,
            seed=seed,
            fps=fps,
            width_px=width,
            height_px=height,
            prop=prop,
            second=second,
            azimuth_deg=azimuth,
            body_shape=parse_floats(body_shape),
            shirt_rgb=parse_rgb(shirt),
            trousers_rgb=parse_rgb(trousers),
        )
        result = render_clip(spec, out)
    except (ValueError, SynthDependencyError) as err:
        sys.stderr.write(f"formcheck synth: error: {err}\n")
        raise typer.Exit(2) from None
    per_frame = result.render_s / max(result.frame_count, 1)
    sys.stdout.write(
        f"{result.clip_path} ({result.frame_count} frames, {result.render_s:.1f} s, "
        f"{per_frame * 1000:.0f} ms/frame)\n{result.truth_path}\n"
    )


def register(app: typer.Typer) -> None:
    """Add the `synth` command to `app`."""
    app.command("synth")(synth)
