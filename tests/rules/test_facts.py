"""Figures: every number a reader sees is a registered fact, and facts are possible, agree or are disputed."""

from __future__ import annotations

import re

import pytest
from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

FACTS = "content/facts.yml"
BASE = fixture_text(TOPIC)
FACTS_TEXT = fixture_text(FACTS)
NO_DISPUTES = re.sub(r"    disputed_by:\n      - fact: remission-.\n        note: .*\n", "", FACTS_TEXT)


def test_fact_conflict_is_reported_at_the_second_fact():
    assert "disputed_by" not in NO_DISPUTES
    assert report(diagnose({FACTS: NO_DISPUTES})) == [(FACTS, line_of(NO_DISPUTES, "- id: remission-b"), "FACT-CONFLICT")]


def test_fact_dispute_duplicate():
    twice = "      - fact: remission-b\n        note: Study B found a lower rate.\n"
    bad = edit(FACTS_TEXT, twice, twice + twice)
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, "- fact: remission-b", 2), "FACT-DISPUTE-DUPLICATE")]


def test_fact_dispute_measure():
    bad = edit(FACTS_TEXT, "    locator: Page 2\n",
               "    locator: Page 2\n    disputed_by:\n      - fact: remission-a\n        note: Not the same thing.\n")
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, "- fact: remission-a", 2), "FACT-DISPUTE-MEASURE")]


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("    unit: \"%\"\n    population: Test population A",
     "    unit: \"%\"\n    natural_frequency: about 1 in 2 people\n    population: Test population A",
     "natural_frequency"),  # 50% is not 'about' 36.8%
    ("    unit: sessions\n", "    unit: sessions\n    natural_frequency: about 1 in 2 people\n", "natural_frequency"),
    ("    unit: \"%\"\n    population: Test population A",
     "    unit: \"%\"\n    show_value: false\n    population: Test population A", "show_value"),
])
def test_fact_frequency(old: str, new: str, needle: str):
    bad = edit(FACTS_TEXT, old, new)
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, needle), "FACT-FREQUENCY")]


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("value: 36.8", "value: 136.8", "value: 136.8"),  # not a percentage
    ("low: 6", "low: -6", "low: -6"),  # below zero sessions
    ("low: 6", "low: 16", "low: 16"),  # low above high
    ("    high: 12\n", "    high: 12\n    value: 20\n", "value: 20"),  # value outside its range
    ("    value: 35\n", "    value: 35\n    ci_low: 36\n    ci_high: 40\n", "value: 35"),  # interval without the estimate
    ("    value: 35\n", "    value: 35\n    ci_low: 30\n", "ci_low"),  # half an interval
    ("    high: 12\n", "    value: 8\n", "low: 6"),  # half a range
])
def test_fact_value_range(old: str, new: str, needle: str):
    bad = edit(FACTS_TEXT, old, new)
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, needle), "FACT-VALUE-RANGE")]


def test_number_bare_at_its_column():
    bad = edit(BASE, "A course lasts", "About 45% of people. A course lasts")
    line = line_of(bad, "About 45%")
    assert [(d.file, d.line, d.position.column, d.code) for d in diagnose({TOPIC: bad})] == [
        (TOPIC, line, bad.split("\n")[line - 1].index("45") + 1, "NUMBER-BARE")
    ]
