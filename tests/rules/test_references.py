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


def test_ref_syntax_without_a_colon_reports_both_stray_pairs_of_braces():
    bad = edit(BASE, "{{ fact: course-length }}", "{{ fact course-length }}")
    line = bad.split("\n")[line_of(bad, "fact course-length") - 1]
    assert [(d.line, d.position.column, d.code) for d in diagnose({TOPIC: bad})] == [
        (line_of(bad, "fact course-length"), line.index("{{") + 1, "REF-SYNTAX"),
        (line_of(bad, "fact course-length"), line.index("}}") + 1, "REF-SYNTAX"),
    ]


def test_ref_fact_text():
    bad = edit(BASE, "{{ fact: course-length }}", "{{ fact: course-length | six to twelve }}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "six to twelve"), "REF-FACT-TEXT")]
