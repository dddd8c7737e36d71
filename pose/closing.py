"""`Closing`: use an object in a `with` block that calls its `close()` at the end.

The estimators hold native MediaPipe graphs (threads, buffers) that must be released
promptly, not whenever the garbage collector gets to them.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

__all__ = ["Closing"]


class Closing:
    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
