"""A parsed content file and where each of its values came from: the types every later stage points back with.

Apart from the loader so that validation, the checks, the editor tools and the model can
name a file position without importing the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Position

PathKey = tuple[str | int, ...]
"""The path of a value inside a document: ``("questions", 2, "body")``."""


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
    refused: set[PathKey] = field(default_factory=set)
    """Values this stage already reported (e.g. an infinite number), so validation does not report them twice."""

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
