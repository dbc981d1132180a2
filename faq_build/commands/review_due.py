"""``faq-build review-due``: which topics need a clinician's review, and when.

Why: an overdue page fails the build (``REVIEW-OVERDUE``), which is the last moment to
notice. This report lets the team plan reviews before that: every topic with its
reviewer role, last and next review date, and a status, sorted by the next review date.

Only the structure of each topic file is needed, so the report works even while other
parts of the content have errors (which is exactly when people forget about reviews).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load import load_content
from ..model import Topic
from ..validate import check_structure

DEFAULT_WITHIN_DAYS = 60
"""'Due soon' means due within this many days, unless ``--within`` says otherwise."""


class Status(str, Enum):
    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    FINE = "fine"


@dataclass(frozen=True)
class ReviewItem:
    """One topic's review state, as the report shows it."""

    topic: str
    title: str
    file: str
    review_status: str
    reviewer_role: str
    last_reviewed: date
    next_review_due: date
    days_left: int
    status: Status

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["last_reviewed"] = self.last_reviewed.isoformat()
        data["next_review_due"] = self.next_review_due.isoformat()
        data["status"] = self.status.value
        return data


def status_for(next_review_due: date, *, today: date, within_days: int) -> Status:
    """Overdue once the due date has passed (the day itself is still fine, as in the build's check)."""
    days_left = (next_review_due - today).days
    if days_left < 0:
        return Status.OVERDUE
    if days_left <= within_days:
        return Status.DUE_SOON
    return Status.FINE


def review_items(topics: list[tuple[str, Topic]], *, today: date, within_days: int) -> list[ReviewItem]:
    """Pure: topics (with their file) -> report rows, sorted by next review date, then topic id."""
    items = [
        ReviewItem(
            topic=topic.id,
            title=topic.title,
            file=path,
            review_status=topic.review.status,
            reviewer_role=topic.review.reviewer_role or "",
            last_reviewed=topic.review.last_reviewed,
            next_review_due=topic.review.next_review_due,
            days_left=(topic.review.next_review_due - today).days,
            status=status_for(topic.review.next_review_due, today=today, within_days=within_days),
        )
        for path, topic in topics
    ]
    return sorted(items, key=lambda item: (item.next_review_due, item.topic))


def load_topics(root: Path) -> tuple[list[tuple[str, Topic]], list[Diagnostic]]:
    """Every topic file whose structure is sound, plus the problems of those that are not."""
    documents, problems = load_content(root / "content")
    problems = [d for d in problems if d.file.startswith("content/topics/")]
    topics: list[tuple[str, Topic]] = []
    for doc in documents:
        if doc.kind != "topic":
            continue
        topic, errors = check_structure(doc)
        problems.extend(errors)
        if isinstance(topic, Topic):
            topics.append((doc.path, topic))
    return topics, problems


def render_table(items: list[ReviewItem], *, today: date, within_days: int) -> str:
    """A plain-text table for the terminal, then a one-line summary."""
    headers = ("status", "next review", "last reviewed", "topic", "clinical review")
    rows = [
        (
            item.status.value.upper() if item.status is Status.OVERDUE else item.status.value,
            item.next_review_due.isoformat(),
            item.last_reviewed.isoformat(),
            item.topic,
            item.reviewer_role if item.review_status == "reviewed" else "pending",
        )
        for item in items
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(headers)).rstrip()]
    lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    counts = {status: sum(1 for item in items if item.status is status) for status in Status}
    lines.append("")
    lines.append(
        f"{counts[Status.OVERDUE]} overdue, {counts[Status.DUE_SOON]} due soon, {counts[Status.FINE]} fine"
        f" (today is {today.isoformat()}; 'due soon' means within {within_days} days)"
    )
    return "\n".join(lines)


def render_json(items: list[ReviewItem], *, today: date, within_days: int) -> str:
    return json.dumps(
        {"today": today.isoformat(), "within_days": within_days, "topics": [item.as_json() for item in items]},
        indent=2,
        ensure_ascii=False,
    )


@dataclass(frozen=True)
class ReviewDueRun:
    """The report to print, the topic files that could not be read, and whether anything is overdue."""

    output: str
    problems: list[Diagnostic]
    overdue: bool


def review_due(root: Path, *, today: date, within_days: int = DEFAULT_WITHIN_DAYS, as_json: bool = False) -> ReviewDueRun:
    """``faq-build review-due``: every readable topic, as a table or as JSON."""
    topics, problems = load_topics(root)
    items = review_items(topics, today=today, within_days=within_days)
    render = render_json if as_json else render_table
    return ReviewDueRun(
        output=render(items, today=today, within_days=within_days),
        problems=problems,
        overdue=any(item.status is Status.OVERDUE for item in items),
    )
