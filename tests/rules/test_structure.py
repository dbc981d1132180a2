"""Structure: every field has the right kind of value, required fields are there, unknown ones are not.

These codes come from the model's declarations and validators (``faq_build/model.py``), translated by
``validate.map_validation_error``; a problem sits on its own field's line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, diagnose

from faq_build.load import load_content
from faq_build.validate import validate

from . import SITE, TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
SOURCES = "content/sources.yml"
FACTS = "content/facts.yml"
CRISIS = "content/crisis.yml"
THESAURUS = "content/thesaurus.yml"


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("title: An example topic", 'title: ""', "title:"),
    ("    related: [first-question]", "    related: [first-question]\n    also_called: ['']", "also_called: ['']"),
])
def test_field_empty(old: str, new: str, needle: str):
    bad = edit(BASE, old, new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, needle), "FIELD-EMPTY")]


def test_field_missing_is_reported_at_its_block():
    bad = edit(BASE, "  next_review_due: 2027-01-10\n", "")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "status:"), "FIELD-MISSING")]


def test_field_type():
    bad = edit(BASE, "order: 1", "order: first")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "order:"), "FIELD-TYPE")]


def test_field_type_of_a_whole_file():
    assert report(diagnose({SITE: "- a list\n- not a block of fields\n"})) == [(SITE, 1, "FIELD-TYPE")]


def test_field_type_of_a_quoted_figure():
    """The model would read "36.8" as a number; the fact check refuses it as written."""
    facts = fixture_text(FACTS)
    bad = edit(facts, "value: 36.8", 'value: "36.8"')
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, 'value: "36.8"'), "FIELD-TYPE")]


def test_field_unknown():
    bad = edit(BASE, "    also_called: [first, opening question]", "    also_caled: [first, opening question]")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "also_caled"), "FIELD-UNKNOWN")]


def test_misspelt_required_field_is_unknown_and_missing():
    bad = edit(BASE, "summary: A topic", "sumary: A topic")
    assert report(diagnose({TOPIC: bad})) == [
        (TOPIC, 1, "FIELD-MISSING"),  # the topic's block starts on line 1
        (TOPIC, line_of(bad, "sumary:"), "FIELD-UNKNOWN"),
    ]


def test_field_value():
    bad = edit(BASE, "  status: reviewed\n", "  status: checked\n")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "status:"), "FIELD-VALUE")]


@pytest.mark.parametrize("value", ["2024-13-01", "2025-02-30", "next year"])
def test_date_invalid(value: str):
    bad = edit(BASE, "last_reviewed: 2026-01-10", f"last_reviewed: {value}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "last_reviewed"), "DATE-INVALID")]


def test_id_invalid():
    bad = edit(BASE, "  - id: second-question", "  - id: Second_Question")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "Second_Question"), "ID-INVALID")]


# -- sources --------------------------------------------------------------------------------------


def test_source_doi_invalid():
    bad = edit(fixture_text(SOURCES), "doi: 10.1000/test.1", "doi: doi.org/10.1000")
    assert report(diagnose({SOURCES: bad})) == [(SOURCES, line_of(bad, "doi: doi.org"), "SOURCE-DOI-INVALID")]


def test_source_pmid_invalid():
    bad = edit(fixture_text(SOURCES), "pmid: 12345", "pmid: PMID12345")
    assert report(diagnose({SOURCES: bad})) == [(SOURCES, line_of(bad, "pmid: PMID"), "SOURCE-PMID-INVALID")]


def test_source_url_invalid():
    bad = edit(fixture_text(SOURCES), "url: https://example.org/study-b", "url: example.org/study-b")
    assert report(diagnose({SOURCES: bad})) == [(SOURCES, line_of(bad, "url: example.org"), "SOURCE-URL-INVALID")]


def test_every_bad_identifier_of_one_source_is_reported_at_its_own_line():
    bad = edit(fixture_text(SOURCES), "doi: 10.1000/test.1", "doi: doi.org/10.1000\n    url: www.example.org")
    bad = edit(bad, "pmid: 12345", "pmid: PMID12345")
    assert report(diagnose({SOURCES: bad})) == [
        (SOURCES, line_of(bad, "doi: doi.org"), "SOURCE-DOI-INVALID"),
        (SOURCES, line_of(bad, "url: www"), "SOURCE-URL-INVALID"),
        (SOURCES, line_of(bad, "pmid: PMID"), "SOURCE-PMID-INVALID"),
    ]


def test_source_identifier_missing():
    bad = edit(fixture_text(SOURCES), "    url: https://example.org/study-b\n", "")
    assert report(diagnose({SOURCES: bad})) == [(SOURCES, line_of(bad, "- id: study-b"), "SOURCE-IDENTIFIER-MISSING")]


# -- cross-field rules of one item ----------------------------------------------------------------------


def test_fact_value_missing():
    bad = edit(fixture_text(FACTS), "    value: 35\n", "")
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, "- id: remission-b"), "FACT-VALUE-MISSING")]


@pytest.mark.parametrize(("old", "new"), [
    ("  reviewer_role: Test reviewer\n", ""),  # reviewed, but the role is missing
    ("  status: reviewed\n", "  status: pending\n"),  # pending, but a reviewer is named
])
def test_review_status(old: str, new: str):
    bad = edit(BASE, old, new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "status:"), "REVIEW-STATUS")]


@pytest.mark.parametrize("address", ["http://health-team.test/report", "editors@health-team.test", "mailto:nobody"])
def test_report_address_invalid(address: str):
    bad = edit(fixture_text(SITE), "report_problem: mailto:editors@health-team.test", f"report_problem: {address}")
    assert report(diagnose({SITE: bad})) == [(SITE, line_of(bad, "report_problem:"), "REPORT-ADDRESS-INVALID")]


@pytest.mark.parametrize(("name", "old", "new", "needle"), [
    (THESAURUS, "stop_words: [the, and, my]", "stop_words: [the, And, my]", "stop_words"),
    (THESAURUS, "means: [medicine]", "means: [a medicine]", "means:"),
    (CRISIS, "ignore_words: [i, to]", "ignore_words: [i, to-do]", "ignore_words"),
])
def test_search_word_invalid(name: str, old: str, new: str, needle: str):
    bad = edit(fixture_text(name), old, new)
    assert report(diagnose({name: bad})) == [(name, line_of(bad, needle), "SEARCH-WORD-INVALID")]


# -- the content folder ------------------------------------------------------------------------------------


def test_content_file_missing():
    assert report(diagnose({CRISIS: None})) == [(CRISIS, 0, "CONTENT-FILE-MISSING")]


def test_content_missing(tmp_path: Path):
    documents, problems = load_content(tmp_path / "content")
    _, more = validate(documents, today=TODAY, load_problems=problems)
    assert report(problems + more) == [("content", 0, "CONTENT-MISSING")]


def test_content_unknown_file_is_a_warning():
    diagnostics = diagnose({"content/topics/notes.txt": "hello"})
    assert report(diagnostics) == [("content/topics/notes.txt", 0, "CONTENT-UNKNOWN-FILE")]
    assert [d.severity.value for d in diagnostics] == ["warning"]


# -- a rule across fields is reported together with the item's other problems ------------------------------


def test_fact_value_missing_with_a_wrong_unit():
    bad = edit(fixture_text(FACTS), "    value: 35\n    unit: \"%\"\n", "    unit: [percent]\n")
    assert report(diagnose({FACTS: bad})) == [
        (FACTS, line_of(bad, "- id: remission-b"), "FACT-VALUE-MISSING"),
        (FACTS, line_of(bad, "unit: [percent]"), "FIELD-TYPE"),
    ]


def test_source_identifier_missing_with_a_missing_field():
    bad = edit(fixture_text(SOURCES), "    url: https://example.org/study-b\n    verified: false\n", "")
    assert report(diagnose({SOURCES: bad})) == [
        (SOURCES, line_of(bad, "- id: study-b"), "FIELD-MISSING"),
        (SOURCES, line_of(bad, "- id: study-b"), "SOURCE-IDENTIFIER-MISSING"),
    ]


def test_review_status_with_an_invalid_date():
    bad = edit(BASE, "  reviewer_role: Test reviewer\n", "")
    bad = edit(bad, "last_reviewed: 2026-01-10", "last_reviewed: 2026-01-99")
    assert report(diagnose({TOPIC: bad})) == [
        (TOPIC, line_of(bad, "status:"), "REVIEW-STATUS"),
        (TOPIC, line_of(bad, "last_reviewed"), "DATE-INVALID"),
    ]


def test_report_address_invalid_with_a_missing_field():
    bad = edit(fixture_text(SITE), "report_problem: mailto:editors@health-team.test", "report_problem: editors")
    bad = edit(bad, "disclaimer: General information, not medical advice.\n", "")
    assert report(diagnose({SITE: bad})) == [
        (SITE, 1, "FIELD-MISSING"),
        (SITE, line_of(bad, "report_problem:"), "REPORT-ADDRESS-INVALID"),
    ]
