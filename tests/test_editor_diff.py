"""``faq-build diff``: a Markdown change summary between two commits of a real (temporary) git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, TOPIC, git, run_cli

from faq_build.model import Question


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "content", "mkdocs.yml")
    git(project, "commit", "-q", "-m", "base")
    return project


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def diff(repo: Path, *revisions: str):
    return run_cli("--today", TODAY.isoformat(), "diff", *revisions, cwd=repo)


def test_fact_value_change_and_question_rename_between_two_commits(repo: Path):
    edit(repo / "content/facts.yml", ("value: 36.8", "value: 40"),
         ("population: Test population A", "population: Adults in study A"))
    edit(
        repo / TOPIC,
        ("  - id: first-question", "  - id: the-first-question"),
        ("related: [first-question]", "related: [the-first-question]"),
        ("It is the first one.", "It is the first one, and it has been rewritten with considerably more complicated vocabulary."),
    )
    git(repo, "commit", "-q", "-am", "change a fact, rename a question")

    result = diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith("## Content changes: `HEAD~1` → `HEAD`")
    assert "| `remission-a` | value | 36.8% | 40% |" in out
    assert "| `remission-a` | population | Test population A | Adults in study A |" in out
    assert "Renamed `first-question` → `the-first-question` on `example-topic` (same question text)" in out
    if "aliases" in Question.model_fields:
        assert "**old link breaks**: `/example-topic/#first-question`" in out
    assert "Added `the-first-question`" not in out and "Removed `first-question`" not in out
    readability = next(line for line in out.splitlines() if line.startswith("| `the-first-question` |"))
    before, after = (float(cell) for cell in readability.split("|")[2:4])
    assert after > before  # the rewrite made the answer harder to read
    assert "**Summary:** 1 question renamed, 1 fact changed, 1 answer changed." in out
    assert "Could not be compared" not in out


def test_rename_by_position_and_alias_keeps_old_link(repo: Path):
    if "aliases" not in Question.model_fields:
        pytest.skip("the model has no aliases yet; old links always break")
    edit(
        repo / TOPIC,
        ("  - id: second-question\n    question: And the second?",
         "  - id: second-one\n    aliases: [second-question]\n    question: What is the second one?"),
        ("related: [second-question]", "related: [second-one]"),
        ("{{ question: second-question }}", "{{ question: second-one }}"),
    )
    git(repo, "commit", "-q", "-am", "rename with alias")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert ("Renamed `second-question` → `second-one` on `example-topic` (same place on the same page); "
            "old link still works") in out
    assert "Reworded `second-one`: And the second? → What is the second one?" in out


def test_working_folder_sources_and_definitions(repo: Path):
    """Without HEAD the working folder is compared, so editors see the summary before committing."""
    edit(repo / "content/glossary.yml",
         ("definition: When symptoms are gone or almost gone.", "definition: When symptoms have gone away."))
    sources = repo / "content/sources.yml"
    sources.write_text(sources.read_text() + (
        "  - id: study-c\n    title: A third study\n    url: https://example.org/study-c\n"
        "    verified: false\n    verification: Not checked yet.\n"
    ))
    edit(repo / TOPIC, ("    related: [first-question]\n", "    related: [first-question]\n    sources: [study-c]\n"))
    result = diff(repo, "main")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith("## Content changes: `main` → working folder")
    assert "- Definition of `remission` changed: When symptoms are gone or almost gone. → When symptoms have gone away." in out
    assert "- Added `study-c`: A third study (**not verified**)" in out
    assert "### Facts" not in out and "### Questions" not in out


def test_no_changes(repo: Path):
    result = diff(repo, "HEAD", "HEAD")
    assert result.returncode == 0
    assert "No content changes" in result.stdout


def test_removed_question_breaks_its_link_and_broken_files_are_listed(repo: Path):
    text = (repo / TOPIC).read_text()
    start = text.index("  - id: second-question")
    (repo / TOPIC).write_text(
        text[:start].replace("related: [second-question]", "related: []").replace(" See {{ question: second-question }}.", "")
    )
    (repo / "content/facts.yml").write_text("facts:\n  - id: remission-a\n    value: [\n")
    result = diff(repo, "HEAD")
    out = result.stdout
    assert ("- Removed `second-question` on `example-topic`: And the second?; "
            "**old link breaks**: `/example-topic/#second-question`") in out
    assert "### Could not be compared" in out and "`content/facts.yml:" in out
    assert result.returncode == 1  # the summary is incomplete
    assert "Removed fact" not in out  # facts.yml could not be read: its facts are not "removed"


def test_usage_errors(repo: Path, tmp_path: Path):
    bad = diff(repo, "no-such-branch")
    assert bad.returncode == 2 and "not a revision" in bad.stderr
    assert diff(repo, "--", "x").returncode == 2
    not_git = tmp_path / "plain"
    (not_git / "content").mkdir(parents=True)
    result = run_cli("diff", "HEAD", cwd=not_git)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
