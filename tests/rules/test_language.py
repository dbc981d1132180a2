"""Wording: no blaming words, and threshold definitions live only in the glossary."""

from __future__ import annotations

import pytest
from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
BODY = "A course lasts"


@pytest.mark.parametrize("words", ["suffers from", "non-compliant", "committed suicide", "treatment failure"])
def test_language_stigma(words: str):
    bad = edit(BASE, BODY, f"Someone who {words} this. {BODY}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, words), "LANGUAGE-STIGMA")]


@pytest.mark.parametrize("sentence", [
    "It is TRD after at least two adequate antidepressants.",  # a fixed wording
    "Doctors call it resistant when two medicines did not help.",  # the sentence rule
])
def test_definition_restated(sentence: str):
    bad = edit(BASE, BODY, f"{sentence} {BODY}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, sentence), "DEFINITION-RESTATED")]


def test_definition_inside_a_term_reference_is_fine():
    bad = edit(BASE, BODY, f"It is {{{{ term: remission | at least two antidepressants }}}}. {BODY}")
    assert report(diagnose({TOPIC: bad})) == []
