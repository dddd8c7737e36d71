"""The contract every exercise engine keeps: `update(observation) -> list[Event]`.

Exercise engines are pure: frames in, events out. Time comes only from
`Observation.timestamp_ms`; there is no clock, no I/O and no mediapipe/cv2/fastapi here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

from exercises.events import Event, SideName
from pose.types import Observation

if TYPE_CHECKING:  # exercises.progress builds on Prescription, below
    from exercises.progress import Progress

__all__ = [
    "PRESCRIPTION_LIMITS",
    "SIDE_CHOICES",
    "WHOLE_FIELDS",
    "Exercise",
    "ExerciseStatus",
    "FieldError",
    "Prescription",
    "SideChoice",
    "run_stream",
]

SideChoice = Literal["left", "right", "both"]
SIDE_CHOICES: tuple[SideChoice, ...] = ("both", "left", "right")

# The one place a dose's bounds live: Prescription checks them, the therapist's page gets
# them with each exercise (`/api/exercises`). (lowest, highest) per numeric field.
PRESCRIPTION_LIMITS: dict[str, tuple[float, float]] = {
    "reps": (1, 100),
    "sets": (1, 20),
    "hold_s": (0.0, 600.0),
    "rest_s": (0.0, 900.0),
    "duration_s": (0.0, 3600.0),
    "pace_in_s": (1.0, 15.0),
    "pace_out_s": (1.0, 15.0),
    "sessions_per_week": (1, 14),  # 14: twice a day
}
_UNITS = {"hold_s": " s", "rest_s": " s", "duration_s": " s", "pace_in_s": " s", "pace_out_s": " s"}
WHOLE_FIELDS = ("reps", "sets", "sessions_per_week")  # counts: a fraction is refused


class FieldError(ValueError):
    """One field of a value broke a rule: the field, a code the page has a text for
    (`FieldError.CODES`), and the bounds for `out_of_range` / `too_long`."""

    CODES = (
        "out_of_range",
        "not_a_number",
        "not_whole",
        "not_a_choice",
        "too_long",
        "too_short",
        "required",
        "wrong_password",
    )

    def __init__(
        self,
        field: str,
        code: str,
        message: str,
        *,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        if code not in self.CODES:
            raise ValueError(f"FieldError code must be one of {self.CODES}, got {code!r}")
        super().__init__(message)
        self.field, self.code, self.low, self.high = field, code, low, high

    def to_wire(self) -> dict[str, object]:
        out: dict[str, object] = {"field": self.field, "code": self.code}
        if self.low is not None:
            out["min"] = self.low
        if self.high is not None:
            out["max"] = self.high
        return out


@dataclass(frozen=True, slots=True)
class Prescription:
    """What the therapist prescribed for one exercise.

    `reps` per set (for hold exercises: holds per side), `hold_s` the target hold,
    `rest_s` the rest between sets, `side` for one-sided exercises, and
    `duration_s` for timed exercises (breathing). `sessions_per_week` is how often the
    exercise is planned (the clinic's scheme: daily, 7), what adherence is counted against.
    """

    reps: int = 10
    sets: int = 3
    hold_s: float = 5.0
    rest_s: float = 60.0
    side: SideChoice = "both"
    duration_s: float = 0.0
    # The breathing pacer: breathe in for `pace_in_s`, out for `pace_out_s` (4 + 6 s is
    # 6 breaths a minute). Other exercises ignore them.
    pace_in_s: float = 4.0
    pace_out_s: float = 6.0
    sessions_per_week: int = 7

    def __post_init__(self) -> None:
        """Raises `FieldError` (a ValueError) naming the first field that breaks a rule."""
        for name, (low, high) in PRESCRIPTION_LIMITS.items():
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise FieldError(
                    name, "not_a_number", f"Prescription.{name} must be a number, got {value!r}"
                )
            if name in WHOLE_FIELDS and not isinstance(value, int):  # 5.0 too: an int is sent as 5
                raise FieldError(
                    name, "not_whole", f"Prescription.{name} must be whole, got {value}"
                )
            if not low <= value <= high:
                unit = _UNITS.get(name, "")
                raise FieldError(
                    name,
                    "out_of_range",
                    f"Prescription.{name} must be {low:g}-{high:g}{unit}, got {value}",
                    low=low,
                    high=high,
                )
        if self.side not in SIDE_CHOICES:
            raise FieldError(
                "side",
                "not_a_choice",
                f"Prescription.side must be left, right or both, got {self.side!r}",
            )

    def sides(self, one_sided: bool) -> tuple[SideName | None, ...]:
        """The sides prescribed, in order: (None,) for a two-sided exercise (both at
        once); for a one-sided one the therapist's side, or left then right."""
        if not one_sided:
            return (None,)
        return ("left", "right") if self.side == "both" else (self.side,)


@dataclass(frozen=True, slots=True)
class ExerciseStatus:
    """What a live overlay shows after each frame."""

    phase: str  # e.g. "setup", "rest", "up", "top", "down", "hold", "breathe"
    ready: bool  # the start position was reached and counting runs
    angle_deg: float | None  # the key angle being measured, if any
    angle_name: str | None  # e.g. "hip_extension"
    hold_s: float  # the running hold (belly breathing: the session's time in position)
    side: SideName | None
    progress: Progress  # sets, reps per side, the next side, done (`exercises.progress`)
    breaths: int | None = None
    breath_rate_bpm: float | None = None


class Exercise(Protocol):
    """One exercise engine for one session. One `update` per frame, in time order."""

    name: ClassVar[str]
    one_sided: ClassVar[bool]

    def update(self, observation: Observation) -> list[Event]:
        """Feed one frame's observation (pose or None); returns the events it caused."""
        ...

    def finish(self, timestamp_ms: int) -> list[Event]:
        """End of stream: close a rep that has clearly passed its top, end a running hold."""
        ...

    @property
    def status(self) -> ExerciseStatus:
        """The live state for an overlay."""
        ...


def run_stream(engine: Exercise, observations: Iterable[Observation]) -> list[Event]:
    """Every event of a whole recorded stream: each observation in order, then `finish`
    at the last timestamp (0 for an empty stream)."""
    events: list[Event] = []
    last_ms = 0
    for obs in observations:
        events += engine.update(obs)
        last_ms = obs.timestamp_ms
    return events + engine.finish(last_ms)
