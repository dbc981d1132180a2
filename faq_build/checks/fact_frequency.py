"""FACT-FREQUENCY: a natural frequency ("about 1 in 3 people") says the same as its fact's value.

"About 1 in 3 people" is easier to picture than "36.8%" (the usability review, finding 10, asks
for rounded natural frequencies), so a fact may carry one. The
build never computes it (a computed "1 in 2.7" is no help, and rounding is a judgement an
editor makes), but a frequency the editor types is a second copy of the figure, and a second
copy can drift into a different claim. This check holds it to the value:

- the form is an optional hedge, then ``N in M``, then words without a number
  ("about 1 in 3 people", "more than 1 in 10 adults");
- ``1 <= N < M`` and ``M`` is a denominator people picture (2, 3, 4, 5, 10, 20, 100, 1000, ...);
- the hedge fits the value (see :data:`HEDGES`): "about" within 5 percentage points (a range:
  between ``low - 5`` and ``high + 5``); "more than"/"over" only when the value is above it and
  "nearly"/"fewer than"/"under" only when it is below, within 10 points ("just over"/"just under"
  within 5); no hedge, less than 0.5 points apart;
- only a percentage has one, and ``show_value: false`` needs one (it would print nothing else).

Declared with :func:`faq_build.checks.base.check` and listed in ``faq_build.checks.REGISTRY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Content, Fact
from ..text.numbers import NUMBER_WORD
from .base import CheckContext, check

CODE = "FACT-FREQUENCY"


@dataclass(frozen=True)
class Hedge:
    """How a hedge word may relate the frequency ``f`` (in %) to the value's range ``[low, high]``."""

    side: str
    """'exact': no hedge; 'near': either side ("about"); 'above': the value is above f ("more than");
    'below': the value is below f ("nearly")."""
    points: float
    """How far apart f and the value may be, in percentage points."""

    def problem(self, f: float, low: float, high: float) -> str | None:
        """Why ``f`` and the value (``low`` to ``high``) disagree under this hedge, or None."""
        value = f"{low:g}%" if low == high else f"{low:g}-{high:g}%"
        apart = f"more than {self.points:g} percentage points"
        if self.side == "exact":
            if abs(f - low) < self.points and abs(f - high) < self.points:
                return None
            return f"but the value is {value}: without a hedge they must be less than {self.points:g} points apart"
        if self.side == "near":
            return None if low - self.points <= f <= high + self.points else f"{apart} from the value {value}"
        if self.side == "above":
            if low <= f:
                return f"but the value {value} is not more than that"
            return None if low - f <= self.points else f"{apart} below the value {value}"
        if high >= f:
            return f"but the value {value} is not less than that"
        return None if f - high <= self.points else f"{apart} above the value {value}"

    def expected(self, word: str, low: float, high: float) -> str:
        """The rule in words, for the diagnostic's 'expected' line."""
        value = f"{low:g}%" if low == high else f"{low:g}-{high:g}%"
        if self.side == "exact":
            return f"with {word}, N in M less than {self.points:g} points from {value}"
        if self.side == "near":
            return f"with {word}, N in M within {self.points:g} points of {value}"
        if self.side == "above":
            return f"with {word}, N in M below {low:g}% by at most {self.points:g} points"
        return f"with {word}, N in M above {high:g}% by at most {self.points:g} points"


EXACT = Hedge("exact", 0.5)
"""No hedge: "1 in 4 people" claims the value is 25%, so it must be less than half a point away
(a fact of 33.3% may say "1 in 3")."""

HEDGES: dict[str, Hedge] = {
    "about": Hedge("near", 5),
    "around": Hedge("near", 5),
    "roughly": Hedge("near", 5),
    "more than": Hedge("above", 10),
    "over": Hedge("above", 10),
    "just over": Hedge("above", 5),
    "nearly": Hedge("below", 10),
    "almost": Hedge("below", 10),
    "fewer than": Hedge("below", 10),
    "less than": Hedge("below", 10),
    "under": Hedge("below", 10),
    "just under": Hedge("below", 5),
}
"""Each hedge an editor may write and what it promises about the value. Others ("up to", "as
many as", "at least") say something about the study, not the figure: write them in the sentence."""

