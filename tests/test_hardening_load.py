"""Bounded, strict loading: one test per class of hostile input, each with the exact (file, line, code) set."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, TOPIC, diagnose, fixture_text, line_of, where

from faq_build.load import load_content
from faq_build.strict_yaml import MAX_DEPTH
from faq_build.validate import validate

BASE = fixture_text(TOPIC)
FACTS = "content/facts.yml"
EXTRA = "content/topics/extra-topic.yml"
TODAY = date(2026, 6, 1)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --------------------------------------------------------------------------- bounded parsing


def test_alias_bomb_is_refused_without_expanding():
    """Nine lists of nine aliases each would be 9**9 values; refused at the events, one error per line."""
    names = "abcdefghi"
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n" for previous, name in itertools.pairwise(names)
    )
    bad = BASE + bomb
    first = line_of(bad, "a: &a")
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, first + i, "YAML-ANCHOR") for i in range(9)}


def test_alias_alone_is_refused_at_its_line():
    bad = edit("title: An example topic", "title: &name An example topic\nintro: *name")
    assert where(diagnose({TOPIC: bad})) == {
        (TOPIC, line_of(bad, "&name"), "YAML-ANCHOR"),
        (TOPIC, line_of(bad, "*name"), "YAML-ANCHOR"),
    }


@pytest.mark.parametrize("style", ["flow-list", "flow-map", "block-map"])
def test_deep_nesting_is_an_error_not_a_crash(style):
    depth = 5000
    if style == "flow-list":
        tail = "deep: " + "[" * depth + "]" * depth + "\n"
    elif style == "flow-map":
        tail = "deep: " + "{a: " * depth + "1" + "}" * depth + "\n"
    else:
        tail = "deep:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(depth // 10)) + " " * (depth // 10 + 1) + "b: 1\n"
    bad = BASE + tail
    # The topic is level 1 and the value of "deep" level 2. Flow styles open every level on the "deep"
    # line; in block style level k starts k - 1 lines below it, so the refused level 21 starts 20 below.
    line = line_of(bad, "deep:") + (0 if style != "block-map" else MAX_DEPTH)
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line, "YAML-TOO-DEEP")}


def test_nesting_up_to_the_limit_is_accepted_by_the_loader():
    """Exactly MAX_DEPTH levels load (the schema then refuses the unknown field, which shows it loaded)."""
    bad = BASE + "deep: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, "deep:"), "FIELD-UNKNOWN")}


@pytest.mark.parametrize("literal", ["1e309", "-1e309", ".inf", "-.inf", ".NaN", "1.0e999", "9" * 400])
def test_non_finite_number_is_an_error(literal):
    facts = fixture_text(FACTS)
    line = line_of(facts, "value:")
    original = facts.split("\n")[line - 1]
    bad = facts.replace(original, original.split("value:")[0] + f"value: {literal}", 1)
    assert where(diagnose({FACTS: bad})) == {(FACTS, line, "NUMBER-NOT-FINITE")}


@pytest.mark.parametrize("literal", ['"inf"', '"nan"', "nan", "infinity", '"1e309"'])
def test_non_finite_number_as_text_is_refused_by_the_schema(literal):
    facts = fixture_text(FACTS)
    line = line_of(facts, "value:")
    original = facts.split("\n")[line - 1]
    bad = facts.replace(original, original.split("value:")[0] + f"value: {literal}", 1)
    assert where(diagnose({FACTS: bad})) == {(FACTS, line, "FIELD-VALUE")}


def test_tags_on_lists_and_blocks_are_refused():
    bad = edit("review:\n", "review: !!python/object:os.Foo\n")
    bad = edit("also_called: [first", "also_called: !ENV [first", bad)
    assert where(diagnose({TOPIC: bad})) == {
        (TOPIC, line_of(bad, "review:"), "YAML-TAG"),
        (TOPIC, line_of(bad, "also_called:"), "YAML-TAG"),
    }


# --------------------------------------------------------------------------- control characters


def test_raw_control_characters_are_reported_at_their_real_line():
    """NUL and NEL (which YAML counts as a line break) do not shift the lines reported after them."""
    lines = BASE.split("\n")
    nel_line = line_of(BASE, "summary:")
    nul_line = line_of(BASE, "reviewer_role:")
    esc_line = line_of(BASE, "question: And the second?")
    lines[nel_line - 1] += "\u0085more"
    lines[nul_line - 1] += "\x00"
    lines[esc_line - 1] = lines[esc_line - 1].replace("second", "sec\x1bond")
    bad = "\n".join(lines)
    assert where(diagnose({TOPIC: bad})) == {
        (TOPIC, nel_line, "FILE-CONTROL-CHARACTER"),
        (TOPIC, nul_line, "FILE-CONTROL-CHARACTER"),
        (TOPIC, esc_line, "FILE-CONTROL-CHARACTER"),
    }


def test_control_character_positions_in_crlf_file():
    lines = BASE.split("\n")
    line = line_of(BASE, "reviewer_role:")
    lines[line - 1] += "\x00"
    diagnostics = diagnose({TOPIC: "\r\n".join(lines)})
    assert where(diagnostics) == {(TOPIC, line, "FILE-CONTROL-CHARACTER")}
    assert diagnostics[0].position.column == len(lines[line - 1])


@pytest.mark.parametrize("escape", ["\\0", "\\e", "\\a", "\\x7f", "\\x9b", "\\uFFFE", "\\u202E", "\\N"])
def test_control_characters_written_as_escapes_are_refused(escape):
    bad = edit("title: An example topic", f'title: "An example{escape} topic"')
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, "title:"), "FILE-CONTROL-CHARACTER")}


def test_tab_and_newline_in_text_are_fine():
    ok = edit("title: An example topic", 'title: "An\\texample topic"')
    assert diagnose({TOPIC: ok}) == []


# --------------------------------------------------------------------------- the file walk


def _tree(tmp_path: Path) -> Path:
    """A copy of the fixture content that load_content reads from disk."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    return tmp_path / "content"


