"""``faq-build fmt``: rewrite content files into one canonical layout, keeping comments and meaning.

Why: when every file has the same layout, a reviewer's diff shows only what changed in
the text, never that someone's editor re-indented a block. Editors are clinicians; the
formatter, not a style guide, keeps the files tidy.

The layout (rules, applied in this order):

1. Keys in the order the content model declares its fields (``faq_build.model``);
   unknown keys (which ``check`` reports) stay, after the known ones.
2. Two spaces per level; list items indented under their key (``  - id: ...``).
3. Text with line breaks is a literal block (``|``): Markdown line breaks stay exact.
4. One-line text that does not fit in :data:`WIDTH` columns becomes a folded block
   (``>-``) wrapped at :data:`WIDTH`; a folded block that would fit on one line
   becomes a plain line. ``{{ references }}`` and ``[links](...)`` are never split.
5. Lists of ids (``related``, ``sources``) are written ``[a, b]`` when they fit on the
   key's line; lists of words and phrases (``also_called``) one item per line.

Round-trip YAML (ruamel.yaml) keeps comments. Two guards make sure formatting never
changes what a file says: the result is parsed with the build's own strict loader
and must give exactly the same data, and every comment line must still be there.
A file that fails either guard is left untouched and reported (``FMT-UNSAFE``).
A value with a comment at the end of its line keeps its layout (moving the comment
around a block would be confusing), and a list with a comment is written one item per line.
"""

from __future__ import annotations

import io
import re
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
)
from ruamel.yaml.tokens import CommentToken

from ..diagnostics import Diagnostic, Position, Severity
from ..fsutil import atomic_write_text, scan_content
from ..load import kind_for, parse_document
from ..model import DOCUMENT_MODELS, SLUG_PATTERN, SLUG_RE
from ..strict_yaml import FLOAT_RE, INT_RE, NOT_TEXT_WORDS
from ..validate import model_at

WIDTH = 80
"""Longest line the formatter writes for folded text (literal Markdown blocks are kept as written)."""

_UNBREAKABLE_RE = re.compile(r"\{\{.*?\}\}|\[[^\]\n]*\]\([^)\n]*\)")


