"""One exact test per diagnostic code, grouped by family (as yamllint's ``tests/rules/test_<rule>.py``).

Each test feeds a minimal input (the fixture content with one thing wrong, or a tiny folder) to the
smallest real function that reports the code, and compares the WHOLE report, as sorted
``(file, line, code)`` triples, with the expected list: a test fails when the code goes missing,
moves to another line, or comes with a companion nobody asked for. Lines come from
``conftest.line_of``, never typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from conftest import TODAY, TOPIC, fixture_files, fixture_text, line_of

from faq_build.diagnostics import Diagnostic
from faq_build.load import parse_files
from faq_build.validate import validate

__all__ = ["SITE", "TOPIC", "Where", "diagnose_with", "edit", "fixture_text", "line_of", "report"]

SITE = "content/site.yml"

Where = tuple[str, int, str]


def report(diagnostics: Iterable[Diagnostic]) -> list[Where]:
    """The whole report as sorted (file, line, code): what the rule tests compare exactly."""
    return sorted((d.file, d.line, d.code) for d in diagnostics)


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` replaced; fails loudly when the fixture no longer has ``old``."""
    assert old in text, old
    return text.replace(old, new, 1)


def diagnose_with(
    overrides: dict[str, str | bytes | None], *, today: date = TODAY, published: list[tuple[int, str]] = ()
) -> list[Diagnostic]:
    """Like ``conftest.diagnose``, with the published-links manifest the build would read."""
    files = fixture_files()
    for name, value in overrides.items():
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value.encode("utf-8") if isinstance(value, str) else value
    documents, problems = parse_files(files)
    _, more = validate(documents, today=today, published=list(published), load_problems=problems)
    return problems + more
