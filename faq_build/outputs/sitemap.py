"""The sitemap as search engines should read it: each page dated by its clinical review.

MkDocs writes ``sitemap.xml`` (and its gzip copy) with the build date on every page. After
``mkdocs build`` this step either dates each entry by the review of the page it lists, or, with
no public address, removes the sitemap (its addresses would be relative, which the sitemap
protocol does not allow). Done on the built file rather than with a theme template, so the
site stays buildable by other MkDocs-compatible builders (Zensical rejects MkDocs' sitemap
template).
"""

from __future__ import annotations

import gzip
import re
from datetime import date
from pathlib import Path

SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")
_SITEMAP_ENTRY_RE = re.compile(r"(<loc>([^<]*)</loc>\s*<lastmod>)([^<]*)(</lastmod>)")


def finish_sitemap(site_dir: Path, reviewed: dict[str, date], epoch: int, site_url: str | None) -> None:
    """The sitemap step of the build: dated by review with a public address, else left out."""
    if site_url:
        date_sitemap(site_dir, reviewed, epoch)
    else:
        drop_sitemap(site_dir)


def page_url_path(page_file: str) -> str:
    """'index.md' -> '', 'understanding-trd.md' -> 'understanding-trd/' (directory URLs)."""
    stem = page_file[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


def drop_sitemap(site_dir: Path) -> None:
    """Without a public address MkDocs writes a sitemap of relative paths, which the sitemap
    protocol does not allow (each ``<loc>`` must be an absolute URL): leave it out instead."""
    for name in SITEMAP_FILES:
        (site_dir / name).unlink(missing_ok=True)


def date_sitemap(site_dir: Path, reviewed: dict[str, date], epoch: int) -> None:
    """Make each sitemap ``lastmod`` the page's clinical review date instead of the build date.

    The gzip copy gets ``epoch`` as its header time, so the same content gives the same bytes."""
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
