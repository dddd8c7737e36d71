"""Rep counting on one scalar signal, with thresholds relative to this patient's own range.

A rep is rest -> up -> rest on a signal (an angle in degrees) that rises from a rest level
and comes back. The rest level (*baseline*) is a low value (the 20th percentile) of the
last `rest_window_ms` of rest: not the lowest, which at 10 frames a second is one misread
frame's (landmark noise of 3 deg read a rest of 12.7 deg among 18-25, and the next
frames at rest "rose" into a rep). Two thresholds give hysteresis: the signal leaves rest once it
is `enter_frac` of the *reference range* above the baseline, and is back at rest once it
has come down into the lowest `exit_frac` of this rep's own excursion. The exit is
measured from the rep's peak, so a patient whose knees close less between reps than at
the start (a drifting rest level) is still counted. Jitter around either level cannot
make reps: a rep must rise well above the rest level, then fall by half of its own
excursion, which must be at least `min_range` (above landmark jitter). Each crossing must
hold for `confirm_ms`, a rep must stay up `min_up_ms` and rest must last `min_rest_ms`.

The reference range starts at a prior and is then the median excursion of the last few
reps, so a stiff hip (small range) and a supple one (large range) are both counted.

Each sample is the median of the samples of the last `median_ms` (three frames at 30 fps),
so a one-frame spike (a misread landmark) neither starts nor ends a rep; the window is
time, not a frame count, so a slow stream (10 fps, frames lost) is not delayed by it. A
`None` sample (pose lost) pauses the counter: it never makes or breaks a rep. A gap longer
than `max_gap_ms` in the middle of a
rep drops that rep, as it was never seen to finish. Time comes only from the samples'
`timestamp_ms`.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass
from typing import Literal

__all__ = ["CounterConfig", "RepCounter", "RepResult", "Sample"]

Phase = Literal["rest", "up"]
Sample = tuple[int, float]  # (timestamp_ms, value)


@dataclass(frozen=True, slots=True)
class CounterConfig:
    """Thresholds of a rep counter. Signal units are the exercise's (degrees)."""

    prior_range: float  # excursion assumed before the first rep is seen
    min_range: float  # smallest excursion that is a rep: well above landmark jitter
    enter_frac: float = 0.3  # leave rest above baseline + enter_frac * reference range
    exit_frac: float = 0.5  # back at rest in the lowest exit_frac of this rep's excursion
    confirm_ms: int = 60  # a crossing must hold this long (two frames at 30 fps)
    min_up_ms: int = 200  # up for less than this is a twitch, not a rep (a fast rep: 400+)
    min_rest_ms: int = 150  # rest between two reps lasts at least this
    max_gap_ms: int = 1500  # pose lost longer than this mid-rep drops the rep
    learn_reps: int = 3  # reference range = median excursion of the last this many reps
    rest_window_ms: int = 1500  # the baseline is a low value (20th pct) of this much rest
    finish_drop_frac: float = 0.15  # at end of stream, a rep this far down from its top counts
    start_frac: float = 0.1  # a rep starts when it leaves the lowest tenth of its excursion
    top_frac: float = 0.8  # lift and lowering are timed between exit_frac and this
    median_ms: int = 80  # each sample is the median of this much stream time
    max_frame_gap_ms: int = 250  # a longer wait for the next sample is unseen time

    def __post_init__(self) -> None:
        if not 0.0 < self.min_range <= self.prior_range:
            raise ValueError(
                f"CounterConfig needs 0 < min_range <= prior_range, got "
                f"{self.min_range} and {self.prior_range}"
            )
        for name in ("enter_frac", "exit_frac"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ValueError(
                    f"CounterConfig.{name} must be in (0, 1), got {getattr(self, name)}"
                )


@dataclass(frozen=True, slots=True)
class RepResult:
    """One completed rep; times in ms of the stream, values in signal units."""

    start_ms: int
    peak_ms: int
    end_ms: int
    baseline: float
    peak: float
    lift_s: float  # time through the middle of the lift (exit_frac -> top_frac)
    lower_s: float  # time through the middle of the lowering (top_frac -> exit_frac)
    reference_range: float  # the patient's usual excursion before this rep
    samples: tuple[Sample, ...]  # the rep's samples, from just before it left rest

    @property
    def excursion(self) -> float:
        return self.peak - self.baseline


class RepCounter:
    """Counts rest -> up -> rest on one signal; one `update` per sample, in time order."""

    def __init__(self, config: CounterConfig) -> None:
        self.config = config
        self._excursions: deque[float] = deque(maxlen=config.learn_reps)
        self.reset()

    def reset(self) -> None:
        """Forget the rest level and any rep in progress (the learned range is kept)."""
        self.baseline: float | None = None
        self.phase: Phase = "rest"
        self._last_ms: int | None = None
        self._prev_update_ms = 0  # the update before the latest one (with or without a pose)
        self._seen_ms: int | None = None
        self._cross_ms: int | None = None
        self._rest_since_ms: int | None = None
        self._up_since_ms = 0
        self._pre: deque[Sample] = deque()
        # The seen-time clock of each rest sample: time with no pose does not age the rest
        # level (a patient lost from view for a second comes back with the same rest).
        self._pre_seen: deque[int] = deque()
        self._seen_clock = 0
        self._trace: list[Sample] = []
        self._peak = -math.inf  # the highest value of the rep in progress
        self._recent: deque[Sample] = deque()  # raw samples of the last median_ms
        self._low = math.inf  # the lowest value since the peak of the rep in progress

    @property
    def reference_range(self) -> float:
        c = self.config
        learned = statistics.median(self._excursions) if self._excursions else c.prior_range
        return max(c.min_range, learned)

    def unlearn(self, rep: RepResult) -> None:
        """`rep`, the latest, was not the exercise (another movement the engine dropped):
        its excursion does not set the patient's range (a misread top of 207 deg taught
        a range of 86, and the real reps of 28 after it never left rest)."""
        if self._excursions and self._excursions[-1] == rep.excursion:
            self._excursions.pop()

    def level(self, frac: float) -> float:
        """Baseline + frac * reference range (nan before the first sample)."""
        return math.nan if self.baseline is None else self.baseline + frac * self.reference_range

    @property
    def peak(self) -> float | None:
        return self._peak if self._trace else None

    def update(self, timestamp_ms: int, value: float | None) -> RepResult | None:
        if self._last_ms is not None and timestamp_ms < self._last_ms:
            raise ValueError(
                f"RepCounter needs time order: {timestamp_ms} ms after {self._last_ms}"
            )
        self._prev_update_ms = self._last_ms if self._last_ms is not None else timestamp_ms
        self._last_ms = timestamp_ms
        if value is None:
            gap = timestamp_ms - (self._seen_ms if self._seen_ms is not None else timestamp_ms)
            if self.phase == "up" and gap > self.config.max_gap_ms:
                # The rep is dropped, and the rest before it is history: what comes back
                # into view starts a new rest level.
                self._back_to_rest(timestamp_ms)
            return None
        self._seen_ms = timestamp_ms
        self._recent.append((timestamp_ms, value))
        while self._recent[0][0] < timestamp_ms - self.config.median_ms:
            self._recent.popleft()
        value = statistics.median(v for _, v in self._recent)
        if self.baseline is None:
            self.baseline, self._rest_since_ms = value, timestamp_ms
        if self.phase == "rest":
            self._rest(timestamp_ms, value)
            return None
        return self._up(timestamp_ms, value)

    def finish(self, timestamp_ms: int) -> RepResult | None:
        """End of stream: a rep that passed its top and is clearly coming down counts."""
        if self.phase != "up" or not self._trace or self.baseline is None:
            return None
        peak = max(v for _, v in self._trace)
        last = self._trace[-1][1]
        up_ms = self._trace[-1][0] - self._up_since_ms
        c = self.config
        # Clearly on its way down, or already back down but not yet confirmed (the stream
        # ended, or the patient got up, before a second sample could confirm the return).
        dropped = (peak - last) >= c.finish_drop_frac * (peak - self.baseline) or (
            self._low <= peak - (1.0 - c.exit_frac) * (peak - self.baseline)
        )
        if dropped and up_ms >= self.config.min_up_ms and self._big_enough(peak):
            return self._complete(self._trace[-1][0])
        return None

    def _big_enough(self, peak: float) -> bool:
        assert self.baseline is not None
        return peak - self.baseline >= self.config.min_range

    def _rest(self, t: int, v: float) -> None:
        assert self._rest_since_ms is not None
        c = self.config
        if self._pre:
            self._seen_clock += min(t - self._pre[-1][0], c.max_frame_gap_ms)
        self._pre.append((t, v))
        self._pre_seen.append(self._seen_clock)
        while self._pre_seen[0] < self._seen_clock - c.rest_window_ms:
            self._pre.popleft()
            self._pre_seen.popleft()
        rest = sorted(val for _, val in self._pre)
        self.baseline = rest[len(rest) // 5]  # the 20th percentile (see the module doc)
        if v < self.level(c.enter_frac):
            self._cross_ms = None
            return
        if self._cross_ms is None:
            self._cross_ms = t
        rested = self._cross_ms - self._rest_since_ms >= c.min_rest_ms
        if t - self._cross_ms >= c.confirm_ms and rested:
            self.phase, self._up_since_ms = "up", self._cross_ms
            self._trace = list(self._pre)
            self._peak = max(val for _, val in self._trace)
            self._low = math.inf
            self._cross_ms = None

    def _up(self, t: int, v: float) -> RepResult | None:
        c = self.config
        assert self.baseline is not None
        exit_level = self._peak - (1.0 - c.exit_frac) * (self._peak - self.baseline)
        if (
            self._cross_ms is not None
            and v > exit_level
            and t - self._prev_update_ms > c.confirm_ms
        ):
            # Back down, then no frame at all for longer than a confirmation takes (a slow
            # or stalled stream; frames with the pose lost are not such a gap): nothing
            # seen contradicted the return, so it held. The rep ends there; this sample
            # starts the rest.
            end_ms = self._cross_ms
            if end_ms - self._up_since_ms >= c.min_up_ms and self._big_enough(self._peak):
                return self._complete(end_ms)
        self._trace.append((t, v))
        if v > self._peak:
            self._low = math.inf
        self._peak = peak = max(self._peak, v)
        self._low = min(self._low, v)
        if v > peak - (1.0 - c.exit_frac) * (peak - self.baseline):
            self._cross_ms = None
            return None
        if self._cross_ms is None:
            self._cross_ms = t
        if t - self._cross_ms < c.confirm_ms:
            return None
        end_ms = self._cross_ms
        if end_ms - self._up_since_ms < c.min_up_ms or not self._big_enough(peak):
            self._back_to_rest(t)
            return None
        return self._complete(end_ms)

    def _back_to_rest(self, t: int) -> None:
        self.phase, self._cross_ms, self._rest_since_ms = "rest", None, t
        self._pre = deque()
        self._pre_seen = deque()
        self._trace = []

    def _complete(self, end_ms: int) -> RepResult:
        assert self.baseline is not None
        c = self.config
        samples = tuple(s for s in self._trace if s[0] <= end_ms)
        peak_ms, peak = max(samples, key=lambda s: s[1])
        exc = peak - self.baseline
        low = self.baseline + c.exit_frac * exc
        top = self.baseline + c.top_frac * exc
        start = self.baseline + c.start_frac * exc
        rising = [s for s in samples if s[0] <= peak_ms]
        falling = [s for s in samples if s[0] >= peak_ms]
        start_ms = max((s[0] for s in rising if s[1] <= start), default=rising[0][0])
        lift_from = max((s[0] for s in rising if s[1] <= low), default=rising[0][0])
        lift_to = min((s[0] for s in rising if s[0] >= lift_from and s[1] >= top), default=peak_ms)
        lower_from = max((s[0] for s in falling if s[1] >= top), default=peak_ms)
        lower_to = min(
            (s[0] for s in falling if s[0] >= lower_from and s[1] <= low), default=falling[-1][0]
        )
        result = RepResult(
            start_ms=start_ms,
            peak_ms=peak_ms,
            end_ms=end_ms,
            baseline=self.baseline,
            peak=peak,
            lift_s=max(0, lift_to - lift_from) / 1000.0,
            lower_s=max(0, lower_to - lower_from) / 1000.0,
            reference_range=self.reference_range,
            samples=samples,
        )
        self._excursions.append(exc)
        self._back_to_rest(self._trace[-1][0])
        return result
