"""The build summary: numbers collected while the checks run, and the lines every command prints.

The reading level and the allowlisted-number count come from what READABILITY and NUMBER-BARE
computed during the check run (``faq_build.stats.CheckStats``), not from a second scan.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURE, TODAY, TOPIC, fixture_files, fixture_text

from faq_build.build import check
from faq_build.load import parse_files
from faq_build.stats import CheckStats, ContentStats
from faq_build.summary import plural, readability_line, summary_line
from faq_build.validate import validate

FIXTURE_STATS = ContentStats(
    topics=1, questions=2, facts=3, sources=2, terms=1, unverified_sources=1, disputed_facts=2, allowed_numbers=1,
    grade_median=4.25, grade_worst=((5.2, "second-question"), (3.3, "first-question")),
)


def test_check_fills_the_stats_from_the_check_run():
    result = check(FIXTURE, today=TODAY)
    assert result.stats == FIXTURE_STATS
    assert summary_line(result) == (
        "1 topic, 2 questions, 3 facts (2 disputed), 2 sources (1 unverified), 1 term, 1 allowlisted number, "
        "0 errors, 0 warnings"
    )
    assert readability_line(result) == (
        "Reading level (Flesch-Kincaid grade): median 4.2; hardest: second-question 5.2, first-question 3.3"
    )


def test_check_records_its_steps_in_order():
    result = check(FIXTURE, today=TODAY)
    assert [name for name, _ in result.steps] == ["load", "read published links", "validate"]
    assert all(seconds >= 0 for _, seconds in result.steps)


def test_the_checks_write_grades_and_allowed_numbers_into_the_collector():
    files = fixture_files()
    files[TOPIC] = fixture_text(TOPIC).replace(
        "short_answer: The second answer.", "short_answer: The second answer. Call 999 now."
    ).encode("utf-8")
    documents, problems = parse_files(files)
    collected = CheckStats()
    _, found = validate(documents, today=TODAY, load_problems=problems, stats=collected)
    assert [d.code for d in found] == []
    assert collected.checked is True
    assert collected.allowed_numbers == 2  # the fixture's one, and the crisis number 999
    assert sorted(qid for _, qid in collected.grades) == ["first-question", "second-question"]


def test_no_check_run_means_no_grades_or_allowed_numbers():
    """A duplicate id stops validation before the checks: the counts are known, the grades are not."""
    files = fixture_files()
    files["content/topics/copy.yml"] = files[TOPIC]
    documents, problems = parse_files(files)
    collected = CheckStats()
    validate(documents, today=TODAY, load_problems=problems, stats=collected)
    assert collected == CheckStats()


def test_a_file_that_does_not_load_stops_the_checks_so_no_reading_level(tmp_path: Path):
    """The other files still assemble into content, so its counts are exact; the checks did not run."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    (tmp_path / "content" / "sources.yml").write_text("sources: [unclosed\n", encoding="utf-8")
    result = check(tmp_path, today=TODAY)
    assert result.stats == ContentStats(topics=1, questions=2, facts=3, sources=0, terms=1, unverified_sources=0,
                                        disputed_facts=2)
    assert readability_line(result) is None
    assert summary_line(result) == "1 topic, 2 questions, 3 facts (2 disputed), 0 sources (0 unverified), 1 term, " + (
        f"{plural(len(result.report.errors), 'error')}, 0 warnings"
    )


def test_content_with_a_broken_structure_gets_best_effort_counts(tmp_path: Path):
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    facts = tmp_path / "content" / "facts.yml"
    facts.write_text(facts.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    result = check(tmp_path, today=TODAY)
    assert result.stats == ContentStats(topics=1, questions=2, facts=3, sources=2, terms=1)
    assert readability_line(result) is None
    assert summary_line(result) == "1 topic, 2 questions, 3 facts, 2 sources (? unverified), 1 term, 1 error, 0 warnings"


def test_plural():
    assert [plural(0, "error"), plural(1, "error"), plural(2, "term")] == ["0 errors", "1 error", "2 terms"]
