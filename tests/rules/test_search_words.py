"""Search words belong to one list and one group, or one of the two entries silently does nothing."""

from __future__ import annotations

import pytest
from conftest import diagnose

from . import edit, fixture_text, line_of, report

THESAURUS = "content/thesaurus.yml"
CRISIS = "content/crisis.yml"


@pytest.mark.parametrize(("name", "old", "new", "needle"), [
    (THESAURUS, "stop_words: [the, and, my]", "stop_words: [the, and, my, the]", "stop_words"),
    (THESAURUS, "  - words: [pills, meds]", "  - words: [pills, meds, my]", "words: [pills"),  # a stop word with synonyms
    (CRISIS, "  ignore_words: [i, to]", "  ignore_words: [i, to, i]", "ignore_words"),
    (CRISIS, "    - [self, myself, himself]", "    - [self, myself, himself, to]", "[self"),
])
def test_search_word_duplicate(name: str, old: str, new: str, needle: str):
    bad = edit(fixture_text(name), old, new)
    assert report(diagnose({name: bad})) == [(name, line_of(bad, needle), "SEARCH-WORD-DUPLICATE")]
