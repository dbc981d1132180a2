"""Readability: answers a distressed reader on a phone can follow (Flesch-Kincaid grade 8 or below)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Content
from .base import CheckContext, check
from .fields import answer_text

MAX_GRADE = 8.0


@functools.lru_cache(maxsize=4096)
def answer_grade(markdown: str) -> float:
    """Flesch-Kincaid grade of one answer (cached: the check and the build report both ask)."""
    from ..text.readability import fk_grade

    return fk_grade(markdown)


def check_readability(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every answer reads at Flesch-Kincaid grade 8 or below (target: median 7 or below).

    Readers are often distressed and reading on a phone. An answer may go above the limit
    only with ``readability_override`` giving the reason (for example names of medicines).
    """
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for i, question in enumerate(topic.questions):
            grade = answer_grade(answer_text(question))
            ctx.stats.grades.append((grade, question.id))
            if grade > MAX_GRADE and not (question.readability_override or "").strip():
                yield Diagnostic(
                    "READABILITY", f"answer '{question.id}' reads at grade {grade:.1f}",
                    doc.position(base + ("questions", i, "short_answer")),
                    expected=f"Flesch-Kincaid grade {MAX_GRADE:.0f} or below", found=f"grade {grade:.1f}",
                    hint="use shorter sentences and everyday words; or add readability_override with the reason",
                )
check_readability = check("READABILITY")(check_readability)
