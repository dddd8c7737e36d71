"""The base of every message type: frozen, no unknown fields, validated when built."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict

__all__ = ["Wire"]


class Wire(BaseModel):
    """One message on the wire (or a part of one). Built validated, never changed;
    `model_dump_json()` is its wire form (NaN and infinity as null; numpy numbers,
    validated into plain ones, are never seen there)."""

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="null")

    @classmethod
    def of(cls, value: object) -> Self:
        """Built from a typed value's attributes (a store's or an engine's dataclass,
        nested ones too): its fields are read, never a dict copied."""
        return cls.model_validate(value, from_attributes=True)
