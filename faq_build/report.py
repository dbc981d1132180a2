"""Formatters at the edge: one report, four ways to show it.

Diagnostics are data (:mod:`faq_build.diagnostics`); this module is the only place that
turns them into something to read, as yamllint's and flake8's formatters do:

- ``text``: what an editor reads in the terminal (``file:line:col: error CODE: message``,
  then the expected / found / hint lines);
- ``json``: a stable list of objects for scripts, one per diagnostic, every key always
  present (``null`` when a value is unknown);
- ``github``: GitHub Actions workflow commands, so a pull request shows each problem as
  an annotation on the line it is about;
- ``html``: the live preview's error page (a template: ``templates/error_page.html``).

A :class:`~faq_build.diagnostics.Report` is always shown sorted by file and line, with
exact repeats dropped; a plain list of diagnostics is shown in the order given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from . import templating
from .diagnostics import Diagnostic, Report, Severity

Diagnostics = Report | Iterable[Diagnostic]
"""What every formatter accepts."""

_DETAILS = (("expected", "expected: "), ("found", "found:    "), ("hint", "hint:     "))
"""The detail lines of a diagnostic, in the order shown, with their aligned labels."""


def _items(diagnostics: Diagnostics) -> list[Diagnostic]:
    return diagnostics.sorted() if isinstance(diagnostics, Report) else list(diagnostics)


def _details(diagnostic: Diagnostic, *, aligned: bool = True) -> list[str]:
    """Expected, found and hint, each only when there is something to say (an empty hint says nothing).

    Aligned for a terminal's fixed-width font; one space after the label elsewhere."""
    lines = []
    for name, label in _DETAILS:
        value = getattr(diagnostic, name)
        if value is not None and (value or name != "hint"):
            lines.append(f"{label if aligned else name + ': '}{value}")
    return lines


# --------------------------------------------------------------------------- text


def diagnostic_text(diagnostic: Diagnostic) -> str:
    """One diagnostic as an editor reads it: location, code, message, then the details indented."""
    head = f"{diagnostic.position}: {diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}"
    return "\n".join([head, *(f"    {line}" for line in _details(diagnostic))])


def text(diagnostics: Diagnostics) -> str:
    return "\n".join(diagnostic_text(d) for d in _items(diagnostics))


# --------------------------------------------------------------------------- json


def record(diagnostic: Diagnostic) -> dict[str, object]:
    """One diagnostic as a JSON object. Line and column are ``null`` when unknown (the data says 0)."""
    position = diagnostic.position
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "file": position.file,
        "line": position.line if position.line > 0 else None,
        "column": position.column if position.line > 0 and position.column > 0 else None,
        "message": diagnostic.message,
        "expected": diagnostic.expected,
        "found": diagnostic.found,
        "hint": diagnostic.hint,
    }


def json_text(diagnostics: Diagnostics) -> str:
    """A JSON array of :func:`record` objects, indented, keys in a fixed order."""
    return json.dumps([record(d) for d in _items(diagnostics)], indent=2, ensure_ascii=False)


# --------------------------------------------------------------------------- github


def _escape_data(value: str) -> str:
    """As GitHub's toolkit escapes a command's message (``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    """As GitHub's toolkit escapes a command's property value (``escapeProperty``)."""
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_command(diagnostic: Diagnostic) -> str:
    """``::error file=F,line=L,col=C,title=CODE::message`` (line and col only when known).

    The message carries the details on further lines, so the annotation says what to do."""
    position = diagnostic.position
    command = "warning" if diagnostic.severity is Severity.WARNING else "error"
    message = "\n".join([diagnostic.message, *_details(diagnostic, aligned=False)])
    properties = []
    if _is_file(position.file):
        properties.append(("file", position.file))
        if position.line > 0:
            properties.append(("line", str(position.line)))
            if position.column > 0:
                properties.append(("col", str(position.column)))
    else:  # the tool itself or a setting (FAQ_EDITOR_REPO): named in the text, not as a file GitHub cannot show
        message = f"{position.file}: {message}"
    properties.append(("title", diagnostic.code))
    listed = ",".join(f"{name}={_escape_property(value)}" for name, value in properties)
    return f"::{command} {listed}::{_escape_data(message)}"


def _is_file(place: str) -> bool:
    """Whether a position names a file of the project (``content/x.yml``, ``mkdocs.yml``,
    ``site/404.html``), not the tool (``faq-build``) or an environment variable."""
    return "/" in place or "." in place


def github(diagnostics: Diagnostics) -> str:
    return "\n".join(github_command(d) for d in _items(diagnostics))


# --------------------------------------------------------------------------- html


def html_page(diagnostics: Diagnostics, *, summary: str) -> str:
    """A self-contained HTML page (no external files) listing every problem, for the live preview."""
    items = _items(diagnostics)
    # Counted like the summary line below it: over the report as collected, before repeats are dropped.
    counted = diagnostics.diagnostics if isinstance(diagnostics, Report) else items
    errors = sum(1 for d in counted if d.severity is Severity.ERROR)
    return templating.render("error_page.html", items=items, errors=errors, summary=summary)


# --------------------------------------------------------------------------- choosing one


FORMATTERS: dict[str, Callable[[Diagnostics], str]] = {"text": text, "json": json_text, "github": github}
"""The formats of ``--format``; text is the default."""
FORMATS = tuple(FORMATTERS)


def render(diagnostics: Diagnostics, fmt: str = "text") -> str:
    return FORMATTERS[fmt](diagnostics)
