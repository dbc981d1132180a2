"""The built site: MkDocs and the search index build, every internal link and #anchor resolves,
external addresses answer, published pages load nothing from elsewhere, releases have an address,
and one build runs at a time. Each on a tiny folder, with the function the build calls."""

from __future__ import annotations

import fcntl
import io
import shutil
import socket
from pathlib import Path

import pytest
from conftest import FIXTURE, TODAY

from faq_build.commands.links import check_external_links, check_internal_links
from faq_build.commands.serve import Preview
from faq_build.diagnostics import Position
from faq_build.outputs.audit import audit_site
from faq_build.outputs.editor_site import configured_host
from faq_build.outputs.search_index import check_search_index, write_search_index
from faq_build.render import RenderedSite
from faq_build.site_address import release_refusal

from . import line_of, report

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Home</title></head>
<body>
<h2 id="present">Present</h2>
{body}
</body>
</html>
"""


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for name, body in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(PAGE.format(body=body), encoding="utf-8")
    return site


def test_site_build_when_the_search_index_cannot_be_built(tmp_path: Path):
    """A site with no answer pages gives the indexer nothing to index."""
    assert report(write_search_index(_site(tmp_path, {"index.html": "<p>No answers.</p>"}))) == [
        ("mkdocs.yml", 0, "SITE-BUILD")
    ]


def test_search_index(tmp_path: Path):
    assert report(check_search_index(_site(tmp_path, {"index.html": "<p>x</p>"}), 1)) == [
        ("site/pagefind", 0, "SEARCH-INDEX")
    ]


def test_link_broken_and_anchor_broken(tmp_path: Path):
    body = '<a href="#present">here</a>\n<a href="missing/">gone</a>\n<a href="#absent">nowhere</a>\n<a href="../../x/">out</a>'
    site = _site(tmp_path, {"index.html": body})
    html = PAGE.format(body=body)
    assert report(check_internal_links(site)) == [
        ("site/index.html", line_of(html, "missing/"), "LINK-BROKEN"),
        ("site/index.html", line_of(html, "#absent"), "ANCHOR-BROKEN"),
        ("site/index.html", line_of(html, "../../x/"), "LINK-BROKEN"),
    ]


def test_link_external():
    """An address that does not answer: a local port nothing listens on (no network needed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    where = Position("content/sources.yml", 17, 10)
    assert report(check_external_links({f"http://127.0.0.1:{port}/": where}, timeout=5)) == [
        ("content/sources.yml", 17, "LINK-EXTERNAL")
    ]


@pytest.mark.parametrize(("body", "source"), [
    ('<img src="https://tracker.example/pixel.png" alt="">', "content/site.yml"),
    ('<p onclick="go()">text</p>', "content/site.yml"),
    ('<a href="javascript:go()">go</a>', "content/site.yml"),
])
def test_site_audit(tmp_path: Path, body: str, source: str):
    site = _site(tmp_path, {"index.html": body})
    assert report(audit_site(site, RenderedSite(files={}, nav=[]))) == [(source, 0, "SITE-AUDIT")]


def test_site_audit_of_a_topic_page_names_its_content_file(tmp_path: Path):
    site = _site(tmp_path, {"example-topic/index.html": '<script src="https://cdn.example/x.js"></script>'})
    assert report(audit_site(site, RenderedSite(files={}, nav=[]), FIXTURE / "content")) == [
        ("content/topics/example-topic.yml", 0, "SITE-AUDIT")
    ]


def test_site_audit_of_a_stylesheet(tmp_path: Path):
    site = _site(tmp_path, {"index.html": "<p>fine</p>"})
    (site / "style.css").write_text("@import url(https://fonts.example/font.css);\n")
    assert report(audit_site(site, RenderedSite(files={}, nav=[]))) == [("overrides", 0, "SITE-AUDIT")]


@pytest.mark.parametrize(("src", "base", "refused"), [
    ("/kb/assets/javascripts/ours.js", "/kb/", False),
    ("/kb/assets/javascripts/ours.js", "/", True),  # no such file at the site's root
    ("/assets/javascripts/ours.js", "/kb/", True),  # outside the folder the site is served from
    ("/assets/javascripts/ours.js", "/", False),
])
def test_site_audit_reads_absolute_script_paths_from_where_the_site_is_served(tmp_path: Path, src: str, base: str,
                                                                              refused: bool):
    site = _site(tmp_path, {"404.html": f'<script src="{src}"></script>'})
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "javascripts" / "ours.js").write_text("// ours\n")
    found = report(audit_site(site, RenderedSite(files={}, nav=[]), base=base))
    assert found == ([("content/crisis.yml", 0, "SITE-AUDIT")] if refused else []), found  # 404: the crisis page


@pytest.mark.parametrize(("href", "base", "broken"), [
    ("/kb/", "/kb/", False), ("/kb/other/", "/kb/", False), ("/kb", "/kb/", False),
    ("/other/", "/kb/", True), ("/elsewhere/", "/kb/", True), ("/other/", "/", False),
])
def test_link_check_reads_absolute_links_from_where_the_site_is_served(tmp_path: Path, href: str, base: str,
                                                                       broken: bool):
    site = _site(tmp_path, {"index.html": f'<a href="{href}">x</a>', "other/index.html": "<p>other</p>"})
    assert [d.code for d in check_internal_links(site, base)] == (["LINK-BROKEN"] if broken else [])


@pytest.mark.parametrize(("raw", "base"), [
    ("", "/"), ("https://a.org", "/"), ("https://a.org/", "/"), ("https://a.org/kb", "/kb/"),
    ("https://a.org/kb/", "/kb/"), ("http://intranet.test:8080/faq/x/", "/faq/x/"), ("a.org/kb", "/"),
    ("http://[::1", "/"),
])
def test_the_path_a_site_is_served_under(raw: str, base: str):
    from faq_build.site_address import base_path

    assert base_path(raw) == base


def test_site_audit_passes_a_plain_page(tmp_path: Path):
    site = _site(tmp_path, {"index.html": '<p>Plain <a href="https://example.org/">words</a>.</p>'})
    assert audit_site(site, RenderedSite(files={}, nav=[])) == []


@pytest.mark.parametrize("site_url", ["", "https://example.org/", "http://localhost:8000/"])
def test_site_address(tmp_path: Path, site_url: str):
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Test\nsite_url: '{site_url}'\n")
    refusal = release_refusal(tmp_path)
    assert report([refusal] if refusal else []) == [("mkdocs.yml", 0, "SITE-ADDRESS")]


def test_editor_host():
    """A published editor that would save to a malformed repository is refused (outputs/editor_site.py)."""
    host, problems = configured_host({"FAQ_EDITOR_REPO": "not a repository"})
    assert host is None
    assert report(problems) == [("FAQ_EDITOR_REPO", 0, "EDITOR-HOST")]


def test_site_address_accepts_a_real_address(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nsite_url: https://help.nhs-trust.org.uk/\n")
    assert release_refusal(tmp_path) is None


def test_build_environment_when_another_build_holds_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    monkeypatch.setenv("FAQ_BUILD_LOCK_WAIT", "0")
    preview = Preview(tmp_path, today=lambda: TODAY, out=io.StringIO())
    with open(tmp_path / ".build.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # the lock file's handle: another process's build
        result = preview.rebuild()
    assert report(result.report.diagnostics) == [("faq-build", 0, "BUILD-ENVIRONMENT")]
