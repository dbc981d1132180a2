"""Unit tests per stage on in-memory content, plus golden files pinning the generated Markdown."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT, TODAY, fixture_files

from faq_build.build import generate
from faq_build.load import parse_document, parse_files
from faq_build.resolve import format_fact, resolve
from faq_build.validate import validate

GOLDEN = ROOT / "tests" / "golden" / "minimal"


def fixture_content():
    documents, problems = parse_files(fixture_files())
    content, more = validate(documents, today=TODAY)
    assert problems + more == []
    assert content is not None
    return content


# -- load -------------------------------------------------------------------------------


def test_load_keeps_positions_of_values_and_keys():
    doc, problems = parse_document(b"id: x-y\nquestions:\n  - id: a-b\n    question: Why?\n", "content/topics/x-y.yml", "topic")
    assert problems == [] and doc is not None
    assert doc.positions[("questions", 0, "question")] == (4, 15)
    assert doc.key_positions[("questions", 0, "id")] == (3, 5)


def test_load_is_strict_about_scalars():
    doc, problems = parse_document(b"a: 2026-01-10\nb: 3\nc: true\nd: '3'\ne:\n", "content/site.yml", "site")
    assert problems == []
    assert doc.data == {"a": "2026-01-10", "b": 3, "c": True, "d": "3", "e": None}


def test_block_scalar_offsets_map_to_lines():
    text = b"body: |\n  first line\n  second {{ x }}\n"
    doc, _ = parse_document(text, "content/site.yml", "site")
    offset = doc.data["body"].index("{{")
    assert doc.text_position(("body",), offset).line == 3
    assert doc.text_position(("body",), offset).column == 10


def test_folded_scalar_has_no_fold_markers():
    doc, _ = parse_document(b"a: >-\n  one\n  two\n", "content/site.yml", "site")
    assert doc.data["a"] == "one two"


# -- validate ----------------------------------------------------------------------------


def test_validate_builds_the_typed_model():
    content = fixture_content()
    assert [t.id for t in content.topics] == ["example-topic"]
    assert [q.id for _, q in content.questions()] == ["first-question", "second-question"]
    assert content.facts["course-length"].low == 6
    assert content.sources["study-a"].pmid == "12345"  # a bare number is kept as text


def test_topics_sorted_by_order_then_id():
    files = fixture_files()
    text = files["content/topics/example-topic.yml"].decode()
    files["content/topics/aaa-topic.yml"] = (
        text.replace("id: example-topic", "id: aaa-topic")
        .replace("order: 1", "order: 2")
        .replace("first-question", "aaa-first")
        .replace("second-question", "aaa-second")
        .encode()
    )
    documents, _ = parse_files(files)
    content, problems = validate(documents, today=TODAY)
    assert problems == []
    assert [t.id for t in content.topics] == ["example-topic", "aaa-topic"]


# -- resolve -----------------------------------------------------------------------------


def test_fact_formats():
    content = fixture_content()
    assert format_fact(content.facts["remission-a"]) == "36.8%"
    assert format_fact(content.facts["course-length"]) == "6–12 sessions"


def test_resolve_replaces_references_and_collects_fact_sources():
    resolved = resolve(fixture_content())
    first = resolved.topics[0].questions[0]
    assert "36.8% ([Study A 2020](sources.md#study-a))" in first.short_answer
    assert "{{" not in first.body
    # the term is linked (with its definition as a tooltip) only the first time on a page
    assert first.body.count("glossary.md#remission") == 1
    assert '"When symptoms are gone or almost gone."' in first.body
    assert "[recovery]" not in first.body and "recovery" in first.body
    # a question reference links to the stable anchor on the same page
    assert "[And the second?](#second-question)" in first.body
    # sources of facts used in the text are listed with the answer
    assert [s.id for s in first.sources] == ["study-a", "study-b"]


# -- render (golden files) -----------------------------------------------------------------


def _pages(rendered) -> dict[str, str]:
    """The generated Markdown pages (the search data file is tested in test_search_vocabulary.py)."""
    return {name: text for name, text in rendered.files.items() if name.endswith(".md")}


def test_generated_files_are_the_pages_and_the_search_data():
    rendered = generate(fixture_content())
    assert sorted(set(rendered.files) - set(_pages(rendered))) == ["assets/faq-search-data.json"]


def test_generated_markdown_matches_golden_files():
    rendered = generate(fixture_content())
    pages = _pages(rendered)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.md")}
    assert sorted(pages) == sorted(expected)
    for name, text in pages.items():
        assert text == expected[name], f"{name} differs from tests/golden/minimal/{name} (UPDATE_GOLDEN=1 to accept)"


def test_every_question_has_an_explicit_stable_anchor():
    rendered = generate(fixture_content())
    page = rendered.files["example-topic.md"]
    assert "## What is the first question? { #first-question }" in page
    assert "## And the second? { #second-question }" in page


def test_crisis_block_is_on_every_generated_page_once():
    rendered = generate(fixture_content())
    for name, text in _pages(rendered).items():
        assert text.count('class="faq-crisis faq-search-exclude"') == 1, name
        assert 'href="tel:999"' in text


def test_navigation_follows_topic_order():
    rendered = generate(fixture_content())
    assert rendered.nav[0] == {"Home": "index.md"}
    assert rendered.nav[1] == {"An example topic": "example-topic.md"}
    assert rendered.nav[-3:] == [{"Glossary": "glossary.md"}, {"Sources": "sources.md"}, {"About this site": "about.md"}]


@pytest.mark.parametrize("name", ["index.md", "example-topic.md", "glossary.md", "sources.md"])
def test_pages_start_with_front_matter_and_one_h1(name: str):
    text = generate(fixture_content()).files[name]
    assert text.startswith("---\ntitle: ")
    assert sum(1 for line in text.split("\n") if line.startswith("# ")) == 1


def test_asterisks_inside_words_stay_literal():
    """'STAR*D' twice in a paragraph must not turn the text between into italics."""
    from faq_build.resolve import escape_markdown, protect_prose

    assert protect_prose("The STAR*D study and STAR*D again, *really*.") == (
        "The STAR\\*D study and STAR\\*D again, *really*."
    )
    assert escape_markdown("STAR*D [a] _b_") == "STAR\\*D \\[a\\] \\_b\\_"


def test_statement_that_ages_shows_its_as_of_date_on_the_sources_page():
    from datetime import date

    from faq_build.blocks.citations import format_citation

    source = next(iter(fixture_content().sources.values()))
    status = "Checked against a public record." if source.verified else "**Not yet verified.**"
    assert format_citation(source).endswith(status)
    dated = source.model_copy(update={"as_of": date(2026, 12, 1)})
    assert format_citation(dated).endswith(
        f"{status} Information as of 1 December 2026; rules and approvals change."
    )
