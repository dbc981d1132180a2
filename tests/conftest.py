"""Shared helpers and fixtures: an in-memory copy of the small fixture content, throwaway
project folders, one build of the real site per session, and the test tiers.

Tiers (markers registered in pyproject.toml): ``slow`` builds a site, runs a subprocess or
renders PDFs; ``content`` checks the real content/ against today's date; ``browser`` drives
Chromium (tests/browser/). ``make test-fast`` runs what is none of these. Tests that use a
fixture below which builds are marked ``slow`` here, so a new test cannot forget it.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from faq_build.build import SHARED_HANDOUT_CACHE, BuildResult, build, check
from faq_build.diagnostics import Diagnostic
from faq_build.load import load_content, parse_files
from faq_build.report import text as report_text
from faq_build.validate import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
TODAY = date(2026, 6, 1)
TOPIC = "content/topics/example-topic.yml"

SLOW_FIXTURES = frozenset({"project", "real_site", "built"})
"""Fixtures that build a site (``built`` is the module-wide built fixture project of the
hardening modules); every test that uses one, directly or through another fixture, is slow."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def fast_tests_start_no_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test in the fast tier may not start a subprocess (the cli, git, node, a second Python):
    that is what ``slow`` is for, and the fast tier stays fast only if the marks are right."""
    if request.node.get_closest_marker("slow") or request.node.get_closest_marker("browser"):
        return

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} starts a subprocess: mark it @pytest.mark.slow")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for this test run that every pytest-xdist worker sees (``make test`` runs one
    worker per core, each with its own base temporary folder inside the run's one), for what
    the workers can share: the handout caches and the locks that let one worker make a thing
    while the others wait for it instead of making it again."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def one_worker_at_a_time(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (created if missing): the first worker to get here
    makes what the others then find in a shared cache."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session", autouse=True)
def shared_handout_cache(run_folder: Path):
    """One handout cache for every project built in this run (``FAQ_HANDOUT_CACHE``, inherited
    by the subprocesses too), shared by the xdist workers: dozens of fixture builds would
    otherwise render the same PDFs again. Per run, never kept: the cache keys hash the content,
    not the renderer's code. Tests of the cache itself unset the variable and get the project's
    own ``.cache/handouts``."""
    folder = run_folder / "handout-cache"
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(SHARED_HANDOUT_CACHE, str(folder))
        yield folder


@functools.cache
def content_day(root: Path = ROOT) -> date:
    """The newest review date in ``root/content``: the day the content was last known to be right.

    Tests that build or read the real content for what the code does with it use this day, so
    they stay green when a review falls due; only ``content`` tests use the real clock, and
    they fail with the check's own message. Today's date when the content does not load."""
    documents, _ = load_content(root / "content")
    content, _ = validate(documents, today=date.today())
    if content is None or not content.topics:
        return date.today()
    return max(topic.review.last_reviewed for topic in content.topics)


@dataclass(frozen=True)
class RealSite:
    """The real content built into a throwaway project, and what the build reported."""

    root: Path
    result: BuildResult

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, run_folder: Path) -> RealSite:
    """The real content (a copy of content/) built once per session on :func:`content_day`,
    without a public address. Shared by the build, link, handout and browser tests: read it,
    never change it (copy ``real_site.site`` first). Each xdist worker builds its own copy, one
    after the other: the first from scratch, each later one in a copy of the first's project, a
    warm build that replays the remembered checks and handouts ("What a warm build remembers")."""
    target = tmp_path_factory.mktemp("real") / "project"
    first = run_folder / "real-site-first-project"
    with pytest.MonkeyPatch.context() as environment, one_worker_at_a_time(run_folder / "real-site.lock"):
        environment.delenv("FAQ_SITE_URL", raising=False)
        built_before = first.is_file()
        if built_before:
            project = Path(shutil.copytree(first.read_text(encoding="utf-8"), target, symlinks=True,
                                           ignore=shutil.ignore_patterns(".build.lock")))
        else:
            project = make_project(target, content_from=ROOT)
        result = build(project, today=content_day())
        if result.ok and not built_before:
            first.write_text(str(project), encoding="utf-8")
    assert result.ok, report_text(result.report)
    return RealSite(project, result)


@pytest.fixture(scope="session")
def real_check_today() -> BuildResult:
    """The real content checked against today's date, as ``make build`` would check it."""
    return check(ROOT, today=date.today())


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


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as a fixed, unsigned test author; its output."""
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess, as an editor would."""
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


def wait_for(condition, what: str, seconds: float = 60) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after ``seconds`` (every wait is bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its exact bytes, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
