"""What an editor reads for each kind of mistake: the whole text report, pinned in golden files.

The rule tests (``tests/rules/``) pin *which* problem is found *where* (file, line, code). These
pin the words an editor then reads (message, expected, found, hint), which the README promises:
"what was expected and a hint". Wording may change on purpose: run
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_messages.py`` and review the diff of
``tests/golden/messages/``, as with the page golden files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import TOPIC, diagnose, fixture_text

from faq_build.report import text as report_text

GOLDEN = Path(__file__).parent / "golden" / "messages"
FACTS, SOURCES, SITE = "content/facts.yml", "content/sources.yml", "content/site.yml"


def _edit(path: str, *pairs: tuple[str, str]) -> dict[str, str]:
    text = fixture_text(path)
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return {path: text}


CASES: dict[str, dict[str, str]] = {
    # the structure of a file (pydantic, mapped to codes, expected, found and a hint)
    "field-missing": _edit(TOPIC, ("summary: A topic used by the tests.\n", "")),
    "field-unknown": _edit(TOPIC, ("summary: A topic", "sumary: A topic")),
    "field-type-text": _edit(TOPIC, ("title: An example topic", "title: [An, example]")),
    "field-type-number": _edit(TOPIC, ("order: 1", "order: first")),
    "field-type-list": _edit(TOPIC, ("related: [second-question]", "related: second-question")),
    "field-type-bool": _edit(SOURCES, ("verified: true", "verified: maybe")),
    "field-type-mapping": _edit(TOPIC, ("review:\n  status: reviewed", "review: reviewed\nx:\n  status: reviewed")),
    "field-empty": _edit(TOPIC, ("title: An example topic", 'title: ""')),
    "field-value-order": _edit(TOPIC, ("order: 1", "order: 0")),
    "field-value-status": _edit(TOPIC, ("status: reviewed", "status: checked")),
    "found-text-shortened": _edit(TOPIC, ("order: 1", "order: " + "x" * 61)),  # one past the 60 shown in full
    "found-text-in-full": _edit(TOPIC, ("order: 1", "order: " + "x" * 60)),
    "field-null": _edit(TOPIC, ("order: 1", "order:")),
    "date-invalid": _edit(TOPIC, ("last_reviewed: 2026-01-10", "last_reviewed: 2026-13-10")),
    "id-invalid": _edit(TOPIC, ("id: first-question", "id: First Question")),
    "source-identifiers": _edit(SOURCES, ("doi: 10.1000/test.1", "doi: 10/test"), ("pmid: 12345", "pmid: PMC1"),
                                ("url: https://example.org/study-b", "url: ftp://example.org/b")),
    "source-identifier-missing": _edit(SOURCES, ("    url: https://example.org/study-b\n", "")),
    "fact-value-missing": _edit(FACTS, ("    value: 35\n", "")),
    "review-status": _edit(TOPIC, ("  reviewer_role: Test reviewer\n", "")),
    "report-address": _edit(SITE, ("report_problem: mailto:editors@health-team.test", "report_problem: editors")),
    # the YAML reader
    "yaml-syntax": _edit(TOPIC, ("summary: A topic used by the tests.", "summary: A topic: used by the tests.")),
    "yaml-tab": _edit(TOPIC, ("  status: reviewed", "\tstatus: reviewed")),
    "yaml-duplicate-key": _edit(TOPIC, ("order: 1", "order: 1\norder: 2")),
    "yaml-implicit-bool": _edit(SOURCES, ("verified: true", "verified: yes")),
    "yaml-anchor": _edit(TOPIC, ("title: An example topic", "title: &t An example topic\nx: *t")),
    "yaml-tag": _edit(TOPIC, ("order: 1", "order: !!int 1")),
    "yaml-not-finite": _edit(FACTS, ("value: 36.8", "value: .inf")),
    "control-characters": _edit(TOPIC, ("title: An example topic", "title: An ex\u200bample\u0007 topic\u202e")),
    # references
    "ref-missing": _edit(TOPIC, ("{{ fact: remission-a }}", "{{ fact: remision-a }}")),
    "ref-syntax": _edit(TOPIC, ("{{ term: remission }}", "{{ trem: remission }}")),
    "ref-self": _edit(FACTS, ("      - fact: remission-b\n", "      - fact: remission-a\n")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_what_the_editor_reads(name: str):
    got = report_text(diagnose(CASES[name])) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_its_case():
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)
