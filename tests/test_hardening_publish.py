"""Publishing is all or nothing: one build at a time, a swap that signals cannot split, recovery
from killed builds, a search index that is read back, reserved names and aliases that cannot
collide with the site's own files, and internal links that must resolve before anything is published."""

from __future__ import annotations

import fcntl
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, TOPIC, diagnose, fixture_text, line_of, make_project, run_cli, tree_bytes, where

from faq_build.build import build
from faq_build.checks.ids import RESERVED_PAGE_IDS
from faq_build.outputs.search_index import check_search_index
from faq_build.report import text as report_text

OLD_TITLE, NEW_TITLE = "title: An example topic", "title: A retitled example topic"

# Runs the real CLI, with a signal sent to the build's own process right after one rename of
# the swap (or that rename failing as on a read-only file): the only way to hit a window a few
# microseconds wide on purpose.
_KILL_DURING_SWAP = """
import errno, os, signal, sys
real_rename = os.rename
def rename(source, target):
    if str(target).endswith(sys.argv[2]) and sys.argv[3] == "EPERM":  # as for an immutable file
        raise PermissionError(errno.EPERM, "Operation not permitted", str(target))
    real_rename(source, target)
    if str(target).endswith(sys.argv[2]):
        os.kill(os.getpid(), getattr(signal, sys.argv[3]))
os.rename = rename
from faq_build.cli import main
sys.exit(main(["--root", sys.argv[1], "--today", sys.argv[4], "build"]))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    result = build(project, today=TODAY)
    assert result.ok, report_text(result.report)
    return project


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(built, target)
    return target


def _edit(project: Path, old: str, new: str, relative: str = TOPIC) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _kill_during_swap(project: Path, after: str, signal_name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _KILL_DURING_SWAP, str(project), after, signal_name, TODAY.isoformat()],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def _staging(project: Path) -> list[Path]:
    return sorted(project.glob(".build-*"))


# --------------------------------------------------------------------------- one build at a time


def test_second_build_in_the_same_folder_waits_then_refuses(copy: Path):
    before = tree_bytes(copy / "site")
    with open(copy / ".build.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = run_cli("build", cwd=copy, env={"FAQ_BUILD_LOCK_WAIT": "0.5"})
    assert result.returncode == 2
    assert "another build is running" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert tree_bytes(copy / "site") == before and _staging(copy) == []


# --------------------------------------------------------------------------- interrupted swaps


@pytest.mark.parametrize("signal_name, exit_code", [("SIGTERM", -signal.SIGTERM), ("SIGINT", 130)])
def test_signal_during_the_swap_leaves_the_new_site_complete(copy: Path, signal_name: str, exit_code: int):
    _edit(copy, OLD_TITLE, NEW_TITLE)
    result = _kill_during_swap(copy, "previous-site", signal_name)
    assert result.returncode == exit_code, result.stdout + result.stderr
    site, docs = tree_bytes(copy / "site"), tree_bytes(copy / "docs")
    assert b"A retitled example topic" in site["example-topic/index.html"]
    assert b"A retitled example topic" in docs["example-topic.md"]
    assert build(copy, today=TODAY).ok  # the same content again: byte-identical, and the staging folder is gone
    assert tree_bytes(copy / "site") == site and tree_bytes(copy / "docs") == docs
    assert _staging(copy) == []


def test_build_killed_half_way_through_the_swap_is_rolled_back_by_the_next_build(copy: Path):
    old_site, old_docs = tree_bytes(copy / "site"), tree_bytes(copy / "docs")
    old_manifest = (copy / "published-links.txt").read_bytes()
    _edit(copy, OLD_TITLE, NEW_TITLE)
    _edit(copy, "  - id: second-question", "  - id: second-question\n    aliases: [new-anchor]")
    result = _kill_during_swap(copy, "previous-site", "SIGKILL")
    assert result.returncode == -signal.SIGKILL
    assert not (copy / "site").exists() and len(_staging(copy)) == 1  # docs/ new, site/ in the backup
    _edit(copy, "  - id: first-question", "  - id: First-Question")  # the next build fails on content
    assert run_cli("--today", TODAY.isoformat(), "build", cwd=copy).returncode == 1
    assert tree_bytes(copy / "site") == old_site and tree_bytes(copy / "docs") == old_docs
    assert (copy / "published-links.txt").read_bytes() == old_manifest
    assert _staging(copy) == []


def test_left_over_staging_folder_with_a_backup_is_restored(copy: Path):
    old_site = tree_bytes(copy / "site")
    staging = copy / ".build-left-over"
    staging.mkdir()
    (copy / "site").rename(staging / "previous-site")
    _edit(copy, "  - id: first-question", "  - id: First-Question")
    assert run_cli("--today", TODAY.isoformat(), "build", cwd=copy).returncode == 1
    assert tree_bytes(copy / "site") == old_site and _staging(copy) == []


def test_manifest_that_cannot_be_replaced_fails_the_build_before_the_site_changes(copy: Path):
    old_site, old_docs = tree_bytes(copy / "site"), tree_bytes(copy / "docs")
    old_manifest = (copy / "published-links.txt").read_bytes()
    _edit(copy, "  - id: second-question", "  - id: second-question\n    aliases: [new-anchor]")
    result = _kill_during_swap(copy, "previous-published-links.txt", "EPERM")
    assert result.returncode == 2 and "could not put the new site in place" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "bug in faq-build" not in result.stderr
    assert tree_bytes(copy / "site") == old_site and tree_bytes(copy / "docs") == old_docs
    assert (copy / "published-links.txt").read_bytes() == old_manifest
    assert [p.name for p in copy.iterdir() if p.name.startswith((".published-links", ".build-"))] == []


# --------------------------------------------------------------------------- the search index is read back


def test_intact_index_passes(built: Path):
    assert check_search_index(built / "site", 2) == []


@pytest.mark.parametrize("damage", ["empty-entry", "no-library", "no-fragments", "fewer-answers", "unreadable-entry"])
def test_damaged_index_fails_the_build(copy: Path, damage: str):
    index = copy / "site" / "pagefind"
    answers = 2
    if damage == "empty-entry":
        (index / "pagefind-entry.json").write_bytes(b"")
    elif damage == "unreadable-entry":
        (index / "pagefind-entry.json").write_text('{"languages": 3}', encoding="utf-8")
    elif damage == "no-library":
        (index / "pagefind.js").unlink()
    elif damage == "no-fragments":
        shutil.rmtree(index / "fragment")
    else:
        answers = 3
    assert where(check_search_index(copy / "site", answers)) == {("site/pagefind", 0, "SEARCH-INDEX")}


def test_no_answers_is_an_empty_index(copy: Path):
    assert where(check_search_index(copy / "site", 0)) == {("site/pagefind", 0, "SEARCH-INDEX")}


# --------------------------------------------------------------------------- reserved names and aliases


def test_every_top_level_name_the_build_writes_is_reserved(built: Path):
    own = {"example-topic", "about"}
    written = {p.name.split(".")[0] for folder in ("site", "docs") for p in (built / folder).iterdir()}
    written |= {p.name for p in (ROOT / "overrides" / "assets").iterdir()}
    assert written - own <= RESERVED_PAGE_IDS
    assert {"pagefind", "livereload", "admin", "sitemap", "handouts", "assets", "search"} <= RESERVED_PAGE_IDS


@pytest.mark.parametrize("name", sorted(RESERVED_PAGE_IDS))
def test_reserved_name_as_topic_alias(name: str):
    text = fixture_text(TOPIC).replace("order: 1", f"order: 1\naliases: ['{name}']", 1)
    assert where(diagnose({TOPIC: text})) == {(TOPIC, line_of(text, "aliases:"), "ALIAS-CLASH")}


@pytest.mark.parametrize("name", ["pagefind", "livereload", "admin", "sitemap"])
def test_reserved_name_as_topic_and_page_id(name: str):
    topic = fixture_text(TOPIC).replace("id: example-topic", f"id: {name}", 1)
    topic_file = f"content/topics/{name}.yml"
    assert where(diagnose({TOPIC: None, topic_file: topic})) == {(topic_file, 1, "ID-RESERVED")}
    page = fixture_text("content/pages/about.yml").replace("id: about", f"id: {name}", 1)
    page_file = f"content/pages/{name}.yml"
    found = where(diagnose({"content/pages/about.yml": None, page_file: page}))
    assert found == {(page_file, line_of(page, f"id: {name}"), "ID-RESERVED")}


def _second_topic(alias: str) -> str:
    text = fixture_text(TOPIC)
    for old, new in (("id: example-topic", "id: other-topic"), ("order: 1", f"order: 2\naliases: [{alias}]"),
                     ("title: An example topic", "title: Another example topic"),
                     ("first-question", "other-first"), ("second-question", "other-second")):
        text = text.replace(old, new)
    return text


def test_two_topics_cannot_claim_one_alias():
    first = fixture_text(TOPIC).replace("order: 1", "order: 1\naliases: [old-topic]", 1)
    second = _second_topic("old-topic")
    other = "content/topics/other-topic.yml"
    assert diagnose({other: _second_topic("unused-alias")}) == []  # the second topic is valid on its own
    assert where(diagnose({TOPIC: first, other: second})) == {(other, line_of(second, "aliases:"), "ALIAS-CLASH")}


# --------------------------------------------------------------------------- broken internal links


BODY = "      A course lasts {{ fact: course-length }}. See {{ question: second-question }}."


def test_broken_internal_links_fail_the_build_at_the_content_line(copy: Path):
    old_site = tree_bytes(copy / "site")
    broken = BODY + '\n\n      See <a href="#no-such-answer">this</a> and <a href="../gone/">that</a>.'
    _edit(copy, BODY, broken)
    result = build(copy, today=TODAY)
    line = line_of((copy / TOPIC).read_text(encoding="utf-8"), "no-such-answer")
    assert where(result.report.diagnostics) == {(TOPIC, line, "ANCHOR-BROKEN"), (TOPIC, line, "LINK-BROKEN")}
    assert tree_bytes(copy / "site") == old_site and _staging(copy) == []
    cli = run_cli("--today", TODAY.isoformat(), "build", cwd=copy)
    assert cli.returncode == 1 and f"{TOPIC}:{line}:" in cli.stdout


def test_markdown_link_refused_by_mkdocs_names_the_content_line(copy: Path):
    _edit(copy, BODY, BODY + "\n\n      Read [the missing part](#missing-part).")
    result = build(copy, today=TODAY)
    line = line_of((copy / TOPIC).read_text(encoding="utf-8"), "missing-part")
    assert where(result.report.diagnostics) == {(TOPIC, line, "SITE-BUILD")}


def test_redirect_stubs_and_phone_links_still_publish(copy: Path):
    _edit(copy, "order: 1", "order: 1\naliases: [older-topic]")
    _edit(copy, BODY, BODY + "\n\n      Text [SHOUT](sms:85258) or [call the helpline](tel:111).")
    result = build(copy, today=TODAY)
    assert result.ok, report_text(result.report)
    assert "http-equiv=\"refresh\"" in (copy / "site" / "older-topic" / "index.html").read_text(encoding="utf-8")
    assert 'href="sms:85258"' in (copy / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
