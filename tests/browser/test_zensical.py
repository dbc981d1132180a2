"""The site built with Zensical (``faq-build build --engine zensical``), the engine after Material
for MkDocs: the same generated docs/, every page with the crisis box and the same structured
data, every link and #anchor resolving by the same crawler, no engine index left behind, the same
build twice gives the same bytes, and a real search in Chromium shows what the Material site shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import RealSite, content_day, tree_bytes

from faq_build.build import build
from faq_build.commands.links import check_internal_links
from faq_build.outputs.search_index import ENGINE_INDEXES, question_records
from faq_build.report import text as report_text

from . import harness, search_ui

QUERIES = Path(__file__).parent / "search_queries.yml"
_LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)



@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory, real_site: RealSite) -> Path:
    """The real content built with Zensical, on the same day as the session's Material build."""
    project = harness.make_project(tmp_path_factory.mktemp("zensical") / "project")
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("FAQ_SITE_URL", raising=False)
        result = build(project, today=content_day(), engine="zensical")
    assert result.ok, report_text(result.report)
    assert [name for name, _ in result.steps][:10] == [
        "load", "read published links", "validate", "resolve", "render", "handouts", "stage docs",
        "zensical", "sitemap", "404 page",
    ]
    return project


def test_zensical_builds_the_same_docs_as_material(zensical_project: Path, real_site: RealSite):
    assert tree_bytes(zensical_project / "docs") == tree_bytes(real_site.root / "docs")


def test_zensical_builds_the_same_pages(zensical_project: Path, real_site: RealSite):
    assert harness.page_paths(zensical_project / "site") == harness.page_paths(real_site.site)


def test_every_link_and_anchor_resolves(zensical_project: Path):
    assert check_internal_links(zensical_project / "site") == []


def test_every_page_has_the_crisis_box_and_the_help_link(zensical_project: Path, real_site: RealSite):
    """Every page but the old addresses of renamed topics, which forward at once (as with Material)."""
    def pages(site: Path) -> dict[str, str]:
        return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}

    def forwarding(site: Path) -> list[str]:
        return [name for name, html in pages(site).items() if 'http-equiv="refresh"' in html]

    site = zensical_project / "site"
    forwards = forwarding(site)
    without = [name for name, html in pages(site).items() if name not in forwards and (
        html.count('id="urgent-help"') != 1
        or 'class="md-header__button faq-help-now" href="#urgent-help"' not in html)]
    assert without == []
    assert forwards == forwarding(real_site.site)
    assert len(pages(site)) - len(forwards) >= 17 + 6  # the topics, home, glossary, sources, 404, about...


def test_structured_data_is_the_same_as_materials(zensical_project: Path, real_site: RealSite):
    def structured(site: Path) -> dict[str, list]:
        return {p.relative_to(site).as_posix(): [json.loads(m) for m in _LD_JSON.findall(p.read_text(encoding="utf-8"))]
                for p in sorted(site.rglob("*.html"))}

    zensical, material = structured(zensical_project / "site"), structured(real_site.site)
    assert zensical == material
    assert sum(1 for found in zensical.values() if found) >= 17  # every topic page at least


def test_the_search_records_are_the_same_as_materials(zensical_project: Path, real_site: RealSite):
    """The index is read back from the built pages: what it holds must not depend on the engine
    (the documents Pagefind indexes; the engines break lines differently, which indexing evens out)."""
    def indexed(site: Path) -> list[tuple[str, str]]:
        return [(record.url, record.html()) for record in question_records(site)]

    assert indexed(zensical_project / "site") == indexed(real_site.site)
    zensical, material = tree_bytes(zensical_project / "site" / "pagefind"), tree_bytes(real_site.site / "pagefind")
    assert sorted(zensical) == sorted(material)
    assert [name for name in zensical if zensical[name] != material[name]] == []  # the same index, byte for byte


def test_no_engine_search_index_is_published(zensical_project: Path, real_site: RealSite):
    for site in (zensical_project / "site", real_site.site):
        assert [str(index) for index in ENGINE_INDEXES if (site / index).exists()] == []
        assert not (site / "search").exists()


def test_a_second_zensical_build_gives_the_same_bytes(zensical_project: Path, tmp_path: Path):
    again = harness.make_project(tmp_path / "project", content_from=zensical_project)
    result = build(again, today=content_day(), engine="zensical")
    assert result.ok, report_text(result.report)
    first, second = tree_bytes(zensical_project / "site"), tree_bytes(again / "site")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_search_shows_what_the_material_site_shows(zensical_project: Path, browser, server):
    """One real search per site, typed key by key at phone width: the same first three answers."""
    query = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"][0]["query"]
    shown = {}
    with harness.SiteServer(zensical_project / "site") as zensical_server:
        for name, running in (("zensical", zensical_server), ("material", server)):
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(running.url("/"))
            search_ui.open_search(page)
            shown[name] = search_ui.top_anchors(page, query, count=3)
            context.close()
    assert len(shown["material"]) == 3
    assert shown["zensical"] == shown["material"]
