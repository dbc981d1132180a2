"""The faq-build command through a real subprocess, as editors and CI run it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TODAY, content_day, line_of, run_cli

from faq_build.codes import CODES, FAMILIES, catalogue

pytestmark = pytest.mark.slow

SUMMARY = re.compile(r"^\d+ topics?, \d+ questions?, .*\d+ errors?, \d+ warnings?$", re.M)


def test_check_real_content_passes():
    result = run_cli("--today", content_day().isoformat(), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert SUMMARY.search(result.stdout)
    assert "0 errors" in result.stdout


def test_check_reports_every_error_with_file_line_and_no_traceback(project: Path):
    topic = project / "content/topics/example-topic.yml"
    text = topic.read_text().replace("order: 1", "order: first").replace("related: [second-question]", "related: [nope]")
    topic.write_text(text)
    (project / "content/sources.yml").write_bytes(b"\xef\xbb\xbf" + (project / "content/sources.yml").read_bytes())
    result = run_cli("--today", TODAY.isoformat(), "check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(r"^content/sources\.yml:1:1: error FILE-BOM", result.stdout, re.M)  # a BOM is always at 1:1
    at = f"{line_of(text, 'order: first')}:{len('order: ') + 1}"
    assert re.search(rf"^content/topics/example-topic\.yml:{at}: error FIELD-TYPE", result.stdout, re.M)
    assert "    expected: a whole number" in result.stdout
    assert SUMMARY.search(result.stdout) and "2 errors" in result.stdout
    # sorted by file, then line
    locations = re.findall(r"^(content/[^:]+):(\d+)", result.stdout, re.M)
    assert locations == sorted(locations, key=lambda item: (item[0], int(item[1])))


def test_garbage_file_gives_clean_error(project: Path):
    (project / "content/topics/example-topic.yml").write_bytes(b"\x00\x01\x02: [\n\t{{{")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "content/topics/example-topic.yml:" in result.stdout


def test_usage_errors_exit_2(project: Path, tmp_path: Path):
    assert run_cli("--today", "2026-13-45", "check", cwd=project).returncode == 2
    assert run_cli("no-such-command", cwd=project).returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", cwd=empty)
    assert result.returncode == 2 and "content/" in result.stderr
    assert run_cli("new-question", "no-such-topic", cwd=project).returncode == 2


def test_new_question_scaffold_fails_check_until_filled(project: Path):
    topic = project / "content/topics/example-topic.yml"
    before = topic.read_text()
    result = run_cli("--today", TODAY.isoformat(), "new-question", "example-topic", cwd=project)
    assert result.returncode == 0, result.stderr
    after = topic.read_text()
    assert after.startswith(before.rstrip("\n").split("\n")[0])
    assert "todo-new-question-1" in after and f"drafted {TODAY.isoformat()}" in after
    check = run_cli("--today", TODAY.isoformat(), "check", cwd=project)
    assert check.returncode == 1
    assert "PLACEHOLDER" in check.stdout
    assert "YAML" not in check.stdout and "FIELD-" not in check.stdout  # the skeleton itself is valid
    # filling the placeholders makes it pass
    filled = (
        after.replace("todo-new-question-1", "a-new-question")
        .replace("TODO: the question, in the words a patient would use", "Is this a new question?")
        .replace("TODO: one or two sentences that answer the question.", "Yes, it is.")
        .replace("TODO: the detail, then what you can do.", "Some detail.")
        .replace("TODO: words people type when they search", "new question")
    )
    topic.write_text(filled)
    assert run_cli("--today", TODAY.isoformat(), "check", cwd=project).returncode == 0


def test_build_via_cli(project: Path):
    result = run_cli("--today", TODAY.isoformat(), "build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "index.html").is_file()


def test_checks_lists_the_whole_catalogue():
    """`faq-build checks` prints every code once, under its family, with its severity and title."""
    result = run_cli("checks")
    assert result.returncode == 0, result.stderr
    printed = re.findall(r"^  ([A-Z-]+) +(error|warning) +(.+)$", result.stdout, re.M)
    assert printed == [(c.code, c.severity, c.title) for c in catalogue()]
    headings = re.findall(r"^([a-z]+): ", result.stdout, re.M)
    assert headings == list(FAMILIES)
    last = result.stdout.rstrip().splitlines()[-1]
    assert last == f"{len(CODES)} codes. `faq-build checks --json` adds each rule and why it protects readers."


def test_a_reader_that_stops_early_is_not_an_internal_error():
    """`faq-build checks --json | head -1`: the pipe closes early; the command ends quietly with 0."""
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k != "FAQ_BUILD_DEBUG"}
    process = subprocess.Popen([sys.executable, "-m", "faq_build", "checks", "--json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `head -1` having read its line: nothing more is read (the pipe is
    # closed long before the interpreter has started and printed, so every write meets a closed pipe)
    stderr = process.stderr.read()
    assert (process.wait(timeout=60), stderr) == (0, b"")
