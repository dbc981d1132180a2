"""The report formatters (faq_build/report.py) and the command's --format and exit codes.

Every formatter is checked against its exact output for a few diagnostics chosen to need
escaping; the command is run for real on a broken copy of the fixture."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from conftest import TODAY, run_cli

from faq_build import report
from faq_build.build import check
from faq_build.cli import run
from faq_build.diagnostics import Diagnostic, Position, Report, Severity
from faq_build.exit_codes import ExitCode

TOPIC = "content/topics/example-topic.yml"

MISSING = Diagnostic("FIELD-MISSING", 'missing "title" & <b>', Position("content/topics/a.yml", 3, 5),
                     expected="a 'string'", found="<nothing>", hint="add it: 100% sure, then save")
HARD = Diagnostic("READABILITY", "hard to read", Position("content/topics/b,c.yml", 10),
                  severity=Severity.WARNING, hint="")
BUG = Diagnostic("INTERNAL", "boom: a\r\nb", Position("faq-build"))


def test_text_is_location_code_message_then_aligned_details():
    assert report.text([MISSING, HARD, BUG]) == "\n".join([
        'content/topics/a.yml:3:5: error FIELD-MISSING: missing "title" & <b>',
        "    expected: a 'string'",
        "    found:    <nothing>",
        "    hint:     add it: 100% sure, then save",
        "content/topics/b,c.yml:10: warning READABILITY: hard to read",
        "faq-build: error INTERNAL: boom: a\r\nb",
    ])


def test_a_report_is_shown_sorted_without_repeats_and_a_list_as_given():
    assert report.text(Report([BUG, HARD, MISSING, HARD])) == report.text([MISSING, HARD, BUG])
    assert report.text([BUG, HARD]).splitlines()[0] == "faq-build: error INTERNAL: boom: a"
    assert report.text([]) == ""


def test_json_has_every_key_always_with_null_for_what_is_unknown():
    assert json.loads(report.json_text([MISSING, HARD, BUG])) == [
        {"code": "FIELD-MISSING", "severity": "error", "file": "content/topics/a.yml", "line": 3, "column": 5,
         "message": 'missing "title" & <b>', "expected": "a 'string'", "found": "<nothing>",
         "hint": "add it: 100% sure, then save"},
        {"code": "READABILITY", "severity": "warning", "file": "content/topics/b,c.yml", "line": 10, "column": None,
         "message": "hard to read", "expected": None, "found": None, "hint": ""},
        {"code": "INTERNAL", "severity": "error", "file": "faq-build", "line": None, "column": None,
         "message": "boom: a\r\nb", "expected": None, "found": None, "hint": None},
    ]
    assert list(report.record(MISSING)) == ["code", "severity", "file", "line", "column", "message", "expected",
                                            "found", "hint"]
    assert report.json_text([]) == "[]"


def test_github_annotations_escape_the_message_and_the_properties():
    assert report.github([MISSING, HARD, BUG]).split("\n") == [
        '::error file=content/topics/a.yml,line=3,col=5,title=FIELD-MISSING::missing "title" & <b>'
        "%0Aexpected: a 'string'%0Afound: <nothing>%0Ahint: add it: 100%25 sure, then save",
        "::warning file=content/topics/b%2Cc.yml,line=10,title=READABILITY::hard to read",
        "::error title=INTERNAL::faq-build: boom: a%0D%0Ab",
    ]


def test_github_annotations_name_a_setting_in_the_text_not_as_a_file():
    setting = Diagnostic("EDITOR-HOST", "not a branch name", Position("FAQ_EDITOR_BRANCH"))
    at_file = Diagnostic("SITE-ADDRESS", "needs an address", Position("mkdocs.yml"))
    assert report.github([setting, at_file]).split("\n") == [
        "::error title=EDITOR-HOST::FAQ_EDITOR_BRANCH: not a branch name",
        "::error file=mkdocs.yml,title=SITE-ADDRESS::needs an address",
    ]


def test_github_escapes_colons_and_percent_in_properties():
    odd = Diagnostic("FIELD-MISSING", "m", Position("c:/50%/a,b.yml", 2, 1))
    assert report.github([odd]) == "::error file=c%3A/50%25/a%2Cb.yml,line=2,col=1,title=FIELD-MISSING::m"


def test_html_page_escapes_every_value_and_lists_each_problem():
    page = report.html_page(Report([MISSING, HARD]), summary="1 topic & <more>, 1 error, 1 warning")
    lines = page.split("\n")
    assert lines[5] == "<title>Preview: 1 content error</title>"
    start, end = lines.index("<ol>"), lines.index("</ol>")
    assert lines[start + 1:end] == [
        '<li class="error"><div><code class="where">content/topics/a.yml:3:5</code> <strong>error FIELD-MISSING'
        "</strong>: missing &quot;title&quot; &amp; &lt;b&gt;</div>"
        '<div class="detail"><span>expected:</span> a &#x27;string&#x27;</div>'
        '<div class="detail"><span>found:</span> &lt;nothing&gt;</div>'
        '<div class="detail"><span>hint:</span> add it: 100% sure, then save</div></li>',
        '<li class="warning"><div><code class="where">content/topics/b,c.yml:10</code> <strong>warning READABILITY'
        '</strong>: hard to read</div><div class="detail"><span>hint:</span> </div></li>',
    ]
    assert lines[end + 1:] == ["<p>1 topic &amp; &lt;more&gt;, 1 error, 1 warning</p>", "</main>", "</body>",
                               "</html>", ""]
    plural = report.html_page([MISSING, BUG], summary="s").split("\n")
    assert [line for line in plural if line.startswith(("<title>", "<h1>", "<p>This"))] == [
        "<title>Preview: 2 content errors</title>", "<h1>The content has 2 errors</h1>",
        "<p>This is the live preview. Fix the files below and save:"]


def _broken(project: Path) -> None:
    """Two errors in two files: a BOM in sources.yml and a word where the topic's order number goes."""
    topic = project / TOPIC
    topic.write_text(topic.read_text(encoding="utf-8").replace("order: 1", "order: first"), encoding="utf-8")
    sources = project / "content/sources.yml"
    sources.write_bytes(b"\xef\xbb\xbf" + sources.read_bytes())


