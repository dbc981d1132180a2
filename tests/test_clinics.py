"""For clinics: links that never break, page metadata, sitemap dates, print stylesheet, the public address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import TODAY, run_cli, tree_bytes

from faq_build.build import build
from faq_build.report import text as report_text
from faq_build.site_address import NO_ADDRESS_NOTE, public_address

TOPIC = "content/topics/example-topic.yml"
MANIFEST = "published-links.txt"


def _edit(project: Path, old: str, new: str, relative: str = TOPIC) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _manifest_line(project: Path, link: str) -> int:
    lines = (project / MANIFEST).read_text(encoding="utf-8").splitlines()
    return lines.index(link) + 1


def test_build_records_every_published_address(project: Path):
    assert build(project, today=TODAY).ok
    lines = (project / MANIFEST).read_text(encoding="utf-8").splitlines()
    for link in ("/", "/example-topic/", "/example-topic/#first-question", "/example-topic/#second-question",
                 "/glossary/#remission", "/about/"):
        assert link in lines


def test_removed_anchor_fails_with_how_to_fix(project: Path):
    assert build(project, today=TODAY).ok
    line = _manifest_line(project, "/example-topic/#second-question")
    _edit(project, "  - id: second-question", "  - id: the-second-question")
    _edit(project, "related: [second-question]", "related: [the-second-question]")
    result = run_cli("--today", TODAY.isoformat(), "check", cwd=project)
    assert result.returncode == 1
    assert re.search(rf"^{MANIFEST}:{line}: error LINK-REMOVED", result.stdout, re.M)
    assert "aliases: [second-question]" in result.stdout


def test_alias_keeps_the_old_anchor_working(project: Path):
    assert build(project, today=TODAY).ok
    _edit(project, "  - id: second-question", "  - id: the-second-question\n    aliases: [second-question]")
    _edit(project, "related: [second-question]", "related: [the-second-question]")
    _edit(project, "{{ question: second-question }}", "{{ question: the-second-question }}")
    result = build(project, today=TODAY)
    assert result.ok, report_text(result.report)
    html = (project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    assert 'id="second-question"' in html and 'id="the-second-question"' in html
    assert html.index('id="second-question"') < html.index('id="the-second-question"')
    lines = (project / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert "/example-topic/#second-question" in lines and "/example-topic/#the-second-question" in lines


def test_renamed_topic_gets_a_redirect(project: Path):
    assert build(project, today=TODAY).ok
    _edit(project, "id: example-topic", "id: renamed-topic\naliases: [example-topic]")
    (project / "content/topics/example-topic.yml").rename(project / "content/topics/renamed-topic.yml")
    result = build(project, today=TODAY)
    assert result.ok, report_text(result.report)
    redirect = (project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    assert 'url=../renamed-topic/' in redirect and "location.hash" in redirect
    assert (project / "site" / "renamed-topic" / "index.html").is_file()


def test_renamed_topic_without_alias_fails(project: Path):
    assert build(project, today=TODAY).ok
    _edit(project, "id: example-topic", "id: renamed-topic")
    (project / "content/topics/example-topic.yml").rename(project / "content/topics/renamed-topic.yml")
    result = build(project, today=TODAY)
    assert "LINK-REMOVED" in {d.code for d in result.report.errors}


def test_alias_that_clashes_is_rejected(project: Path):
    _edit(project, "  - id: second-question", "  - id: second-question\n    aliases: [first-question]")
    result = build(project, today=TODAY)
    assert "ALIAS-CLASH" in {d.code for d in result.report.errors}


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


PUBLIC = "https://faq.riverside-clinic.org/"
"""A made-up address that is not reserved (nothing is fetched from it)."""


@pytest.fixture
def public(monkeypatch: pytest.MonkeyPatch) -> str:
    """FAQ_SITE_URL set to a real-looking public address for in-process builds."""
    monkeypatch.setenv("FAQ_SITE_URL", PUBLIC)
    return PUBLIC


def test_every_page_has_medical_web_page_data_and_sharing_tags(project: Path, public: str):
    assert build(project, today=TODAY).ok
    pages = [p for p in (project / "site").rglob("index.html")]
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        data = _jsonld(html)
        assert data["@type"] == "MedicalWebPage"
        for key in ("name", "description", "audience", "lastReviewed", "reviewedBy", "url"):
            assert data.get(key), (page, key)
        assert data["audience"]["audienceType"] == "Patient"
        assert re.search(r'<meta name="description" content="[^"]+">', html), page
        assert '<meta property="og:title"' in html and '<meta property="og:description"' in html
    topic = _jsonld((project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8"))
    assert topic["lastReviewed"] == "2026-01-10"
    assert topic["url"] == f"{public}example-topic/"
    assert {c["url"] for c in topic["citation"]} >= {"https://doi.org/10.1000/test.1"}
    assert [p["@id"] for p in topic["hasPart"]] == ["#first-question", "#second-question"]
    assert topic["about"] == [{"@type": "MedicalEntity", "name": "remission"}]


def test_sitemap_uses_review_dates(project: Path, public: str):
    assert build(project, today=TODAY).ok
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap[sitemap.index("example-topic") - 60:])
    assert entry and entry.groups() == (f"{public}example-topic/", "2026-01-10")
    assert all(loc.startswith(public) for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap))


def test_print_stylesheet_is_linked_on_every_page(project: Path):
    assert build(project, today=TODAY).ok
    css = (project / "site" / "assets" / "stylesheets" / "faq.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print"):]
    for selector in (".md-header", ".md-sidebar", ".md-search", ".md-footer"):
        assert selector in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules
    for page in (project / "site").rglob("index.html"):
        assert "assets/stylesheets/faq.css" in page.read_text(encoding="utf-8"), page


def test_every_question_heading_has_a_visible_permalink(project: Path):
    assert build(project, today=TODAY).ok
    html = (project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    for qid in ("first-question", "second-question"):
        assert re.search(rf'<a class="headerlink" href="#{qid}" title="Link to this answer">', html), qid


# --------------------------------------------------------------------------- the public address


@pytest.mark.parametrize("raw, expected", [
    ("https://faq.riverside-clinic.org/kb", "https://faq.riverside-clinic.org/kb/"),
    ("  HTTPS://Faq.Riverside-Clinic.org/  ", "https://Faq.Riverside-Clinic.org/"),
    ("http://intranet.riverside-clinic.org:8080/faq/", "http://intranet.riverside-clinic.org:8080/faq/"),
    (None, None), ("", None), ("   ", None),
    ("https://example.org/", None), ("https://example.com", None), ("https://EXAMPLE.NET/faq/", None),
    ("https://kb.example.net/faq/", None), ("https://example.org./", None),
    ("https://clinic.example/kb", None), ("https://site.test/", None), ("https://a.invalid/", None),
    ("http://localhost:8000/", None), ("http://preview.localhost/", None),
    ("ftp://faq.riverside-clinic.org/", None), ("faq.riverside-clinic.org", None), ("/", None),
    ("https:///path", None), ("https://:443/", None), ("https://[::1/", None),
    ("https://myexample.org/", "https://myexample.org/"), ("https://example.org.uk/", "https://example.org.uk/"),
])
def test_public_address_refuses_placeholders_and_reserved_names(raw, expected):
    assert public_address(raw) == expected


def _site_text(project: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted((project / "site").rglob("*"))
                     if p.is_file() and p.suffix in (".html", ".xml", ".txt", ".json", ".js", ".css"))


@pytest.mark.parametrize("placeholder", [None, "https://example.org/", "http://localhost:8000/"])
def test_without_a_real_address_the_site_builds_and_names_no_address(
    project: Path, placeholder: str | None, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("FAQ_SITE_URL", raising=False)  # None: really unset (run_cli copies the environment)
    env = {"FAQ_SITE_URL": placeholder} if placeholder else {}
    result = run_cli("--today", TODAY.isoformat(), "build", cwd=project, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert NO_ADDRESS_NOTE in result.stdout
    site = _site_text(project)
    # The fixture cites one source at https://example.org/study-b; nothing else may name the placeholder.
    assert "example.org" not in site.replace("https://example.org/study-b", "")
    assert "localhost" not in site
    assert not (project / "site" / "sitemap.xml").exists() and not (project / "site" / "sitemap.xml.gz").exists()
    html = (project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in html and "og:url" not in html
    assert "url" not in _jsonld(html)
    assert (project / "site" / "handouts" / "example-topic-short-a4.pdf").is_file()


def test_with_a_real_address_pages_and_handouts_carry_it(project: Path, tmp_path: Path):
    from test_handouts import decode_qr

    result = run_cli("--today", TODAY.isoformat(), "build", "--release", cwd=project,
                     env={"FAQ_SITE_URL": PUBLIC.rstrip("/")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert NO_ADDRESS_NOTE not in result.stdout
    html = (project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLIC}example-topic/">' in html
    assert f'<meta property="og:url" content="{PUBLIC}example-topic/">' in html
    assert _jsonld(html)["url"] == f"{PUBLIC}example-topic/"
    for pdf in sorted((project / "site" / "handouts").glob("*.pdf")):
        assert decode_qr(pdf.read_bytes(), tmp_path, pdf.stem, every_page=True) == [f"{PUBLIC}example-topic/"], pdf


@pytest.mark.parametrize("placeholder", [None, "https://example.org/", "not an address"])
def test_release_refuses_without_a_real_address_and_writes_nothing(
    project: Path, placeholder: str | None, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("FAQ_SITE_URL", raising=False)
    assert run_cli("--today", TODAY.isoformat(), "build", cwd=project).returncode == 0
    before = tree_bytes(project)
    env = {"FAQ_SITE_URL": placeholder} if placeholder is not None else {}
    result = run_cli("--today", TODAY.isoformat(), "build", "--release", cwd=project, env=env)
    assert result.returncode == 2
    assert re.findall(r"^mkdocs\.yml: error ([A-Z-]+):", result.stderr, re.M) == ["SITE-ADDRESS"]
    assert "FAQ_SITE_URL=https://" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert tree_bytes(project) == before


def test_a_site_below_a_path_builds_and_its_not_found_page_links_from_there(project: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    """A clinic's site at https://host/kb/: the not-found page works at any depth, so MkDocs links
    it to /kb/...; the audit and the link check read those links from /kb/ (they used to refuse
    the build with SITE-AUDIT: its scripts looked foreign)."""
    monkeypatch.setenv("FAQ_SITE_URL", "https://faq.riverside-clinic.org/kb/")
    result = build(project, today=TODAY)
    assert result.ok, result.report.diagnostics
    not_found = (project / "site" / "404.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', not_found)
    assert scripts and all(src.startswith("/kb/") for src in scripts), scripts
    assert all((project / "site" / src.removeprefix("/kb/")).is_file() for src in scripts)
