"""The browser editor's local backend (faq_build/commands/editor_backend.py) and what the preview
server answers under /admin/ and /api/v1 (editor_web.py): real files in a throwaway project."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, TOPIC

from faq_build.commands.editor_backend import EditorBackend
from faq_build.commands.editor_web import POLICY, EditorWeb, status_record
from faq_build.commands.fmt import format_files, format_text
from faq_build.outputs.editor_site import references_record


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project folder with the fixture content and the editor's files (nothing is built)."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copytree(ROOT / "admin", tmp_path / "admin")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    return tmp_path


def ask(backend: EditorBackend, action: str, **params):
    answer = backend.answer({"action": action, "params": params})
    return answer.status, answer.body


def decap_layout(text: str) -> str:
    """The same data laid out as Decap's YAML writer might: keys reordered, strings quoted."""
    lines = text.splitlines()
    return "\n".join(line.replace("title: Example topic", "title: 'Example topic'") for line in lines) + "\n"


def test_info_says_simple_publishing_from_local_files(tree):
    assert ask(EditorBackend(tree), "info") == (200, {"repo": tree.name, "publish_modes": ["simple"], "type": "local_fs"})


def test_entries_are_the_files_with_their_text_and_a_content_hash(tree):
    status, entries = ask(EditorBackend(tree), "entriesByFolder", folder="content/topics", extension="yml", depth=1)
    files = sorted(p for p in (tree / "content" / "topics").glob("*.yml"))
    assert status == 200
    assert entries == [
        {"data": p.read_text(), "file": {"path": f"content/topics/{p.name}", "id": hashlib.sha256(p.read_bytes()).hexdigest()}}
        for p in files
    ]
    status, entry = ask(EditorBackend(tree), "getEntry", path=TOPIC)
    assert (status, entry["data"]) == (200, (tree / TOPIC).read_text())
    status, listed = ask(EditorBackend(tree), "entriesByFiles", files=[{"path": "content/facts.yml"}])
    assert status == 200 and [e["file"]["path"] for e in listed] == ["content/facts.yml"]


@pytest.mark.parametrize("path", [
    "../outside.yml", "/etc/passwd", "content/../mkdocs.yml", "content/.hidden.yml", "content/topics/notes.txt",
    "mkdocs.yml", "admin/config.yml", "content\\topics\\x.yml", "", None, "content//topics/x.yml",
])
def test_only_content_files_can_be_read_or_written(tree, path):
    backend = EditorBackend(tree)
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    status, body = ask(backend, "getEntry", path=path)
    assert status == 422 and "error" in body
    status, body = ask(backend, "persistEntry", entry={"path": path, "raw": "x: 1\n", "slug": "x"}, assets=[],
                       options={})
    assert status == 422 and "error" in body
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before


