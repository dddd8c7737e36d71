"""Single-person tracking while one person is in view, several when a second appears.

MediaPipe's landmarker asked for one pose tracks that person from frame to frame and
keeps them in views its detector finds hard (lying people filmed from the feet end);
asked for two, it re-runs the detector on every frame that shows fewer than two and
loses such people more often (see docs/synth_detection.md). So: watch with the
multi-person landmarker; after `calm_after_ms` with fewer than two people, track with
the single-person one, and let the multi-person one look again every `probe_every_ms`
so a second person (a therapist stepping in) brings person selection back into play.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from pose.closing import Closing
from pose.types import Frame, PoseFrame

__all__ = ["AdaptiveConfig", "AdaptiveEstimator", "ClosableEstimator"]


class ClosableEstimator(Protocol):
    def estimate(self, frame: Frame) -> list[PoseFrame]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class AdaptiveConfig:
    calm_after_ms: int = 2000  # this long with under two people: switch to single tracking
    probe_every_ms: int = 1000  # while single: look for a second person this often (~3% cost)


class AdaptiveEstimator(Closing):
    def __init__(
        self,
        single: ClosableEstimator,
        multi: ClosableEstimator,
        config: AdaptiveConfig | None = None,
    ) -> None:
        self.config = config or AdaptiveConfig()
        self._single = single
        self._multi = multi
        self.mode: Literal["single", "multi"] = "multi"
        self._crowd_ms: int | None = None  # last time two or more people were seen
        self._probe_ms = 0
        self._start_ms: int | None = None

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        now = frame.timestamp_ms
        if self._start_ms is None:
            self._start_ms = now
        if self.mode == "multi":
            poses = self._multi.estimate(frame)
            if len(poses) >= 2:
                self._crowd_ms = now
            calm_since = self._crowd_ms if self._crowd_ms is not None else self._start_ms
            if now - calm_since >= self.config.calm_after_ms:
                self.mode, self._probe_ms = "single", now
            return poses
        poses = self._single.estimate(frame)
        if now - self._probe_ms >= self.config.probe_every_ms:
            self._probe_ms = now
            crowd = self._multi.estimate(frame)
            if len(crowd) >= 2:
                self.mode, self._crowd_ms = "multi", now
                return crowd
        return poses

    def close(self) -> None:
        self._single.close()
        self._multi.close()
