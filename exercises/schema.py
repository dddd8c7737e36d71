"""The wire schema of the event family, generated from the dataclasses themselves.

`web/events.schema.json` is this function's output, committed so the browser side and
other readers have it; a test fails when the committed copy is stale. Regenerate with
`formcheck schema --write` (or `make tables`).
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields
from typing import Any, Literal, get_args, get_origin, get_type_hints

from exercises.events import EVENT_TYPES

__all__ = ["events_schema", "events_schema_text"]

_SCALARS: dict[Any, dict[str, Any]] = {
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
}


def _type_schema(tp: Any) -> dict[str, Any]:
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    origin = get_origin(tp)
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [_type_schema(a) for a in get_args(tp)]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(tp)[0])}
    raise TypeError(f"no JSON schema for event field type {tp!r}")


def events_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) with one definition per event kind."""
    defs: dict[str, Any] = {}
    for cls in EVENT_TYPES:
        hints = get_type_hints(cls)
        props: dict[str, Any] = {"kind": {"const": cls.kind}}
        for f in fields(cls):
            props[f.name] = _type_schema(hints[f.name])
        defs[cls.__name__] = {
            "type": "object",
            "description": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
            "properties": props,
            "required": ["kind", *(f.name for f in fields(cls))],
            "additionalProperties": False,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Formcheck exercise event",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in defs],
        "$defs": defs,
    }


def events_schema_text() -> str:
    """The schema as committed: indented JSON with a final newline."""
    return json.dumps(events_schema(), indent=2) + "\n"
