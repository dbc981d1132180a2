"""Stage 5 - write: put the rendered pages on disk and build the site, atomically.

Everything is generated and built inside a staging folder next to the project
(same file system, so the final moves are renames). Only when ``mkdocs build --strict``
has succeeded are the new ``docs/`` and ``site/`` swapped into place. A failed build
leaves the previous ``docs/`` and ``site/`` exactly as they were.

Builds are deterministic: ``SOURCE_DATE_EPOCH`` is set from the content (the newest
review date), which MkDocs uses for the sitemap and its gzip header.
"""

from __future__ import annotations

import gzip
import logging
import re
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic, Position
from .render import RenderedSite


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured_mkdocs_log() -> Iterator[_Collector]:
    """Collect MkDocs warnings as data instead of letting them print mid-run."""
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    old_level, old_propagate, old_handlers = logger.level, logger.propagate, list(logger.handlers)
    for handler in old_handlers:
        logger.removeHandler(handler)
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        for handler in old_handlers:
            logger.addHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def epoch_for(day: date) -> int:
    return int(datetime.combine(day, time(0, 0), tzinfo=timezone.utc).timestamp())


def write_pages(rendered: RenderedSite, docs_dir: Path) -> None:
    for relative, text in sorted(rendered.files.items()):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    for relative, data in sorted(rendered.binary.items()):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def mkdocs_build(config_file: Path, docs_dir: Path, site_dir: Path, nav: list[dict[str, str]], epoch: int) -> list[Diagnostic]:
    """Run ``mkdocs build --strict`` in-process; MkDocs warnings come back as diagnostics."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _captured_mkdocs_log() as collector, _environment(
        SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1"
    ):
        failure = None
        try:
            config = load_config(
                str(config_file), strict=True, docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav
            )
            build(config)
        except exceptions.MkDocsException as exc:
            failure = str(exc)
        except (OSError, ValueError) as exc:
            failure = f"{type(exc).__name__}: {exc}"
    diagnostics = [
        Diagnostic(
            code="SITE-BUILD",
            message=record.getMessage().replace(str(docs_dir), "docs"),
            position=Position("mkdocs.yml"),
            hint="pages in docs/ are generated from content/; fix the content file the page comes from",
        )
        for record in collector.records
    ]
    if failure and not diagnostics:
        diagnostics.append(Diagnostic(code="SITE-BUILD", message=failure, position=Position("mkdocs.yml")))
    return diagnostics


_SITEMAP_ENTRY_RE = re.compile(r"(<loc>([^<]*)</loc>\s*<lastmod>)([^<]*)(</lastmod>)")


def page_url_path(page_file: str) -> str:
    """'index.md' -> '', 'understanding-trd.md' -> 'understanding-trd/' (directory URLs)."""
    stem = page_file[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


def date_sitemap(site_dir: Path, reviewed: dict[str, date], epoch: int) -> None:
    """Make each sitemap ``lastmod`` the page's clinical review date instead of the build date.

    Done on the built file rather than with a theme template, so the site stays buildable
    by other MkDocs-compatible builders (Zensical rejects MkDocs' sitemap template)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    by_path = {page_url_path(name): day.isoformat() for name, day in reviewed.items()}
    paths = sorted(by_path, key=len, reverse=True)

    def replace(match: re.Match[str]) -> str:
        loc = match.group(2)
        for path in paths:
            if loc.endswith("/" + path) or (path == "" and loc.endswith("/")):
                return f"{match.group(1)}{by_path[path]}{match.group(4)}"
        return match.group(0)

    text = _SITEMAP_ENTRY_RE.sub(replace, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=epoch
    ) as packed:
        packed.write(text.encode("utf-8"))


class FileCache:
    """A content-addressed cache of generated files (the PDF handouts) in ``.cache/``.

    Part of the write stage because it touches the disk; a missing or unreadable cache
    only costs time, never correctness, since keys hash everything a file is made from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_or_make(self, key: str, make) -> bytes:
        path = self.folder / f"{key}.bin"
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = make()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomically(path, data)
        except OSError:
            pass
        return data

    def prune(self, keep: set[str]) -> None:
        """Forget files no current job needs, so the cache does not grow without end."""
        for path in self.folder.glob("*.bin") if self.folder.is_dir() else []:
            if path.stem not in keep:
                path.unlink(missing_ok=True)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp, path)


NOT_FOUND_MARKER = "<!-- faq-crisis -->"


def fill_not_found_page(site_dir: Path, crisis_html: str) -> None:
    """Put the crisis box on the theme's 404 page (a template cannot read content/crisis.yml)."""
    page = site_dir / "404.html"
    if crisis_html and page.is_file():
        html = page.read_text(encoding="utf-8")
        if NOT_FOUND_MARKER in html:
            page.write_text(html.replace(NOT_FOUND_MARKER, crisis_html, 1), encoding="utf-8")


def swap_into_place(staging: Path, root: Path, names: tuple[str, ...] = ("docs", "site")) -> None:
    """Replace ``root/<name>`` with ``staging/<name>`` for each name, restoring all on failure."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for name in names:
            target = root / name
            backup = None
            if target.exists():
                backup = staging / f"previous-{name}"
                os.rename(target, backup)
            moved.append((target, backup))
            os.rename(staging / name, target)
    except OSError:
        for target, backup in reversed(moved):
            if target.exists() and backup is not None:
                shutil.rmtree(target, ignore_errors=True)
            if backup is not None and backup.exists():
                os.rename(backup, target)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def publish(
    root: Path, rendered: RenderedSite, *, epoch: int, build_site: bool = True, manifest: str | None = None
) -> list[Diagnostic]:
    """Generate ``docs/`` and build ``site/`` in a staging folder, then swap both in on success."""
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        docs_dir = staging / "docs"
        write_pages(rendered, docs_dir)
        names: tuple[str, ...] = ("docs",)
        if build_site:
            problems = mkdocs_build(root / "mkdocs.yml", docs_dir, staging / "site", rendered.nav, epoch)
            if problems:
                return problems
            date_sitemap(staging / "site", rendered.reviewed, epoch)
            fill_not_found_page(staging / "site", rendered.crisis_html)
            from .search_index import write_search_index  # Pagefind, one record per question

            problems = write_search_index(staging / "site")
            if problems:
                return problems
            from .audit import audit_site  # nothing foreign in any page; then each page's CSP

            problems = audit_site(staging / "site", rendered, root / "content")
            if problems:
                return problems
            names = ("docs", "site")
        swap_into_place(staging, root, names)
        if manifest is not None:
            from .linkmap import MANIFEST

            target = root / MANIFEST
            if not target.is_file() or target.read_text(encoding="utf-8") != manifest:
                write_text_atomically(target, manifest)
        return []
    finally:
        shutil.rmtree(staging, ignore_errors=True)
