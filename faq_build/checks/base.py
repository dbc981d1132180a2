"""What every check module needs: the context a check reads, the Check record and the decorator.

Kept apart from ``checks/__init__.py`` so that the family modules can import it while the
package's ``__init__`` imports them (at the top, in the order the checks run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..diagnostics import Diagnostic
from ..model import Content
from ..stats import CheckStats


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the content: the date (for reviews) and the published addresses."""

    today: date
    published: tuple[tuple[int, str], ...] = ()
    stats: CheckStats = field(default_factory=CheckStats, compare=False)
    """Where checks leave numbers they computed anyway (grades, allowed numbers) for the build summary."""


CheckFunction = Callable[[Content, CheckContext], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Check:
    """A content check and the codes it may emit (as frictionless and ruff declare them).

    Calling it runs the function, so ``check_readability(content, ctx)`` still reads as a call.
    ``run_checks`` refuses a diagnostic whose code the check did not declare, so the
    catalogue, ``faq-build checks`` and the README can never list a code a check does not emit
    while it emits another.
    """

    codes: tuple[str, ...]
    func: CheckFunction

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    def __call__(self, content: Content, ctx: CheckContext) -> Iterable[Diagnostic]:
        return self.func(content, ctx)


def check(*codes: str) -> Callable[[CheckFunction], Check]:
    """Declare a content check and every code it may emit; ``checks.REGISTRY`` lists it.

    Family modules call it after the function, ``check_x = check("CODE")(check_x)``, rather than
    as a decorator: mutmut (``make mutation``) leaves decorated functions alone, and the rules
    are what the mutation report must measure."""
    if not codes:
        raise TypeError("a check declares at least one code")

    def decorate(func: CheckFunction) -> Check:
        return Check(tuple(codes), func)

    return decorate
