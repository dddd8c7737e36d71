"""What of an error may be written down: its type and where it happened, never its text.

An exception's message can hold what it was working on: a database error quotes its
statement's values (a patient's name, joint angles, a typed login name), a decoder the
bytes it choked on. The log (`server.cli.logs`) and the queue's record of a failed job
(`server.jobs.worker`) therefore keep each error as its type, and a traceback as its
frames (file, line, function and the line of code) and the types of the errors in its
chain, with no message and no values.
"""

from __future__ import annotations

import traceback

__all__ = ["error_name", "scrubbed_trace"]


def error_name(err: BaseException | type[BaseException]) -> str:
    """`sqlalchemy.exc.OperationalError`: the type's module and name, nothing of the value."""
    kind = err if isinstance(err, type) else type(err)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def scrubbed_trace(err: BaseException) -> str:
    """The traceback of `err` and its chain as Python prints it, every message left out."""
    chain: list[tuple[BaseException, str]] = []  # outermost first, with its link outwards
    seen: set[int] = set()
    current: BaseException | None = err
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            link, current = _CAUSE, current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link, current = _CONTEXT, current.__context__
        else:
            current = None
    parts: list[str] = []
    for exc, link_out in reversed(chain):  # the innermost first, as Python prints
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.extract_tb(exc.__traceback__).format())
        parts.append(f"{error_name(exc)}\n{link_out}")
    return "".join(parts).rstrip("\n")
