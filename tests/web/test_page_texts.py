"""Every text key the page uses is in the one catalogue (exercises/texts.json), the page
holds no texts of its own, and the catalogue holds none that nobody uses (no browser).

The page's keys are read from its source: each `t(...)`, `has(...)` and `pageCue(...)` (a
key the live page says and shows, app.js) call in web/js and each `data-i18n` attribute of
web/index.html. A call whose key is an expression, not a
literal, must be in `DYNAMIC` below, with the keys it can name taken from where they are
defined; a new one fails the test until it is added.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import get_args

from exercises.base import FieldError, SideChoice
from exercises.registry import SPECS
from exercises.texts import catalogue
from pose.types import Side
from server.jobs.checks import UPLOAD_ERRORS
from server.progress.model import FLAG_CODES
from server.progress.pain_advice import ADVICE_CODES
from server.store.intake import APPOINTMENT_REASONS, COMPLAINTS, WARNING_SIGNS
from server.store.privacy.audit import OBJECT_KINDS, Action
from server.store.signin_links import LINK_STATES, OPENED_STATES
from tests.server.codes import ROOT, error_codes, server_codes, setup_hints

WEB = ROOT / "web"
_CALL = re.compile(r"(?<![\w.$])(t|has|pageCue)\(")
_LITERAL = re.compile(r'^"([a-z0-9_]+)"$')


def _js(name: str) -> str:
    return (WEB / "js" / name).read_text(encoding="utf-8")


def _literals_in(name: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, _js(name)))


OPTIONAL: set[str] = set()  # a has()-guarded key: there may be none
# Call argument (as written) -> the keys it can name, from where they are defined.
DYNAMIC: dict[str, Callable[[], set[str]]] = {
    "`how_${ex}`": lambda: {f"how_{name}" for name in SPECS},
    "`demonstration_how_${exercise}`": lambda: {f"demonstration_how_{name}" for name in SPECS},
    # pictures.js: the main view's label, the side (beside the hip) or the front (belly).
    "`pic_${main}`": lambda: {
        "pic_side" if "side" in s.view_limits.views else "pic_front" for s in SPECS.values()
    },
    "`ex_${name}`": lambda: {f"ex_{name}" for name in SPECS},
    "s.hint": setup_hints,
    "state.connError": lambda: {f"error_{code}" for code in error_codes()},
    "turn": lambda: set(get_args(Side)),
    "status.side": lambda: set(get_args(Side)),
    "nextSide": lambda: set(get_args(Side)),
    "prog.next_side": lambda: set(get_args(Side)),  # the server's progress (status.js)
    "WORDS[phase]": lambda: _literals_in("pacer.js", r'breathe_\w+: "(\w+)"'),
    "label": lambda: _literals_in("plan.js", r'\w+: \["(col_\w+)"'),
    "`side_${side}`": lambda: {f"side_{s}" for s in get_args(SideChoice)},
    "`error_${err.code}`": lambda: {f"error_{code}" for code in FieldError.CODES},
    "`link_${link.state}`": lambda: {f"link_{s}" for s in LINK_STATES},
    "`signin_${state}`": lambda: {f"signin_{s}" for s in OPENED_STATES if s != "ok"},
    "message": lambda: {"saved", "patient_added"},  # the patient form's outcome
    "`flag_${flag.code}`": lambda: {f"flag_{c}" for c in FLAG_CODES},
    "`flag_short_${flag.code}`": lambda: {f"flag_short_{c}" for c in FLAG_CODES},
    "`flag_short_${f.code}`": lambda: {f"flag_short_{c}" for c in FLAG_CODES},
    "redFlag": lambda: set(WARNING_SIGNS),  # a red flag's ticked ones (server/store/intake.py)
    "`${key}s`": lambda: {f"{k}s" for k in _literals_in("summary.js", r'one\([^)]*, "(\w+)"\)')},
    "`error_${uploadError}`": lambda: {f"error_{code}" for code in UPLOAD_ERRORS},
    "`pose_mode_${source}`": lambda: {"pose_mode_device", "pose_mode_server"},  # live.js sources
    "`error_${refusal}`": lambda: {"error_refused", "error_demo_busy"},
    "`audit_${entry.action}`": lambda: {f"audit_{a}" for a in Action},  # the audit codes
    "`audit_object_${entry.object_kind}`": lambda: {
        f"audit_object_{k}" for k in OBJECT_KINDS.values()
    },
    # summary.js's counted words; intake.js's complaints, warning signs and reasons to make
    # an appointment (server/store/intake.py).
    "key": lambda: (
        _literals_in("summary.js", r'one\([^)]*, "(\w+)"\)')
        | set(COMPLAINTS + WARNING_SIGNS + APPOINTMENT_REASONS)
    ),
    # has()-guarded, an exercise's own wording or a phase's word (the page falls back).
    "own": lambda: OPTIONAL,
    "`phase_${status.phase}`": lambda: OPTIONAL,
    "advice.code": lambda: set(ADVICE_CODES),  # pain.js: the server's pain advice
    # app.js: a page cue's key, read from the pageCue(...) calls (its definition: none).
    "cue.key": lambda: OPTIONAL,
    # The data-i18n keys, read from index.html below.
    "el.dataset.i18n": lambda: OPTIONAL,
}


def _first_argument(source: str, start: int) -> str:
    """The first argument of the call whose "(" is at `start - 1`, as written."""
    depth, i, quote = 0, start, ""
    while i < len(source):
        c = source[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}" and depth:
            depth -= 1
        elif c in ",)" and not depth:
            return source[start:i].strip()
        i += 1
    raise AssertionError(f"unclosed call at {start}")


def _values(argument: str) -> list[str]:
    """The possible values of an argument: the branches of a ternary, or itself."""
    parts = re.split(r"\s[?:]\s", argument)
    if len(parts) == 1:
        return parts
    seps = re.findall(r"\s([?:])\s", argument)
    return [p for p, sep in zip(parts, [*seps, ":"], strict=True) if sep != "?"]


def page_keys() -> tuple[set[str], list[str]]:
    """(keys the page names, calls the test cannot read)."""
    keys: set[str] = set()
    unknown: list[str] = []
    for path in sorted((WEB / "js").glob("*.js")):
        source = path.read_text(encoding="utf-8")
        for match in _CALL.finditer(source):
            for value in _values(_first_argument(source, match.end())):
                literal = _LITERAL.match(value)
                if literal:
                    keys.add(literal.group(1))
                elif value in DYNAMIC:
                    keys |= DYNAMIC[value]()
                else:
                    unknown.append(f"{path.name}: {match.group(1)}({value})")
    html = (WEB / "index.html").read_text(encoding="utf-8")
    keys |= set(re.findall(r'data-i18n="([a-z0-9_]+)"', html))
    return keys, unknown


def test_every_key_the_page_uses_is_in_the_catalogue() -> None:
    keys, unknown = page_keys()
    assert not unknown, f"add these to DYNAMIC (the keys they can name): {unknown}"
    assert len(keys) > 100, f"read too few keys from the page: {sorted(keys)}"
    missing = sorted(keys - set(catalogue()))
    assert not missing, f"the page uses keys the catalogue lacks: {missing}"


def test_the_page_holds_no_texts_of_its_own() -> None:
    """index.html's data-i18n elements are empty (the catalogue fills them), and no
    script holds a table of texts."""
    html = (WEB / "index.html").read_text(encoding="utf-8")
    filled = re.findall(r'data-i18n="(\w+)"[^>]*>([^<]+)<', html)
    assert filled == [], f"texts copied into index.html: {filled}"
    for path in sorted((WEB / "js").glob("*.js")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(nl|en)\s*:\s*\{", source), f"{path.name} holds texts"


def test_every_text_in_the_catalogue_is_used() -> None:
    """A key neither the page nor the server names is a stale text (a renamed code)."""
    keys, _ = page_keys()
    for codes in server_codes().values():
        keys |= codes
    html = (WEB / "index.html").read_text(encoding="utf-8")
    bases = set(re.findall(r'data-i18n="([a-z0-9_]+)"', html))
    own = {f"{base}_{name}" for base in bases for name in SPECS}  # textFor's wording
    unused = sorted(k for k in catalogue() if k not in keys | own and not k.startswith("phase_"))
    assert unused == [], f"texts nobody uses: {unused}"
