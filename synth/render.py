"""Shade and compose one frame: room, contact shadow, Lambert-shaded body, camera noise."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from synth.camera import Camera
from synth.raster import Fragments, rasterise
from synth.room import RoomImage, floor_shadow

__all__ = ["Lighting", "RenderedFrame", "render_frame"]

Mat = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Lighting:
    """A directional key light (unit vector towards the light) plus ambient, and noise."""

    direction: tuple[float, float, float]
    key: float
    ambient: float
    noise_sigma: float  # camera noise, 0-255 grey levels


@dataclass(frozen=True, slots=True)
class RenderedFrame:
    image_bgr: npt.NDArray[np.uint8]
    depth: Mat  # (H, W) metres to the body surface, inf off the body


def render_frame(
    camera: Camera,
    room_image: RoomImage,
    *,
    vertices: Mat,
    faces: npt.NDArray[np.int64],
    face_rgb: Mat,
    lighting: Lighting,
    rng: np.random.Generator,
) -> RenderedFrame:
    """Render the posed body (scene-frame `vertices`, per-face RGB 0-1) into the room."""
    w, h = camera.width_px, camera.height_px
    px, depth = camera.project(vertices)
    frags: Fragments = rasterise(px[faces], depth[faces], w, h)
    image = room_image.rgb.copy()
    shade = floor_shadow(room_image, vertices)
    image[room_image.floor_mask] *= shade[:, None]
    tri = vertices[faces[frags.face]]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-12)
    to_camera = camera.position[None, :] - tri[:, 0]
    flip = np.sum(normal * to_camera, axis=1) < 0  # light the side the camera sees
    normal[flip] *= -1.0
    lambert = np.clip(normal @ np.asarray(lighting.direction), 0.0, 1.0)
    # a little rim of sky light from above keeps the far side from going black
    sky = 0.5 + 0.5 * normal[:, 1]
    intensity = lighting.ambient * (0.7 + 0.3 * sky) + lighting.key * lambert
    rgb = face_rgb[frags.face] * intensity[:, None]
    flat = image.reshape(-1, 3)
    flat[frags.pixel] = rgb
    blurred = cv2.GaussianBlur(image.astype(np.float32), (3, 3), 0.6) * np.float32(255.0)
    blurred += rng.standard_normal(blurred.shape, dtype=np.float32) * np.float32(
        lighting.noise_sigma
    )
    out = np.clip(blurred, 0, 255).astype(np.uint8)
    return RenderedFrame(np.ascontiguousarray(out[:, :, ::-1]), frags.depth_map(w, h))
