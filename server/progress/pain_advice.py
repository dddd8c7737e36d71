"""Safety advice from a workout's pain scores (0-10, numeric rating scale): stop and
contact the therapist when the pain before exercising is `high_before` or more, or when
the pain after is `rise_after` or more above the pain before. The page says and shows it
(its text: the catalogue, by code); the workout keeps the code given, and the therapist
reads it first (the `pain_advice` flag, `server.progress.flags`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ADVICE_CODES", "ADVICE_RULES", "AdviceCode", "PainAdviceRules", "pain_advice"]

AdviceCode = Literal["pain_high_before", "pain_rose_after"]
ADVICE_CODES: tuple[AdviceCode, ...] = ("pain_high_before", "pain_rose_after")


@dataclass(frozen=True, slots=True)
class PainAdviceRules:
    high_before: int = 7  # points on the 0-10 scale: too much pain to start exercising
    rise_after: int = 2  # points: the exercises made the pain worse

    def __post_init__(self) -> None:
        if not (0 < self.high_before <= 10 and 0 < self.rise_after <= 10):
            raise ValueError(f"PainAdviceRules need points in 1-10, got {self}")


ADVICE_RULES = PainAdviceRules()


def pain_advice(
    before: int | None, after: int | None, rules: PainAdviceRules = ADVICE_RULES
) -> AdviceCode | None:
    """The advice the scores call for (a rise first: it is the newer news), or None."""
    if before is not None and after is not None and after - before >= rules.rise_after:
        return "pain_rose_after"
    if before is not None and before >= rules.high_before:
        return "pain_high_before"
    return None