@dataclass
class FormatResult:
    """What ``fmt`` did: files it rewrote (or would rewrite, with ``--check``) and problems."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # we wrap text ourselves (rule 4); ruamel must never wrap on its own
    return yaml


# --------------------------------------------------------------------------- text layout


def fold_positions(text: str, first_column: int, width: int = WIDTH) -> list[int]:
    """Offsets of the spaces where a folded block breaks its lines (greedy, like a word processor).

    Breaks only at a single space between two non-space characters, never inside a
    ``{{ reference }}`` or a Markdown link, so folding back gives exactly the same text.
    """
    protected = [(m.start(), m.end()) for m in _UNBREAKABLE_RE.finditer(text)]
    candidates = [
        i for i, char in enumerate(text)
        if char == " " and 0 < i < len(text) - 1 and text[i - 1] != " " and text[i + 1] != " "
        and not any(start < i < end for start, end in protected)
    ]
    room = max(width - first_column, 20)
    breaks: list[int] = []
    line_start = 0
    previous: int | None = None  # the last possible break on the current line
    for i in candidates:
        if i - line_start > room and previous is not None and previous >= line_start:
            breaks.append(previous)
            line_start = previous + 1
        previous = i
    if len(text) - line_start > room and previous is not None and previous >= line_start:
        breaks.append(previous)
    return sorted(set(breaks))


def _foldable(text: str) -> bool:
    """Text that a folded block reproduces exactly: one line, no doubled or edge spaces, no tabs."""
    return (
        "\n" not in text and "\t" not in text and "\r" not in text and text == text.strip()
        and "  " not in text and bool(text)
    )


def _plain_or_quoted(text: str) -> str:
    """A one-line string our strict loader reads back as the same text (quoted when it would not)."""
    if text.lower() in NOT_TEXT_WORDS or INT_RE.match(text) or FLOAT_RE.match(text):
        return DoubleQuotedScalarString(text)
    # PlainScalarString, not str: ruamel would otherwise keep the old block style on assignment.
    # Where plain is impossible (text with ': ' or a leading quote) ruamel adds quotes itself.
    return PlainScalarString(text)


def _layout_text(value: str, key_column: int, key: str) -> Any:
    """The canonical form of one text value at a given place (rules 3 and 4)."""
    text = str(value)
    if "\n" in text:
        return value if isinstance(value, LiteralScalarString) else LiteralScalarString(text)
    fits = key_column + len(key) + 2 + len(text) <= WIDTH
    if fits or not _foldable(text):
        if isinstance(value, (FoldedScalarString, LiteralScalarString)):
            return _plain_or_quoted(text)
        return value
    indent = key_column + 2
    positions = fold_positions(text, indent)
    if not positions:
        return value if not isinstance(value, (FoldedScalarString, LiteralScalarString)) else _plain_or_quoted(text)
    folded = FoldedScalarString(text)
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


# --------------------------------------------------------------------------- structure


def _is_id_list(info: FieldInfo | None) -> bool:
    """True for fields declared as a list of slugs (``related``, ``sources``): written on one line."""
    if info is None:
        return False
    annotation = info.annotation
    if get_origin(annotation) is not list:
        return False
    (item,) = get_args(annotation)
    if get_origin(item) is not typing.Annotated:
        return False
    return any(getattr(meta, "pattern", None) == SLUG_PATTERN for meta in get_args(item)[1:])


def _has_comments(node: CommentedMap | CommentedSeq) -> bool:
    ca = node.ca
    return bool(ca.items) or bool(ca.comment and any(ca.comment)) or bool(getattr(ca, "end", None))


def _has_line_comment(parent: CommentedMap | CommentedSeq, key: Any) -> bool:
    entry = parent.ca.items.get(key)
    return bool(entry and any(entry))


def _flow_fits(items: CommentedSeq, column: int, key: str) -> bool:
    if not all(isinstance(item, str) and SLUG_RE.fullmatch(item) for item in items):
        return False
    return column + len(key) + 2 + len("[" + ", ".join(items) + "]") <= WIDTH


def _reorder(mapping: CommentedMap, model: type[BaseModel] | None) -> None:
    """Rule 1: declared field order first, unknown keys after in their current order."""
    if model is None:
        return
    declared = [name for name in model.model_fields if name in mapping]
    unknown = [key for key in mapping if key not in model.model_fields]
    wanted = declared + unknown
    if list(mapping) == wanted:
        return
    for key in wanted:
        mapping.move_to_end(key)


def _canonical(node: Any, root: type[BaseModel], path: tuple[str | int, ...], column: int) -> None:
    """Apply the layout rules in place to a round-trip node tree."""
    if isinstance(node, CommentedMap):
        model = model_at(root, path) if all(isinstance(p, (str, int)) for p in path) else None
        _reorder(node, model)
        node.fa.set_block_style()
        for key in list(node):
            value = node[key]
            info = model.model_fields.get(key) if model is not None and isinstance(key, str) else None
            if isinstance(value, str) and not _has_line_comment(node, key):
                node[key] = _layout_text(value, column, str(key))
            elif isinstance(value, CommentedSeq):
                _sequence(value, root, path + (key,), column, str(key), info)
            elif isinstance(value, CommentedMap):
                _canonical(value, root, path + (key,), column + 2)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            if isinstance(item, (CommentedMap, CommentedSeq)):
                _canonical(item, root, path + (index,), column + 4)


def _sequence(seq: CommentedSeq, root: type[BaseModel], path: tuple[str | int, ...], column: int, key: str,
              info: FieldInfo | None) -> None:
    """Rule 5, and recursion into lists of blocks (questions, facts, ...)."""
    if not seq:
        seq.fa.set_flow_style()
        return
    if _is_id_list(info) and not _has_comments(seq) and _flow_fits(seq, column, key):
        seq.fa.set_flow_style()
        return
    seq.fa.set_block_style()
    for index, item in enumerate(seq):
        if isinstance(item, str) and index not in seq.ca.items:
            # a list item's text starts after "- " at the key's column + 2
            seq[index] = _layout_text(item, column + 2, "")
        elif isinstance(item, (CommentedMap, CommentedSeq)):
            _canonical(item, root, path + (index,), column + 4)


# --------------------------------------------------------------------------- guards


def comment_lines(text: str) -> Counter[str]:
    """Every comment line of a YAML text (as written, without surrounding spaces), counted."""
    found: Counter[str] = Counter()

    def collect(comment: Any) -> None:
        if isinstance(comment, CommentToken):
            for line in comment.value.split("\n"):
                if line.strip():
                    found[line.strip()] += 1
        elif isinstance(comment, (list, tuple)):
            for part in comment:
                collect(part)

    for token in _yaml().scan(text):
        collect(getattr(token, "_comment", None))
    return found


def format_text(text: str, path: str, kind: str) -> tuple[str | None, list[Diagnostic]]:
    """The canonical layout of one content file, or ``None`` and the reason it cannot be formatted.

    Pure (no file access), so tests can check idempotence and meaning on any text.
    """
    before, problems = parse_document(text.encode("utf-8"), path, kind)
    blocking = [d for d in problems if d.severity is Severity.ERROR]
    if before is None or blocking:
        return None, [
            Diagnostic("FMT-SKIPPED", "file was not formatted because it cannot be read safely",
                       Position(path, 1, 1), hint="fix the errors 'faq-build check' reports for this file, then format again"),
            *blocking,
        ]
    yaml = _yaml()
    data = yaml.load(text)
    if isinstance(data, CommentedMap):
        _canonical(data, DOCUMENT_MODELS[kind], (), 0)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    result = buffer.getvalue()
    after, after_problems = parse_document(result.encode("utf-8"), path, kind)
    if after is None or after.data != before.data or [d.code for d in after_problems] != [d.code for d in problems]:
        return None, [Diagnostic("FMT-UNSAFE", "formatting would change what this file says, so it was left as it is",
                                 Position(path, 1, 1), hint="please report this; the file itself is fine")]
    if comment_lines(result) != comment_lines(text):
        return None, [Diagnostic("FMT-UNSAFE", "formatting would lose or duplicate a comment, so the file was left as it is",
                                 Position(path, 1, 1), hint="please report this; the file itself is fine")]
    return result, []


# --------------------------------------------------------------------------- files


def content_files(root: Path) -> list[Path]:
    """Every content file the build reads (``load.kind_for`` decides), in a stable order."""
    content = root / "content"
    if not content.is_dir() or content.is_symlink():
        return []
    found, _ = scan_content(content)  # links, FIFOs and hidden files are refused by ``check``, never formatted
    return [path for relative, path in found.items() if kind_for(relative) is not None]


def format_files(root: Path, paths: list[Path] | None = None, *, check: bool = False) -> FormatResult:
    """Format (or with ``check``, only inspect) content files under ``root``."""
    result = FormatResult()
    for path in paths if paths is not None else content_files(root):
        path = path.resolve()
        try:
            relative = path.relative_to(root).as_posix()
        except ValueError:
            relative = path.as_posix()
        kind = kind_for(relative)
        if kind is None:
            result.diagnostics.append(Diagnostic(
                "FMT-UNKNOWN-FILE", "not a content file, so it was not formatted", Position(relative),
                hint="content files are content/*.yml and content/topics/*.yml",
            ))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.diagnostics.append(Diagnostic("FMT-SKIPPED", f"file cannot be read: {type(exc).__name__}", Position(relative)))
            continue
        formatted, problems = format_text(text, relative, kind)
        result.diagnostics.extend(problems)
        if formatted is None:
            continue
        if formatted == text:
            result.unchanged.append(relative)
            continue
        result.changed.append(relative)
        if not check:
            atomic_write_text(path, formatted)
    return result
