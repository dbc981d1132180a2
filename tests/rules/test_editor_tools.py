"""The editor tools: the formatter refuses what it cannot format safely, and the preview server turns a
crash of the build into a message instead of a stuck browser."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from conftest import FIXTURE, TODAY

from faq_build.commands.fmt import format_files, format_text
from faq_build.commands.serve import Preview

from . import SITE, edit, fixture_text, line_of, report

SITE_TEXT = fixture_text(SITE)


def test_fmt_skipped_names_the_errors_that_stop_it():
    bad = edit(SITE_TEXT, "home_title: Test site", "home_title: Test: site")
    formatted, problems = format_text(bad, SITE, "site")
    assert formatted is None
    assert report(problems) == [(SITE, 1, "FMT-SKIPPED"), (SITE, line_of(bad, "home_title"), "YAML-SYNTAX")]


def test_fmt_skipped_when_the_file_is_not_text(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / SITE).write_bytes(SITE_TEXT.encode().replace(b"Test site", b"Test \xff site"))
    assert report(format_files(tmp_path, [tmp_path / SITE]).diagnostics) == [(SITE, 0, "FMT-SKIPPED")]


def test_fmt_unknown_file(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notes.txt").write_text("hello\n")
    result = format_files(tmp_path, [tmp_path / "content" / "notes.txt"])
    assert report(result.diagnostics) == [("content/notes.txt", 0, "FMT-UNKNOWN-FILE")]


def test_fmt_unsafe_when_a_comment_would_move():
    """A comment between a key and its value: the round trip would lose it, so the file is left alone."""
    bad = edit(SITE_TEXT, "disclaimer: General information, not medical advice.",
               "disclaimer:\n  # why we say this\n  General information, not medical advice.")
    formatted, problems = format_text(bad, SITE, "site")
    assert formatted is None
    assert report(problems) == [(SITE, 1, "FMT-UNSAFE")]


def test_fmt_formats_a_clean_file_without_a_diagnostic():
    formatted, problems = format_text(SITE_TEXT, SITE, "site")
    assert (formatted is not None, problems) == (True, [])


def test_internal_error_of_the_build_is_shown_not_raised(tmp_path: Path):
    """A clock that gives no date makes the review check fail inside the build: a bug, not a content error."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    preview = Preview(tmp_path, today=lambda: TODAY.isoformat(), out=io.StringIO())
    result = preview.rebuild()
    assert report(result.report.diagnostics) == [("faq-build", 0, "INTERNAL")]
    assert preview.error_page is not None
