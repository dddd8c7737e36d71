"""JSON for the wire and the database: numpy scalars (which engines may put in an
event or a status) become plain numbers, and NaN or infinity become null (browsers
cannot parse them), instead of failing the frame. What arrives is read by `loads`,
which takes only strict JSON (RFC 8259: no NaN or Infinity) whose texts are text: no NUL
(PostgreSQL refuses it) and no lone surrogate (`"\\ud800"`: no UTF-8 can hold it, so
the database, a password hash and the answer itself would fail on it). Every JSON body
and socket message is read here: this is the one input check for every text field."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

__all__ = ["dumps", "loads"]


def _builtin(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable: {value!r:.80}")


def _finite(obj: Any) -> Any:
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def dumps(obj: Any) -> str:
    try:
        return json.dumps(obj, default=_builtin, allow_nan=False)
    except ValueError:  # a NaN or infinity somewhere: rare, so only then walk the value
        return json.dumps(_finite(obj), default=_builtin, allow_nan=False)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON (RFC 8259 has no NaN or Infinity)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text:.40} is out of a float's range")
    return value


# Only a number with an exponent of three digits or more, or of 300 digits or more, can
# be out of a float's range; a text without one is parsed without the per-float check (a
# landmark message holds ~230 floats: the check was most of its parse time). Both tests
# are cheap and err on the safe side: a long run between commas takes the checked path.
_BIG_EXPONENT = re.compile(r"[eE]\+?\d{3}")
_LONGEST_PLAIN = 300


def _may_overflow(text: str) -> bool:
    if ("e" in text or "E" in text) and _BIG_EXPONENT.search(text):
        return True
    return len(text) >= _LONGEST_PLAIN and max(map(len, text.split(","))) >= _LONGEST_PLAIN


# Not text: NUL and the UTF-16 surrogates, which only arrive alone (as a `\\ud800`
# escape, or encoded bytes that json.loads lets through).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _check_texts(value: Any) -> None:
    if isinstance(value, str):
        if _NOT_TEXT.search(value):
            raise ValueError("a text holds NUL or a lone surrogate (U+D800-U+DFFF)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_texts(key)
            _check_texts(item)
    elif isinstance(value, list):
        for item in value:
            _check_texts(item)


def _may_hold_non_text(text: str | bytes) -> bool:
    # A str from a socket is valid UTF-8 already: only an escape can make one.
    return isinstance(text, bytes) or "\\u" in text


def loads(text: str | bytes) -> Any:
    """Strict JSON, or `json.JSONDecodeError` naming what is wrong: also for NaN and
    Infinity (or 1e999), integers of more than 4300 digits, nesting deeper than
    Python's stack, and a text with NUL or a lone surrogate."""
    checked = isinstance(text, bytes) or _may_overflow(text)  # bytes: rare, always checked
    try:
        if not checked:
            value = json.loads(text, parse_constant=_no_constant)
        else:
            value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
        if _may_hold_non_text(text):
            _check_texts(value)
        return value
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as err:
        doc = text if isinstance(text, str) else text.decode("utf-8", "replace")
        raise json.JSONDecodeError(str(err) or type(err).__name__, doc, 0) from None
