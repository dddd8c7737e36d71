"""JSON for the wire and the database: numpy scalars (which engines may put in an
event or a status) become plain numbers, and NaN or infinity become null (browsers
cannot parse them), instead of failing the frame."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

__all__ = ["dumps"]


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