def test_links_are_never_followed(tree, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yml").write_text("secret: 1\n")
    os.symlink(outside, tree / "content" / "topics" / "linked")
    os.symlink(outside / "secret.yml", tree / "content" / "topics" / "secret.yml")
    backend = EditorBackend(tree)
    for path in ("content/topics/secret.yml", "content/topics/linked/secret.yml"):
        status, body = ask(backend, "getEntry", path=path)
        assert status == 422 and ("link" in body["error"] or "not a content file" in body["error"]), path
    status, entries = ask(backend, "entriesByFolder", folder="content/topics", extension="yml", depth=1)
    assert "content/topics/secret.yml" not in [e["file"]["path"] for e in entries]
    assert (outside / "secret.yml").read_text() == "secret: 1\n"


def test_a_save_is_written_in_the_layout_fmt_gives(tree):
    original = (tree / TOPIC).read_text()
    sent = decap_layout(original.replace("What is the first question?", "What is the very first question?"))
    assert sent != original
    status, body = ask(EditorBackend(tree), "persistEntry", entry={"path": TOPIC, "raw": sent, "slug": "example-topic"},
                       assets=[], options={"collectionName": "topics"})
    assert (status, body) == (200, {"message": "entry persisted"})
    written = (tree / TOPIC).read_text()
    assert written == format_text(sent, TOPIC, "topic")[0]
    edited = original.replace("What is the first question?", "What is the very first question?")
    assert written == format_text(edited, TOPIC, "topic")[0]  # Decap's quotes and order do not show
    assert format_files(tree, [tree / TOPIC], check=True).changed == []  # fmt --check stays clean


def test_a_save_that_cannot_be_read_back_is_refused_and_the_file_kept(tree):
    original = (tree / TOPIC).read_bytes()
    status, body = ask(EditorBackend(tree), "persistEntry", entry={"path": TOPIC, "raw": "id: [unclosed\n", "slug": "x"},
                       assets=[], options={})
    assert status == 422
    assert body["error"] == (f"{TOPIC} was not saved, because it could not be read back: "
                             "line 2: YAML syntax error: did not find expected ',' or ']'")
    assert (tree / TOPIC).read_bytes() == original


def test_renames_uploads_deletions_and_unknown_actions_are_refused(tree):
    backend = EditorBackend(tree)
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    raw = (tree / TOPIC).read_text()
    renamed = {"path": TOPIC, "raw": raw, "slug": "x", "newPath": "content/topics/other.yml"}
    assert ask(backend, "persistEntry", entry=renamed, assets=[], options={})[0] == 422
    asset = [{"path": "content/media/x.png", "content": "AAAA", "encoding": "base64"}]
    assert ask(backend, "persistEntry", entry={"path": TOPIC, "raw": raw, "slug": "x"}, assets=asset, options={})[0] == 422
    for action in ("deleteFile", "deleteFiles", "persistMedia", "getMediaFile"):
        assert ask(backend, action, path=TOPIC)[0] == 422, action
    assert ask(backend, "publishUnpublishedEntry")[1] == {"error": "Unknown action publishUnpublishedEntry"}
    assert backend.answer(["not", "a", "request"]).status == 422
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before


def environ(path: str, *, method: str = "GET", body: bytes = b"", host: str = "127.0.0.1:8123",
            content_type: str = "application/json", origin: str | None = None) -> dict:
    env = {"PATH_INFO": path, "REQUEST_METHOD": method, "SERVER_PORT": "8123", "HTTP_HOST": host,
           "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    if origin is not None:
        env["HTTP_ORIGIN"] = origin
    return env


@pytest.fixture
def web(tree, tmp_path_factory) -> EditorWeb:
    decap = tmp_path_factory.mktemp("decap")
    (decap / "decap-cms.js").write_text("// decap")
    (decap / "123.decap-cms.js").write_text("// chunk")
    (decap / "other.js").write_text("// not decap")
    return EditorWeb(tree, decap_files=decap, last=lambda: None, last_good=lambda: None)


def test_admin_serves_its_own_files_and_decaps_and_nothing_else(web, tree):
    page = web.answer(environ("/admin/"))
    assert (page.status, page.content_type, page.body) == ("200 OK", "text/html", (tree / "admin/index.html").read_bytes())
    assert ("Content-Security-Policy", POLICY) in page.headers()
    assert web.answer(environ("/admin/config.yml")).body == (tree / "admin/config.yml").read_bytes()
    assert web.answer(environ("/admin/editor.js")).content_type == "text/javascript"
    assert web.answer(environ("/admin/123.decap-cms.js")).body == b"// chunk"
    for path in ("/admin/other.js", "/admin/../mkdocs.yml", "/admin/%2e%2e/mkdocs.yml", "/admin/content/site.yml"):
        assert web.answer(environ(path)).status == "404 Not Found", path
    assert web.answer(environ("/admin/", method="POST")).status.startswith("405")
    assert web.handles("/admin") and web.handles("/admin/x") and web.handles("/api/v1")
    moved = web.answer(environ("/admin"))  # its files are addressed relative to /admin/
    assert (moved.status, moved.body, ("Location", "/admin/") in moved.headers()) == ("301 Moved Permanently", b"", True)
    assert "Location" not in dict(web.answer(environ("/admin/")).headers())
    assert not web.handles("/administer/") and not web.handles("/api/v2")


def test_api_takes_json_from_its_own_pages_only(web, tree):
    request = json.dumps({"action": "info"}).encode()
    ok = web.answer(environ("/api/v1", method="POST", body=request, origin="http://127.0.0.1:8123"))
    assert ok.status == "200 OK" and json.loads(ok.body)["type"] == "local_fs"
    assert web.answer(environ("/api/v1", method="POST", body=request)).status == "200 OK"  # no Origin: not a browser page
    refused = {
        "another site's page": environ("/api/v1", method="POST", body=request, origin="https://evil.example"),
        "a form post": environ("/api/v1", method="POST", body=request, content_type="text/plain"),
        "a renamed address (DNS rebinding)": environ("/api/v1", method="POST", body=request, host="evil.example:8123"),
        "a read": environ("/api/v1"),
        "no body": environ("/api/v1", method="POST"),
        "not JSON": environ("/api/v1", method="POST", body=b"{"),
    }
    for what, env in refused.items():
        assert not web.answer(env).status.startswith("200"), what


def test_status_and_references_for_the_preview_pane_and_the_picker(tree):
    from conftest import TODAY

    from faq_build.build import check
    from faq_build.resolve import format_fact
    from faq_build.summary import summary_line

    result = check(tree, today=TODAY)
    assert result.ok
    record = status_record(result)
    assert record["ok"] is True and record["problems"] == [] and record["summary"] == summary_line(result)
    references = references_record(result.content)
    assert references["facts"] == [{"id": f.id, "label": f"{format_fact(f)}: {f.population}"}
                                   for f in result.content.facts.values()]
    assert references["facts"][0]["label"].startswith("36.8%: ")  # as readers see it, not 36.8 %
    assert [t["id"] for t in references["terms"]] == list(result.content.terms)
    assert [q["id"] for q in references["questions"]] == [q.id for _, q in result.content.questions()]
    assert status_record(None) == {"ok": False, "summary": "The first build has not finished yet.", "problems": []}
    (tree / TOPIC).write_text((tree / TOPIC).read_text().replace("order: 1", "order: first"))
    broken = status_record(check(tree, today=TODAY))
    assert broken["ok"] is False and [p["code"] for p in broken["problems"]] == ["FIELD-TYPE"]
    assert broken["problems"][0]["file"] == TOPIC


def test_the_editor_listens_on_this_computer_only(tree, capsys):
    from faq_build.commands.serve import serve

    assert serve(tree, host="0.0.0.0", port=0, today=lambda: None, editor=True) == 2
    assert capsys.readouterr().err == "faq-build: error: the editor writes content files, so it listens on 127.0.0.1 only\n"


def test_optional_fields_cleared_in_the_form_are_left_out_and_required_ones_kept(tree):
    """Decap writes a cleared box as "" and an emptied list as []: for an optional field that
    means not given; a required one stays empty, for the check to report."""
    from conftest import TODAY

    from faq_build.build import check

    original = (tree / TOPIC).read_text()
    sent = original.replace("    question: And the second?\n",
                            '    question: And the second?\n    readability_override: ""\n    aliases: []\n')
    sent = sent.replace("    short_answer: The second answer.\n", '    short_answer: ""\n')
    assert sent.count('""') == 2 and "aliases: []" in sent
    status, _ = ask(EditorBackend(tree), "persistEntry", entry={"path": TOPIC, "raw": sent, "slug": "example-topic"},
                    assets=[], options={})
    assert status == 200
    expected = original.replace("    short_answer: The second answer.\n", '    short_answer: ""\n')
    assert (tree / TOPIC).read_text() == format_text(expected, TOPIC, "topic")[0]
    problems = check(tree, today=TODAY).report.diagnostics
    assert [(d.code, d.position.file) for d in problems if d.severity.name == "ERROR"] == [("FIELD-EMPTY", TOPIC)]


def topic_data(tree: Path) -> dict:
    from ruamel.yaml import YAML

    return json.loads(json.dumps(YAML(typ="safe").load((tree / TOPIC).read_text()), default=str))


def test_a_draft_is_checked_and_shown_as_the_page_without_writing_anything(tree):
    from conftest import TODAY

    from faq_build.commands.editor_draft import draft_preview, draft_text

    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    data = topic_data(tree)
    data["questions"][1]["short_answer"] = "Now with a figure: {{ fact: remission-a }}."
    answer = draft_preview(tree, TOPIC, "topic", data, today=TODAY)
    assert answer["ok"] is True and answer["problems"] == []
    # The figure as readers see it, with its citation; the answer under its own heading.
    assert ('<h2 id="second-question">And the second?</h2>\n<p class="faq-lead">Now with a figure: 36.8% '
            '(<a href="/sources/#study-a">Study A 2020</a>).</p>') in answer["html"]
    assert "{{" not in answer["html"] and '.md"' not in answer["html"] and ".md#" not in answer["html"]

    data["questions"][1]["short_answer"] = "A figure that is not there: {{ fact: no-such-fact }}."
    answer = draft_preview(tree, TOPIC, "topic", data, today=TODAY)
    text = draft_text(data, TOPIC, "topic")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "no-such-fact" in t)
    assert answer["ok"] is False and answer["html"] is None
    assert [(p["code"], p["file"], p["line"]) for p in answer["problems"]] == [("REF-MISSING", TOPIC, line)]
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before  # nothing written


def test_the_draft_address_takes_json_from_its_own_pages_only(web, tree):
    body = json.dumps({"path": TOPIC, "data": topic_data(tree)}).encode()
    ok = web.answer(environ("/admin/draft", method="POST", body=body, origin="http://127.0.0.1:8123"))
    assert ok.status == "200 OK" and json.loads(ok.body)["ok"] is True
    assert web.answer(environ("/admin/draft", method="POST", body=body, origin="https://evil.example")).status.startswith("403")
    assert web.answer(environ("/admin/draft")).status.startswith("405")
    outside = json.dumps({"path": "../mkdocs.yml", "data": {}}).encode()
    assert web.answer(environ("/admin/draft", method="POST", body=outside)).status.startswith("422")
