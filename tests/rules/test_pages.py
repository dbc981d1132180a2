"""What every page gives a reader: key points, a short answer first, a way to report a problem,
and no placeholder left from the scaffold."""

from __future__ import annotations

import pytest
from conftest import diagnose

from . import SITE, TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
KEY_POINTS = "  - The first answer comes first.\n  - The second answer comes next.\n  - Ask your care team if you are unsure.\n"


def test_key_points_too_few():
    bad = edit(BASE, "  - Ask your care team if you are unsure.\n", "")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "id: example-topic"), "KEY-POINTS")]


def test_key_points_too_hard_to_read():
    hard = (
        "  - Pharmacological augmentation necessitates comprehensive interdisciplinary consideration.\n"
        "  - Psychotherapeutic interventions demonstrate considerable heterogeneity internationally.\n"
        "  - Individualised multidisciplinary formulations facilitate therapeutic collaboration.\n"
    )
    bad = edit(BASE, KEY_POINTS, hard)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "Pharmacological"), "KEY-POINTS")]


def test_short_answer_length():
    bad = edit(BASE, "short_answer: The second answer.", "short_answer: One. Two. Three.")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "One. Two."), "SHORT-ANSWER-LENGTH")]


def test_report_address_unset_is_a_warning():
    bad = edit(fixture_text(SITE), "report_problem: mailto:editors@health-team.test\n", "")
    diagnostics = diagnose({SITE: bad})
    assert report(diagnostics) == [(SITE, 1, "REPORT-ADDRESS-UNSET")]
    assert [d.severity.value for d in diagnostics] == ["warning"]


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("short_answer: The second answer.", "short_answer: TODO write this.", "TODO write"),
    ("reviewer_role: Test reviewer", "reviewer_role: TODO the reviewer's role", "reviewer_role"),
])
def test_placeholder(old: str, new: str, needle: str):
    bad = edit(BASE, old, new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, needle), "PLACEHOLDER")]


def test_placeholder_question_id():
    bad = BASE.replace("second-question", "todo-new-question-1")  # the id and every reference to it
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "- id: todo-new-question-1"), "PLACEHOLDER")]
