"""Facts and numbers: every figure a reader sees comes from the facts registry, and the
registry's figures are possible and agree with each other (or say that experts disagree).

Patients act on numbers; a retyped, impossible or silently contradicted figure can mislead them.
The natural frequency of a fact ("about 1 in 3 people") has its own module, ``fact_frequency``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..diagnostics import Diagnostic
from ..model import Content, Fact
from ..source import PathKey, RawDocument
from .base import CheckContext, check
from .fields import crisis_numbers, number_fields

_FIGURES = ("value", "low", "high", "ci_low", "ci_high")


def check_bare_numbers(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every number a reader sees comes from the facts registry (``{{ fact: id }}``).

    A retyped number drifts from its source and loses its citation; patients act on numbers.
    A few plain numbers are allowed (list numbering, citation years, crisis numbers from
    content/crisis.yml, names such as DSM-5); see ``faq_build/text/numbers.py`` for each reason.
    Every text a reader sees is read (names, titles, roles, units too), and every way of writing
    a number: bold or code, other digit scripts, '½', '⁴⁰', '⑳', 'VIII out of X', 'one in three'.
    """
    from ..text.numbers import LABEL_ALLOWLIST, UNIT_ALLOWLIST, scan

    allowed = crisis_numbers(content)
    extra = {"": (), "unit": UNIT_ALLOWLIST, "label": LABEL_ALLOWLIST}
    for item in number_fields(content):
        field = item.field
        bare, allowed_counts = scan(field.text, allowed, markdown=item.markdown, extra_rules=extra[item.rules])
        if item.markdown:  # the summary counts the prose fields' allowed numbers
            ctx.stats.allowed_numbers += sum(allowed_counts.values())
        for offset, number in bare:
            yield Diagnostic(
                "NUMBER-BARE", f"number '{number}' is not a registered fact", field.at(offset),
                expected="{{ fact: id }} from content/facts.yml, or the number in words if it is not a statistic",
                found=number,
                hint="add the figure to facts.yml with its source and population, then refer to it",
            )
check_bare_numbers = check("NUMBER-BARE")(check_bare_numbers)


def _interval(fact: Fact) -> tuple[float | None, float | None]:
    if fact.value is not None and (fact.low is None or fact.high is None):
        return (fact.value, fact.value)
    return (fact.low, fact.high)


