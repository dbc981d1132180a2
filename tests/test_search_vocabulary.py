"""The search box's word lists are content: the crisis vocabulary (content/crisis.yml) and the
thesaurus (content/thesaurus.yml) are validated like every other file, published as one data
file, and the search script keeps no word lists of its own."""

from __future__ import annotations

import json
import re

from conftest import ROOT, TODAY, diagnose, fixture_files, fixture_text, line_of, where

from faq_build.load import parse_files
from faq_build.render import SEARCH_DATA_FILE, render
from faq_build.resolve import resolve
from faq_build.validate import validate

CRISIS = "content/crisis.yml"
THESAURUS = "content/thesaurus.yml"
SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"


def _with(path: str, old: str, new: str) -> str:
    text = fixture_text(path)
    assert old in text, old
    return text.replace(old, new, 1)


def test_phrase_with_only_ignore_words_is_rejected():
    bad = _with(CRISIS, "    - kill myself", "    - kill myself\n    - i to")
    assert where(diagnose({CRISIS: bad})) == {(CRISIS, line_of(bad, "- i to"), "CRISIS-PHRASE")}


def test_phrase_with_punctuation_is_rejected():
    bad = _with(CRISIS, "    - kill myself", "    - kill myself!")
    assert where(diagnose({CRISIS: bad})) == {(CRISIS, line_of(bad, "- kill myself!"), "CRISIS-PHRASE")}


def test_phrase_that_says_the_same_as_another_is_rejected():
    # "kill himself" reads as "kill myself": same_words puts himself and myself together.
    bad = _with(CRISIS, "    - kill myself", "    - kill myself\n    - himself kill")
    assert where(diagnose({CRISIS: bad})) == {(CRISIS, line_of(bad, "- himself kill"), "CRISIS-PHRASE")}


def test_word_in_two_synonym_groups_is_rejected():
    bad = _with(THESAURUS, "    means: [medicine]", "    means: [medicine]\n  - words: [meds]\n    means: [drug]")
    assert where(diagnose({THESAURUS: bad})) == {(THESAURUS, line_of(bad, "  - words: [meds]"), "SEARCH-WORD-DUPLICATE")}


def test_stop_word_with_synonyms_is_rejected():
    bad = _with(THESAURUS, "stop_words: [the, and, my]", "stop_words: [the, and, my, pills]")
    assert where(diagnose({THESAURUS: bad})) == {(THESAURUS, line_of(bad, "  - words: [pills, meds]"), "SEARCH-WORD-DUPLICATE")}


def test_word_in_two_same_words_groups_is_rejected():
    bad = _with(CRISIS, "    - [self, myself, himself]", "    - [self, myself, himself]\n    - [me, myself]")
    assert where(diagnose({CRISIS: bad})) == {(CRISIS, line_of(bad, "- [me, myself]"), "SEARCH-WORD-DUPLICATE")}


def test_search_word_must_be_one_lowercase_word():
    bad = _with(THESAURUS, "stop_words: [the, and, my]", "stop_words: [the, and, My word]")
    assert where(diagnose({THESAURUS: bad})) == {(THESAURUS, line_of(bad, "stop_words"), "SEARCH-WORD-INVALID")}


def test_thesaurus_file_is_required():
    assert where(diagnose({THESAURUS: None})) == {(THESAURUS, 0, "CONTENT-FILE-MISSING")}


def test_crisis_vocabulary_is_required():
    text = fixture_text(CRISIS)
    bad = text[: text.index("search:")]
    assert where(diagnose({CRISIS: bad})) == {(CRISIS, 1, "FIELD-MISSING")}


def test_crisis_service_source_must_exist():
    bad = _with(CRISIS, '    tel: "999"', '    tel: "999"\n    source: no-such-page')
    assert where(diagnose({CRISIS: bad})) == {(CRISIS, line_of(bad, "source: no-such-page"), "REF-MISSING")}


def test_search_data_file_carries_the_content_word_lists():
    documents, problems = parse_files(fixture_files())
    content, more = validate(documents, today=TODAY)
    assert problems + more == []
    data = json.loads(render(resolve(content)).files[SEARCH_DATA_FILE])
    assert data["stop_words"] == ["the", "and", "my"]
    assert data["synonyms"] == {"pills": ["medicine"], "meds": ["medicine"]}
    assert data["crisis"]["phrases"] == ["want to die", "kill myself"]
    assert data["crisis"]["ignore_words"] == ["i", "to"]
    assert data["crisis"]["same_words"] == [["self", "myself", "himself"]]
    assert data["crisis"]["services"] == [
        {"region": "UK", "name": "Emergency services", "contact": "999", "tel": "999"},
        {"region": "US", "name": "988 Lifeline", "contact": "988"},
    ]
    assert data["topics"] == [{"title": "An example topic", "url": "example-topic/"}]


def test_search_scripts_keep_no_word_lists():
    """No list of three or more quoted words, and no string of three or more space-separated
    words used as data (comments and messages shown to readers aside)."""
    for script in ("faq-search.js", "faq-search-core.js"):
        code = (SCRIPTS / script).read_text(encoding="utf-8")
        code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
        code = re.sub(r"//[^\n]*", "", code)
        assert not re.search(r"\[\s*\"[a-z]+\"\s*(,\s*\"[a-z]+\"\s*){2,}\]", code), script
        assert not re.search(r"\{\s*[a-z]+\s*:\s*\[", code), script  # a word -> words table
        words = [s for s in re.findall(r'"([^"\\]*)"', code) if re.fullmatch(r"[a-z]+( [a-z]+){2,}", s)]
        assert words == [], (script, words)
