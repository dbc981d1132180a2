"""One test per class of bad input: each must give its code at the right file and line."""

from __future__ import annotations

import pytest
from conftest import TOPIC, diagnose, fixture_text, line_of, where

from faq_build.load import MAX_FILE_BYTES

BASE = fixture_text(TOPIC)
SOURCES = "content/sources.yml"


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_fixture_is_clean():
    assert diagnose() == []


def test_yaml_syntax_error():
    bad = edit("title: An example topic", 'title: "An example topic')
    diagnostics = diagnose({TOPIC: bad})
    assert [d.code for d in diagnostics] == ["YAML-SYNTAX"]
    assert diagnostics[0].file == TOPIC and diagnostics[0].line >= line_of(bad, "title:")


def test_tab_indentation():
    bad = edit("  last_reviewed: 2026-01-10", "\tlast_reviewed: 2026-01-10")
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, "last_reviewed"), "YAML-TAB")}


def test_duplicate_key():
    bad = edit("summary: A topic used by the tests.", "summary: A topic used by the tests.\nsummary: Again.")
    assert (TOPIC, line_of(bad, "summary: Again."), "YAML-DUPLICATE-KEY") in where(diagnose({TOPIC: bad}))


def test_unknown_field_suggests_nearest_name():
    bad = edit("summary: A topic", "sumary: A topic")
    diagnostics = diagnose({TOPIC: bad})
    assert (TOPIC, line_of(bad, "sumary:"), "FIELD-UNKNOWN") in where(diagnostics)
    unknown = next(d for d in diagnostics if d.code == "FIELD-UNKNOWN")
    assert "summary" in (unknown.hint or "")


def test_unknown_field_in_nested_question():
    bad = edit("    also_called: [first, opening question]", "    also_caled: [first, opening question]")
    diagnostics = diagnose({TOPIC: bad})
    unknown = next(d for d in diagnostics if d.code == "FIELD-UNKNOWN")
    assert (unknown.file, unknown.line) == (TOPIC, line_of(bad, "also_caled"))
    assert "also_called" in (unknown.hint or "")


def test_missing_required_field():
    bad = edit("  next_review_due: 2027-01-10\n", "")
    diagnostics = diagnose({TOPIC: bad})
    assert where(diagnostics) == {(TOPIC, line_of(bad, "status:"), "FIELD-MISSING")}
    assert "next_review_due" in diagnostics[0].message


def test_reviewed_page_must_name_its_reviewer():
    bad = edit("  reviewer_role: Test reviewer\n", "")
    diagnostics = diagnose({TOPIC: bad})
    assert [(d.file, d.line, d.code) for d in diagnostics] == [(TOPIC, line_of(bad, "status:"), "REVIEW-STATUS")]
    assert "reviewer_role is missing" in diagnostics[0].message


def test_pending_page_must_not_name_a_reviewer():
    bad = edit("  status: reviewed\n", "  status: pending\n")
    diagnostics = diagnose({TOPIC: bad})
    assert [(d.file, d.line, d.code) for d in diagnostics] == [(TOPIC, line_of(bad, "status:"), "REVIEW-STATUS")]
    assert "remove reviewer and reviewer_role" in diagnostics[0].message


def test_review_status_is_one_of_two_words():
    bad = edit("  status: reviewed\n", "  status: checked\n")
    diagnostics = diagnose({TOPIC: bad})
    assert [(d.file, d.line, d.code) for d in diagnostics] == [(TOPIC, line_of(bad, "status:"), "FIELD-VALUE")]


def test_wrong_type():
    bad = edit("order: 1", "order: first")
    diagnostics = diagnose({TOPIC: bad})
    assert where(diagnostics) == {(TOPIC, line_of(bad, "order:"), "FIELD-TYPE")}
    assert diagnostics[0].expected == "a whole number"
    assert diagnostics[0].found == "'first'"


