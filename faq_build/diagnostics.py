"""Errors as data.

Every problem the build finds in content is a :class:`Diagnostic`: a stable code,
a severity, a source position, what was expected, what was found and a hint.
Stages return diagnostics instead of raising, so one run can report every
mistake an editor made; the CLI shows them once, sorted by file and line, in the format
asked for (:mod:`faq_build.report`: text, JSON, GitHub annotations, or the preview's HTML).
Tests assert on ``(file, line, code)``, never on message wording.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from .codes import check_known


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a content file. Lines and columns are 1-based, like editors show them."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    position: Position
    severity: Severity = Severity.ERROR
    expected: str | None = None
    found: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        """Refuse a code that is not in the catalogue: every code a reader can meet is documented."""
        check_known(self.code)

    @property
    def file(self) -> str:
        return self.position.file

    @property
    def line(self) -> int:
        return self.position.line

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.position.file, self.position.line, self.position.column, self.code)


@dataclass
class Report:
    """All diagnostics of one run. Exit status comes from the worst severity."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.sort_key(), d.message): d for d in self.diagnostics}
        return [unique[k] for k in sorted(unique)]


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """Suggest the nearest valid name, the way pydantic/Dagster-style tools do."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None
