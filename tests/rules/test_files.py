"""Content files themselves: bytes that are not text, files that are not files, files out of sight."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURE, TODAY, diagnose

from faq_build.diagnostics import Diagnostic
from faq_build.load import MAX_FILE_BYTES, load_content
from faq_build.validate import validate

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)


def test_file_bom():
    assert report(diagnose({TOPIC: b"\xef\xbb\xbf" + BASE.encode()})) == [(TOPIC, 1, "FILE-BOM")]


def test_file_encoding():
    raw = BASE.encode("utf-8").replace(b"A topic used", b"A topic \xff used")
    assert report(diagnose({TOPIC: raw})) == [(TOPIC, line_of(BASE, "A topic used"), "FILE-ENCODING")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_file_empty(text: str):
    assert report(diagnose({TOPIC: text})) == [(TOPIC, 1, "FILE-EMPTY")]


def test_file_too_large():
    big = BASE + "# " + "x" * MAX_FILE_BYTES + "\n"
    assert report(diagnose({TOPIC: big})) == [(TOPIC, 1, "FILE-TOO-LARGE")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: An example topic", "title: An example\x00 topic"),  # the raw character in the file
        ("title: An example topic", 'title: "An example\\0 topic"'),  # a YAML escape that makes one
    ],
)
def test_file_control_character(old: str, new: str):
    bad = edit(BASE, old, new)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "title:"), "FILE-CONTROL-CHARACTER")]


def test_file_control_character_written_as_a_character_reference():
    """In a Markdown field, ``&#x202e;`` writes the bidi override the two cases above refuse."""
    bad = edit(BASE, "A course lasts", "Read &#x202e;this. A course lasts")
    line = line_of(bad, "&#x202e;")
    # (the reference's digits are also a bare number to the number check, as in test_hardening_output)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line, "FILE-CONTROL-CHARACTER"), (TOPIC, line, "NUMBER-BARE")]


@pytest.mark.parametrize(("character", "named"), [
    ("\x00", "U+0000 NUL"),
    ("\x1b", "U+001B ESC"),
    ("\x7f", "U+007F DEL"),
    ("\x85", "U+0085 NEL (next line)"),
    ("\u2028", "U+2028 LINE SEPARATOR"),
    ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
    ("\x01", "U+0001"),  # no common name: the code point alone
    ("\u202e", "U+202E"),
])
def test_file_control_character_is_named_as_an_editor_can_find_it(character: str, named: str):
    """The 'found' line names the invisible character by its code point (what an editor's
    search or a hex view shows) and, for the ones people meet, its usual name."""
    bad = edit(BASE, "title: An example topic", f"title: An example{character} topic")
    found = [(d.line, d.found) for d in diagnose({TOPIC: bad}) if d.code == "FILE-CONTROL-CHARACTER"]
    assert found == [(line_of(bad, "title:"), named)]


# -- on disk: the content walk ----------------------------------------------------------------


def _content(folder: Path) -> Path:
    shutil.copytree(FIXTURE / "content", folder / "content")
    return folder / "content"


def _load(content: Path) -> list[Diagnostic]:
    documents, problems = load_content(content)
    _, more = validate(documents, today=TODAY, load_problems=problems)
    return problems + more


@pytest.mark.parametrize(
    ("name", "reported"),
    [("topics/.draft.yml", "content/topics/.draft.yml"), (".drafts/a.yml", "content/.drafts")],
)
def test_file_hidden(tmp_path: Path, name: str, reported: str):
    content = _content(tmp_path)
    (content / name).parent.mkdir(parents=True, exist_ok=True)
    (content / name).write_text(BASE)
    assert report(_load(content)) == [(reported, 0, "FILE-HIDDEN")]


def test_file_symlink(tmp_path: Path):
    content = _content(tmp_path)
    (tmp_path / "outside.yml").write_text(BASE)
    (content / "topics" / "linked.yml").symlink_to(tmp_path / "outside.yml")
    assert report(_load(content)) == [("content/topics/linked.yml", 0, "FILE-SYMLINK")]


def test_file_not_regular_fifo(tmp_path: Path):
    content = _content(tmp_path)
    os.mkfifo(content / "topics" / "pipe.yml")
    assert report(_load(content)) == [("content/topics/pipe.yml", 0, "FILE-NOT-REGULAR")]


def test_file_not_regular_folder_named_like_a_file(tmp_path: Path):
    content = _content(tmp_path)
    (content / "topics" / "folder.yml").mkdir()
    assert report(_load(content)) == [("content/topics/folder.yml", 0, "FILE-NOT-REGULAR")]


@contextmanager
def _as_ordinary_user() -> Iterator[None]:
    """Root reads every file whatever its mode; an ordinary user's effective id makes chmod 000 bite."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_file_unreadable():
    base = Path(tempfile.mkdtemp(prefix="faq-rules-unreadable-"))  # outside pytest's root-only tmp folder
    try:
        content = _content(base)
        for folder, _, names in os.walk(base):
            os.chmod(folder, 0o755)
            for name in names:
                os.chmod(Path(folder) / name, 0o644)
        os.chmod(content / "topics" / "example-topic.yml", 0)
        with _as_ordinary_user():
            documents, problems = load_content(content)
        _, more = validate(documents, today=TODAY, load_problems=problems)
        assert report(problems + more) == [(TOPIC, 0, "FILE-UNREADABLE")]
    finally:
        shutil.rmtree(base, ignore_errors=True)
