"""Every text the patient sees or hears, in Dutch and English: the one catalogue.

The texts are data, in `texts.json` beside this module (a translator edits that file
alone): `{"about": [...], "texts": {key: {"nl": text, "en": text}}}`. Keys are the page's
own words, the codes the engines and the server send (cue, setup-hint and not-judged
codes, as they are) and `error_<code>` for the server's error codes. `{name}` in a text is
a parameter the program fills in; every language of a key has the same ones.

`catalogue()` reads and checks the file once (the package's own data, not a camera or a
database: the engines stay frames in, events out). The server serves it to the page
(`GET /api/texts`, `by_language()`); `exercises.cues` reads the spoken cues from it.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from importlib import resources

__all__ = [
    "LANGUAGES",
    "CatalogueError",
    "by_language",
    "catalogue",
    "check_catalogue",
    "held_s",
    "number",
]

LANGUAGES = ("nl", "en")  # Dutch first: the clinic's language
_PARAM = re.compile(r"\{([a-z_]+)\}")


def number(x: float, lang: str, digits: int = 1) -> str:
    """`x` rounded to `digits` decimals, written as `lang` writes it: Dutch with a decimal
    comma (1,4), English with a point (1.4). The one way every report and PDF writes a
    measured number (CSV and JSON stay machine numbers)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}, got {lang!r}")
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def held_s(seconds: float) -> float:
    """A time held, to the tenth below: never shown longer than it was held, so a 4.96 s
    hold against 5 s reads 4,9 ("not yet 5 s held"), not 5,0. The one rule for every
    hold a screen, report, PDF or CSV shows."""
    return math.floor(seconds * 10.0 + 1e-6) / 10.0


class CatalogueError(ValueError):
    """The catalogue file breaks a rule; the message names the key and the rule."""


def _params(text: str) -> set[str]:
    return set(_PARAM.findall(text))


def check_catalogue(raw: object) -> dict[str, dict[str, str]]:
    """The `texts` of a parsed catalogue file, checked: every key has a non-empty text in
    exactly the `LANGUAGES`, with the same `{parameters}` in each."""
    texts = raw.get("texts") if isinstance(raw, dict) else None
    if not isinstance(texts, dict) or not texts:
        raise CatalogueError(f"expected an object with a non-empty 'texts' object, got {raw!r:.80}")
    out: dict[str, dict[str, str]] = {}
    for key, entry in texts.items():
        if not isinstance(entry, dict):
            raise CatalogueError(f"{key}: expected {{language: text}}, got {entry!r:.60}")
        if set(entry) != set(LANGUAGES):
            missing, extra = set(LANGUAGES) - set(entry), set(entry) - set(LANGUAGES)
            raise CatalogueError(
                f"{key}: expected languages {list(LANGUAGES)}, "
                f"missing {sorted(missing)}, unknown {sorted(extra)}"
            )
        for lang, text in entry.items():
            if not isinstance(text, str) or not text.strip():
                raise CatalogueError(f"{key}: the {lang} text is empty or not text: {text!r}")
        first = entry[LANGUAGES[0]]
        for lang in LANGUAGES[1:]:
            if _params(entry[lang]) != _params(first):
                raise CatalogueError(
                    f"{key}: parameters differ, {LANGUAGES[0]} {sorted(_params(first))} "
                    f"vs {lang} {sorted(_params(entry[lang]))}"
                )
        out[key] = {lang: entry[lang] for lang in LANGUAGES}
    return out


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """key -> language -> text, read from `texts.json` once and checked."""
    source = resources.files("exercises").joinpath("texts.json")
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise CatalogueError(f"exercises/texts.json is not valid JSON: {err}") from None
    return check_catalogue(raw)


def by_language() -> dict[str, dict[str, str]]:
    """language -> key -> text: the catalogue as the page looks texts up."""
    texts = catalogue()
    return {lang: {key: entry[lang] for key, entry in texts.items()} for lang in LANGUAGES}
