"""`render_clip(spec, out_dir)`: render a motion script to clip.mp4 plus truth.json."""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt

from synth.body import Body, PosedBody, SynthDependencyError
from synth.camera import Camera, look_at
from synth.look import Look, pick_look
from synth.mesh import Mesh, join
from synth.motions import build_script
from synth.motions.base import Script
from synth.props import PropFit, prop_mesh
from synth.render import RenderedFrame, render_frame
from synth.rig import Rig, axis_angle_matrix
from synth.room import RoomImage, render_room
from synth.second_person import SecondPerson
from synth.spec import SynthResult, SynthSpec
from synth.truth import LANDMARKS, frame_truth

__all__ = ["CAMERA_DEFAULTS", "Scene", "place_camera", "render_clip"]

# (height above the floor, horizontal distance to the body centre) in metres per view:
# a phone on a low stool beside the mat, or on a shelf for the front.
CAMERA_DEFAULTS: dict[str, tuple[float, float]] = {
    "side": (0.6, 2.6),
    "oblique": (0.8, 2.8),
    "feet": (0.7, 2.6),
    "front": (1.3, 2.5),
}
_HFOV_DEG = 60.0


def place_camera(spec: SynthSpec, script: Script, look: Look) -> Camera:
    default_h, default_d = CAMERA_DEFAULTS[spec.view]
    height = (spec.camera_height_m or default_h) + look.height_jitter_m
    distance = spec.distance_m or default_d
    turn_deg = look.azimuth_jitter_deg + spec.azimuth_deg
    direction = axis_angle_matrix([0.0, 1.0, 0.0], turn_deg) @ np.asarray(
        script.view_dirs[spec.view]
    )
    centre = np.asarray(script.centre)
    position = centre + direction * distance
    position[1] = height
    return look_at(
        position, centre, spec.width_px, spec.height_px, hfov_deg=_HFOV_DEG, roll_deg=look.roll_deg
    )


def _write_video(path: Path, frames: list[np.ndarray], fps: float) -> None:
    """H.264 in mp4 (yuv420p): plays in browsers and on the clinic tablet."""
    try:
        import av  # noqa: PLC0415 -- part of the optional synth extra
    except ModuleNotFoundError as exc:
        raise SynthDependencyError(
            "writing clips needs PyAV from the synth extra: run `pip install -e '.[synth]'`"
        ) from exc
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
        stream.width = frames[0].shape[1]
        stream.height = frames[0].shape[0]
        stream.pix_fmt = "yuv420p"
        # asm=0: x264's SIMD paths chosen at start-up do not give the same stream on
        # every CPU of this machine (two processes pinned to its two vCPUs wrote different
        # clips from the same frames). Plain C costs about a second a clip and makes every
        # render of a spec the same clip, so a test's outcome is the clip's, not the CPU's.
        stream.options = {"crf": "23", "preset": "veryfast", "x264-params": "asm=0"}
        for image in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="bgr24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def _ms(t_s: float) -> int:
    return round(t_s * 1000.0)


