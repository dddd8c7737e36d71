"""Debounced form faults: a fault is reported once it has lasted, and once per episode."""

from __future__ import annotations

from exercises.events import FormFault, SideName

__all__ = ["FaultGate"]


class FaultGate:
    """Per fault code: report after `min_s` of continuous fault, then not again until reset.

    One frame of landmark jitter over a threshold is not a fault; a patient who stays in a
    fault hears about it once per hold (the caller resets at each new hold).
    """

    def __init__(self, min_s: float) -> None:
        if not min_s >= 0.0:
            raise ValueError(f"FaultGate min_s must be >= 0, got {min_s}")
        self._min_ms = min_s * 1000.0
        self._since_ms: dict[str, int] = {}
        self._reported: set[str] = set()

    @property
    def reported(self) -> tuple[str, ...]:
        """Codes reported since the last reset, sorted."""
        return tuple(sorted(self._reported))

    def reset(self) -> None:
        self._since_ms.clear()
        self._reported.clear()

    def update(
        self,
        timestamp_ms: int,
        code: str,
        active: bool,
        value: float | None = None,
        side: SideName | None = None,
    ) -> list[FormFault]:
        if not active:
            self._since_ms.pop(code, None)
            return []
        since = self._since_ms.setdefault(code, timestamp_ms)
        if code in self._reported or timestamp_ms - since < self._min_ms:
            return []
        self._reported.add(code)
        return [FormFault(timestamp_ms=timestamp_ms, code=code, side=side, value=value)]
