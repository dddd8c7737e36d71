"""The one text catalogue (exercises/texts.json): it loads, and a file that breaks a rule
fails naming the key and the rule."""

from __future__ import annotations

from typing import Any

import pytest

from exercises.texts import LANGUAGES, CatalogueError, by_language, catalogue, check_catalogue


def test_the_catalogue_has_every_language_for_every_key() -> None:
    texts = catalogue()
    assert len(texts) > 150
    for key, entry in texts.items():
        assert tuple(entry) == LANGUAGES, key
        assert all(text.strip() for text in entry.values()), key


def test_by_language_is_the_catalogue_turned_round() -> None:
    served = by_language()
    assert list(served) == list(LANGUAGES)
    assert served["nl"]["move_into_view"] == catalogue()["move_into_view"]["nl"]
    assert set(served["nl"]) == set(served["en"]) == set(catalogue())


def _file(**entries: Any) -> dict[str, Any]:
    return {"about": ["a test"], "texts": entries}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "non-empty 'texts'"),
        (_file(), "non-empty 'texts'"),
        (_file(start="Beginnen"), r"start: expected \{language: text\}"),
        (_file(start={"nl": "Beginnen"}), r"start: expected languages .* missing \['en'\]"),
        (
            _file(start={"nl": "Beginnen", "en": "Start", "de": "Los"}),
            r"start: .* unknown \['de'\]",
        ),
        (_file(start={"nl": "Beginnen", "en": "  "}), "start: the en text is empty"),
        (_file(start={"nl": "Beginnen", "en": 3}), "start: the en text is empty or not text"),
        (
            _file(set_of={"nl": "Set {a} van {b}", "en": "Set {a} of {n}"}),
            r"set_of: parameters differ, nl \['a', 'b'\] vs en \['a', 'n'\]",
        ),
    ],
)
def test_a_broken_catalogue_fails_naming_key_and_rule(raw: object, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        check_catalogue(raw)