BROKEN = [
    {"code": "FILE-BOM", "severity": "error", "file": "content/sources.yml", "line": 1, "column": 1,
     "message": "file starts with a byte-order mark (BOM)", "expected": None, "found": None,
     "hint": "save the file as 'UTF-8' (without BOM) in your editor"},
    {"code": "FIELD-TYPE", "severity": "error", "file": TOPIC, "line": 4, "column": 8,
     "message": "wrong kind of value for 'order'", "expected": "a whole number", "found": "'first'", "hint": None},
]


def test_check_format_json_prints_only_the_diagnostics_on_stdout(project: Path):
    _broken(project)
    result = run_cli("--today", TODAY.isoformat(), "check", "--format", "json", cwd=project)
    assert result.returncode == ExitCode.CONTENT
    assert json.loads(result.stdout) == BROKEN
    assert json.loads(result.stdout) == json.loads(report.json_text(check(project, today=TODAY).report))
    assert result.stderr.splitlines()[-1].endswith(", 2 errors, 0 warnings")


def test_check_format_github_prints_one_annotation_per_problem(project: Path):
    _broken(project)
    result = run_cli("--today", TODAY.isoformat(), "check", "--format", "github", cwd=project)
    assert result.returncode == ExitCode.CONTENT
    assert result.stdout.splitlines() == [
        "::error file=content/sources.yml,line=1,col=1,title=FILE-BOM::file starts with a byte-order mark (BOM)"
        "%0Ahint: save the file as 'UTF-8' (without BOM) in your editor",
        f"::error file={TOPIC},line=4,col=8,title=FIELD-TYPE::wrong kind of value for 'order'"
        "%0Aexpected: a whole number%0Afound: 'first'",
    ]


def test_build_format_json_parses_and_publishes_nothing(project: Path):
    _broken(project)
    result = run_cli("--today", TODAY.isoformat(), "build", "--format", "json", cwd=project)
    assert result.returncode == ExitCode.CONTENT
    assert json.loads(result.stdout) == BROKEN
    assert result.stderr.splitlines()[-1] == "Nothing was published: docs/ and site/ are unchanged."
    assert not (project / "site").exists()


def test_a_clean_check_in_json_is_an_empty_list(project: Path):
    result = run_cli("--today", TODAY.isoformat(), "check", "--format", "json", cwd=project)
    assert (result.returncode, json.loads(result.stdout)) == (ExitCode.OK, [])


def test_an_unknown_format_is_a_usage_error(project: Path):
    result = run_cli("check", "--format", "xml", cwd=project)
    assert (result.returncode, result.stdout) == (ExitCode.USAGE, "")


def test_exit_codes_are_distinct_and_documented():
    assert [(code.name, int(code)) for code in ExitCode] == [
        ("OK", 0), ("CONTENT", 1), ("USAGE", 2), ("INTERNAL", 3), ("INTERRUPTED", 130)]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in readme, code


def _raises(error: BaseException):
    def command(args: argparse.Namespace) -> int:
        raise error
    return command


@pytest.mark.parametrize(("error", "code", "first_line"), [
    (RuntimeError("a bug"), ExitCode.INTERNAL, "faq-build: internal error: RuntimeError: a bug"),
    (KeyError("x"), ExitCode.INTERNAL, "faq-build: internal error: KeyError: 'x'"),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED, None),
    (SystemExit(2), ExitCode.USAGE, None),
])
def test_what_escapes_a_command_becomes_its_exit_code(monkeypatch, capsys, error, code, first_line):
    monkeypatch.delenv("FAQ_BUILD_DEBUG", raising=False)
    assert run(_raises(error), argparse.Namespace()) == code
    err = capsys.readouterr().err.splitlines()
    assert (err[0] if err else None) == first_line