_HEDGE_PATTERN = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
FREQUENCY_RE = re.compile(rf"^(?:(?P<hedge>{_HEDGE_PATTERN})\s+)?(?P<n>[0-9]+) in (?P<m>[0-9]+)\b(?P<rest>.*)$")
_NUMBER_IN_REST_RE = re.compile(rf"[0-9%]|\b(?:{NUMBER_WORD})\b|\bhalf\b|\bquarter\b", re.I)
"""A second figure after ``N in M`` ("about 1 in 3 people, or 2 in 5 later") that nothing checks."""

FORM = "an optional hedge (about, more than, nearly, ...), then 'N in M', then words: 'about 1 in 3 people'"


def sane_denominator(m: int) -> bool:
    """2, 3, 4, 5, 10, 20, or a power of ten from 100: numbers of people a reader can picture."""
    if m in (2, 3, 4, 5, 10, 20):
        return True
    while m >= 100 and m % 10 == 0:
        m //= 10
    return m == 10


def check_natural_frequencies(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A fact's ``natural_frequency`` ("about 1 in 3 people") says the same as its value: the form
    "[hedge] N in M words", 1 <= N < M, M one of 2, 3, 4, 5, 10, 20, 100, 1000, ..., and the hedge
    fits (about/around/roughly within 5 points, ranges within low-5..high+5; more than/over above
    the value, nearly/almost/fewer than/less than/under below it, within 10 points, just over/just
    under within 5; no hedge within 0.5). Only a percentage has one; ``show_value: false`` needs one.

    The frequency is typed by the editor, never computed, so it is a second copy of the figure;
    this keeps "about 1 in 3" from ever saying something the source does not."""
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        if fact.natural_frequency is None:
            if not fact.show_value:
                yield Diagnostic(
                    CODE, f"fact '{fact.id}' has show_value: false but no natural_frequency",
                    doc.position(base + ("show_value",)), expected="a natural_frequency to show instead of the value",
                    found="show_value: false", hint="add natural_frequency, or remove show_value: false",
                )
            continue
        problem = frequency_problem(fact)
        if problem is not None:
            message, expected, hint = problem
            yield Diagnostic(
                CODE, f"fact '{fact.id}': {message}", doc.position(base + ("natural_frequency",)),
                expected=expected, found=f"'{fact.natural_frequency}'", hint=hint,
            )
check_natural_frequencies = check(CODE)(check_natural_frequencies)


def frequency_problem(fact: Fact) -> tuple[str, str, str] | None:
    """(message, expected, hint) for the first thing wrong with the fact's frequency, or None."""
    text = fact.natural_frequency or ""
    if fact.unit != "%":
        return (f"a natural frequency is only for a percentage, and the unit is '{fact.unit}'",
                "unit '%'", "remove natural_frequency: only a percentage of people reads as 'N in M'")
    match = FREQUENCY_RE.match(text)
    if match is None:
        return ("the natural frequency is not in the form 'N in M'", FORM,
                "write it as 'about 1 in 3 people'; the hedges allowed are: " + ", ".join(HEDGES))
    n, m = int(match["n"]), int(match["m"])
    if not 1 <= n < m:
        return (f"'{n} in {m}' is not a share of people", "1 <= N < M in 'N in M'",
                "a natural frequency counts some of a group: 'about 1 in 3 people'")
    if not sane_denominator(m):
        return (f"'in {m}' is not a group size readers can picture", "M one of 2, 3, 4, 5, 10, 20, 100, 1000, ...",
                "round to one of these (about 1 in 6 -> fewer than 2 in 10), keeping the hedge honest")
    if _NUMBER_IN_REST_RE.search(match["rest"]):
        return ("the words after 'N in M' hold another figure, which nothing checks", FORM,
                "keep one figure in the frequency; put the rest in the sentence, from a fact")
    return _agreement(fact, match["hedge"], n, m)


def _agreement(fact: Fact, hedge_word: str | None, n: int, m: int) -> tuple[str, str, str] | None:
    """Whether 'hedge N in M' agrees with the value (or range) under the hedge's rule."""
    low, high = (fact.value, fact.value) if fact.value is not None else (fact.low, fact.high)
    assert low is not None and high is not None  # a fact has a value or a range (model)
    share = 100 * n / m
    hedge = HEDGES[hedge_word] if hedge_word else EXACT
    problem = hedge.problem(share, low, high)
    if problem is None:
        return None
    said = f"'{hedge_word + ' ' if hedge_word else ''}{n} in {m}' is {share:.1f}%"
    return (f"{said}, {problem}", hedge.expected(f"'{hedge_word}'" if hedge_word else "no hedge", low, high),
            "change the frequency or its hedge so it says what the source says; it is never computed")
