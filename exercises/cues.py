"""Spoken / shown coaching cues: the catalogue (Dutch and English) and a scheduler.

Catalogue: `CUES` maps every FormFault, SetupHint and NotJudged code, plus the
key moments, to a `CueSpec` (priority, repeat cooldown, texts). Key-moment codes:
`ready` (ExerciseReady), `rep_done` (RepCompleted, text takes `{n}`), `lower_now`
(HoldReached: the hold is done, lower), `set_done` (SetCompleted, `{n}` = reps),
`pose_lost` (PoseLost). `cue_text(code, lang)` gives one text (for reports).

Scheduler: one per session; pure (time from `timestamp_ms`). Call it once per frame:

    scheduler = CueScheduler()
    cue = scheduler.offer(events, timestamp_ms)   # -> Cue | None
    if cue: say(cue.text["nl"])                   # Cue(code, priority, text={"nl", "en"})

Events become candidate cues; at most one cue is given per call, never within
`min_gap_ms` of the previous one, the highest priority first (ties: the newest). A code
is not repeated within its own cooldown, and a candidate not given within `max_wait_ms`
is dropped (stale coaching is worse than none). So a patient is coached, not nagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from exercises.events import (
    Event,
    ExerciseReady,
    FormFault,
    HoldReached,
    NotJudged,
    PoseLost,
    RepCompleted,
    SetCompleted,
    SetupHint,
)

__all__ = ["CUES", "LANGUAGES", "Cue", "CueConfig", "CueScheduler", "CueSpec", "cue_text"]

LANGUAGES = ("nl", "en")
# Priorities: safety first, then timing the patient acts on, form, setup, praise.
SAFETY, TIMING, FORM, SETUP, INFO = 40, 30, 20, 10, 0


@dataclass(frozen=True, slots=True)
class CueSpec:
    priority: int
    repeat_s: float  # the same cue is not given again within this
    nl: str
    en: str


def _f(nl: str, en: str, priority: int = FORM, repeat_s: float = 20.0) -> CueSpec:
    return CueSpec(priority, repeat_s, nl, en)


def _h(nl: str, en: str) -> CueSpec:
    return CueSpec(SETUP, 8.0, nl, en)


def _n(nl: str, en: str) -> CueSpec:
    """Not judged from this view: said once per span (timing: the patient acts on it)."""
    return CueSpec(TIMING, 30.0, nl, en)


CUES: dict[str, CueSpec] = {
    # Key moments.
    "ready": CueSpec(
        TIMING,
        30.0,
        "Goed zo, uw houding klopt. U kunt beginnen.",
        "Good, you're in position. Start when ready.",
    ),
    "rep_done": CueSpec(INFO, 0.0, "{n}", "{n}"),
    "lower_now": CueSpec(
        TIMING, 0.0, "Mooi vastgehouden. Laat nu rustig zakken.", "Well held. Now lower slowly."
    ),
    "set_done": CueSpec(
        TIMING,
        0.0,
        "Serie klaar: {n} herhalingen. Neem even rust.",
        "Set done: {n} reps. Take a rest.",
    ),
    "pose_lost": CueSpec(
        TIMING,
        15.0,
        "Ik zie u niet goed. Blijft u in beeld.",
        "I can't see you well. Stay in view.",
    ),
    # Framing (pose.view).
    "move_into_view": _h("Ga helemaal in beeld liggen.", "Move fully into view."),
    "come_closer": _h("Kom wat dichter bij de camera.", "Come a little closer to the camera."),
    # Not judged from this view (exercises.judgeable): why, and what to change.
    "not_judged_too_small": _n(
        "U bent te klein in beeld om de oefening te beoordelen. Zet de camera dichterbij, "
        "ongeveer 2 meter van u af.",
        "You are too small in the picture to judge the exercise. Put the camera closer, "
        "about 2 m away.",
    ),
    "not_judged_out_of_frame": _n(
        "Een deel van uw lichaam valt buiten beeld, zo kan ik de oefening niet beoordelen. "
        "Zet de camera verder weg, zodat u van schouders tot voeten in beeld bent.",
        "Part of your body is out of the picture, so I can't judge the exercise. Move the "
        "camera back, so that you are in view from shoulders to feet.",
    ),
    "bridge_not_judged_lengthwise": _n(
        "Van de hoofd- of voetenkant kan ik de brug niet beoordelen. Zet de camera naast u, "
        "op heuphoogte, 2 meter van u af.",
        "I can't judge the bridge from your head or feet end. Put the camera beside you, "
        "at hip height, 2 m away.",
    ),
    "bridge_not_judged_view": _n(
        "Vanuit deze hoek kan ik de brug niet beoordelen. Zet de camera naast u, "
        "op heuphoogte, 2 meter van u af.",
        "I can't judge the bridge from this angle. Put the camera beside you, "
        "at hip height, 2 m away.",
    ),
    "clamshell_not_judged_lengthwise": _n(
        "Van de hoofd- of voetenkant kan ik de schelpoefening niet beoordelen. Zet de camera "
        "voor u, aan uw buikkant, laag bij de grond, 2 meter van u af.",
        "I can't judge the clamshell from your head or feet end. Put the camera in front of "
        "you, on your belly side, low to the floor, 2 m away.",
    ),
    "clamshell_not_judged_view": _n(
        "Vanuit deze hoek kan ik de schelpoefening niet beoordelen. Zet de camera voor u, "
        "aan uw buikkant, laag bij de grond, 2 meter van u af.",
        "I can't judge the clamshell from this angle. Put the camera in front of you, "
        "on your belly side, low to the floor, 2 m away.",
    ),
    "stretch_not_judged_view": _n(
        "Zo kan ik de rekoefening niet beoordelen: ik moet u van opzij zien. Zet de camera "
        "naast u, op heuphoogte, 2 meter van u af.",
        "I can't judge the stretch unless I see you from the side. Put the camera beside "
        "you, at hip height, 2 m away.",
    ),
    "breathing_not_judged_lengthwise": _n(
        "Van de hoofd- of voetenkant zie ik uw buik niet bewegen. Zet de camera naast u, "
        "ter hoogte van uw buik, 2 meter van u af.",
        "From your head or feet end I can't see your belly move. Put the camera beside you, "
        "level with your belly, 2 m away.",
    ),
    "breathing_not_judged_view": _n(
        "Vanuit deze hoek zie ik uw buik niet bewegen. Zet de camera naast u, "
        "ter hoogte van uw buik, 2 meter van u af.",
        "From this angle I can't see your belly move. Put the camera beside you, "
        "level with your belly, 2 m away.",
    ),
    "breathing_not_judged_unseen": _n(
        "Ik zie u niet liggen, dus ik kan uw ademhaling niet volgen. Zet de camera naast u, "
        "op vloer- of tafelhoogte, 2 meter van u af, met uw hele lichaam in beeld.",
        "I can't see you lying there, so I can't follow your breathing. Put the camera "
        "beside you, at floor or table height, 2 m away, with all of you in the picture.",
    ),
    # Bridge.
    "bridge_lie_on_back": _h(
        "Ga op uw rug liggen, knieën gebogen, voeten plat.",
        "Lie on your back, knees bent, feet flat.",
    ),
    "bridge_bend_knees": _h(
        "Buig uw knieën en zet uw voeten plat op de grond.",
        "Bend your knees and put your feet flat on the floor.",
    ),
    "bridge_too_low": _f("Til uw bekken iets hoger op.", "Lift your hips a little higher."),
    "bridge_arching": _f(
        "Niet te hoog: houd uw onderrug recht, span uw buik aan.",
        "Not too high: keep your lower back straight, brace your belly.",
        SAFETY,
    ),
    "bridge_hold_too_short": _f(
        "Houd de brug wat langer vast.", "Hold the bridge a little longer."
    ),
    "bridge_too_fast": _f(
        "Rustiger: langzaam omhoog en langzaam omlaag.", "Slower: lift and lower slowly."
    ),
    "bridge_knees_falling_in": _f(
        "Houd uw knieën op heupbreedte, niet naar binnen.",
        "Keep your knees hip-width apart, not falling in.",
    ),
    "bridge_knees_falling_out": _f(
        "Laat uw knieën niet naar buiten vallen.", "Don't let your knees fall outwards."
    ),
    "bridge_hip_dropping": _f(
        "Houd uw bekken recht, beide heupen even hoog.",
        "Keep your pelvis level, both hips equally high.",
    ),
    "bridge_heels_lifting": _f("Houd uw hielen op de grond.", "Keep your heels on the floor."),
    # Clamshell.
    "clamshell_lie_on_side": _h(
        "Ga op uw zij liggen, knieën gebogen, voeten op elkaar.",
        "Lie on your side, knees bent, feet together.",
    ),
    "clamshell_bend_knees": _h(
        "Buig uw knieën ongeveer 90 graden.", "Bend your knees to about 90 degrees."
    ),
    "clamshell_turn_over": _h(
        "Draait u zich om: nu de andere kant.", "Turn over: now the other side."
    ),
    "clamshell_opening_too_small": _f(
        "Open uw knie iets verder.", "Open your knee a little further."
    ),
    "clamshell_too_fast": _f("Rustiger openen en sluiten.", "Open and close more slowly."),
    "clamshell_feet_apart": _f("Houd uw voeten tegen elkaar.", "Keep your feet together."),
    "clamshell_pelvis_rolling_back": _f(
        "Houd uw bekken stil, niet naar achteren rollen.",
        "Keep your pelvis still, don't roll back.",
    ),
    "clamshell_knees_not_bent": _f(
        "Buig uw knieën meer, ongeveer 90 graden.", "Bend your knees more, to about 90 degrees."
    ),
    # Hip flexor stretch (exercises.hip_flexor).
    "stretch_get_in_position": _h(
        "Ga in halfknielende houding zitten, één voet voor.",
        "Get into half-kneeling, one foot forward.",
    ),
    "stretch_switch_side": _h("Wissel van been.", "Switch legs."),
    "stretch_trunk_lean_forward": _f(
        "Houd uw romp rechtop, niet voorover leunen.",
        "Keep your trunk upright, don't lean forward.",
    ),
    "stretch_trunk_lean_back": _f(
        "Niet achterover leunen, romp rechtop.", "Don't lean back, keep your trunk upright."
    ),
    "stretch_front_knee_past_foot": _f(
        "Uw voorste knie niet voorbij uw voet.", "Keep your front knee behind your toes."
    ),
    "stretch_position_lost": _f("Blijf in de rekhouding.", "Stay in the stretch position."),
    "stretch_camera_to_side": _h(
        "Zet de camera naast u, zodat hij u van opzij ziet.",
        "Put the camera beside you, so it sees you from the side.",
    ),
    # Belly breathing (exercises.breathing).
    "breathing_get_in_position": _h(
        "Ga op uw rug liggen, knieën gebogen, handen op uw buik.",
        "Lie on your back, knees bent, hands on your belly.",
    ),
    "breathing_hands_on_belly": _h("Leg uw handen op uw buik.", "Put your hands on your belly."),
    "breathing_camera_to_side": _h(
        "Zet de camera naast u, ter hoogte van uw buik.",
        "Put the camera beside you, level with your belly.",
    ),
    "breathing_too_fast": _f(
        "Adem rustiger, langzaam in en uit.", "Breathe more slowly, in and out."
    ),
    "breathing_chest": _f(
        "Adem naar uw buik, niet naar uw borst.", "Breathe into your belly, not your chest."
    ),
}


def cue_text(code: str, lang: str = "en", n: int | None = None) -> str:
    """The text of one cue; an unknown code gives the code in words, never an error."""
    spec = CUES.get(code)
    if spec is None:
        return code.replace("_", " ")
    text = spec.nl if lang == "nl" else spec.en
    return text.format(n=n if n is not None else "")


@dataclass(frozen=True, slots=True)
class Cue:
    code: str
    priority: int
    text: Mapping[str, str]  # language ("nl", "en") -> text


@dataclass(frozen=True, slots=True)
class CueConfig:
    min_gap_ms: int = 2500  # between any two cues: time to say and hear one
    max_wait_ms: int = 4000  # a cue not given by then is dropped


def _candidate(event: Event) -> tuple[str, int | None] | None:
    """The cue an event asks for: (code, number for the text) or None."""
    if isinstance(event, FormFault | SetupHint | NotJudged):
        return event.code, None
    if isinstance(event, RepCompleted):
        return "rep_done", event.rep_in_set
    if isinstance(event, SetCompleted):
        return "set_done", event.reps
    if isinstance(event, HoldReached):
        return "lower_now", None
    if isinstance(event, ExerciseReady):
        return "ready", None
    if isinstance(event, PoseLost):
        return "pose_lost", None
    return None


@dataclass
class CueScheduler:
    """Turns events into at most one cue per call; see the module docstring."""

    config: CueConfig = field(default_factory=CueConfig)
    _pending: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # code -> (t, n)
    _last_ms: int | None = None
    _said_ms: dict[str, int] = field(default_factory=dict)

    def offer(self, events: Iterable[Event], timestamp_ms: int) -> Cue | None:
        for event in events:
            candidate = _candidate(event)
            if candidate is not None:
                self._pending[candidate[0]] = (timestamp_ms, candidate[1])
        self._pending = {
            code: (t, n)
            for code, (t, n) in self._pending.items()
            if timestamp_ms - t <= self.config.max_wait_ms and self._may_repeat(code, timestamp_ms)
        }
        if not self._pending:
            return None
        if self._last_ms is not None and timestamp_ms - self._last_ms < self.config.min_gap_ms:
            return None
        code = max(self._pending, key=lambda c: (self._priority(c), self._pending[c][0]))
        _, n = self._pending.pop(code)
        self._last_ms = timestamp_ms
        self._said_ms[code] = timestamp_ms
        return Cue(
            code,
            self._priority(code),
            {lang: cue_text(code, lang, n) for lang in LANGUAGES},
        )

    @staticmethod
    def _priority(code: str) -> int:
        spec = CUES.get(code)
        return spec.priority if spec is not None else FORM

    def _may_repeat(self, code: str, timestamp_ms: int) -> bool:
        said = self._said_ms.get(code)
        spec = CUES.get(code)
        repeat_ms = 1000.0 * (spec.repeat_s if spec is not None else 20.0)
        return said is None or timestamp_ms - said >= repeat_ms
