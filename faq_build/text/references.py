"""The reference syntax editors use inside text: ``{{ fact: id }}``, ``{{ term: id }}``, ``{{ question: id }}``,
``{{ crisis: box }}``.

One parser shared by the validate stage (which reports unknown ids at their exact
line and column) and the resolve stage (which replaces them), so the two can never
disagree about what counts as a reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

KINDS = ("fact", "term", "question", "crisis")
CRISIS_BOX_ID = "box"
"""``{{ crisis: box }}`` links to the crisis box on the same page (``#urgent-help``), so an answer
that says "use the urgent help box" is one tap from it."""
CRISIS_BOX_WORDS = "urgent help box"
"""The link's words when the reference gives none."""

REFERENCE_RE = re.compile(
    r"\{\{\s*(?P<kind>[a-z]+)\s*:\s*(?P<id>[^|}\s]+)\s*(?:\|\s*(?P<text>[^}]*?)\s*)?\}\}"
)
_OPEN_RE = re.compile(r"\{\{|\}\}")


@dataclass(frozen=True)
class Reference:
    kind: str
    id: str
    text: str | None
    start: int
    end: int
    piped: bool = False
    """True when the reference has a ``|``, even with nothing after it (a fact must not have one)."""


def _reference(match: re.Match[str]) -> Reference:
    return Reference(
        kind=match["kind"], id=match["id"], text=match["text"] or None, start=match.start(), end=match.end(),
        piped=match["text"] is not None,
    )


def find_references(text: str) -> Iterator[Reference]:
    for match in REFERENCE_RE.finditer(text):
        yield _reference(match)


def stray_braces(text: str) -> Iterator[int]:
    """Offsets of ``{{``/``}}`` that are not part of a well-formed reference (a typo an editor should see)."""
    covered = [(m.start(), m.end()) for m in REFERENCE_RE.finditer(text)]
    for match in _OPEN_RE.finditer(text):
        if not any(start <= match.start() < end for start, end in covered):
            yield match.start()


def replace_references(text: str, render) -> str:
    """Replace every reference with ``render(reference)``."""

    def _sub(match: re.Match[str]) -> str:
        return render(_reference(match))

    return REFERENCE_RE.sub(_sub, text)
