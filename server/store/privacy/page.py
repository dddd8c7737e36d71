"""The audit log's longest page: one place for the store, the API's query bound and the
command line's option (a module without the database layer, so `formcheck` starts fast)."""

from __future__ import annotations

__all__ = ["MAX_PAGE"]

MAX_PAGE = 500
