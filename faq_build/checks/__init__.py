"""Named content checks that run after the structure of every file is sound.

One module per rule family (like yamllint's ``rules/``): ``references``, ``safety``, ``ids``,
``review``, ``language``, ``facts``, ``fact_frequency``, ``readability``, ``published``,
``search_words`` and ``pages``; ``fields`` walks the texts a reader sees. A check is a pure
function ``(content, context) -> diagnostics`` that declares every code it may emit
(``check_x = check("REF-MISSING", "REF-SELF", ...)(check_x)``); each code's rule and why it protects readers is
in ``faq_build/codes.py``, which ``faq-build checks`` and the README's table print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from ..diagnostics import Diagnostic
from ..model import Content
from ..stats import CheckStats
from . import fact_frequency, facts, ids, language, pages, published, readability, references, review, safety, search_words
from .base import Check, CheckContext, check

REGISTRY: tuple[Check, ...] = (
    references.check_references,
    safety.check_unsafe_markup,
    safety.check_placeholders,
    ids.check_reserved_ids,
    ids.check_topic_file_names,
    review.check_review_dates,
    language.check_short_answers,
    facts.check_bare_numbers,
    facts.check_fact_conflicts,
    facts.check_fact_disputes,
    facts.check_fact_values,
    language.check_restated_definitions,
    language.check_stigmatising_language,
    readability.check_readability,
    published.check_published_links,
    ids.check_aliases,
    search_words.check_crisis_phrases,
    search_words.check_search_words,
    fact_frequency.check_natural_frequencies,
    pages.check_key_points,
    pages.check_crisis_mentions,
    pages.check_crisis_countries,
    pages.check_report_address,
)
"""Every content check, in the order they run: the order the diagnostics come in before the
report sorts them by file and line."""


class UndeclaredCodeError(RuntimeError):
    """A check yielded a code it did not declare: a bug in faq-build, not in the content."""


def run_checks(
    content: Content, *, today: date, published: list[tuple[int, str]] = (), checks: Sequence[Check] = REGISTRY,
    stats: CheckStats | None = None, elsewhere: Mapping[str, Callable[[], list[Diagnostic]]] | None = None,
) -> list[Diagnostic]:
    """Every registered check (or the ``checks`` given) over the content, refusing any code a check
    did not declare: the declared codes are what ``faq-build checks`` and the tests trust.
    ``stats`` (if given) collects what the checks measured on the way, for the build summary.

    ``elsewhere`` names checks computed somewhere else (another core, ``validate.py``): each one's
    diagnostics are asked for only after every other check has run here, and take its place in
    the order, so the list is the same as when it runs here."""
    context = CheckContext(today=today, published=tuple(published), stats=stats if stats is not None else CheckStats())
    elsewhere = elsewhere or {}
    ran = [(registered, None if registered.name in elsewhere else list(registered(content, context)))
           for registered in checks]
    found: list[Diagnostic] = []
    for registered, diagnostics in ran:
        for diagnostic in diagnostics if diagnostics is not None else elsewhere[registered.name]():
            if diagnostic.code not in registered.codes:
                raise UndeclaredCodeError(
                    f"{registered.name} emitted {diagnostic.code}, which it does not declare ({', '.join(registered.codes)})"
                )
            found.append(diagnostic)
    context.stats.checked = True
    return found


def run_named(content: Content, names: Sequence[str], *, today: date, published: list[tuple[int, str]] = ()
              ) -> dict[str, list[Diagnostic]]:
    """The diagnostics of the registered checks named, each on its own (for ``run_checks(elsewhere=)``).
    Only checks that collect no statistics may run this way: these come from a fresh ``CheckStats``."""
    context = CheckContext(today=today, published=tuple(published), stats=CheckStats())
    return {registered.name: list(registered(content, context)) for registered in REGISTRY if registered.name in names}


__all__ = ["REGISTRY", "Check", "CheckContext", "UndeclaredCodeError", "check", "run_checks", "run_named"]
