"""The binary landmark frame's layout (read by `server.live.landmark_frame`, written by
the page's `web/js/ondevice/frame.js` from the constants generated into
`web/js/protocol.js`): little-endian, a `HEADER`, then per person `FLOATS_PER_PERSON`
float32 (33 image [x, y, z], 33 world [x, y, z], 33 visibilities) and its signals."""

from __future__ import annotations

import numpy as np

from pose.joints import NUM_JOINTS

__all__ = ["FLOATS_PER_PERSON", "HEADER", "MAGIC", "POINTS"]

MAGIC = b"FCL1"
HEADER = np.dtype(
    [
        ("magic", "S4"),
        ("t_ms", "<f8"),  # the page's clock
        ("width", "<u2"),  # the image's, px
        ("height", "<u2"),
        ("people", "u1"),  # 0..MAX_PEOPLE
        ("signals", "u1"),  # per person: 0, or every signal the exercise measures
        ("pad", "<u2"),
        ("inference_ms", "<f4"),  # the browser's model time; NaN: not measured
    ]
)
POINTS = NUM_JOINTS * 3  # floats of one person's image (or world) landmarks
FLOATS_PER_PERSON = 2 * POINTS + NUM_JOINTS  # image, world, visibility
