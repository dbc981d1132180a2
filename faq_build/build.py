"""The orchestrator: every step a build takes, in order, each one named and timed.

Like MkDocs' own ``commands/build.py``: gather everything first, then write. The steps:

* check (``check``): load the content files, read the published-links manifest, validate
  (structure, then the content checks, which also collect the summary's numbers);
* generate: resolve references, render the pages, make the PDF handouts (cached);
* write, all inside a staging folder: stage docs/, mkdocs build (or Zensical), date the sitemap,
  put the crisis box on the 404 page, load the theme's script on first use, build the search
  index, audit every page, check every link, stage the grown published-links manifest; then swap
  docs/, site/ and the manifest into place.

Every step returns data; only the load and write steps touch the file system. Nothing on disk
changes unless every step succeeds. ``BuildResult.steps`` records each step's time, which is
what ``bench/run.py`` reports; the search index runs alongside the audit and the link check, so
the steps' times add up to more than the build's wall-clock time.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import TypeVar

from .commands.links import check_site_links
from .diagnostics import Diagnostic, Report
from .fingerprint import digest, package_digest, versions
from .fsutil import FileCache, epoch_for
from .load import load_content_digest
from .model import Content
from .origins import Origins
from .outputs.audit import add_policies, audit_pages
from .outputs.checked_site import RECORD_FOLDER, CheckedSite, site_key
from .outputs.editor_site import GitHost, add_editor, configured_host
from .outputs.not_found import fill_not_found_page
from .outputs.published_links import load_published_links, manifest_text, stage_manifest
from .outputs.search_index import IndexInBackground
from .outputs.sitemap import finish_sitemap
from .outputs.theme_script import defer_theme_bundle
from .render import RenderedSite, render
from .resolve import Resolved, resolve
from .site_address import NO_ADDRESS_NOTE, base_path, configured_site_url, public_address, release_refusal
from .stats import CheckStats, ContentStats, content_stats, raw_stats
from .validate import validate
from .write import mkdocs_build, project_lock, staging_folder, swap_or_refuse, write_pages
from .zensical_build import zensical_build

T = TypeVar("T")

ENGINES = {"mkdocs": mkdocs_build, "zensical": zensical_build}
"""The site engines that turn docs/ into site/: MkDocs with Material for MkDocs (the default) and
Zensical, its successor (``zensical_build``). Every step after the engine is the same for both."""

HANDOUT_CACHE = Path(".cache") / "handouts"
"""Where the PDF handouts are kept between builds, in the project folder (see ``fsutil.FileCache``)."""
SHARED_HANDOUT_CACHE = "FAQ_HANDOUT_CACHE"
"""Names one handout cache folder for every project built in this environment: the test
suite builds dozens of throwaway copies of the same content, each of which would otherwise
render the same PDFs again."""


def handout_cache(root: Path) -> FileCache:
    """The project's own ``.cache/handouts``, or the shared folder named by ``FAQ_HANDOUT_CACHE``
    (never pruned: the other projects' files are in it)."""
    shared = os.environ.get(SHARED_HANDOUT_CACHE)
    if shared:
        return FileCache(Path(shared), shared=True)
    return FileCache(root / HANDOUT_CACHE)


@dataclass
class BuildResult:
    report: Report
    content: Content | None = None
    rendered: RenderedSite | None = None
    stats: ContentStats | None = None
    """What the summary line reports; ``None`` when nothing was read (a refused release build)."""
    notes: list[str] = field(default_factory=list)
    """Plain lines for the summary that are neither errors nor warnings (no public address yet)."""
    published: list[tuple[int, str]] = field(default_factory=list)
    """The published-links manifest as the check read it; the build's new manifest extends it."""
    steps: list[tuple[str, float]] = field(default_factory=list)
    """(step name, seconds) of every step taken, in the order taken."""
    content_digest: str = ""
    """The fingerprint of the content bytes the check parsed (``load.load_content_digest``)."""

    @property
    def ok(self) -> bool:
        return self.report.ok

    def step(self, name: str, function: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run one named step of the build and record how long it took (also when it raises)."""
        start = perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            self.steps.append((name, perf_counter() - start))


def check(root: Path, *, today: date, overrides: dict[str, bytes] | None = None) -> BuildResult:
    """Load and validate; nothing is written. ``overrides`` replace content files (``load_content``)."""
    result = BuildResult(report=Report())
    documents, load_problems, result.content_digest = result.step(
        "load", load_content_digest, root / "content", overrides)
    result.published = result.step("read published links", load_published_links, root)
    collected = CheckStats()
    content, problems = result.step(
        "validate", validate, documents, today=today, published=result.published, load_problems=load_problems,
        stats=collected,
    )
    result.report = Report(load_problems + problems)
    if content is None:
        result.stats = raw_stats(documents)
        return result
    result.stats = content_stats(content, collected)
    result.notes = content_notes(content)
    result.content = content if result.report.ok else None
    return result


def content_notes(content: Content) -> list[str]:
    """What the summary says about the site as readers see it: pages no clinician has checked yet,
    and a missing 'Report a problem' address (also the REPORT-ADDRESS-UNSET warning)."""
    notes = []
    pending = [t.id for t in content.topics if not t.review.is_reviewed]
    if pending:
        notes.append(
            f"{len(pending)} of {len(content.topics)} topics are pending clinical review; each tells readers "
            "'A doctor has not checked this page yet' and claims no reviewer."
        )
    if not content.site.report_problem:
        notes.append(
            "No 'Report a problem' address (report_problem in content/site.yml): pages tell readers to "
            "contact the service that gave them the link."
        )
    return notes


def generate(
    content: Content, *, with_handouts: bool = False, site_url: str | None = None, cache: FileCache | None = None
) -> RenderedSite:
    """Resolve references, render pages and, ``with_handouts``, the PDF handouts (the build's generate steps).

    ``site_url`` is the public address (``site_address.public_address``): printed on the
    handouts and in their QR code; ``None`` prints neither.
    """
    resolved = resolve(content)
    rendered = render(resolved)
    if with_handouts:
        add_handouts(rendered, resolved, site_url=site_url, cache=cache)
    return rendered


def add_handouts(rendered: RenderedSite, resolved: Resolved, *, site_url: str | None, cache: FileCache | None,
                 content_digest: str = "") -> None:
    """Put every PDF handout into ``rendered.binary``, in the order of the jobs.

    Handouts are the slow part of a build, so a content-addressed cache skips the ones that did
    not change; the others are rendered in parallel. The cache forgets handouts no job needs.

    A job's key hashes its HTML document, and making the documents (Python-Markdown over every
    answer) is most of a warm build's handout step. So, given the fingerprint of the content bytes
    (``content_digest``), the list of files and keys is itself remembered, under a key of that
    fingerprint, faq_build's own files, the libraries' versions and the address
    (``handout_list_key``): the same content gives the same documents."""
    list_key = handout_list_key(content_digest, site_url) if cache and content_digest else None
    if cache and list_key:
        pairs = _handout_list(cache, list_key)
        remembered = _remembered_handouts(cache, pairs) if pairs else None
        if pairs and remembered is not None:
            rendered.binary.update(remembered)
            cache.prune({*(key for key, _ in pairs), list_key})
            return
    from .outputs.handouts import handout_jobs, render_jobs  # WeasyPrint: loaded only when handouts are made

    jobs = handout_jobs(resolved, site_url=site_url)
    cached = {job.key: cache.get(job.key) for job in jobs} if cache else {}
    missing = [job for job in jobs if cached.get(job.key) is None]
    made = dict(zip((job.key for job in missing), render_jobs(missing), strict=True))
    for job in jobs:
        data = cached.get(job.key)
        if data is None:
            data = made[job.key]
            if cache:
                cache.put(job.key, data)
        rendered.binary[job.path] = data
    if cache:
        keep = {job.key for job in jobs}
        if list_key is not None:
            cache.put(list_key, json.dumps([[job.key, job.path] for job in jobs]).encode("utf-8"))
            keep.add(list_key)
        cache.prune(keep)


HANDOUT_LIBRARIES = ("markdown", "jinja2", "markupsafe", "segno", "weasyprint")
"""The libraries whose versions shape a handout document or its PDF."""


def handout_list_key(content_digest: str, site_url: str | None) -> str:
    """The key the list of handout files and their keys is remembered under (see ``add_handouts``)."""
    return "handouts-" + digest(["handout list 1", package_digest(), versions(*HANDOUT_LIBRARIES),
                                 content_digest, site_url or ""])


def _handout_list(cache: FileCache, list_key: str) -> list[tuple[str, str]] | None:
    """The remembered (key, file) pairs, or None when there are none or they cannot be read."""
    data = cache.get(list_key)
    if data is None:
        return None
    try:
        return [(str(key), str(path)) for key, path in json.loads(data)]
    except (ValueError, TypeError):
        return None


def _remembered_handouts(cache: FileCache, pairs: list[tuple[str, str]]) -> dict[str, bytes] | None:
    """Every handout of the remembered list, in its order, or None when any PDF is missing."""
    files = {}
    for key, path in pairs:
        data = cache.get(key)
        if data is None:
            return None
        files[path] = data
    return files


def build(root: Path, *, today: date, build_site: bool = True, release: bool = False,
          engine: str = "mkdocs") -> BuildResult:
    """Validate, generate ``docs/`` and build ``site/``; nothing changes on disk unless all succeed.

    A ``release`` build refuses to start without a real public address (``SITE-ADDRESS``): it
    then reads no content and writes nothing, not even the lock file. One build at a time per
    folder (a second one waits briefly, then raises ``PublishError``), so the published-links
    manifest read by the check is the one the new manifest extends."""
    if release:
        refusal = release_refusal(root)
        if refusal is not None:
            return BuildResult(report=Report([refusal]))
    with project_lock(root), _older_objects_frozen():
        return _build(root, today=today, build_site=build_site, engine=engine)


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector off what was alive before the build (``gc.freeze``).

    A process that builds more than once (``faq-build serve``, the benchmark, the tests) holds the
    last build's objects; a full collection that starts during the next build walks all of them
    (0.15 s measured in the load step of a warm rebuild of the real content). They cannot be the
    new build's garbage, so they are set aside while it runs and given back afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _build(root: Path, *, today: date, build_site: bool, engine: str) -> BuildResult:
    result = check(root, today=today)
    editor, editor_problems = configured_host()
    result.report.extend(editor_problems)
    if not result.ok or result.content is None:
        return result
    configured = configured_site_url(root)
    address, served_from = public_address(configured), base_path(configured)
    resolved = result.step("resolve", resolve, result.content)
    result.rendered = result.step("render", render, resolved)
    result.step("handouts", add_handouts, result.rendered, resolved, site_url=address, cache=handout_cache(root),
                content_digest=result.content_digest)
    result.report.extend(_write(result, root, build_site=build_site, site_url=address, engine=engine, editor=editor,
                                served_from=served_from))
    if address is None:
        result.notes.append(NO_ADDRESS_NOTE)
    return result


def _write(result: BuildResult, root: Path, *, build_site: bool, site_url: str | None,
           engine: str = "mkdocs", editor: GitHost | None = None, served_from: str = "/") -> list[Diagnostic]:
    """The write steps: everything is made in a staging folder and checked, then swapped in.

    With a git host (``editor``), the browser editor goes into ``site/admin/`` once the pages
    patients read have passed the audit and the link check (``outputs/editor_site.py``).
    ``served_from`` is the path the site is served under (``site_address.base_path``): the 404
    page addresses everything from there.

    A content problem found on the way (MkDocs, the search index, the audit, a broken link) is
    returned and nothing is swapped; a fault of the machine raises ``PublishError``."""
    content, rendered = result.content, result.rendered
    assert content is not None and rendered is not None
    origins = Origins(content)
    epoch = epoch_for(max(t.review.last_reviewed for t in content.topics))
    with staging_folder(root) as staging:
        docs, site = staging / "docs", staging / "site"
        result.step("stage docs", write_pages, rendered, docs)
        names: tuple[str, ...] = ("docs",)
        if build_site:
            problems = result.step(engine, ENGINES[engine], root / "mkdocs.yml", docs, site, rendered.nav, epoch, site_url)
            if problems:
                return origins.relocate(problems)
            result.step("sitemap", finish_sitemap, site, rendered.reviewed, epoch, site_url)
            result.step("404 page", fill_not_found_page, site, rendered.crisis_html)
            result.step("theme script", defer_theme_bundle, site)  # the theme's bundle on first use
            problems = _check_site(result, root, site, origins, served_from)
            if problems:
                return problems
            if editor is not None:
                problems = result.step("editor", add_editor, site, root, editor, content, site_url)
                if problems:
                    return problems
            names = ("docs", "site")
        manifest = manifest_text(content, result.published)
        names += result.step("published links", stage_manifest, staging, root, manifest)
        result.step("swap", swap_or_refuse, staging, root, names)
    return []


def _check_site(result: BuildResult, root: Path, site: Path, origins: Origins, served_from: str) -> list[Diagnostic]:
    """The checks after the engine: the search index, the audit and the link check, or, when the
    staged site is the very one that last passed them, what they left behind, put back
    (``outputs/checked_site.py``)."""
    assert result.rendered is not None
    record = CheckedSite(root / RECORD_FOLDER)
    key = result.step("site key", site_key, site, result.rendered, served_from)
    if result.step("replay checks", record.replay, key, site):
        return []
    # Pagefind (one record per question) indexes on a thread while the audit (nothing
    # foreign; each page's CSP) and the link check read the same pages.
    index = IndexInBackground(site)
    try:
        problems, policies = result.step("audit", audit_pages, site, result.rendered, root / "content",
                                         base=served_from)
        problems = problems or result.step("links", check_site_links, site, origins, served_from)
    finally:
        index.join()  # never leave Pagefind writing into a folder that is about to go
    index_problems = index.problems()
    result.steps.append(("search index", index.seconds))  # ran alongside audit and links
    if index_problems or problems:
        return index_problems or problems
    add_policies(site, policies)
    result.step("remember checks", record.remember, key, site, policies, index.answers)
    return []