def test_number_where_text_expected_suggests_quotes():
    bad = edit("title: An example topic", "title: 2024")
    diagnostics = diagnose({TOPIC: bad})
    assert where(diagnostics) == {(TOPIC, line_of(bad, "title:"), "FIELD-TYPE")}
    assert "quotes" in (diagnostics[0].hint or "")


@pytest.mark.parametrize("value", ["2024-13-01", "2025-02-30", "next year"])
def test_impossible_or_invalid_date(value: str):
    bad = edit("last_reviewed: 2026-01-10", f"last_reviewed: {value}")
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, "last_reviewed"), "DATE-INVALID")}


@pytest.mark.parametrize("word", ["no", "Yes", "off", "ON"])
def test_implicit_boolean_is_reported(word: str):
    bad = edit("    short_answer: The second answer.", f"    short_answer: {word}")
    assert (TOPIC, line_of(bad, f"short_answer: {word}"), "YAML-IMPLICIT-BOOL") in where(diagnose({TOPIC: bad}))


def test_quoted_no_is_fine_as_text():
    bad = edit("    short_answer: The second answer.", '    short_answer: "No."')
    assert diagnose({TOPIC: bad}) == []


def test_bad_slug():
    bad = edit("  - id: second-question", "  - id: Second_Question")
    diagnostics = diagnose({TOPIC: bad})
    assert (TOPIC, line_of(bad, "Second_Question"), "ID-INVALID") in where(diagnostics)


def test_duplicate_id_across_files():
    other = "content/topics/other-topic.yml"
    copy = BASE.replace("id: example-topic", "id: other-topic").replace("order: 1", "order: 2")
    copy = copy.replace("id: second-question", "id: another-question").replace("related: [first-question]", "related: []")
    diagnostics = diagnose({other: copy})
    assert (other, line_of(copy, "id: first-question"), "ID-DUPLICATE") in where(diagnostics)


def test_reference_to_missing_question_suggests_nearest():
    bad = edit("    related: [second-question]", "    related: [secnd-question]")
    diagnostics = diagnose({TOPIC: bad})
    assert where(diagnostics) == {(TOPIC, line_of(bad, "secnd-question"), "REF-MISSING")}
    assert "second-question" in (diagnostics[0].hint or "")


def test_reference_to_missing_source():
    bad = edit("    sources: [study-a]", "    sources: [study-z]")
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, "study-z"), "REF-MISSING")}


def test_text_reference_to_missing_fact_points_at_exact_column():
    bad = edit("A course lasts {{ fact: course-length }}.", "A course lasts {{ fact: course-lenght }}.")
    diagnostics = diagnose({TOPIC: bad})
    line = line_of(bad, "course-lenght")
    column = bad.split("\n")[line - 1].index("{{") + 1
    assert [(d.file, d.line, d.position.column, d.code) for d in diagnostics] == [(TOPIC, line, column, "REF-MISSING")]


def test_malformed_reference():
    bad = edit("A course lasts {{ fact: course-length }}.", "A course lasts {{ fact course-length }}.")
    assert (TOPIC, line_of(bad, "fact course-length"), "REF-SYNTAX") in where(diagnose({TOPIC: bad}))


def test_invalid_utf8():
    raw = BASE.encode("utf-8").replace(b"A topic used", b"A topic \xff used")
    assert where(diagnose({TOPIC: raw})) == {(TOPIC, line_of(BASE, "A topic used"), "FILE-ENCODING")}


def test_byte_order_mark():
    assert where(diagnose({TOPIC: b"\xef\xbb\xbf" + BASE.encode()})) == {(TOPIC, 1, "FILE-BOM")}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text: str):
    assert where(diagnose({TOPIC: text})) == {(TOPIC, 1, "FILE-EMPTY")}


def test_file_too_large():
    big = BASE + "# " + "x" * MAX_FILE_BYTES + "\n"
    assert where(diagnose({TOPIC: big})) == {(TOPIC, 1, "FILE-TOO-LARGE")}


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<img src="a.png" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_unsafe_markdown(snippet: str):
    bad = edit("A course lasts", f"{snippet} A course lasts")
    diagnostics = diagnose({TOPIC: bad})
    assert (TOPIC, line_of(bad, snippet), "MARKDOWN-UNSAFE") in where(diagnostics)


