"""The one text catalogue, served: `GET /api/texts` gives the page every text in both
languages, and every code the server can send has its text there."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from exercises.base import FieldError
from exercises.texts import LANGUAGES, by_language, catalogue
from server.jobs.checks import UPLOAD_ERRORS
from server.live.landmarks import CODES as LANDMARK_CODES
from tests.server.codes import error_codes, server_codes


def test_the_page_gets_the_catalogue_without_logging_in(app_client: TestClient) -> None:
    r = app_client.get("/api/texts")
    assert r.status_code == 200
    served = r.json()
    assert list(served) == list(LANGUAGES)
    assert served == by_language()
    assert served["nl"]["login_title"] == "Inloggen"
    assert served["en"]["move_into_view"] == catalogue()["move_into_view"]["en"]


def test_the_error_codes_are_the_enum() -> None:
    """Every code an error answer can carry is an ErrorCode: the field codes, the
    uploads' and the landmark messages' codes too (they are typed as ErrorCode)."""
    assert set(FieldError.CODES) | set(UPLOAD_ERRORS) | set(LANDMARK_CODES) <= error_codes()


@pytest.mark.parametrize(("source", "keys"), sorted(server_codes().items()))
def test_every_code_the_server_can_send_has_a_text(source: str, keys: set[str]) -> None:
    assert keys, f"found no {source}"
    missing = sorted(keys - set(catalogue()))
    assert not missing, f"{source} without a text in exercises/texts.json: {missing}"
