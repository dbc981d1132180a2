"""``faq-build fmt``: one canonical layout, idempotent, never changing meaning, keeping comments.

Only copies are formatted here; the real content/ is never written by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, TODAY, make_project, run_cli, tree_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_build import build as pipeline
from faq_build.commands.fmt import WIDTH, comment_lines, fold_positions, format_files, format_text
from faq_build.load import load_content, parse_document
from faq_build.report import text as report_text

TOPIC = "content/topics/example-topic.yml"

MESSY = '''\
# A topic written by hand, in no particular order.
questions:
    -   question: What is the first question?   # in the patient's words
        id: first-question
        related:
          - second-question
        also_called: [first, opening question]
        short_answer: "LONG_ANSWER"
        body: "More detail about {{ term: remission }}.\\nA second line.\\n"
        sources: [study-a]
    - {id: second-question, question: "And the second?", short_answer: The second answer., related: [first-question]}
title: An example topic
id: example-topic
order: 1
summary: >-
  A topic
  used by the tests.
review: {next_review_due: 2027-01-10, last_reviewed: 2026-01-10, reviewer_role: Test reviewer}
# the end
'''.replace(
    "LONG_ANSWER", "It is the first one. About {{ fact: remission-a }} of people, and this sentence is long enough to wrap twice."
)


def data_of(text: str, path: str = TOPIC, kind: str = "topic"):
    doc, problems = parse_document(text.encode("utf-8"), path, kind)
    assert doc is not None and not problems, problems
    return doc.data


def test_messy_file_gets_the_canonical_layout():
    formatted, problems = format_text(MESSY, TOPIC, "topic")
    assert problems == [] and formatted is not None
    assert data_of(formatted) == data_of(MESSY)  # meaning unchanged
    keys = [line.split(":")[0] for line in formatted.splitlines() if line and line[0].isalpha()]
    assert keys == ["id", "title", "summary", "order", "review", "questions"]  # model field order
    assert "review:\n  last_reviewed: 2026-01-10\n  next_review_due: 2027-01-10\n  reviewer_role: Test reviewer\n" in formatted
    assert "\n  - id: first-question\n    question: What is the first question?" in formatted  # sequences indented
    assert "    short_answer: >-\n      It is the first one." in formatted  # long text folded
    assert "    body: |\n      More detail about {{ term: remission }}.\n      A second line.\n" in formatted
    assert "    related: [second-question]\n" in formatted  # ids on one line
    assert "    also_called:\n      - first\n      - opening question\n" in formatted  # phrases one per line
    assert "summary: A topic used by the tests.\n" in formatted  # short folded text back on one line
    assert "  - id: second-question\n" in formatted  # flow mapping becomes a block
    assert max(len(line) for line in formatted.splitlines()) <= WIDTH
    assert comment_lines(formatted) == comment_lines(MESSY)
    assert "# in the patient's words" in formatted and "# the end" in formatted


def test_formatting_is_idempotent():
    once, _ = format_text(MESSY, TOPIC, "topic")
    twice, problems = format_text(once, TOPIC, "topic")
    assert problems == [] and twice == once


def test_texts_that_would_change_meaning_keep_their_form():
    text = (
        'id: example-topic\ntitle: "999"\nsummary: "no"\norder: 1\n'
        "review:\n  last_reviewed: 2026-01-10\n  next_review_due: 2027-01-10\n  reviewer_role: Test reviewer\n"
        "questions:\n  - id: first-question\n    question: >-\n      yes\n"
        '    short_answer: "Two  spaces stay, even in a line that is far too long to fit in eighty columns of text."\n'
    )
    formatted, problems = format_text(text, TOPIC, "topic")
    assert problems == []
    assert data_of(formatted) == data_of(text)
    assert 'question: "yes"' in formatted  # a plain yes would be read as a yes/no value


def test_file_with_yaml_errors_is_left_alone(project: Path):
    topic = project / TOPIC
    broken = topic.read_text().replace("order: 1", "order: 1\norder: 2")
    topic.write_text(broken)
    result = run_cli("fmt", cwd=project)
    assert result.returncode == 1
    assert "FMT-SKIPPED" in result.stdout and "YAML-DUPLICATE-KEY" in result.stdout
    assert topic.read_text() == broken
    assert "Traceback" not in result.stdout + result.stderr


def test_check_lists_unformatted_files_and_fmt_fixes_them(project: Path):
    (project / TOPIC).write_text(MESSY)
    before = tree_bytes(project / "content")
    check = run_cli("fmt", "--check", cwd=project)
    assert check.returncode == 1
    assert f"not formatted: {TOPIC}" in check.stdout
    assert tree_bytes(project / "content") == before  # --check writes nothing
    assert run_cli("fmt", cwd=project).returncode == 0
    assert run_cli("fmt", "--check", cwd=project).returncode == 0
    assert data_of((project / TOPIC).read_text()) == data_of(MESSY)


def test_fmt_of_named_files_only(project: Path):
    (project / TOPIC).write_text(MESSY)
    glossary = project / "content/glossary.yml"
    glossary.write_text(glossary.read_text().replace("  - id: remission", "  -   id: remission"))
    result = run_cli("fmt", TOPIC, cwd=project)
    assert result.returncode == 0, result.stdout
    assert "  -   id: remission" in glossary.read_text()
    assert run_cli("fmt", "--check", TOPIC, cwd=project).returncode == 0
    assert run_cli("fmt", "no-such.yml", cwd=project).returncode == 2


def _rendered(root: Path) -> dict[str, str]:
    result = pipeline.check(root, today=TODAY)
    assert result.ok, report_text(result.report)
    return pipeline.generate(result.content).files


@pytest.mark.parametrize("source", [
    pytest.param(FIXTURE, id="fixture"),
    pytest.param(ROOT, id="copy-of-real-content", marks=pytest.mark.slow),  # formats and renders 11 topics
])
def test_formatting_a_whole_content_tree_changes_no_page(tmp_path: Path, source: Path):
    """Parse before/after gives the same data, and the generated Markdown is byte-identical."""
    project = make_project(tmp_path / "p", content_from=source)
    for stray in (project / "content").rglob(".*"):
        stray.unlink()
    documents, _ = load_content(project / "content")
    before_data = {d.path: d.data for d in documents}
    comments_before = {p: comment_lines(p.read_text()) for p in (project / "content").rglob("*.yml")}
    result = format_files(project)
    assert [d for d in result.diagnostics if d.code.startswith("FMT-UNSAFE")] == []
    documents, _ = load_content(project / "content")
    assert {d.path: d.data for d in documents} == before_data
    assert {p: comment_lines(p.read_text()) for p in (project / "content").rglob("*.yml")} == comments_before
    assert format_files(project, check=True).changed == []  # idempotent on real files too
    if source is FIXTURE:
        pristine = make_project(tmp_path / "q")
        assert _rendered(project) == _rendered(pristine)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz,.'\"?:()", min_size=1, max_size=18)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), st.integers(min_value=0, max_value=40))
def test_folding_reproduces_the_text_and_respects_the_width(parts: list[str], column: int):
    text = " ".join(parts)
    breaks = fold_positions(text, column)
    assert all(text[i] == " " for i in breaks)
    lines, start = [], 0
    for i in breaks:
        lines.append(text[start:i])
        start = i + 1
    lines.append(text[start:])
    assert " ".join(lines) == text
    room = max(WIDTH - column, 20)
    assert all(len(line) <= room or " " not in line for line in lines)


@settings(max_examples=100, deadline=None)
@given(st.lists(words, min_size=1, max_size=40))
def test_any_long_summary_keeps_its_meaning(parts: list[str]):
    summary = " ".join(parts)
    quoted = json.dumps(summary)  # a JSON string is a valid double-quoted YAML string
    text = (FIXTURE / TOPIC).read_text().replace("summary: A topic used by the tests.", f"summary: {quoted}")
    formatted, problems = format_text(text, TOPIC, "topic")
    assert problems == [], problems
    assert data_of(formatted) == data_of(text)
    assert format_text(formatted, TOPIC, "topic")[0] == formatted


@pytest.mark.slow
def test_fmt_needs_a_content_folder(tmp_path: Path):
    result = run_cli("fmt", cwd=tmp_path)
    assert result.returncode == 2 and "content/" in result.stderr
