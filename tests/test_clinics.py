"""For clinics: links that never break, page metadata, sitemap dates, print stylesheet."""

from __future__ import annotations

import json
import re
from pathlib import Path

from faq_build.build import build

from conftest import TODAY, run_cli

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
    assert result.ok, result.report.render()
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
    assert result.ok, result.report.render()
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


def test_every_page_has_medical_web_page_data_and_sharing_tags(project: Path):
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
    assert topic["url"].endswith("/example-topic/")
    assert {c["url"] for c in topic["citation"]} >= {"https://doi.org/10.1000/test.1"}
    assert [p["@id"] for p in topic["hasPart"]] == ["#first-question", "#second-question"]
    assert topic["about"] == [{"@type": "MedicalEntity", "name": "remission"}]


def test_sitemap_uses_review_dates(project: Path):
    assert build(project, today=TODAY).ok
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<loc>[^<]*/example-topic/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert entry and entry.group(1) == "2026-01-10"


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
