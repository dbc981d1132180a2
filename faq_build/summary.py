"""The lines every command ends with: the reading level and the one-line summary.

Presentation only: the numbers come from ``BuildResult.stats`` (``faq_build.stats``), which
the check run filled. Kept apart from ``build.py`` so the orchestrator is only its steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build import BuildResult


def readability_line(result: BuildResult) -> str | None:
    """'Reading level: median 5.1; hardest: a 7.9, b 7.5, ...' (Flesch-Kincaid grade); None if not graded."""
    stats = result.stats
    if stats is None or stats.grade_median is None:
        return None
    worst = ", ".join(f"{qid} {grade:.1f}" for grade, qid in stats.grade_worst)
    return f"Reading level (Flesch-Kincaid grade): median {stats.grade_median:.1f}; hardest: {worst}"


def summary_line(result: BuildResult) -> str:
    """The one-line summary every command ends with: what the content holds, then errors and warnings."""
    stats = result.stats
    parts = []
    if stats is not None:
        unverified = "?" if stats.unverified_sources is None else stats.unverified_sources
        disputed = "" if stats.disputed_facts is None else f" ({stats.disputed_facts} disputed)"
        parts += [
            plural(stats.topics, "topic"),
            plural(stats.questions, "question"),
            plural(stats.facts, "fact") + disputed,
            plural(stats.sources, "source") + f" ({unverified} unverified)",
            plural(stats.terms, "term"),
        ]
        if stats.allowed_numbers is not None:
            parts.append(plural(stats.allowed_numbers, "allowlisted number"))
    parts += [plural(len(result.report.errors), "error"), plural(len(result.report.warnings), "warning")]
    return ", ".join(parts)


def plural(count: int, word: str) -> str:
    """'1 topic', '2 topics', '0 errors'."""
    return f"{count} {word}" + ("" if count == 1 else "s")