def check_fact_conflicts(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Two facts measuring the same thing (same ``measure``) that disagree must be linked by
    ``disputed_by``. Otherwise one page could say "6 to 12 sessions" and another "6 to 18"
    without readers ever learning that experts disagree."""
    by_measure: dict[str, list[Fact]] = {}
    for fact in content.facts.values():
        by_measure.setdefault(fact.measure, []).append(fact)
    for measure, facts in sorted(by_measure.items()):
        for i, first in enumerate(facts):
            for second in facts[i + 1:]:
                if _interval(first) == _interval(second) and first.unit == second.unit:
                    continue
                linked = {d.fact for d in first.disputed_by}
                back = {d.fact for d in second.disputed_by}
                if second.id in linked or first.id in back:
                    continue
                doc, base = content.where[f"fact:{second.id}"]
                other_doc, other_base = content.where[f"fact:{first.id}"]
                yield Diagnostic(
                    "FACT-CONFLICT",
                    f"facts '{first.id}' and '{second.id}' measure '{measure}' but disagree",
                    doc.position(base + ("id",)),
                    found=f"{first.id} at {other_doc.position(other_base + ('id',))}",
                    hint="if both are right for different groups, give them different measures; "
                    "otherwise add disputed_by with a plain-language note to one of them",
                )
check_fact_conflicts = check("FACT-CONFLICT")(check_fact_conflicts)


def check_fact_disputes(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A dispute is between two facts that measure the same thing, and each is listed once
    (FACT-DISPUTE-DUPLICATE).

    "Studies differ: NICE says 4 weeks; STAR*D says 36.8%" compares things that cannot disagree
    and tells a reader nothing true; a repeated entry prints the same claim twice. A dispute listed
    on one side only is shown on both (see ``resolve.dispute_partners``), so it needs no second entry.
    """
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        seen: set[str] = set()
        for j, dispute in enumerate(fact.disputed_by):
            position = doc.position(base + ("disputed_by", j, "fact"))
            other = content.facts.get(dispute.fact)
            if other is None or other.id == fact.id:
                continue  # REF-MISSING / REF-SELF
            if other.id in seen:
                yield Diagnostic("FACT-DISPUTE-DUPLICATE", f"fact '{fact.id}' lists '{other.id}' in disputed_by twice",
                                 position, found=other.id, hint="keep one entry and put both notes in it")
            seen.add(other.id)
            if other.measure != fact.measure:
                yield Diagnostic(
                    "FACT-DISPUTE-MEASURE", f"fact '{fact.id}' is disputed by '{other.id}', which measures something else",
                    position, expected=f"a fact whose measure is '{fact.measure}'", found=f"measure '{other.measure}'",
                    hint="only facts that measure the same thing can disagree; give them the same measure if they do",
                )
check_fact_disputes = check("FACT-DISPUTE-MEASURE", "FACT-DISPUTE-DUPLICATE")(check_fact_disputes)


MAX_FIGURE = 1e15
"""Larger numbers are not figures anyone can check, and beyond about 9e15 they no longer print exactly."""

RATIO_UNIT_RE = re.compile(r"\b(?:ratio|relative risk)\b", re.I)
SIGNED_UNIT_RE = re.compile(r"\b(?:difference|change|points?|score|effect size)\b", re.I)
"""Units whose values can be below zero (a change in a score); every other unit counts or measures."""
EARLIEST_YEAR = 1800


def raw_value(doc: RawDocument, path: PathKey) -> Any:
    """The value as written in the file, before the model turned it into a float."""
    node = doc.data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _unit_range_problem(fact: Fact, name: str, number: float, today: date) -> str | None:
    """Why ``number`` is impossible for the fact's unit, or None."""
    unit = fact.unit.strip()
    shown = f"{number:g}"
    if unit == "%":
        return None if 0 <= number <= 100 else f"{name} {shown} is not a percentage between 0 and 100"
    if unit == "year":
        latest = today.year + 20
        if number != int(number) or not EARLIEST_YEAR <= number <= latest:
            return f"{name} {shown} is not a calendar year between {EARLIEST_YEAR} and {latest}"
        return None
    if RATIO_UNIT_RE.search(unit):
        return None if number > 0 else f"{name} {shown} is not possible in {unit}: a ratio is always above 0"
    if SIGNED_UNIT_RE.search(unit):
        return None
    return None if number >= 0 else f"{name} {shown} is below zero, which is not possible in {unit}"


def check_fact_values(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Fact values are possible: numbers written as numbers (not true or "36.8": FIELD-TYPE), finite
    and printable exactly, within what the unit allows (percentages within 0-100, no negative weeks,
    sessions, hours or years, ratios above 0, a year that is a calendar year), low <= value <= high,
    and a confidence interval that contains the estimate. A typo in a figure must not publish."""
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        numbers = {name: getattr(fact, name) for name in _FIGURES if getattr(fact, name) is not None}
        yield from _unreadable_figures(doc, base, numbers)
        for name, number in numbers.items():
            message = _unit_range_problem(fact, name, number, ctx.today)
            if message:
                yield _range_problem(doc, base, name, message)
        # a value that is not a number (reported above) is not compared with the others
        comparable = len(numbers) == sum(getattr(fact, n) is not None for n in _FIGURES)
        for name, message in _order_problems(fact, comparable):
            yield _range_problem(doc, base, name, message)
check_fact_values = check("FACT-VALUE-RANGE", "FIELD-TYPE")(check_fact_values)


def _range_problem(doc: RawDocument, base: PathKey, field_name: str, message: str) -> Diagnostic:
    return Diagnostic("FACT-VALUE-RANGE", message, doc.position(base + (field_name,)))


def _unreadable_figures(doc: RawDocument, base: PathKey, numbers: dict[str, float]) -> Iterator[Diagnostic]:
    """FIELD-TYPE for a figure written as true or "36.8", FACT-VALUE-RANGE for one that cannot print
    exactly; each is taken out of ``numbers`` so that nothing compares it with the others."""
    for name in list(numbers):
        raw = raw_value(doc, base + (name,))
        if isinstance(raw, (bool, str)):
            from ..validate import describe  # validate imports this package

            del numbers[name]
            yield Diagnostic("FIELD-TYPE", f"wrong kind of value for '{name}'", doc.position(base + (name,)),
                             expected="a number", found=describe(raw),
                             hint="write the figure as a plain number, without quotes (true/false are not numbers)")
        elif not math.isfinite(numbers[name]) or abs(numbers[name]) >= MAX_FIGURE:
            del numbers[name]
            yield _range_problem(doc, base, name, f"{name} {raw} is not a figure that can be printed exactly")


def _order_problems(fact: Fact, comparable: bool) -> Iterator[tuple[str, str]]:
    """(field, message) for a range or confidence interval that is half given or out of order."""
    if (fact.low is None) != (fact.high is None):
        yield ("low" if fact.low is not None else "high", "a range needs both low and high")
    if comparable and fact.low is not None and fact.high is not None:
        if fact.low > fact.high:
            yield "low", f"low ({fact.low}) is greater than high ({fact.high})"
        elif fact.value is not None and not fact.low <= fact.value <= fact.high:
            yield "value", f"value {fact.value} lies outside its range {fact.low}-{fact.high}"
    if (fact.ci_low is None) != (fact.ci_high is None):
        yield ("ci_low" if fact.ci_low is not None else "ci_high", "a confidence interval needs ci_low and ci_high")
    if comparable and fact.ci_low is not None and fact.ci_high is not None:
        estimate = fact.value
        if fact.ci_low > fact.ci_high:
            yield "ci_low", f"ci_low ({fact.ci_low}) is greater than ci_high ({fact.ci_high})"
        elif estimate is not None and not fact.ci_low <= estimate <= fact.ci_high:
            yield "value", f"the confidence interval {fact.ci_low}-{fact.ci_high} does not contain {estimate}"
