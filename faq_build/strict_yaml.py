"""YAML text -> plain data with positions, parsed strictly (in the spirit of StrictYAML).

We compose the node tree from ruamel.yaml's events (which keep the line and column of every
node) and build plain Python values ourselves, so that YAML 1.1 surprises never reach the
model silently:

* ``no``/``yes``/``on``/``off`` are an error (did you mean the word, or false/true?);
* dates stay text until the model parses them, so ``2024-13-01`` is reported, not
  turned into something else;
* duplicate keys, tabs in indentation, anchors/aliases and explicit tags are errors;
* raw control characters are errors, at the line and column an editor shows.

The plain-scalar rules below are also what ``faq-build fmt`` uses to decide when text must be
quoted, so the formatter can never write something this loader reads differently.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Position
from .source import PathKey, RawDocument, ScalarSpan

NULL_WORDS = frozenset({"", "~", "null"})
"""Plain scalars (any case) read as no value."""
BOOL_WORDS = frozenset({"true", "false"})
"""Plain scalars (any case) read as true or false."""
IMPLICIT_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
"""Plain scalars (any case) that YAML 1.1 readers turn into true/false: refused as ambiguous."""
NOT_TEXT_WORDS = NULL_WORDS | BOOL_WORDS | IMPLICIT_BOOL_WORDS
"""Every word that, written plain, is not read as that text."""
INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
"""Plain scalars read as whole numbers."""
FLOAT_RE = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
"""Plain scalars read as decimal numbers."""
_NON_FINITE_RE = re.compile(r"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")
"""YAML's spellings of infinity and not-a-number."""
_EXPONENT_RE = re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$")
"""``1e5``: kept as text (the schema reads it as a number), but ``1e309`` is infinite."""
_MAX_INT_DIGITS = 300



def error_at(code: str, path: str, line: int, col: int, message: str, **extra: str | None) -> Diagnostic:
    """A problem at a line and column of a file (the loader's diagnostics all start here)."""
    return Diagnostic(code=code, message=message, position=Position(path, line, col), **extra)


