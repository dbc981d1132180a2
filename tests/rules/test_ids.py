"""Ids: unique across files, not a name the site itself uses, and named like their file."""

from __future__ import annotations

import pytest
from conftest import diagnose, other_topic_yaml

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
OTHER = "content/topics/other-topic.yml"
FACTS = "content/facts.yml"


def test_id_duplicate_question_across_files():
    other = other_topic_yaml(summary="Another.", question_id="first-question", question="Again?", short_answer="Yes.")
    assert report(diagnose({OTHER: other})) == [(OTHER, line_of(other, "- id: first-question"), "ID-DUPLICATE")]


def test_id_duplicate_page_and_topic_share_one_address_space():
    """Files are read in path order: the page comes first, so the topic's id is the second use."""
    page = "id: example-topic\ntitle: Clash\nsummary: Same address.\norder: 2\nbody: Some text.\n"
    assert report(diagnose({"content/pages/clash.yml": page})) == [(TOPIC, 1, "ID-DUPLICATE")]


def test_id_duplicate_fact_in_one_file():
    facts = fixture_text(FACTS)
    bad = edit(facts, "  - id: course-length", "  - id: remission-a")
    assert report(diagnose({FACTS: bad})) == [(FACTS, line_of(bad, "- id: remission-a", 2), "ID-DUPLICATE")]


@pytest.mark.parametrize("topic_id", ["glossary", "sitemap", "about-short"])
def test_id_reserved(topic_id: str):
    """Names of the site's own files, and '-short', the suffix of every short handout."""
    name = f"content/topics/{topic_id}.yml"
    text = edit(BASE, "id: example-topic", f"id: {topic_id}")
    assert report(diagnose({TOPIC: None, name: text})) == [(name, 1, "ID-RESERVED")]


def test_topic_file_name_is_a_warning():
    bad = edit(BASE, "id: example-topic", "id: renamed-topic")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, 1, "TOPIC-FILE-NAME")]
    assert [d.severity.value for d in diagnostics] == ["warning"]
