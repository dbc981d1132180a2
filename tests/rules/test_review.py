"""Every topic is reviewed on time: dates in order, at most three years apart, and not overdue."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("last_reviewed: 2026-01-10", "last_reviewed: 2026-07-01", "last_reviewed"),  # after today (2026-06-01)
    ("next_review_due: 2027-01-10", "next_review_due: 2030-01-10", "next_review_due"),  # more than three years later
])
def test_review_dates(old: str, new: str, needle: str):
    bad = edit(BASE, old, new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, needle), "REVIEW-DATES")]


def test_review_dates_next_review_not_after_the_last():
    """Both on today's date, so the page is not overdue as well."""
    bad = edit(BASE, "  last_reviewed: 2026-01-10\n  next_review_due: 2027-01-10",
               "  last_reviewed: 2026-06-01\n  next_review_due: 2026-06-01")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "next_review_due"), "REVIEW-DATES")]


def test_review_overdue():
    assert report(diagnose(today=date(2027, 1, 11))) == [(TOPIC, line_of(BASE, "next_review_due"), "REVIEW-OVERDUE")]


def test_review_due_today_is_not_overdue():
    assert report(diagnose(today=date(2027, 1, 10))) == []
