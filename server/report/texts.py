"""The report's words, in the viewer's language, from the one catalogue (exercises/texts.json).

Every key the report names is a `"report_..."` literal in this package or its template,
or a catalogue key the page already uses (an exercise's name, a side, a fault's code).
"""

from __future__ import annotations

from dataclasses import dataclass

from exercises.cues import cue_text
from exercises.texts import LANGUAGES, catalogue, number

__all__ = ["ANGLE_KEYS", "SIDE_KEYS", "STATUS_KEYS", "Texts"]

STATUS_KEYS = {
    "complete": "report_status_complete",
    "stopped": "report_status_stopped",
    "abandoned": "report_status_abandoned",
    "analysed": "report_status_analysed",
}
SIDE_KEYS = {"left": "report_side_left", "right": "report_side_right", None: "report_side_both"}
ANGLE_KEYS = {
    "hip_extension": "report_angle_hip_extension",
    "thigh_opening": "report_angle_thigh_opening",
}


@dataclass(frozen=True, slots=True)
class Texts:
    language: str

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(
                f"report language must be one of {list(LANGUAGES)}, got {self.language!r}"
            )

    def __call__(self, key: str, **params: object) -> str:
        """The text of `key`, `{name}`s filled in; an unknown key fails naming it."""
        entry = catalogue().get(key)
        if entry is None:
            raise KeyError(f"no text {key!r} in exercises/texts.json")
        text = entry[self.language]
        for name, value in params.items():
            shown = self.num(value) if isinstance(value, float) else str(value)
            text = text.replace("{" + name + "}", shown)
        return text

    def num(self, x: float, digits: int = 1) -> str:
        """A measured number in the language's way (`exercises.texts.number`: 1,4 in Dutch)."""
        return number(x, self.language, digits)

    def code(self, code: str) -> str:
        """A fault's or a hint's text (the cue catalogue; an unknown code in words)."""
        return cue_text(code, self.language)

    def exercise(self, name: str) -> str:
        return self(f"ex_{name}") if f"ex_{name}" in catalogue() else name

    def side(self, side: str | None) -> str:
        return self(SIDE_KEYS.get(side, "report_side_both"))
