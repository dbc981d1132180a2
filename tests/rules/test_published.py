"""Addresses clinics printed keep working: every published link resolves, and aliases point one way."""

from __future__ import annotations

import pytest
from conftest import diagnose, other_topic_yaml

from faq_build.outputs.published_links import MANIFEST

from . import TOPIC, diagnose_with, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)


def test_link_removed():
    published = [(3, "example-topic/"), (4, "example-topic/#first-question"), (5, "example-topic/#old-answer"),
                 (6, "old-topic/")]
    assert report(diagnose_with({}, published=published)) == [(MANIFEST, 5, "LINK-REMOVED"), (MANIFEST, 6, "LINK-REMOVED")]


def test_link_kept_by_aliases():
    bad = edit(BASE, "summary: A topic used by the tests.\n", "summary: A topic used by the tests.\naliases: [old-topic]\n")
    bad = edit(bad, "    related: [first-question]", "    related: [first-question]\n    aliases: [old-answer]")
    published = [(5, "example-topic/#old-answer"), (6, "old-topic/"), (7, "old-topic/#second-question")]
    assert report(diagnose_with({TOPIC: bad}, published=published)) == []


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("summary: A topic used by the tests.\n", "summary: A topic used by the tests.\naliases: [sitemap]\n", "aliases"),
    ("summary: A topic used by the tests.\n", "summary: A topic used by the tests.\naliases: [about]\n", "aliases"),
    ("    related: [first-question]", "    related: [first-question]\n    aliases: [first-question]", "aliases"),
])
def test_alias_clash(old: str, new: str, needle: str):
    bad = edit(BASE, old, new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, needle), "ALIAS-CLASH")]


def test_alias_clash_between_two_topics():
    other = "content/topics/other-topic.yml"
    text = other_topic_yaml(summary="Another.", question_id="third-question", question="Third?", short_answer="Yes.")
    text = edit(text, "order: 2\n", "order: 2\naliases: [old-topic]\n")
    bad = edit(BASE, "order: 1\n", "order: 1\naliases: [old-topic]\n")
    assert report(diagnose({TOPIC: bad, other: text})) == [(other, line_of(text, "aliases"), "ALIAS-CLASH")]
