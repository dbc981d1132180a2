"""The strict YAML reader: what a YAML 1.1 reader would silently turn into something else is refused."""

from __future__ import annotations

from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
FACTS = "content/facts.yml"


def test_yaml_syntax():
    bad = edit(BASE, "summary: A topic used by the tests.", "summary: A topic: used by the tests.")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "summary:"), "YAML-SYNTAX")]


def test_yaml_tab():
    bad = edit(BASE, "  last_reviewed: 2026-01-10", "\tlast_reviewed: 2026-01-10")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "last_reviewed"), "YAML-TAB")]


def test_yaml_duplicate_key():
    bad = edit(BASE, "summary: A topic used by the tests.", "summary: A topic used by the tests.\nsummary: Again.")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "summary: Again."), "YAML-DUPLICATE-KEY")]


def test_yaml_implicit_bool():
    bad = edit(BASE, "    short_answer: The second answer.", "    short_answer: no")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "short_answer: no"), "YAML-IMPLICIT-BOOL")]


def test_yaml_anchor_is_reported_at_the_anchor_and_at_the_alias():
    bad = edit(BASE, "title: An example topic", "title: &name An example topic\nintro: *name")
    assert report(diagnose({TOPIC: bad})) == [
        (TOPIC, line_of(bad, "&name"), "YAML-ANCHOR"),
        (TOPIC, line_of(bad, "*name"), "YAML-ANCHOR"),
    ]


def test_yaml_tag():
    bad = edit(BASE, "title: An example topic", "title: !!str An example topic")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "title:"), "YAML-TAG")]


def test_yaml_key_that_is_not_a_plain_name():
    bad = edit(BASE, "order: 1\n", "order: 1\n? [a, b]\n: value\n")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "? [a, b]"), "YAML-KEY")]


def test_yaml_multiple_documents():
    bad = BASE + "---\nextra: 1\n"
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "extra: 1"), "YAML-MULTIPLE-DOCUMENTS")]


def test_yaml_too_deep():
    bad = edit(BASE, "order: 1\n", "order: 1\nintro: " + "[" * 30 + "]" * 30 + "\n")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "intro:"), "YAML-TOO-DEEP")]


def test_number_not_finite():
    facts = fixture_text(FACTS)
    bad = edit(facts, "    value: 35\n", "    value: .inf\n")
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, "value: .inf"), "NUMBER-NOT-FINITE")]
