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


def malformed_references(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``{{``/``}}`` typo: braces that are not part of a well-formed reference.

    A ``{{`` followed on the same line by a ``}}``, with no other braces between, is one mistake
    (``{{ fact course-length }}``: one problem, the whole thing shown); a brace with no partner
    is a mistake of its own (its span is just the two braces)."""
    covered = [(m.start(), m.end()) for m in REFERENCE_RE.finditer(text)]
    strays = [m for m in _OPEN_RE.finditer(text) if not any(start <= m.start() < end for start, end in covered)]
    index = 0
    while index < len(strays):
        here = strays[index]
        after = strays[index + 1] if index + 1 < len(strays) else None
        if (here.group() == "{{" and after is not None and after.group() == "}}"
                and "\n" not in text[here.end():after.start()]):
            yield here.start(), after.end()
            index += 2
        else:
            yield here.start(), here.end()
            index += 1


def missing_colon(typed: str) -> str | None:
    """``{{ fact course-length }}`` -> ``{{ fact: course-length }}``: what was probably meant, when
    a known kind is followed by an id with no colon between."""
    match = re.fullmatch(r"\{\{\s*(?P<kind>[a-z]+)\s+(?P<id>[^\s:|{}]+)\s*\}\}", typed)
    if match and match["kind"] in KINDS:
        return f"{{{{ {match['kind']}: {match['id']} }}}}"
    return None


def replace_references(text: str, render) -> str:
    """Replace every reference with ``render(reference)``."""

    def _sub(match: re.Match[str]) -> str:
        return render(_reference(match))

    return REFERENCE_RE.sub(_sub, text)
