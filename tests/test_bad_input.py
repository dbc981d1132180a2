"""One test per class of bad input: each must give its code at the right file and line."""

from __future__ import annotations

import pytest
from conftest import TOPIC, diagnose, fixture_text, line_of
from rules import report

from faq_build.load import MAX_FILE_BYTES

BASE = fixture_text(TOPIC)
SOURCES = "content/sources.yml"


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_fixture_is_clean():
    assert diagnose() == []


def test_yaml_syntax_error():
    """An unclosed quote runs to the end of the file, which is where the parser notices."""
    bad = edit("title: An example topic", 'title: "An example topic')
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, bad.count("\n") + 1, "YAML-SYNTAX")]


def test_tab_indentation():
    bad = edit("  last_reviewed: 2026-01-10", "\tlast_reviewed: 2026-01-10")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "last_reviewed"), "YAML-TAB")]


def test_duplicate_key():
    bad = edit("summary: A topic used by the tests.", "summary: A topic used by the tests.\nsummary: Again.")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "summary: Again."), "YAML-DUPLICATE-KEY")]


def test_unknown_field_suggests_nearest_name():
    bad = edit("summary: A topic", "sumary: A topic")
    diagnostics = diagnose({TOPIC: bad})
    # the misspelt name is unknown, and the required field it meant is missing from the topic's block
    assert report(diagnostics) == [(TOPIC, 1, "FIELD-MISSING"), (TOPIC, line_of(bad, "sumary:"), "FIELD-UNKNOWN")]
    unknown = next(d for d in diagnostics if d.code == "FIELD-UNKNOWN")
    assert unknown.hint == "did you mean 'summary'?"


def test_unknown_field_in_nested_question():
    bad = edit("    also_called: [first, opening question]", "    also_caled: [first, opening question]")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "also_caled"), "FIELD-UNKNOWN")]
    assert diagnostics[0].hint == "did you mean 'also_called'?"


def test_missing_required_field():
    bad = edit("  next_review_due: 2027-01-10\n", "")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "status:"), "FIELD-MISSING")]
    assert "next_review_due" in diagnostics[0].message


def test_reviewed_page_must_name_its_reviewer():
    bad = edit("  reviewer_role: Test reviewer\n", "")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "status:"), "REVIEW-STATUS")]
    assert diagnostics[0].message == "a reviewed page names its reviewer: reviewer_role is missing"


def test_pending_page_must_not_name_a_reviewer():
    bad = edit("  status: reviewed\n", "  status: pending\n")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "status:"), "REVIEW-STATUS")]
    assert diagnostics[0].message == (
        "a page pending clinical review names no reviewer: remove reviewer and reviewer_role or set status: reviewed"
    )


def test_review_status_is_one_of_two_words():
    bad = edit("  status: reviewed\n", "  status: checked\n")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "status:"), "FIELD-VALUE")]


def test_wrong_type():
    bad = edit("order: 1", "order: first")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "order:"), "FIELD-TYPE")]
    assert diagnostics[0].expected == "a whole number"
    assert diagnostics[0].found == "'first'"


def test_number_where_text_expected_suggests_quotes():
    bad = edit("title: An example topic", "title: 2024")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "title:"), "FIELD-TYPE")]
    assert diagnostics[0].hint == "put the value in quotes to keep it as text"


@pytest.mark.parametrize("value", ["2024-13-01", "2025-02-30", "next year"])
def test_impossible_or_invalid_date(value: str):
    bad = edit("last_reviewed: 2026-01-10", f"last_reviewed: {value}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "last_reviewed"), "DATE-INVALID")]


@pytest.mark.parametrize("word", ["no", "Yes", "off", "ON"])
def test_implicit_boolean_is_reported(word: str):
    bad = edit("    short_answer: The second answer.", f"    short_answer: {word}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, f"short_answer: {word}"), "YAML-IMPLICIT-BOOL")]


def test_quoted_no_is_fine_as_text():
    bad = edit("    short_answer: The second answer.", '    short_answer: "No."')
    assert diagnose({TOPIC: bad}) == []


def test_bad_slug():
    bad = edit("  - id: second-question", "  - id: Second_Question")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "Second_Question"), "ID-INVALID")]


def test_duplicate_id_across_files():
    other = "content/topics/other-topic.yml"
    copy = BASE.replace("id: example-topic", "id: other-topic").replace("order: 1", "order: 2")
    copy = copy.replace("id: second-question", "id: another-question").replace("related: [first-question]", "related: []")
    assert report(diagnose({other: copy})) == [(other, line_of(copy, "id: first-question"), "ID-DUPLICATE")]


def test_reference_to_missing_question_suggests_nearest():
    bad = edit("    related: [second-question]", "    related: [secnd-question]")
    diagnostics = diagnose({TOPIC: bad})
    assert report(diagnostics) == [(TOPIC, line_of(bad, "secnd-question"), "REF-MISSING")]
    assert diagnostics[0].hint == "did you mean 'second-question'?"


def test_reference_to_missing_source():
    bad = edit("    sources: [study-a]", "    sources: [study-z]")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "study-z"), "REF-MISSING")]


def test_text_reference_to_missing_fact_points_at_exact_column():
    bad = edit("A course lasts {{ fact: course-length }}.", "A course lasts {{ fact: course-lenght }}.")
    diagnostics = diagnose({TOPIC: bad})
    line = line_of(bad, "course-lenght")
    column = bad.split("\n")[line - 1].index("{{") + 1
    assert [(d.file, d.line, d.position.column, d.code) for d in diagnostics] == [(TOPIC, line, column, "REF-MISSING")]


