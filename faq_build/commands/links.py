"""Link checking: every internal link and ``#anchor`` in the built site resolves; external
addresses answer.

Clinics print links to answers; a broken link or anchor sends a distressed reader to the
wrong place. MkDocs' strict mode already checks the links in our Markdown; this crawler
checks the final HTML (theme, navigation and generated pages together), so nothing
slips between the two.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag, urlsplit

from ..diagnostics import Diagnostic, Position, Report
from ..site_address import site_base_of, site_relative

if TYPE_CHECKING:
    from ..build import BuildResult
    from ..origins import Origins

SKIP_SCHEMES = ("http:", "https:", "mailto:", "tel:", "sms:", "data:", "javascript:")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key] or "")
        if tag in ("a", "link") and values.get("href"):
            self.links.append((values["href"] or "", self.getpos()[0]))


@dataclass(frozen=True)
class Page:
    ids: frozenset[str]
    links: tuple[tuple[str, int], ...]


def _read(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = Page(frozenset(parser.ids), tuple(parser.links))
    return pages


def _target_file(site: Path, page: str, href: str, served_from: str = "/") -> str | None:
    """The site-relative file a relative href points to, or None if it leaves the site.
    ``served_from`` is the path the site is served under (``/kb/``): ``/kb/x/`` is ``x/``."""
    path = site_relative(unquote(urlsplit(href).path), served_from)
    if path is None:
        return None
    base = PurePosixPath(page).parent
    joined = PurePosixPath(path) if path.startswith("/") else base / path
    parts: list[str] = []
    for part in joined.parts:
        if part in ("", ".", "/"):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    relative = "/".join(parts)
    candidate = site / relative
    if relative == "" or candidate.is_dir() or path.endswith("/"):
        return (relative + "/index.html").lstrip("/")
    return relative


def check_internal_links(site: Path, served_from: str = "/") -> list[Diagnostic]:
    """Report every internal link whose file or ``#anchor`` does not exist."""
    return [problem for _, _, _, problem in _broken_links(site, served_from)]


def check_site_links(site: Path, origins: Origins | None = None, served_from: str = "/") -> list[Diagnostic]:
    """The build's last check before publishing: every internal link and ``#anchor`` of the staged
    site resolves. Each broken one is reported at the content file (and line) it was written in,
    when ``origins`` can tell; otherwise at the built page."""
    problems = []
    for page, line, href, problem in _broken_links(site, served_from):
        position = origins.locate_in_site(site, page, line, href) if origins else None
        if position is not None:
            problem = replace(problem, position=position,
                              hint=f"the link is on the built page /{page.removesuffix('index.html')} (line {line}); "
                                   "link to a page, question or term that exists")
        problems.append(problem)
    return problems


def _broken_links(site: Path, served_from: str = "/") -> list[tuple[str, int, str, Diagnostic]]:
    """(page, line, href, problem) for every internal link that does not resolve."""
    pages = _read(site)
    problems: list[tuple[str, int, str, Diagnostic]] = []
    for page, info in pages.items():
        for href, line in info.links:
            if href.startswith(SKIP_SCHEMES) or href.startswith("//"):
                continue
            url, fragment = urldefrag(href)
            target = page if url == "" else _target_file(site, page, url, served_from)
            where = Position(f"site/{page}", line)
            if target is None:
                problem = Diagnostic("LINK-BROKEN", f"link '{href}' leaves the site", where)
            elif not (site / target).is_file():
                problem = Diagnostic("LINK-BROKEN", f"link '{href}' points to a missing page", where, found=target)
            elif fragment and target in pages and unquote(fragment) not in pages[target].ids:
                problem = Diagnostic("ANCHOR-BROKEN", f"link '{href}' points to a missing #anchor", where,
                                     found=f"{target} has no id '{fragment}'")
            else:
                continue
            problems.append((page, line, href, problem))
    return problems


def network_available(host: str = "doi.org", timeout: float = 3.0) -> bool:
    """Whether this machine can reach the public web at all (CI and sandboxes often cannot)."""
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def check_external_links(urls: dict[str, Position], *, timeout: float = 10.0, workers: int = 8) -> list[Diagnostic]:
    """HEAD (then GET) each address; report the ones that fail. Call only when the network is up."""

    def probe(url: str) -> str | None:
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": "faq-build link check"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    if response.status < 400:
                        return None
            except urllib.error.HTTPError as exc:
                if method == "GET":
                    return f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                if method == "GET":
                    return str(getattr(exc, "reason", exc))
        return "no answer"

    problems = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for url, error in zip(urls, pool.map(probe, urls), strict=True):
            if error:
                problems.append(Diagnostic("LINK-EXTERNAL", f"{url} does not answer: {error}", urls[url]))
    return problems


_MD_LINK_RE = re.compile(r"\]\((https?://[^)\s]+)")


def external_urls(content) -> dict[str, Position]:
    """Every external address a reader can follow: source identifiers and links in text."""
    from ..checks.fields import text_fields

    urls: dict[str, Position] = {}
    for source in content.sources.values():
        doc, base = content.where[f"source:{source.id}"]
        if source.doi:
            urls.setdefault(f"https://doi.org/{source.doi}", doc.position(base + ("doi",)))
        if source.pmid:
            urls.setdefault(f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/", doc.position(base + ("pmid",)))
        if source.url:
            urls.setdefault(source.url, doc.position(base + ("url",)))
    for text_field in text_fields(content):
        for match in _MD_LINK_RE.finditer(text_field.text):
            urls.setdefault(match.group(1), text_field.at(match.start(1)))
    return urls


class NoSite(Exception):
    """There is no built site to crawl (a usage error: build first)."""


@dataclass(frozen=True)
class LinksRun:
    """What ``faq-build links`` found. ``content_check`` is set when ``--external`` needed the
    content and it did not load; ``offline`` when the network could not be reached, so the
    external addresses were not checked at all (which must never look like "all fine")."""

    report: Report = field(default_factory=Report)
    checked: str = "internal links"
    content_check: BuildResult | None = None
    offline: bool = False


def check_links(root: Path, *, external: bool, today: date) -> LinksRun:
    """Internal links and anchors of the built site; with ``external``, every outside address too."""
    from .. import build as pipeline  # the build imports this module: its publish step crawls the site

    site = root / "site"
    if not (site / "index.html").is_file():
        raise NoSite("no built site in site/; run 'make build' first")
    report = Report(check_internal_links(site, site_base_of(root)))
    if not external:
        return LinksRun(report=report)
    result = pipeline.check(root, today=today)
    if result.content is None:
        return LinksRun(report=report, content_check=result)
    if not network_available():
        return LinksRun(report=report, offline=True)
    urls = external_urls(result.content)
    report.extend(check_external_links(urls))
    return LinksRun(report=report, checked=f"internal links and {len(urls)} external addresses")
