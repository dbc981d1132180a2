"""Finds numbers in prose that did not come from the facts registry.

Patients act on numbers, so every figure must be a ``{{ fact: id }}`` reference with a
source. This scanner reports any other digit in reader-facing text. A few kinds of
plain numbers are legitimate; each is an entry in :data:`ALLOWLIST` with its reason,
and the build report counts how many numbers each entry let through.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .references import REFERENCE_RE

NUMBER_RE = re.compile(r"(?<![\w])\d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?%?")
"""A run of digits, with decimal/thousand separators, ordinals or a percent sign."""


@dataclass(frozen=True)
class AllowRule:
    name: str
    pattern: re.Pattern[str]
    reason: str


ALLOWLIST: tuple[AllowRule, ...] = (
    AllowRule(
        "list-numbering",
        re.compile(r"(?m)^[ \t]*\d{1,2}\.(?=[ \t])"),
        "Numbered-list markers order steps; they are structure, not figures.",
    ),
    AllowRule(
        "always-open",
        re.compile(r"\b24/7\b|\b24 hours a day\b"),
        "'24/7' describes when a service is open, not a statistic.",
    ),
    AllowRule(
        "citation-year",
        re.compile(r"\b[A-Z][A-Za-z'-]+(?: et al\.?| and [A-Z][A-Za-z'-]+)? (?:19|20)\d{2}\b"),
        "A year inside an author-year citation ('Rush 2006') names a paper; it is not a figure.",
    ),
    AllowRule(
        "named-identifier",
        re.compile(r"\b(?:DSM-5(?:-TR)?|ICD-1[01]|NG\d{3}|listing 12\.04|12\.04|Title I{1,3}V?|T3|B12|omega-3|5-HTP|COVID-19)\b"),
        "Names of manuals, guidelines, legal listings and substances that contain digits.",
    ),
)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
_DIGIT_RE = re.compile(r"\d")


@functools.lru_cache(maxsize=16)
def _crisis_pattern(numbers: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all crisis numbers ('116 123' also matches '116123'), compiled once."""
    if not numbers:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", "[ ]?") for n in sorted(numbers, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")
_CODE_RE = re.compile(r"`[^`]*`")


def scan(text: str, crisis_numbers: Iterable[str] = ()) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """Return ``([(offset, number), ...] not allowed, {rule: count allowed})``.

    Fact references, link targets and inline code are ignored. Crisis numbers are allowed
    only when they are exactly the numbers in the one crisis data file.
    """
    if not _DIGIT_RE.search(text):  # most prose has no digits at all: skip the work
        return [], {}
    hidden = [m.span() for m in REFERENCE_RE.finditer(text)]
    hidden += [m.span() for m in _LINK_TARGET_RE.finditer(text)]
    hidden += [m.span() for m in _CODE_RE.finditer(text)]
    visible = _blank(text, hidden)
    allowed_counts: dict[str, int] = {}
    allowed_spans: list[tuple[int, int, str]] = []
    for rule in ALLOWLIST:
        for match in rule.pattern.finditer(visible):
            allowed_spans.append((match.start(), match.end(), rule.name))
    crisis = _crisis_pattern(tuple(crisis_numbers))
    if crisis is not None:
        for match in crisis.finditer(visible):
            allowed_spans.append((match.start(), match.end(), "crisis-number"))
    bare: list[tuple[int, str]] = []
    for match in NUMBER_RE.finditer(visible):
        rule = next((name for s, e, name in allowed_spans if s <= match.start() and match.end() <= e), None)
        if rule:
            allowed_counts[rule] = allowed_counts.get(rule, 0) + 1
        else:
            bare.append((match.start(), match.group(0)))
    return bare, allowed_counts


def rules_with_reasons() -> Iterator[tuple[str, str]]:
    yield from ((rule.name, rule.reason) for rule in ALLOWLIST)
    yield ("crisis-number", "Phone numbers from content/crisis.yml, the one home of crisis numbers.")
