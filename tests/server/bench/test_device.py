"""The device bench's reading figures: both forms of the same messages are read into the
session's typed value, and each figure is a positive time (how fast is the bench's
business, `formcheck bench`, not a test's)."""

from __future__ import annotations

from server.bench.device import read_costs
from server.offline.recorder import DeviceFrame
from tests.server.replay import bridge_recording


def test_read_costs_times_both_forms_of_the_same_messages() -> None:
    frames = [
        DeviceFrame(float(o.timestamp_ms), [] if o.pose is None else [o.pose], [{}])
        for o in bridge_recording()[:40]
    ]
    costs = read_costs(frames, runs=2)
    assert set(costs) == {
        "device_read_us_binary",
        "device_read_us_json",
        "device_read_json_over_binary",
    }
    assert all(v > 0 for v in costs.values()), costs