def _load(content: Path) -> set[tuple[str, int, str]]:
    documents, problems = load_content(content)
    _, more = validate(documents, today=TODAY, load_problems=problems)
    return where(problems + more)


def test_symlink_to_a_file_is_refused_and_not_read(tmp_path):
    content = _tree(tmp_path)
    outside = tmp_path / "outside-topic.yml"
    outside.write_text(BASE.replace("example-topic", "outside-topic").replace("id: first-question", "id: first-q"))
    (content / "topics" / "outside-topic.yml").symlink_to(outside)
    documents, problems = load_content(content)
    assert where(problems) == {("content/topics/outside-topic.yml", 0, "FILE-SYMLINK")}
    assert all(str(outside) not in (d.message + (d.found or "") + (d.hint or "")) for d in problems)
    assert "content/topics/outside-topic.yml" not in {doc.path for doc in documents}


def test_symlink_to_a_required_file_is_refused_not_reported_missing(tmp_path):
    content = _tree(tmp_path)
    (tmp_path / "elsewhere.yml").write_bytes((content / "facts.yml").read_bytes())
    (content / "facts.yml").unlink()
    (content / "facts.yml").symlink_to(tmp_path / "elsewhere.yml")
    _, problems = load_content(content)
    assert where(problems) == {("content/facts.yml", 0, "FILE-SYMLINK")}


@pytest.mark.parametrize("target", ["folder", "dangling", "loop", "device"])
def test_other_symlinks_are_refused(tmp_path, target):
    content = _tree(tmp_path)
    link = content / "topics" / "linked.yml"
    if target == "folder":
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "a.yml").write_text(BASE)
        link = content / "topics" / "more"
        link.symlink_to(tmp_path / "more", target_is_directory=True)
    elif target == "dangling":
        link.symlink_to(tmp_path / "does-not-exist.yml")
    elif target == "loop":
        link.symlink_to(link)
    else:
        link.symlink_to("/dev/zero")
    assert _load(content) == {(link.relative_to(tmp_path).as_posix(), 0, "FILE-SYMLINK")}


