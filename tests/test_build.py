"""The whole pipeline on disk: atomic publishing, determinism, and the real content."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, RealSite, make_project, run_cli, tree_bytes

from faq_build.build import SHARED_HANDOUT_CACHE, build, handout_list_key
from faq_build.fsutil import epoch_for
from faq_build.outputs.search_index import write_search_index
from faq_build.report import text as report_text
from faq_build.template_cache import TEMPLATE_CACHE
from faq_build.write import mkdocs_build

pytestmark = pytest.mark.slow

TOPIC = "content/topics/example-topic.yml"


def _break(project: Path, old: str, new: str, relative: str = TOPIC) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_writes_docs_and_site(project: Path):
    result = build(project, today=TODAY)
    assert result.ok, report_text(result.report)
    assert (project / "docs" / "example-topic.md").is_file()
    html = (project / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    assert 'id="first-question"' in html and 'id="second-question"' in html
    assert not list(project.glob(".build-*")), "staging folder left behind"


def test_failed_check_leaves_previous_output_byte_for_byte(project: Path):
    assert build(project, today=TODAY).ok
    before_site, before_docs = tree_bytes(project / "site"), tree_bytes(project / "docs")
    _break(project, "order: 1", "order: first")
    result = run_cli("--today", TODAY.isoformat(), "build", cwd=project)
    assert result.returncode == 1
    assert "FIELD-TYPE" in result.stdout
    assert tree_bytes(project / "site") == before_site
    assert tree_bytes(project / "docs") == before_docs
    assert not list(project.glob(".build-*"))


def test_failed_site_build_leaves_previous_output(project: Path):
    """Content that passes our checks but makes `mkdocs build --strict` fail (a link to a missing page)."""
    assert build(project, today=TODAY).ok
    before_site, before_docs = tree_bytes(project / "site"), tree_bytes(project / "docs")
    _break(project, "A course lasts", "See [this page](no-such-page.md). A course lasts")
    result = build(project, today=TODAY)
    assert not result.ok
    assert {d.code for d in result.report.errors} == {"SITE-BUILD"}
    assert tree_bytes(project / "site") == before_site
    assert tree_bytes(project / "docs") == before_docs
    assert not list(project.glob(".build-*"))


def test_the_index_written_beside_the_audit_is_the_one_written_alone(project: Path, tmp_path: Path):
    """The build writes the search index on a thread while the audit adds each page's policy; the
    index is the same bytes as one written afterwards from the finished pages, and no scratch
    folder is left."""
    result = build(project, today=TODAY)
    assert result.ok, report_text(result.report)
    alone = tmp_path / "alone"
    shutil.copytree(project / "site", alone)
    shutil.rmtree(alone / "pagefind")
    assert write_search_index(alone) == []
    assert tree_bytes(alone / "pagefind") == tree_bytes(project / "site" / "pagefind")
    # (the handout cache is the session's shared one, FAQ_HANDOUT_CACHE; the record of the checked
    # site and the compiled templates are the project's own, outputs/checked_site.py, template_cache.py)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".build.lock", ".cache"]
    assert sorted(p.name for p in (project / ".cache").iterdir()) == ["checked-site", "templates"]


def test_first_build_failure_creates_nothing(project: Path):
    _break(project, "order: 1", "order: first")
    assert not build(project, today=TODAY).ok
    assert not (project / "site").exists() and not (project / "docs").exists()


def test_two_builds_are_byte_identical(tmp_path: Path):
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "two")
    assert build(first, today=TODAY).ok
    assert build(second, today=TODAY).ok
    assert tree_bytes(first / "site") == tree_bytes(second / "site")
    assert tree_bytes(first / "docs") == tree_bytes(second / "docs")


def test_rebuild_in_place_is_identical(project: Path):
    assert build(project, today=TODAY).ok
    before = tree_bytes(project / "site")
    assert build(project, today=TODAY).ok
    assert tree_bytes(project / "site") == before


def test_kept_compiled_templates_build_the_pages_mkdocs_alone_builds(project: Path, tmp_path: Path):
    """The build keeps the theme's compiled templates in .cache/templates (``template_cache``);
    pages made with them are the bytes ``mkdocs build`` makes compiling every template."""
    result = build(project, today=TODAY)
    assert result.ok and result.rendered is not None, report_text(result.report)
    kept = sorted(path.name for path in (project / TEMPLATE_CACHE).iterdir())
    assert kept and all(name.endswith(".bin") for name in kept)
    epoch = epoch_for(TODAY)
    sites = {}
    for compiled in (False, True):
        sites[compiled] = tmp_path / f"compiled-{compiled}"
        assert mkdocs_build(project / "mkdocs.yml", project / "docs", sites[compiled], result.rendered.nav, epoch,
                            compiled_templates=compiled) == []
    assert tree_bytes(sites[True]) == tree_bytes(sites[False])
    assert sorted(path.name for path in (project / TEMPLATE_CACHE).iterdir()) == kept


def test_built_pages_load_nothing_from_other_origins(project: Path):
    assert build(project, today=TODAY).ok
    pattern = re.compile(r"""(?:src|href)=["']?(https?:)?//""", re.I)
    for page in (project / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<(script|link|img|iframe)\b[^>]*>", html, re.I):
            tag = match.group(0)
            if tag.lower().startswith("<link") and ("canonical" in tag or "sitemap" in tag):
                continue
            assert not pattern.search(tag), f"{page}: {tag}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_real_content_builds_cleanly(real_site: RealSite):
    """The published content builds (on the day of its newest review: the real clock is the
    content tier's business, see test_links_and_coverage)."""
    result = real_site.result
    assert result.ok, report_text(result.report)
    # The one expected warning: the team has no 'Report a problem' address yet (never invented).
    assert [d.code for d in result.report.warnings] == ["REPORT-ADDRESS-UNSET"]
    site = real_site.site
    pages = list(site.rglob("index.html")) + [site / "404.html"]
    # Old topic addresses are redirect stubs that forward at once (tested in test_clinics.py).
    pages = [p for p in pages if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) >= 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="faq-crisis faq-search-exclude"') == 1, page
        assert 'lang="en"' in html
    topic = (site / "understanding-trd" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<h2 id="[a-z0-9-]+"', topic)) >= 6


def test_handout_cache_reuses_unchanged_and_forgets_stale(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(SHARED_HANDOUT_CACHE)  # the project's own cache, as outside the test suite
    result = build(project, today=TODAY)
    assert result.ok
    cache = project / ".cache" / "handouts"
    first = {p.name: p.read_bytes() for p in cache.glob("*.bin")}
    # one topic: full A4, full US Letter, short A4; and the remembered list of the three
    listed = handout_list_key(result.content_digest, None)
    pdfs = {name: data for name, data in first.items() if name != f"{listed}.bin"}
    assert len(first) == 4 and len(pdfs) == 3
    assert json.loads(first[f"{listed}.bin"]) == [
        [name.removesuffix(".bin"), f"handouts/{pdf}"] for pdf in ("example-topic-a4.pdf", "example-topic-letter.pdf",
                                                                   "example-topic-short-a4.pdf")
        for name, data in pdfs.items() if data == (project / "site" / "handouts" / pdf).read_bytes()
    ]
    site_pdf = (project / "site" / "handouts" / "example-topic-a4.pdf").read_bytes()
    _break(project, "title: An example topic", "title: A renamed example topic")
    result = build(project, today=TODAY)
    assert result.ok
    second = {p.name for p in cache.glob("*.bin")}
    assert len(second) == 4 and not second & set(first)
    assert f"{handout_list_key(result.content_digest, None)}.bin" in second
    assert (project / "site" / "handouts" / "example-topic-a4.pdf").read_bytes() != site_pdf


def test_shared_handout_cache_serves_every_project_and_forgets_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shared = tmp_path / "shared-cache"
    monkeypatch.setenv(SHARED_HANDOUT_CACHE, str(shared))
    first, second = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    _break(second, "title: An example topic", "title: A renamed example topic")
    assert build(first, today=TODAY).ok
    made_for_first = {p.name: p.read_bytes() for p in shared.glob("*.bin")}
    assert len(made_for_first) == 4  # three PDFs and their list
    assert build(second, today=TODAY).ok
    both = {p.name: p.read_bytes() for p in shared.glob("*.bin")}
    assert len(both) == 8 and {name: both[name] for name in made_for_first} == made_for_first
    # each project keeps only the record of its own checked site (outputs/checked_site.py) and
    # its compiled templates (template_cache.py)
    assert sorted(p.name for p in (first / ".cache").iterdir()) == sorted(p.name for p in (second / ".cache").iterdir()) == [
        "checked-site", "templates"]
    # A rebuild takes its PDFs from the shared folder (a marked copy proves it) and keeps the other project's.
    pdf = (first / "site" / "handouts" / "example-topic-a4.pdf").read_bytes()
    key = next(name for name, data in made_for_first.items() if data == pdf)
    (shared / key).write_bytes(pdf + b"% from the shared cache\n")
    assert build(first, today=TODAY).ok
    assert (first / "site" / "handouts" / "example-topic-a4.pdf").read_bytes() == pdf + b"% from the shared cache\n"
    assert {p.name for p in shared.glob("*.bin")} == set(both)
