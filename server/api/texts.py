"""The text catalogue for the page: `GET /api/texts` (public: the login page needs it).

The texts are `exercises.texts`'s, served as they are: the page holds no copy of its own.
"""

from __future__ import annotations

from fastapi import APIRouter

from exercises.texts import by_language
from server.api.boundary.strict import StrictJsonRoute
from server.protocol.page import TextCatalogue

__all__ = ["router"]

router = APIRouter(prefix="/api", route_class=StrictJsonRoute)


@router.get("/texts")
async def texts() -> TextCatalogue:
    """language -> key -> text, for every language of the catalogue (Dutch first)."""
    return TextCatalogue(by_language())
