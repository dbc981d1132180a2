"""The allowlist's converter leaves out inline patterns that cannot match (sanitise.INLINE_PATTERN_NEEDS):
the HTML it gives must be exactly what Python-Markdown gives with every pattern."""

from __future__ import annotations

import random
from datetime import date

import markdown
from conftest import ROOT

from faq_build.checks.fields import text_fields
from faq_build.load import load_content
from faq_build.resolve import resolve
from faq_build.text.sanitise import INLINE_PATTERN_NEEDS, inline_patterns_needed, to_html
from faq_build.validate import validate

PIECES = [
    "Plain words about treatment.", "`code`", "``two ` ticks``", "\\*not em\\*", "\\\\", "[a link](/page/#x)",
    "[a link](https://example.org \"title\")", "[ref][r]", "[r]", "[r]: https://example.org/r", "![an image](x.png)",
    "![ref image][r]", "! [not an image](y)", "<b>bold</b>", "<https://example.org>", "<someone@example.org>",
    "<!-- note -->", "line  \nbreak", "tab\t\nbreak", "a &amp; b", "&#x41;", "&copy;", "*em*", "**strong**",
    "_under_", "__dunder__", "snake_case_word", "2 * 3 * 4", "{: #anchor .cls }", "# Heading", "- item", "1. first",
    "> quoted", "    indented code", "---", "A [link with *em* and `code`](/x/)", "[{{ not a ref }}](/y/)",
    "text { not attr }", "trailing spaces  ", "\\[escaped bracket\\]",
]
"""Pieces of Markdown that between them use every inline pattern, and texts that come close."""


def generated_texts(count: int) -> list[str]:
    """Random mixes of the pieces, on one line or across lines, paragraphs and list items."""
    chance = random.Random(20261205)
    texts = []
    for _ in range(count):
        pieces = chance.sample(PIECES, chance.randint(1, 6))
        joins = [chance.choice([" ", "\n", "\n\n", "\n- ", "\n    "]) for _ in pieces]
        texts.append("".join(join + piece for join, piece in zip(joins, pieces, strict=True)).lstrip())
    return texts


def real_fields() -> list[str]:
    documents, _ = load_content(ROOT / "content")
    content, _ = validate(documents, today=date.today(), parallel=False)
    assert content is not None
    resolved = resolve(content)
    fields = [text for t in resolved.topics for q in t.questions for text in (q.short_answer, q.body)]
    fields += [page.body for page in resolved.pages] + [field.text for field in text_fields(content)]
    return [text for text in fields if text]


def with_every_pattern(text: str) -> tuple[str, dict[str, str]]:
    converter = markdown.Markdown(extensions=["attr_list"], output_format="html")
    fragment = converter.convert(text)
    return fragment, {name: url for name, (url, _title) in converter.references.items()}


def test_the_table_names_every_inline_pattern_of_the_installed_markdown():
    converter = markdown.Markdown(extensions=["attr_list"], output_format="html")
    assert sorted(item.name for item in converter.inlinePatterns._priority) == sorted(INLINE_PATTERN_NEEDS)


def test_generated_texts_convert_as_with_every_pattern():
    texts = generated_texts(600)
    assert [to_html(text) for text in texts] == [with_every_pattern(text) for text in texts]


def test_every_field_of_the_real_content_converts_as_with_every_pattern():
    texts = real_fields()
    assert len(texts) > 300
    assert [to_html(text) for text in texts] == [with_every_pattern(text) for text in texts]


def test_patterns_that_cannot_match_are_left_out():
    assert inline_patterns_needed("Plain words.") == frozenset()
    assert inline_patterns_needed("See [the glossary](/glossary/#x).") == {"reference", "link", "short_reference"}
    assert inline_patterns_needed("![x](y.png) `c` a\tb &amp; <b> *e*") == set(INLINE_PATTERN_NEEDS) - {"escape"}
    assert inline_patterns_needed("two  spaces and a \\ backslash_") == {"linebreak", "escape", "em_strong"}
