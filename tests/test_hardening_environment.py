"""Faults of the machine say so plainly: a full disk or a folder that cannot be written is exit 2
with one sentence naming the folder and the cause, never "a bug in faq-build", and docs/ and site/
stay exactly as they were.

Permission faults are real: the build runs in a child process that drops to an ordinary user
(uid 65534), since root writes through any chmod. A full disk and a read-only file system cannot be
made on demand without mounting, so there the operating-system call (``open``, ``os.rename``) is
made to fail as the kernel would; the code under test is not touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, TOPIC, make_project, tree_bytes

from faq_build.build import build
from faq_build.report import text as report_text

OLD_TITLE, NEW_TITLE = "title: An example topic", "title: A retitled example topic"

# Every module a build imports (MkDocs, its theme and plugins, Pagefind, WeasyPrint) is loaded by a
# first build of a scratch copy while still root; then the process becomes an ordinary user. The
# handout module is imported by name: a first build that takes its handouts from the remembered
# list (build.add_handouts) never loads WeasyPrint, and the second build cannot read that list.
_AS_ORDINARY_USER = """
import os, shutil, sys
from datetime import date
from pathlib import Path
from faq_build.build import build
from faq_build.cli import main
import faq_build.outputs.handouts
# The interpreter may live where the ordinary user cannot read (/root here): what a build imports
# on first use is loaded by a warm build first, and Jinja's string-literal codec by this line (the
# warm build may find every theme template already compiled, template_cache.py).
import encodings.unicode_escape
warm = Path(sys.argv[2])
shutil.copytree(sys.argv[1], warm, ignore=shutil.ignore_patterns(".build.lock"))
assert build(warm, today=date.fromisoformat(sys.argv[3])).ok
shutil.rmtree(warm)
os.setgid(65534)
os.setuid(65534)
sys.exit(main(["--root", sys.argv[1], "--today", sys.argv[3], "build"]))
"""

# The kernel's answer for one kind of call on one kind of path, raised where the kernel would.
_FAULTY_OS = """
import builtins, errno, io, os, sys
fault, call, marker = getattr(errno, sys.argv[2]), sys.argv[3], sys.argv[4]

def refused(path):
    return OSError(fault, os.strerror(fault), os.fspath(path))

if call == "open":
    real_open = io.open
    def faulty_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and marker in os.fspath(file) and any(c in mode for c in "wax+"):
            raise refused(file)
        return real_open(file, mode, *args, **kwargs)
    io.open = builtins.open = faulty_open
elif call == "rename":
    real_rename = os.rename
    def faulty_rename(source, target):
        if os.fspath(source).endswith(marker):
            raise refused(source)
        real_rename(source, target)
    os.rename = faulty_rename
from faq_build.cli import main
sys.exit(main(["--root", sys.argv[1], "--today", sys.argv[5], "build"]))
"""


def _open_folder() -> Path:
    """A folder an ordinary user can enter (pytest's own temporary folders are root-only)."""
    base = Path(tempfile.mkdtemp(prefix="faq-environment-"))
    os.chmod(base, 0o755)
    return base


@pytest.fixture(scope="module")
def built() -> Iterator[Path]:
    base = _open_folder()
    project = make_project(base / "project")
    result = build(project, today=TODAY)
    assert result.ok, report_text(result.report)
    yield project
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def copy(built: Path) -> Iterator[Path]:
    """A built project whose content has changed since, so a build that got through would change site/."""
    base = _open_folder()
    target = base / "project"
    shutil.copytree(built, target)
    topic = target / TOPIC
    text = topic.read_text(encoding="utf-8")
    assert OLD_TITLE in text
    topic.write_text(text.replace(OLD_TITLE, NEW_TITLE, 1), encoding="utf-8")
    for folder, _, names in os.walk(target):
        os.chmod(folder, 0o755)
        for name in names:
            os.chmod(Path(folder) / name, 0o644)
    os.chmod(target / ".build.lock", 0o666)  # the lock is not what these tests are about
    yield target
    for folder, _, _ in os.walk(base):
        os.chmod(folder, 0o755)
    shutil.rmtree(base, ignore_errors=True)


def _published(project: Path) -> tuple[dict[str, bytes], dict[str, bytes], bytes]:
    return tree_bytes(project / "site"), tree_bytes(project / "docs"), (project / "published-links.txt").read_bytes()


def _as_ordinary_user(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _AS_ORDINARY_USER, str(project), str(project.parent.parent / f"{project.parent.name}-warm"),
         TODAY.isoformat()],
        capture_output=True, text=True, timeout=300, cwd=project.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(project.parent)},
    )


def _with_faulty_os(project: Path, fault: str, call: str, marker: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _FAULTY_OS, str(project), fault, call, marker, TODAY.isoformat()],
        capture_output=True, text=True, timeout=300, cwd=project.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _assert_plain_refusal(result: subprocess.CompletedProcess[str], *key_words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    for words in key_words:
        assert words in result.stderr, result.stderr
    assert "Nothing was published: docs/, site/ and the published-links manifest are unchanged." in result.stderr
    assert "bug in faq-build" not in result.stderr and "internal error" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "SITE-BUILD" not in result.stdout  # not reported as a problem of the content


def _assert_unchanged(project: Path, before: tuple[dict[str, bytes], dict[str, bytes], bytes]) -> None:
    assert _published(project) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".build-")) == []


def test_site_folder_that_the_user_cannot_write_is_named_and_rolled_back(copy: Path):
    """Real EACCES: moving site/ aside needs write permission on site/ itself; docs/ moved first and comes back."""
    os.chmod(copy, 0o777)
    os.chmod(copy / "docs", 0o777)
    for folder, _, _ in os.walk(copy / ".cache"):  # the handout cache, if any: writable as it would be
        os.chmod(folder, 0o777)
    before = _published(copy)
    result = _as_ordinary_user(copy)
    _assert_plain_refusal(result, f"could not put the new site in place (site/ in {copy})",
                          "the folder is read-only for this user (permission denied)")
    _assert_unchanged(copy, before)


def test_project_folder_that_the_user_cannot_write_is_named(copy: Path):
    """Real EACCES: the staging folder cannot even be made next to docs/ and site/."""
    before = _published(copy)
    result = _as_ordinary_user(copy)
    _assert_plain_refusal(result, f"could not write the new site (the project folder {copy})",
                          "the folder is read-only for this user (permission denied)")
    _assert_unchanged(copy, before)


def test_disk_full_while_writing_the_generated_pages(copy: Path):
    before = _published(copy)
    result = _with_faulty_os(copy, "ENOSPC", "open", f"{os.sep}docs{os.sep}")
    _assert_plain_refusal(result, f"could not write the new site (the project folder {copy}): the disk is full.")
    _assert_unchanged(copy, before)


def test_disk_full_while_mkdocs_writes_the_site_is_not_a_content_error(copy: Path):
    before = _published(copy)
    result = _with_faulty_os(copy, "ENOSPC", "open", f"{os.sep}site{os.sep}assets{os.sep}")
    _assert_plain_refusal(result, f"could not write the new site (the project folder {copy}): the disk is full.")
    _assert_unchanged(copy, before)


def test_read_only_file_system_during_the_swap(copy: Path):
    before = _published(copy)
    result = _with_faulty_os(copy, "EROFS", "rename", f"{copy.name}{os.sep}site")
    _assert_plain_refusal(result, f"could not put the new site in place (site/ in {copy})",
                          "the folder is read-only (its file system is mounted read-only)")
    _assert_unchanged(copy, before)