class _Builder:
    """Turns a composed node tree into plain data, recording positions and strictness errors."""

    def __init__(self, doc: RawDocument, lines: list[str]) -> None:
        self.doc = doc
        self.lines = lines
        self.diagnostics: list[Diagnostic] = []

    def _pos(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: Node, path: PathKey) -> Any:
        """Plain data for a node tree that ``_Composer`` already limited in depth and cleared of aliases."""
        self.doc.positions[path] = self._pos(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = self._pos(key_node)
                self.diagnostics.append(
                    error_at("YAML-KEY", self.doc.path, line, col, "a key must be a plain name",
                             found=type(key_node).__name__)
                )
                continue
            key = str(key_node.value)
            line, col = self._pos(key_node)
            if key in seen:
                self.diagnostics.append(
                    error_at(
                        "YAML-DUPLICATE-KEY", self.doc.path, line, col,
                        f"key '{key}' appears twice in the same block",
                        expected="each key once", found=f"'{key}' again (first on line {seen[key]})",
                        hint="YAML keeps only the last one silently; delete or merge one of them",
                    )
                )
                continue
            seen[key] = line
            self.doc.key_positions[path + (key,)] = (line, col)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        value: str = node.value
        style = node.style
        self.doc.spans[path] = self._span(node)
        if style == ">":
            # The pure-Python round-trip composer marks folding points with BEL characters.
            value = value.replace("\a", "")
        if style:  # quoted or block scalar: always text ('' or None means plain)
            self._control_escapes(node, value)
            return value
        lowered = value.lower()
        if lowered in NULL_WORDS:
            return None
        if lowered in BOOL_WORDS:
            return lowered == "true"
        if lowered in IMPLICIT_BOOL_WORDS:
            line, col = self._pos(node)
            self.diagnostics.append(
                error_at(
                    "YAML-IMPLICIT-BOOL", self.doc.path, line, col,
                    f"'{value}' is ambiguous: some YAML readers turn it into true/false",
                    expected="true or false, or text in quotes", found=value,
                    hint=f"write \"{value}\" in quotes if you mean the word, or true/false for a yes/no field",
                )
            )
            return value
        if _NON_FINITE_RE.match(value) or (_EXPONENT_RE.match(value) and not math.isfinite(float(value))):
            return self._not_finite(node, value, path)
        if INT_RE.match(value):
            return int(value) if len(value) <= _MAX_INT_DIGITS else self._not_finite(node, value, path)
        if FLOAT_RE.match(value):
            number = float(value)
            return number if math.isfinite(number) else self._not_finite(node, value, path)
        return value

    def _not_finite(self, node: ScalarNode, value: str, path: PathKey) -> str:
        """Infinity, not-a-number and numbers too large to print would crash formatting later."""
        self.doc.refused.add(path)
        line, col = self._pos(node)
        self.diagnostics.append(
            error_at(
                "NUMBER-NOT-FINITE", self.doc.path, line, col,
                "number is infinite, not a number, or too large",
                expected="an ordinary number such as 36.8 or 12", found=value[:40],
                hint="write the number the source gives; a number the site cannot print is always a mistake",
            )
        )
        return value

    def _control_escapes(self, node: ScalarNode, value: str) -> None:
        """Control characters written as escapes (``"\\0"``, ``"\\x9b"``) in quoted text."""
        match = _VALUE_CONTROL_RE.search(value)
        if match is None:
            return
        line, col = self._pos(node)
        self.diagnostics.append(
            error_at("FILE-CONTROL-CHARACTER", self.doc.path, line, col, "text contains an invisible control character",
                     expected="printable text", found=_describe_character(match.group()),
                     hint="remove the escape (such as \\0, \\e, \\x7f or \\u202e) from the quoted text")
        )

    def _span(self, node: ScalarNode) -> ScalarSpan:
        start_line = node.start_mark.line  # 0-based
        end_line = node.end_mark.line
        style = node.style
        if style in ("|", ">"):
            # Content starts on the line after the indicator; find its indentation.
            anchors: list[tuple[int, int, int]] = []
            first = start_line + 1
            indent = None
            for i in range(first, min(end_line + 1, len(self.lines))):
                stripped = self.lines[i].lstrip(" ")
                if stripped.strip():
                    indent = len(self.lines[i]) - len(stripped)
                    break
            indent = indent or 0
            offset = 0
            value_lines = node.value.split("\n")
            if style == "|":
                for i, text in enumerate(value_lines):
                    anchors.append((offset, first + i + 1, indent + 1))
                    offset += len(text) + 1
            else:
                # Folded: walk the source lines, each contributes its text plus one separator.
                for i in range(first, min(end_line + 1, len(self.lines))):
                    raw = self.lines[i]
                    if not raw.strip():
                        offset += 1
                        continue
                    anchors.append((offset, i + 1, indent + 1))
                    offset += len(raw.strip()) + 1
            return ScalarSpan(tuple(anchors) or ((0, first + 1, indent + 1),))
        # Plain or quoted scalar, possibly over several lines.
        quote = 1 if style in ("'", '"') else 0
        anchors = [(0, start_line + 1, node.start_mark.column + 1 + quote)]
        offset = len(self.lines[start_line][node.start_mark.column + quote:].rstrip()) + 1 if start_line < len(self.lines) else 0
        for i in range(start_line + 1, min(end_line + 1, len(self.lines))):
            raw = self.lines[i]
            if not raw.strip():
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            anchors.append((offset, i + 1, indent + 1))
            offset += len(raw.strip()) + 1
        return ScalarSpan(tuple(anchors))


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
"""Characters that have no place in content: C0/C1 controls (tab, line feed and carriage return
are allowed), DEL, the Unicode line and paragraph separators and next-line (which YAML counts
as line breaks, so every later position would be off), bidirectional overrides (they make
text read differently from how it is stored) and the noncharacters U+FFFE/U+FFFF."""

_VALUE_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
"""The same characters inside a parsed value, where only tab and line feed may remain: a YAML
escape (``"\\0"``, ``"\\e"``, ``"\\x9b"``) would otherwise carry them into HTML and PDF."""



def refused_in_values(char: str) -> bool:
    """Whether a parsed value may not hold ``char`` (FILE-CONTROL-CHARACTER): also what a
    Markdown character reference may not write (``text/sanitise.py``)."""
    return _VALUE_CONTROL_RE.fullmatch(char) is not None


_BREAK_RE = re.compile("\r\n|\r|\n")
_MAX_REPORTED_CHARACTERS = 10
"""A binary file pasted into content/ would give one error per line; the first few say enough."""

MAX_DEPTH = 20
"""Deepest nesting of lists and blocks a content file may use (the real content uses at most 5)."""


def _describe_character(char: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x85": "NEL (next line)",
             "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
    name = names.get(char)
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _control_characters(text: str, path: str) -> list[Diagnostic]:
    """Raw control characters, at their real line and column.

    Lines are counted the way YAML counts them for files we accept (LF, CRLF, CR), never
    with NEL or U+2028, so a NUL after a NEL is still reported on the line an editor shows.
    """
    diagnostics: list[Diagnostic] = []
    line_starts = [0] + [match.end() for match in _BREAK_RE.finditer(text)]
    reported_lines: set[int] = set()
    for match in _CONTROL_RE.finditer(text):
        line = bisect_right(line_starts, match.start())
        if line in reported_lines:
            continue
        reported_lines.add(line)
        column = match.start() - line_starts[line - 1] + 1
        diagnostics.append(
            error_at("FILE-CONTROL-CHARACTER", path, line, column, "invisible control character in the file",
                     expected="printable text, spaces, tabs and line breaks", found=_describe_character(match.group()),
                     hint="delete the character (it often comes from pasting out of a PDF or a word processor)")
        )
        if len(diagnostics) >= _MAX_REPORTED_CHARACTERS:
            break
    return diagnostics


def _tab_indentation(lines: list[str], path: str) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for number, raw in enumerate(lines, start=1):
        leading = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in leading:
            diagnostics.append(
                error_at("YAML-TAB", path, number, leading.index("\t") + 1, "tab character used for indentation",
                         expected="spaces", found="a tab", hint="indent with two spaces; set your editor to insert spaces")
            )
    return diagnostics


class _Composer:
    """Builds the node tree from parser events, refusing what could make the work unbounded.

    Anchors and aliases are refused at the event that carries them, before any node is
    shared, so an "alias bomb" (nine lists of nine aliases each) costs nine events, not
    nine to the ninth values. Nesting is counted as events arrive and composing stops at
    ``MAX_DEPTH``, so no later stage needs deep recursion. Explicit tags on any node are
    refused here too: the schema, not the file, decides each field's type.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.roots: list[Node] = []
        self.open: list[tuple[Any, Any, list[Node]]] = []  # (start event, node class, children)
        self.diagnostics: list[Diagnostic] = []
        self.anchor_lines: set[int] = set()

    def _problem(self, code: str, mark: Any, message: str, hint: str) -> None:
        self.diagnostics.append(error_at(code, self.path, mark.line + 1, mark.column + 1, message, hint=hint))

    def _anchor(self, event: Any) -> None:
        line = event.start_mark.line + 1
        if line not in self.anchor_lines:
            self.anchor_lines.add(line)
            self._problem("YAML-ANCHOR", event.start_mark,
                          "YAML anchors and aliases (&name, *name) are not allowed in content files",
                          "write the value out in full; repeated facts belong in facts.yml")

    def _check(self, event: Any) -> None:
        if getattr(event, "anchor", None) is not None:
            self._anchor(event)
        tag = getattr(event, "tag", None)
        if tag is not None:
            self._problem("YAML-TAG", event.start_mark, f"explicit YAML tag {tag!r} is not allowed",
                          "remove the tag; the schema decides each field's type")

    def _finish(self, node: Node) -> None:
        if self.open:
            self.open[-1][2].append(node)
        else:
            self.roots.append(node)

    def feed(self, event: Any) -> bool:
        """Take one event; False once composing must stop."""
        if isinstance(event, AliasEvent):
            self._anchor(event)
        elif isinstance(event, ScalarEvent):
            self._check(event)
            self._finish(ScalarNode(None, event.value, event.start_mark, event.end_mark, style=event.style))
        elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self._check(event)
            if len(self.open) >= MAX_DEPTH:
                self._problem("YAML-TOO-DEEP", event.start_mark,
                              f"lists and blocks are nested more than {MAX_DEPTH} levels deep",
                              "content files need only a few levels; check for a run of '[' or '{'")
                return False
            kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
            self.open.append((event, kind, []))
        elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            start, kind, children = self.open.pop()
            value: list[Any] = children if kind is SequenceNode else list(zip(children[::2], children[1::2], strict=False))
            self._finish(kind(None, value, start.start_mark, event.end_mark, flow_style=start.flow_style))
        return True


def _compose(text: str, path: str) -> tuple[list[Node], list[Diagnostic]]:
    """The root node of every document in ``text``, or the problems that stopped composing."""
    # The "safe" parser uses libyaml through ruamel.yaml.clib when installed (about 18x
    # faster than the pure-Python parser) and still reports every event's position and
    # scalar style, which is all this stage needs.
    composer = _Composer(path)
    try:
        for event in YAML(typ="safe", pure=False).parse(text):
            if not composer.feed(event):
                break
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "YAML syntax error"
        return [], [
            error_at("YAML-SYNTAX", path, line, col, f"YAML syntax error: {problem}",
                     hint="check indentation and that text containing ': ' or starting with a quote is in quotes")
        ]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for real input
        return [], [error_at("YAML-SYNTAX", path, 1, 1, f"YAML syntax error: {exc}")]
    return composer.roots, composer.diagnostics


def parse_text(text: str, path: str, kind: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    """One content file's decoded text as a document, or every problem that stops reading it.

    Control characters and tab indentation are looked for first, over the whole text, so
    that every one is reported and none is hidden behind a YAML syntax error."""
    lines = text.split("\n")
    diagnostics = _control_characters(text, path) + _tab_indentation(lines, path)
    if diagnostics:
        return None, diagnostics
    roots, diagnostics = _compose(text, path)
    if diagnostics:
        return None, diagnostics
    if not roots:
        return None, [error_at("FILE-EMPTY", path, 1, 1, "file is empty", hint="add content or delete the file")]
    if len(roots) > 1:
        line = roots[1].start_mark.line + 1
        return None, [
            error_at("YAML-MULTIPLE-DOCUMENTS", path, line, 1, "file holds more than one YAML document ('---')",
                     hint="keep one document per file")
        ]
    doc = RawDocument(path=path, kind=kind, data=None)
    builder = _Builder(doc, lines)
    doc.data = builder.build(roots[0], ())
    return doc, builder.diagnostics
