"""References: every id named in a field or in ``{{ kind: id }}`` text exists, and is written right."""

from __future__ import annotations

import pytest
from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
FACTS = "content/facts.yml"
GLOSSARY = "content/glossary.yml"


@pytest.mark.parametrize(("name", "old", "new", "needle"), [
    (TOPIC, "    related: [second-question]", "    related: [secnd-question]", "secnd-question"),
    (TOPIC, "    sources: [study-a]", "    sources: [study-z]", "study-z"),
    (TOPIC, "{{ fact: course-length }}", "{{ fact: course-lenght }}", "course-lenght"),
    (TOPIC, "{{ term: remission }} and", "{{ term: remision }} and", "remision"),
    (TOPIC, "{{ question: second-question }}", "{{ question: third-question }}", "third-question"),
    (FACTS, "    source: study-b\n    locator: Abstract", "    source: study-q\n    locator: Abstract", "study-q"),
    (FACTS, "      - fact: remission-b", "      - fact: remission-z", "remission-z"),
    (GLOSSARY, "        source: study-a", "        source: study-y", "study-y"),
])
def test_ref_missing(name: str, old: str, new: str, needle: str):
    bad = edit(fixture_text(name), old, new)
    assert report(diagnose({name: bad})) == [(name, line_of(bad, needle), "REF-MISSING")]


def test_ref_missing_points_at_the_exact_column():
    bad = edit(BASE, "A course lasts {{ fact: course-length }}.", "A course lasts {{ fact: course-lenght }}.")
    line = line_of(bad, "course-lenght")
    column = bad.split("\n")[line - 1].index("{{") + 1
    assert [(d.file, d.line, d.position.column, d.code) for d in diagnose({TOPIC: bad})] == [
        (TOPIC, line, column, "REF-MISSING")
    ]


@pytest.mark.parametrize(("name", "old", "new", "needle"), [
    (TOPIC, "    related: [second-question]", "    related: [first-question]", "related: [first-question]"),
    (FACTS, "      - fact: remission-b", "      - fact: remission-a", "- fact: remission-a"),
])
def test_ref_self(name: str, old: str, new: str, needle: str):
    bad = edit(fixture_text(name), old, new)
    assert report(diagnose({name: bad})) == [(name, line_of(bad, needle), "REF-SELF")]


@pytest.mark.parametrize(("new", "needle"), [
    ("{{ fact: course-length }", "course-length }."),  # unfinished: one closing brace
    ("{{ fakt: course-length }}", "fakt:"),  # an unknown kind
])
def test_ref_syntax(new: str, needle: str):
    bad = edit(BASE, "{{ fact: course-length }}", new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, needle), "REF-SYNTAX")]


def test_ref_syntax_without_a_colon_is_one_problem_that_shows_the_reference_meant():
    bad = edit(BASE, "{{ fact: course-length }}", "{{ fact course-length }}")
    line = bad.split("\n")[line_of(bad, "fact course-length") - 1]
    assert [(d.line, d.position.column, d.code, d.expected, d.found, d.hint) for d in diagnose({TOPIC: bad})] == [
        (line_of(bad, "fact course-length"), line.index("{{") + 1, "REF-SYNTAX", "{{ fact: course-length }}",
         "{{ fact course-length }}", "put a colon after the kind"),
    ]


@pytest.mark.parametrize(("typed", "pairs"), [
    ("{{ course-length }}", [("{{ course-length }}", "{{ fact: id }}, {{ term: id }} or {{ question: id }}")]),
    ("{{ fakt course-length }}", [("{{ fakt course-length }}", "{{ fact: id }}, {{ term: id }} or {{ question: id }}")]),
    ("{{ fact: a }} and }} then {{", [("}} then {{", None), ("{{", None)]),
])
def test_ref_syntax_braces_pair_up_on_one_line_or_stand_alone(typed: str, pairs: list[tuple[str, str | None]]):
    from faq_build.text.references import malformed_references

    spans = [typed[start:end] for start, end in malformed_references(typed)]
    assert spans == [text if text.startswith("{{") and text.endswith("}}") else text[:2] for text, _ in pairs]
    if pairs[0][1] is not None:
        bad = edit(BASE, "{{ fact: course-length }}", typed)
        assert [(d.found, d.expected) for d in diagnose({TOPIC: bad})] == pairs


def test_ref_fact_text():
    bad = edit(BASE, "{{ fact: course-length }}", "{{ fact: course-length | six to twelve }}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "six to twelve"), "REF-FACT-TEXT")]
