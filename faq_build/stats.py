"""The numbers the build summary reports, collected while the checks run rather than scanned again.

The READABILITY check grades every answer and the NUMBER-BARE check scans every text for numbers
anyway; each writes what it found into the ``CheckStats`` of its ``CheckContext``. ``check()`` turns
that, plus counts read off the validated content, into one ``ContentStats`` for the summary.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace

from .model import Content
from .source import RawDocument

WORST_SHOWN = 5
"""How many of the hardest answers the summary names."""


@dataclass
class CheckStats:
    """Filled by the checks as they run (one per ``run_checks``); read by the build summary."""

    checked: bool = False
    """True once the content checks ran: only then do the numbers below describe the content."""
    grades: list[tuple[float, str]] = field(default_factory=list)
    """(Flesch-Kincaid grade, question id) of every answer, as READABILITY graded it."""
    allowed_numbers: int = 0
    """Numbers in the prose fields (``checks.text_fields``) that NUMBER-BARE allowed by a rule."""


@dataclass(frozen=True)
class ContentStats:
    """What the one-line summary says about the content. ``None``: not known (the checks did not run)."""

    topics: int
    questions: int
    facts: int
    sources: int
    terms: int
    unverified_sources: int | None = None
    disputed_facts: int | None = None
    allowed_numbers: int | None = None
    grade_median: float | None = None
    grade_worst: tuple[tuple[float, str], ...] = ()


def content_stats(content: Content, collected: CheckStats) -> ContentStats:
    """Counts from the validated content; grades and allowlisted numbers from the check run, if it ran."""
    counts = ContentStats(
        topics=len(content.topics),
        questions=sum(1 for _ in content.questions()),
        facts=len(content.facts),
        sources=len(content.sources),
        terms=len(content.terms),
        unverified_sources=sum(1 for s in content.sources.values() if not s.verified),
        disputed_facts=sum(1 for f in content.facts.values() if f.disputed_by),
    )
    if not collected.checked:
        return counts
    grades = sorted(collected.grades, reverse=True)
    return replace(
        counts, allowed_numbers=collected.allowed_numbers,
        grade_median=statistics.median(g for g, _ in grades) if grades else 0.0, grade_worst=tuple(grades[:WORST_SHOWN]),
    )


def raw_stats(documents: list[RawDocument]) -> ContentStats:
    """Best-effort counts when the content did not validate, so the summary still orients the editor."""

    def items(kind: str, key: str) -> int:
        return sum(
            len(d.data.get(key) or []) for d in documents
            if d.kind == kind and isinstance(d.data, dict) and isinstance(d.data.get(key) or [], list)
        )

    return ContentStats(
        topics=sum(1 for d in documents if d.kind == "topic"),
        questions=items("topic", "questions"),
        facts=items("facts", "facts"),
        sources=items("sources", "sources"),
        terms=items("glossary", "terms"),
    )
