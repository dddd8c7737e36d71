"""What the page receives: a message's JSON, read back as plain values."""

from __future__ import annotations

import json
from typing import Any

from server.protocol.wire import Wire

__all__ = ["sent"]


def sent(message: Wire) -> Any:
    """`message` as the page reads it (its JSON, parsed)."""
    return json.loads(message.model_dump_json())