@dataclass(frozen=True)
class Scene:
    """Everything fixed over a clip: the body, its motion script, the look and camera,
    and the extras: a prop (with its fit to the body) and a second person."""

    body: Body
    script: Script
    look: Look
    camera: Camera
    room_image: RoomImage
    face_rgb: npt.NDArray[np.float64]
    prop: tuple[str, PropFit] | None = None
    second: SecondPerson | None = None

    @classmethod
    def of(cls, spec: SynthSpec) -> Scene:
        body = Body(spec.body, spec.body_shape)
        script = build_script(spec, body)
        look = pick_look(spec.seed, (script.centre[0], script.centre[2]), (2.0, 0.75))
        outfit = look.outfit
        outfit = replace(outfit, shirt=spec.shirt_rgb) if spec.shirt_rgb else outfit
        outfit = replace(outfit, trousers=spec.trousers_rgb) if spec.trousers_rgb else outfit
        look = replace(look, outfit=outfit)
        camera = place_camera(spec, script, look)
        face_rgb = body.vertex_colours(look.outfit)[body.faces].mean(axis=1)
        prop = (spec.prop, PropFit.of(body, spec.prop, spec.seed)) if spec.prop else None
        second = SecondPerson.of(spec.second, script, camera, spec.seed) if spec.second else None
        room = render_room(look.room, camera)
        return cls(body, script, look, camera, room, face_rgb, prop, second)

    def _extras_at(self, t_s: float, posed: PosedBody, rig: Rig) -> list[Mesh]:
        extras: list[Mesh] = []
        if self.prop is not None:
            extras.append(prop_mesh(self.prop[0], posed.joints, rig, self.prop[1]))
        person = self.second.mesh_at(t_s) if self.second is not None else None
        return extras if person is None else [*extras, person]

    def render_at(
        self, t_s: float, rng: np.random.Generator
    ) -> tuple[RenderedFrame, dict[str, object]]:
        """The frame at `t_s` and its truth (landmarks, angles, joints)."""
        motion = self.script.pose_at(t_s)
        posed = self.body.pose(
            motion.rig, motion.belly_scale, chest_scale=motion.chest_scale, grounded=motion.grounded
        )
        scene = Mesh(posed.vertices, self.body.faces, self.face_rgb)
        extras = self._extras_at(t_s, posed, motion.rig)
        scene = join([scene, *extras]) if extras else scene
        rendered = render_frame(
            self.camera,
            self.room_image,
            vertices=scene.vertices,
            faces=scene.faces,
            face_rgb=scene.face_rgb,
            lighting=self.look.lighting,
            rng=rng,
        )
        return rendered, frame_truth(posed.joints, motion.rig, self.camera, rendered.depth)


def _extras_doc(scene: Scene) -> dict[str, object]:
    """The prop and the second person in truth.json (nothing when there are none)."""
    doc: dict[str, object] = {}
    if scene.prop is not None:
        doc["prop"] = scene.prop[0]
    if scene.second is not None:
        doc["second_person"] = {"kind": scene.second.kind, "does": scene.second.note}
    return doc


def render_clip(spec: SynthSpec, out_dir: Path) -> SynthResult:
    """Render `spec` into `out_dir` (created) as clip.mp4 and truth.json."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    scene = Scene.of(spec)
    script, camera = scene.script, scene.camera
    rng = np.random.default_rng(spec.seed + 1)
    frame_count = max(1, math.floor(script.duration_s * spec.fps))
    images: list[np.ndarray] = []
    frames: list[dict[str, object]] = []
    for index in range(frame_count):
        timestamp_ms = round(index * 1000.0 / spec.fps)
        rendered, truth = scene.render_at(timestamp_ms / 1000.0, rng)
        images.append(rendered.image_bgr)
        frames.append({"index": index, "timestamp_ms": timestamp_ms, **truth})
    clip_path = out_dir / "clip.mp4"
    _write_video(clip_path, images, spec.fps)
    truth_doc = {
        "spec": spec.to_dict(),
        "exercise": spec.exercise,
        "variant": script.variant,
        "side": script.side,
        "view": spec.view,
        "fps": spec.fps,
        "frame_count": frame_count,
        "duration_s": round(frame_count / spec.fps, 3),
        "image_size_px": [spec.width_px, spec.height_px],
        "camera": {
            "position_m": [round(float(v), 3) for v in camera.position],
            "hfov_deg": camera.hfov_deg,
        },
        "landmark_names": [joint.name.lower() for joint in LANDMARKS],
        "reps": [
            {
                "start_ms": _ms(r.start_s),
                "top_ms": _ms(r.top_s),
                "top_end_ms": _ms(r.top_end_s),
                "end_ms": _ms(r.end_s),
            }
            for r in script.reps
        ],
        "holds": [
            {"start_ms": _ms(h.start_s), "end_ms": _ms(h.end_s), "side": h.side}
            for h in script.holds
        ],
        "breaths_ms": [_ms(t) for t in script.breaths_s],
        "breath_rate_bpm": script.breath_rate_bpm,
        **_extras_doc(scene),
        "frames": frames,
    }
    truth_path = out_dir / "truth.json"
    truth_path.write_text(json.dumps(truth_doc, separators=(",", ":")))
    return SynthResult(clip_path, truth_path, frame_count, time.perf_counter() - started)