def test_symlinked_content_folder_is_refused(tmp_path):
    real = _tree(tmp_path)
    real.rename(tmp_path / "real-content")
    (tmp_path / "content").symlink_to(tmp_path / "real-content", target_is_directory=True)
    assert _load(tmp_path / "content") == {("content", 0, "FILE-SYMLINK")}


def test_fifo_is_refused_without_being_opened(tmp_path):
    """Opening a FIFO with no writer would block forever; the walk never opens it."""
    content = _tree(tmp_path)
    os.mkfifo(content / "topics" / "fifo.yml")
    assert _load(content) == {("content/topics/fifo.yml", 0, "FILE-NOT-REGULAR")}


def test_socket_is_refused(tmp_path):
    content = _tree(tmp_path)
    short = Path(tempfile.mkdtemp(prefix="sock"))  # AF_UNIX paths must be short
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(short / "s.yml"))
        os.rename(short / "s.yml", content / "topics" / "socket.yml")
        try:
            assert _load(content) == {("content/topics/socket.yml", 0, "FILE-NOT-REGULAR")}
        finally:
            sock.close()
    finally:
        shutil.rmtree(short, ignore_errors=True)


@pytest.mark.parametrize("name", ["topics/folder.yml", "glossary.yml"])
def test_folder_named_like_a_content_file_is_refused(tmp_path, name):
    content = _tree(tmp_path)
    if (content / name).exists():
        (content / name).unlink()
    (content / name).mkdir()
    (content / name / "inside.yml").write_text(BASE)
    _, problems = load_content(content)  # load stage only: a missing glossary also breaks its references
    assert where(problems) == {(f"content/{name}", 0, "FILE-NOT-REGULAR")}


@pytest.mark.parametrize("name", ["topics/.draft.yml", ".notes", "topics/.drafts/x.yml"])
def test_hidden_files_and_folders_are_refused(tmp_path, name):
    content = _tree(tmp_path)
    target = content / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(BASE)
    hidden = next(part for part in Path(name).parts if part.startswith("."))
    reported = f"content/{name.split(hidden)[0]}{hidden}"
    assert _load(content) == {(reported, 0, "FILE-HIDDEN")}


_UNREADABLE_PROBE = """
import json, os, sys
from datetime import date
from pathlib import Path
from faq_build.load import load_content
from faq_build.validate import validate
# imported late by the checks; import them now, while the folders are still readable
import faq_build.outputs.published_links, faq_build.text.numbers, unicodedata
if os.geteuid() == 0:  # root reads everything; drop to an ordinary user to make chmod 000 bite
    os.setgid(65534)
    os.setuid(65534)
documents, problems = load_content(Path(sys.argv[1]))
_, more = validate(documents, today=date(2026, 6, 1), load_problems=problems)
print(json.dumps(sorted([d.file, d.line, d.code] for d in problems + more)))
"""


@pytest.mark.slow
def test_unreadable_file_is_an_error_naming_it():
    """A real permission error (as an ordinary user), not a simulated one."""
    base = Path(tempfile.mkdtemp(prefix="faq-unreadable-"))
    try:
        os.chmod(base, 0o755)
        content = _tree(base)
        for folder, _, names in os.walk(content):
            os.chmod(folder, 0o755)
            for name in names:
                os.chmod(Path(folder) / name, 0o644)
        os.chmod(content / "topics" / "example-topic.yml", 0)
        probe = subprocess.run(
            [sys.executable, "-c", _UNREADABLE_PROBE, str(content)],
            capture_output=True, text=True, timeout=60, cwd=base,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert probe.returncode == 0, probe.stderr
        assert {tuple(item) for item in json.loads(probe.stdout)} == {(TOPIC, 0, "FILE-UNREADABLE")}
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_real_tree_loads_without_walk_problems():
    documents, problems = load_content(ROOT / "content")
    assert problems == []
    assert len(documents) > 6
