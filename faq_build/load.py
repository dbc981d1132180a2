"""Stage 1 - load: read content files into raw documents that remember where every value came from.

Only this stage (and ``write``) touches the file system. YAML is parsed strictly,
in the spirit of StrictYAML: we compose the node tree with ruamel.yaml (which keeps
line and column of every node) and build plain Python values ourselves, so that
YAML 1.1 surprises never reach the model silently:

* ``no``/``yes``/``on``/``off`` are an error (did you mean the word, or false/true?);
* dates stay text until the model parses them, so ``2024-13-01`` is reported, not
  turned into something else;
* duplicate keys, tabs in indentation, anchors/aliases and explicit tags are errors;
* invalid UTF-8, a byte-order mark, an empty file and an over-large file are errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Position, Severity

MAX_FILE_BYTES = 512 * 1024
"""A content file larger than this is almost certainly a mistake (a pasted PDF, a data dump)."""

CONTENT_FILES = {
    "site.yml": "site",
    "crisis.yml": "crisis",
    "sources.yml": "sources",
    "facts.yml": "facts",
    "glossary.yml": "glossary",
    "thesaurus.yml": "thesaurus",
}
TOPICS_DIR = "topics"
PAGES_DIR = "pages"

PathKey = tuple[str | int, ...]

_IMPLICIT_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_NULLS = {"", "~", "null"}
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")


@dataclass(frozen=True)
class ScalarSpan:
    """Maps offsets inside a (possibly multi-line) string value back to file positions.

    ``anchors`` holds ``(offset_in_value, line, column)`` for the start of every source
    line of the scalar, so a problem found in Markdown inside a YAML block scalar can be
    reported at its real line and column.
    """

    anchors: tuple[tuple[int, int, int], ...]

    def locate(self, offset: int) -> tuple[int, int]:
        best = self.anchors[0]
        for anchor in self.anchors:
            if anchor[0] <= offset:
                best = anchor
            else:
                break
        return best[1], best[2] + (offset - best[0])


@dataclass
class RawDocument:
    """One parsed content file: plain data plus source positions keyed by value path."""

    path: str
    kind: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    spans: dict[PathKey, ScalarSpan] = field(default_factory=dict)

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """The best-known position for a value path: the value, else its key, else its parent."""
        probe = tuple(path)
        while True:
            if key and probe in self.key_positions:
                line, col = self.key_positions[probe]
                return Position(self.path, line, col)
            if probe in self.positions:
                line, col = self.positions[probe]
                return Position(self.path, line, col)
            if probe in self.key_positions:
                line, col = self.key_positions[probe]
                return Position(self.path, line, col)
            if not probe:
                return Position(self.path, 1, 1)
            probe = probe[:-1]

    def text_position(self, path: PathKey, offset: int) -> Position:
        """Position of a character inside a string value (for Markdown checks)."""
        span = self.spans.get(tuple(path))
        if span is None:
            return self.position(path)
        line, col = span.locate(offset)
        return Position(self.path, line, col)


def _error(code: str, path: str, line: int, col: int, message: str, **extra: str | None) -> Diagnostic:
    return Diagnostic(code=code, message=message, position=Position(path, line, col), **extra)


class _Builder:
    """Turns a composed node tree into plain data, recording positions and strictness errors."""

    def __init__(self, doc: RawDocument, lines: list[str]) -> None:
        self.doc = doc
        self.lines = lines
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[int] = set()

    def _pos(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: Node, path: PathKey) -> Any:
        self.doc.positions[path] = self._pos(node)
        # libyaml's composer drops anchor names but hands back the same node for an alias.
        reused = id(node) in self.seen
        self.seen.add(id(node))
        if getattr(node, "anchor", None) or reused:
            line, col = self._pos(node)
            self.diagnostics.append(
                _error(
                    "YAML-ANCHOR", self.doc.path, line, col,
                    "YAML anchors and aliases (&name, *name) are not allowed in content files",
                    hint="write the value out in full; repeated facts belong in facts.yml",
                )
            )
        tag = node.tag
        tag_value = tag.value if hasattr(tag, "value") else tag
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if tag_value and tag_value.startswith("!") and not tag_value.startswith("tag:yaml.org"):
            line, col = self._pos(node)
            self.diagnostics.append(
                _error("YAML-TAG", self.doc.path, line, col, f"explicit YAML tag {tag_value!r} is not allowed",
                       hint="remove the tag; the schema decides each field's type")
            )
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = self._pos(key_node)
                self.diagnostics.append(
                    _error("YAML-KEY", self.doc.path, line, col, "a key must be a plain name",
                           found=type(key_node).__name__)
                )
                continue
            key = str(key_node.value)
            line, col = self._pos(key_node)
            if key in seen:
                self.diagnostics.append(
                    _error(
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
            return value.replace("\a", "")
        if style:  # quoted or block scalar: always text ('' or None means plain)
            return value
        lowered = value.lower()
        if lowered in _NULLS:
            return None
        if lowered in ("true", "false"):
            return lowered == "true"
        if lowered in _IMPLICIT_BOOLS:
            line, col = self._pos(node)
            self.diagnostics.append(
                _error(
                    "YAML-IMPLICIT-BOOL", self.doc.path, line, col,
                    f"'{value}' is ambiguous: some YAML readers turn it into true/false",
                    expected="true or false, or text in quotes", found=value,
                    hint=f"write \"{value}\" in quotes if you mean the word, or true/false for a yes/no field",
                )
            )
            return value
        if _INT_RE.match(value):
            return int(value)
        if _FLOAT_RE.match(value):
            return float(value)
        return value

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


def parse_document(data: bytes, path: str, kind: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    """Parse one content file's bytes. Pure: no file access, so tests feed bytes directly."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            _error("FILE-TOO-LARGE", path, 1, 1, "file is larger than a content file should be",
                   expected=f"at most {MAX_FILE_BYTES // 1024} KiB", found=f"{len(data) // 1024} KiB",
                   hint="split the topic into several files, or check that nothing was pasted by mistake")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            _error("FILE-BOM", path, 1, 1, "file starts with a byte-order mark (BOM)",
                   hint="save the file as 'UTF-8' (without BOM) in your editor")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _error("FILE-ENCODING", path, line, col, "file is not valid UTF-8",
                   found=f"byte 0x{data[exc.start]:02x}",
                   hint="save the file as UTF-8; this often happens after pasting from a word processor")
        ]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [_error("FILE-EMPTY", path, 1, 1, "file is empty", hint="add content or delete the file")]

    lines = text.split("\n")
    diagnostics: list[Diagnostic] = []
    for number, raw in enumerate(lines, start=1):
        leading = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in leading:
            diagnostics.append(
                _error("YAML-TAB", path, number, leading.index("\t") + 1, "tab character used for indentation",
                       expected="spaces", found="a tab", hint="indent with two spaces; set your editor to insert spaces")
            )
    if diagnostics:
        return None, diagnostics

    # The "safe" composer uses libyaml through ruamel.yaml.clib when installed (about 18x
    # faster than the pure-Python round-trip parser) and still reports every node's
    # position and scalar style, which is all this stage needs.
    yaml = YAML(typ="safe", pure=False)
    try:
        nodes = list(yaml.compose_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "YAML syntax error"
        return None, [
            _error("YAML-SYNTAX", path, line, col, f"YAML syntax error: {problem}",
                   hint="check indentation and that text containing ': ' or starting with a quote is in quotes")
        ]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for real input
        return None, [_error("YAML-SYNTAX", path, 1, 1, f"YAML syntax error: {exc}")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None, [_error("FILE-EMPTY", path, 1, 1, "file is empty", hint="add content or delete the file")]
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        return None, [
            _error("YAML-MULTIPLE-DOCUMENTS", path, line, 1, "file holds more than one YAML document ('---')",
                   hint="keep one document per file")
        ]
    doc = RawDocument(path=path, kind=kind, data=None)
    builder = _Builder(doc, lines)
    doc.data = builder.build(nodes[0], ())
    return doc, builder.diagnostics


def kind_for(relative: str) -> str | None:
    """The kind of a content file from its path (``content/topics/x.yml`` -> ``topic``)."""
    parts = relative.split("/")
    if len(parts) == 2 and parts[0] == "content" and parts[1] in CONTENT_FILES:
        return CONTENT_FILES[parts[1]]
    if len(parts) == 3 and parts[:2] == ["content", TOPICS_DIR] and parts[2].endswith(".yml"):
        return "topic"
    if len(parts) == 3 and parts[:2] == ["content", PAGES_DIR] and parts[2].endswith(".yml"):
        return "page"
    return None


def parse_files(files: dict[str, bytes]) -> tuple[list[RawDocument], list[Diagnostic]]:
    """Parse a whole content tree given as ``{"content/...": bytes}``. Pure, for tests and tools."""
    documents: list[RawDocument] = []
    diagnostics: list[Diagnostic] = []
    for name in CONTENT_FILES:
        if f"content/{name}" not in files:
            diagnostics.append(
                _error("CONTENT-FILE-MISSING", f"content/{name}", 0, 0, f"required content file '{name}' is missing")
            )
    for relative in sorted(files):
        kind = kind_for(relative)
        if kind is None:
            diagnostics.append(
                Diagnostic(
                    code="CONTENT-UNKNOWN-FILE",
                    message="file is not part of the content and will not be published",
                    position=Position(relative, 0, 0),
                    severity=Severity.WARNING,
                    hint="topic files go in content/topics/, site pages in content/pages/; both end in .yml",
                )
            )
            continue
        doc, problems = parse_document(files[relative], relative, kind)
        diagnostics.extend(problems)
        if doc is not None:
            documents.append(doc)
    return documents, diagnostics


def _read_capped(path: Path) -> bytes:
    """Read at most one byte more than the limit: enough to report an over-large file."""
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def load_content(content_dir: Path) -> tuple[list[RawDocument], list[Diagnostic]]:
    """Read every file under ``content/`` and parse it. Reports all problems; never raises for bad content."""
    if not content_dir.is_dir():
        return [], [_error("CONTENT-MISSING", content_dir.name, 0, 0, "content folder not found")]
    root = content_dir.parent
    files = {
        path.relative_to(root).as_posix(): _read_capped(path)
        for path in sorted(content_dir.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }
    return parse_files(files)


def load_published_links(root: Path) -> list[tuple[int, str]]:
    """The committed manifest of published addresses (see faq_build/linkmap.py); empty if absent."""
    from .linkmap import MANIFEST, parse_manifest

    path = root / MANIFEST
    return parse_manifest(path.read_text(encoding="utf-8")) if path.is_file() else []