def test_malformed_doi_and_pmid():
    sources = fixture_text(SOURCES)
    bad = edit("doi: 10.1000/test.1", "doi: doi.org/10.1000", sources)
    bad = edit("pmid: 12345", "pmid: PMID12345", bad)
    found = where(diagnose({SOURCES: bad}))
    assert (SOURCES, line_of(bad, "doi: doi.org"), "SOURCE-DOI-INVALID") in found


def test_source_without_any_identifier():
    sources = fixture_text(SOURCES)
    bad = edit("    url: https://example.org/study-b\n", "", sources)
    found = where(diagnose({SOURCES: bad}))
    assert (SOURCES, line_of(bad, "- id: study-b"), "SOURCE-IDENTIFIER-MISSING") in found


def test_missing_content_file():
    assert ("content/crisis.yml", 0, "CONTENT-FILE-MISSING") in where(diagnose({"content/crisis.yml": None}))


def test_unknown_file_is_a_warning_not_an_error():
    diagnostics = diagnose({"content/topics/notes.txt": "hello"})
    assert [(d.code, d.severity.value) for d in diagnostics] == [("CONTENT-UNKNOWN-FILE", "warning")]


def test_anchors_and_aliases_are_rejected():
    bad = edit("title: An example topic", "title: &name An example topic\nintro: *name")
    assert (TOPIC, line_of(bad, "&name"), "YAML-ANCHOR") in where(diagnose({TOPIC: bad}))


def test_all_problems_reported_in_one_run():
    """Several mistakes in several files: every one is reported, in one run."""
    topic = edit("order: 1", "order: first")
    topic = edit("  last_reviewed: 2026-01-10", "  last_reviewed: 2026-01-99", topic)
    sources = edit("doi: 10.1000/test.1", "doi: nonsense", fixture_text(SOURCES))
    codes = sorted(d.code for d in diagnose({TOPIC: topic, SOURCES: sources}))
    assert codes == ["DATE-INVALID", "FIELD-TYPE", "SOURCE-DOI-INVALID"]


def test_structure_errors_suppress_cross_reference_noise():
    """A structural error stops before reference checks, so one typo does not cascade."""
    bad = edit("  - id: second-question", "  - id: Second_Question")
    codes = {d.code for d in diagnose({TOPIC: bad})}
    assert "REF-MISSING" not in codes


def test_placeholders_fail_the_check():
    bad = edit("short_answer: The second answer.", "short_answer: TODO write this.")
    assert (TOPIC, line_of(bad, "TODO write"), "PLACEHOLDER") in where(diagnose({TOPIC: bad}))


def test_review_overdue_with_moved_clock():
    from datetime import date

    found = where(diagnose(today=date(2027, 1, 11)))
    assert found == {(TOPIC, line_of(BASE, "next_review_due"), "REVIEW-OVERDUE")}


def test_review_interval_over_three_years():
    bad = edit("next_review_due: 2027-01-10", "next_review_due: 2030-01-10")
    assert (TOPIC, line_of(bad, "next_review_due"), "REVIEW-DATES") in where(diagnose({TOPIC: bad}))


def test_short_answer_longer_than_two_sentences():
    bad = edit("short_answer: The second answer.", "short_answer: One. Two. Three.")
    assert (TOPIC, line_of(bad, "One. Two."), "SHORT-ANSWER-LENGTH") in where(diagnose({TOPIC: bad}))


def test_reserved_topic_id():
    bad = edit("id: example-topic", "id: glossary")
    assert (TOPIC, line_of(bad, "id: glossary"), "ID-RESERVED") in where(diagnose({TOPIC: bad}))


def test_placeholder_reviewer_role_fails():
    bad = edit("reviewer_role: Test reviewer", "reviewer_role: TODO the reviewer's role")
    assert (TOPIC, line_of(bad, "reviewer_role"), "PLACEHOLDER") in where(diagnose({TOPIC: bad}))