def test_malformed_reference():
    """Without the colon the braces belong to no reference: one problem, at the first brace,
    showing what was typed and what was probably meant."""
    bad = edit("A course lasts {{ fact: course-length }}.", "A course lasts {{ fact course-length }}.")
    line = line_of(bad, "fact course-length")
    text = bad.split("\n")[line - 1]
    assert [(d.file, d.line, d.position.column, d.code, d.expected) for d in diagnose({TOPIC: bad})] == [
        (TOPIC, line, text.index("{{") + 1, "REF-SYNTAX", "{{ fact: course-length }}"),
    ]


def test_invalid_utf8():
    raw = BASE.encode("utf-8").replace(b"A topic used", b"A topic \xff used")
    assert report(diagnose({TOPIC: raw})) == [(TOPIC, line_of(BASE, "A topic used"), "FILE-ENCODING")]


def test_byte_order_mark():
    assert report(diagnose({TOPIC: b"\xef\xbb\xbf" + BASE.encode()})) == [(TOPIC, 1, "FILE-BOM")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text: str):
    assert report(diagnose({TOPIC: text})) == [(TOPIC, 1, "FILE-EMPTY")]


def test_file_too_large():
    big = BASE + "# " + "x" * MAX_FILE_BYTES + "\n"
    assert report(diagnose({TOPIC: big})) == [(TOPIC, 1, "FILE-TOO-LARGE")]


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert()</script>",
        '<img src="a.png" onerror="alert()">',
        "[click](javascript:alert())",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_unsafe_markdown(snippet: str):
    bad = edit("A course lasts", f"{snippet} A course lasts")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, snippet), "MARKDOWN-UNSAFE")]


def test_malformed_doi_and_pmid():
    sources = fixture_text(SOURCES)
    bad = edit("doi: 10.1000/test.1", "doi: doi.org/10.1000", sources)
    bad = edit("pmid: 12345", "pmid: PMID12345", bad)
    assert report(diagnose({SOURCES: bad})) == [
        (SOURCES, line_of(bad, "doi: doi.org"), "SOURCE-DOI-INVALID"),
        (SOURCES, line_of(bad, "pmid: PMID12345"), "SOURCE-PMID-INVALID"),
    ]


def test_source_without_any_identifier():
    sources = fixture_text(SOURCES)
    bad = edit("    url: https://example.org/study-b\n", "", sources)
    assert report(diagnose({SOURCES: bad})) == [(SOURCES, line_of(bad, "- id: study-b"), "SOURCE-IDENTIFIER-MISSING")]


def test_missing_content_file():
    assert report(diagnose({"content/crisis.yml": None})) == [("content/crisis.yml", 0, "CONTENT-FILE-MISSING")]


def test_unknown_file_is_a_warning_not_an_error():
    diagnostics = diagnose({"content/topics/notes.txt": "hello"})
    assert [(d.code, d.severity.value) for d in diagnostics] == [("CONTENT-UNKNOWN-FILE", "warning")]


def test_anchors_and_aliases_are_rejected():
    bad = edit("title: An example topic", "title: &name An example topic\nintro: *name")
    assert report(diagnose({TOPIC: bad})) == [
        (TOPIC, line_of(bad, "&name"), "YAML-ANCHOR"),
        (TOPIC, line_of(bad, "*name"), "YAML-ANCHOR"),
    ]


def test_all_problems_reported_in_one_run():
    """Several mistakes in several files: every one is reported, in one run."""
    topic = edit("order: 1", "order: first")
    topic = edit("  last_reviewed: 2026-01-10", "  last_reviewed: 2026-01-99", topic)
    sources = edit("doi: 10.1000/test.1", "doi: nonsense", fixture_text(SOURCES))
    assert report(diagnose({TOPIC: topic, SOURCES: sources})) == [
        (SOURCES, line_of(sources, "doi: nonsense"), "SOURCE-DOI-INVALID"),
        (TOPIC, line_of(topic, "order: first"), "FIELD-TYPE"),
        (TOPIC, line_of(topic, "2026-01-99"), "DATE-INVALID"),
    ]


def test_structure_errors_suppress_cross_reference_noise():
    """A structural error stops before reference checks, so one typo does not cascade."""
    bad = edit("  - id: second-question", "  - id: Second_Question")
    # two answers still refer to 'second-question'; only the one real mistake is reported
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "Second_Question"), "ID-INVALID")]


def test_placeholders_fail_the_check():
    bad = edit("short_answer: The second answer.", "short_answer: TODO write this.")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "TODO write"), "PLACEHOLDER")]


def test_review_overdue_with_moved_clock():
    from datetime import date

    assert report(diagnose(today=date(2027, 1, 11))) == [(TOPIC, line_of(BASE, "next_review_due"), "REVIEW-OVERDUE")]


def test_review_interval_over_three_years():
    bad = edit("next_review_due: 2027-01-10", "next_review_due: 2030-01-10")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "next_review_due"), "REVIEW-DATES")]


def test_short_answer_longer_than_two_sentences():
    bad = edit("short_answer: The second answer.", "short_answer: One. Two. Three.")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "One. Two."), "SHORT-ANSWER-LENGTH")]


def test_reserved_topic_id():
    bad = edit("id: example-topic", "id: glossary")
    # the file keeps its old name, so the (warning) file-name rule speaks too
    assert report(diagnose({TOPIC: bad})) == [
        (TOPIC, line_of(bad, "id: glossary"), "ID-RESERVED"),
        (TOPIC, line_of(bad, "id: glossary"), "TOPIC-FILE-NAME"),
    ]


def test_placeholder_reviewer_role_fails():
    bad = edit("reviewer_role: Test reviewer", "reviewer_role: TODO the reviewer's role")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "reviewer_role"), "PLACEHOLDER")]
