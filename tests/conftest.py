"""Shared helpers: an in-memory copy of the small fixture content, and throwaway project folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from faq_build.diagnostics import Diagnostic
from faq_build.load import parse_files
from faq_build.validate import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
TODAY = date(2026, 6, 1)
TOPIC = "content/topics/example-topic.yml"


def fixture_files() -> dict[str, bytes]:
    return {
        path.relative_to(FIXTURE).as_posix(): path.read_bytes()
        for path in sorted((FIXTURE / "content").rglob("*"))
        if path.is_file()
    }


def fixture_text(relative: str) -> str:
    return (FIXTURE / relative).read_text(encoding="utf-8")


def diagnose(overrides: dict[str, bytes | str | None] | None = None, *, today: date = TODAY) -> list[Diagnostic]:
    """Run load + validate on the fixture content with some files replaced (None deletes a file)."""
    files = fixture_files()
    for name, value in (overrides or {}).items():
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value.encode("utf-8") if isinstance(value, str) else value
    documents, problems = parse_files(files)
    _, more = validate(documents, today=today, load_problems=problems)
    return problems + more


def other_topic_yaml(*, summary: str, question_id: str, question: str, short_answer: str) -> str:
    """A second, valid topic file (``content/topics/other-topic.yml``) with one question, for tests
    that need answers on two pages."""
    return f"""id: other-topic
title: Another topic
summary: {summary}
order: 2
review:
  status: reviewed
  last_reviewed: 2026-01-10
  next_review_due: 2027-01-10
  reviewer: Dr Test Name
  reviewer_role: Test reviewer
key_points:
  - One point.
  - Another point.
  - Ask your care team.
questions:
  - id: {question_id}
    question: {question}
    short_answer: {short_answer}
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle`` (so tests never hard-code lines)."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")


def where(diagnostics: list[Diagnostic]) -> set[tuple[str, int, str]]:
    return {(d.file, d.line, d.code) for d in diagnostics}


def make_project(target: Path, content_from: Path = FIXTURE) -> Path:
    """A throwaway project: the real mkdocs.yml and theme overrides, with the given content."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(content_from / "content", target / "content")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess, as an editor would."""
    import os

    environment = dict(os.environ)
    environment.pop("FAQ_BUILD_DEBUG", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "faq_build", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its exact bytes, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
