"""fsutil: the one atomic write, the one environment pinner, the one content read.

Every command that writes a file (build, fmt, new-question, new-topic, schema, handouts) goes
through ``atomic_write_bytes``; MkDocs and the PDF handouts run inside ``pinned_env``. So these
tests pin what all of them rely on: the whole new file or the whole old one, never a temporary
file left behind, and an environment given back exactly as it was.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from faq_build.fsutil import FileCache, atomic_write_bytes, atomic_write_text, epoch_for, pinned_env, read_content


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_creates_the_file_with_exactly_the_bytes(tmp_path: Path):
    atomic_write_bytes(tmp_path / "a.bin", b"\x00one\r\ntwo\n")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00one\r\ntwo\n"
    assert listing(tmp_path) == ["a.bin"]


def test_atomic_write_text_is_utf8_without_newline_translation(tmp_path: Path):
    atomic_write_text(tmp_path / "a.yml", "naïve\r\nline\n")
    assert (tmp_path / "a.yml").read_bytes() == "naïve\r\nline\n".encode()
    assert listing(tmp_path) == ["a.yml"]


def test_atomic_write_replaces_and_keeps_the_old_files_mode(tmp_path: Path):
    target = tmp_path / "topic.yml"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"new")
    assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new", 0o640)
    assert listing(tmp_path) == ["topic.yml"]


def test_a_new_file_gets_the_umask_default_not_private_mode(tmp_path: Path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "new.pdf", b"%PDF")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o644


def test_an_encoding_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "a.yml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "lone surrogate \udc80")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert listing(tmp_path) == ["a.yml"]


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    """The temporary file exists when the write fails (not bytes), and is removed."""
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert listing(tmp_path) == ["a.bin"]


def test_a_rename_that_fails_leaves_the_target_and_no_temporary(tmp_path: Path):
    """The target is a folder: the data is written, the rename is refused, the temporary goes."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_bytes(b"page")
    with pytest.raises(IsADirectoryError):
        atomic_write_bytes(tmp_path / "site", b"new")
    assert listing(tmp_path) == ["site"]
    assert (tmp_path / "site" / "index.html").read_bytes() == b"page"


def test_a_folder_that_cannot_be_written_raises_and_changes_nothing(tmp_path: Path):
    target = tmp_path / "missing-folder" / "a.bin"
    with pytest.raises(FileNotFoundError):
        atomic_write_bytes(target, b"new")
    assert listing(tmp_path) == []


def test_pinned_env_sets_then_restores_exactly(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FAQ_TEST_SET", "before")
    monkeypatch.delenv("FAQ_TEST_UNSET", raising=False)
    monkeypatch.setenv("FAQ_TEST_EMPTY", "")
    before = dict(os.environ)
    with pinned_env(FAQ_TEST_SET="during", FAQ_TEST_UNSET="new", FAQ_TEST_EMPTY=None):
        inside = {name: os.environ.get(name) for name in ("FAQ_TEST_SET", "FAQ_TEST_UNSET", "FAQ_TEST_EMPTY")}
    assert inside == {"FAQ_TEST_SET": "during", "FAQ_TEST_UNSET": "new", "FAQ_TEST_EMPTY": None}
    assert dict(os.environ) == before
    assert "FAQ_TEST_UNSET" not in os.environ  # unset again, not set to ''


def test_pinned_env_restores_when_the_block_raises(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dict(os.environ)
    with pytest.raises(RuntimeError), pinned_env(SOURCE_DATE_EPOCH="0"):
        raise RuntimeError("mkdocs failed")
    assert dict(os.environ) == before


def test_epoch_is_midnight_utc_of_the_day():
    assert [epoch_for(date(1970, 1, 1)), epoch_for(date(2026, 12, 1))] == [0, 1796083200]


def test_read_content_reads_wanted_files_lists_others_and_refuses_links(tmp_path: Path):
    content = tmp_path / "content"
    (content / "topics").mkdir(parents=True)
    (content / "site.yml").write_bytes(b"x" * 10)
    (content / "notes.txt").write_bytes(b"never opened")
    (content / "topics" / "a.yml").write_bytes(b"id: a\n")
    (content / "topics" / "b.yml").symlink_to(content / "site.yml")
    files, problems = read_content(content, 4, lambda relative: relative.endswith(".yml"))
    assert files == {"content/notes.txt": b"", "content/site.yml": b"xxxx", "content/topics/a.yml": b"id: "}
    assert [(p.code, p.file) for p in problems] == [("FILE-SYMLINK", "content/topics/b.yml")]


def test_file_cache_round_trip_and_prune(tmp_path: Path):
    cache = FileCache(tmp_path / "cache")
    assert cache.get("k1") is None
    cache.put("k1", b"one")
    cache.put("k2", b"two")
    assert (cache.get("k1"), cache.get("k2")) == (b"one", b"two")
    cache.prune({"k2"})
    assert listing(tmp_path / "cache") == ["k2.bin"]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path):
    (tmp_path / "cache").write_bytes(b"a file where the folder should be")
    cache = FileCache(tmp_path / "cache")
    cache.put("k1", b"one")
    assert cache.get("k1") is None
    assert listing(tmp_path) == ["cache"]
