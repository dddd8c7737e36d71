"""One `Progress` in words, in a language of the catalogue: the line the patient's
summary, the therapist's list, the report and the progress page all show, so a session
reads the same everywhere ("0 of 3 sets done, 1 of 12 reps in set 1")."""

from __future__ import annotations

from exercises.progress import Progress, SideProgress
from exercises.texts import LANGUAGES, catalogue

__all__ = ["progress_text", "progress_texts"]


def _say(key: str, lang: str, **params: object) -> str:
    text = catalogue()[key][lang]
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def _side(p: Progress, s: SideProgress, lang: str) -> str:
    parts = [_say("progress_sets", lang, done=s.sets_done, sets=p.sets)]
    if s.under_way:
        key = "progress_holds_in_set" if p.kind == "holds" else "progress_reps_in_set"
        parts.append(_say(key, lang, n=s.reps_in_set, m=p.reps, set=s.set_index))
    line = ", ".join(parts)
    if s.side is None:
        return line
    return _say("progress_side", lang, s=_say(s.side, lang), text=line)


def progress_text(p: Progress, lang: str) -> str:
    """The progress in words: time in position against the target, or per prescribed
    side the sets done and the set under way."""
    if p.kind == "time":
        return _say("progress_time", lang, a=_clock(p.time_s), b=_clock(p.time_target_s))
    return "; ".join(_side(p, s, lang) for s in p.sides)


def progress_texts(p: Progress) -> dict[str, str]:
    """language -> the words, for a page that shows them in the viewer's language."""
    return {lang: progress_text(p, lang) for lang in LANGUAGES}
