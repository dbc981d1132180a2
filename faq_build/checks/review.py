"""Reviews: every topic is reviewed by a clinician on time. Out-of-date health information can harm."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Content
from .base import CheckContext, check

MAX_REVIEW_INTERVAL_DAYS = 3 * 365 + 1


def check_review_dates(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every topic is reviewed: last review not in the future, next review after it and
    at most three years later, and not overdue (REVIEW-OVERDUE). Out-of-date health information can harm."""
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        review = topic.review
        where = base + ("review",)
        if review.last_reviewed > ctx.today:
            yield Diagnostic("REVIEW-DATES", "last review date is in the future", doc.position(where + ("last_reviewed",)),
                             expected=f"on or before {ctx.today.isoformat()}", found=review.last_reviewed.isoformat())
        if review.next_review_due <= review.last_reviewed:
            yield Diagnostic("REVIEW-DATES", "next review must come after the last review",
                             doc.position(where + ("next_review_due",)),
                             expected=f"after {review.last_reviewed.isoformat()}", found=review.next_review_due.isoformat())
        elif (review.next_review_due - review.last_reviewed).days > MAX_REVIEW_INTERVAL_DAYS:
            yield Diagnostic("REVIEW-DATES", "next review is more than three years after the last one",
                             doc.position(where + ("next_review_due",)),
                             expected="at most 3 years after last_reviewed", found=review.next_review_due.isoformat())
        if review.next_review_due < ctx.today:
            yield Diagnostic("REVIEW-OVERDUE",
                             f"topic '{topic.id}' was due for review on {review.next_review_due.isoformat()}",
                             doc.position(where + ("next_review_due",)),
                             hint="a clinician reviews the page, then updates last_reviewed and next_review_due")
check_review_dates = check("REVIEW-DATES", "REVIEW-OVERDUE")(check_review_dates)
