"""Answers read at grade 8 or below, unless an override says why they cannot."""

from __future__ import annotations

from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
HARD = "short_answer: Pharmacological augmentation necessitates comprehensive interdisciplinary consideration."


def test_readability():
    bad = edit(BASE, "short_answer: The second answer.", HARD)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "Pharmacological"), "READABILITY")]


def test_readability_override_with_a_reason():
    bad = edit(BASE, "short_answer: The second answer.", HARD + "\n    readability_override: Test of the override.")
    assert report(diagnose({TOPIC: bad})) == []
