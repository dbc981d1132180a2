"""Printable handouts: one PDF per topic, in A4 and US Letter, for clinics to print.

Pure: ``handouts(resolved, site_url=...)`` returns ``{relative path: PDF bytes}`` and
writes nothing; the caller (the build, or ``faq-build handouts``) decides where they go.

Each handout carries what makes a printed answer trustworthy: the title, every question
with its short answer and detail, the review dates and reviewer, the sources, the same
crisis box and "not medical advice" notice as the site, and the page's address printed
in words and as a QR code. A clinic can add "Printed for <name> · <phone>" to the footer
of every page.

Guarantees, each tested in ``tests/test_handouts.py``:

- **Nothing is fetched.** The only resource is the QR code, an SVG ``data:`` URI. The
  URL fetcher refuses every other scheme (``http``, ``https``, ``file``...), so a link
  or image in content is printed, never downloaded or read from disk.
- **Deterministic.** The same content gives byte-identical PDFs: WeasyPrint writes no
  clock time by default; we pin the creation and modification dates to the topic's
  ``last_reviewed`` date, and the document identifier to a hash of the topic id and
  paper size (pydyf adds a second identifier hashed from the content itself).
- **Real text.** WeasyPrint lays out text with embedded (subset) DejaVu fonts, so the
  text can be selected, searched, copied and read aloud; the PDF is tagged.
"""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from html import escape
from urllib.parse import urljoin, urlsplit

import markdown
import segno
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .model import Source
from .render import (
    crisis_block,
    disclaimer_block,
    format_citation,
    handout_file,
    human_date,
    medicines_block,
    mentions_medicines,
    pending_block,
    review_block,
)
from .resolve import GLOSSARY_PAGE, SOURCES_PAGE, Resolved, ResolvedQuestion, ResolvedTopic

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
"""File-name suffix -> CSS ``@page { size }`` value."""



@dataclass(frozen=True)
class Clinic:
    """The clinic printing the handouts; shown in the footer of every page."""

    name: str
    phone: str


def handout_path(topic_id: str, paper: str) -> str:
    """Stable address of a handout, relative to the site root: ``handouts/<topic-id>-a4.pdf``.

    The convention lives in render.py, which links each topic page to its handouts."""
    return handout_file(topic_id, paper)


def page_url(site_url: str, topic_id: str) -> str:
    """The topic's public address, as printed and encoded in the QR code."""
    return f"{_base(site_url)}{topic_id}/"


@dataclass(frozen=True)
class HandoutJob:
    """Everything one PDF is made from. Equal jobs give byte-identical PDFs, so ``key`` can
    name a cached copy: rebuilding after an edit to one topic re-renders only its handouts."""

    path: str
    document: str
    identifier: str
    reviewed: date

    @property
    def key(self) -> str:
        import weasyprint

        digest = hashlib.sha256()
        for part in (weasyprint.__version__, self.identifier, self.reviewed.isoformat(), self.document):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()


def handout_jobs(resolved: Resolved, *, site_url: str, clinic: Clinic | None = None) -> list[HandoutJob]:
    """One job per topic and paper size (A4, US Letter)."""
    return [
        HandoutJob(
            path=handout_path(topic.topic.id, paper),
            document=handout_html(topic, resolved, site_url=site_url, size=size, clinic=clinic),
            identifier=f"{topic.topic.id}-{paper}",
            reviewed=topic.topic.review.last_reviewed,
        )
        for topic in resolved.topics
        for paper, size in PAPER_SIZES.items()
    ]


def render_job(job: HandoutJob, fonts: FontConfiguration | None = None) -> bytes:
    with _source_date(job.reviewed):
        return _pdf(job.document, identifier=job.identifier, fonts=fonts or FontConfiguration())


def handouts(resolved: Resolved, *, site_url: str, clinic: Clinic | None = None) -> dict[str, bytes]:
    """Every topic as a PDF handout in A4 and US Letter: ``{"handouts/<id>-a4.pdf": bytes, ...}``."""
    fonts = FontConfiguration()
    return {job.path: render_job(job, fonts) for job in handout_jobs(resolved, site_url=site_url, clinic=clinic)}


# --------------------------------------------------------------------------- HTML


def handout_html(
    topic: ResolvedTopic, resolved: Resolved, *, site_url: str, size: str = "A4", clinic: Clinic | None = None
) -> str:
    """The handout as one HTML document; ``size`` is a CSS page size (``A4``, ``letter``)."""
    base = _base(site_url)
    url = page_url(site_url, topic.topic.id)
    converter = _Markdown(base, topic.page)
    review = topic.topic.review
    stamp = review.last_reviewed.isoformat()
    qr = segno.make(url, error="m", micro=False)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(topic.topic.title)}</title>",
        f'<meta name="description" content="{escape(topic.summary)}">',
        f'<meta name="author" content="{escape(resolved.site.home_title)}">',
        '<meta name="generator" content="faq-build">',
        f'<meta name="dcterms.created" content="{stamp}">',
        f'<meta name="dcterms.modified" content="{stamp}">',
        f"<style>{_STYLE}{_page_style(size, topic, resolved, site_url=site_url, clinic=clinic)}</style>",
        "</head>",
        "<body>",
        '<header class="h-head">',
        '<figure class="h-qr">',
        f'<img src="{escape(qr.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))}" '
        f'alt="QR code for {escape(url)}">',
        "<figcaption>Scan to read this page online</figcaption>",
        "</figure>",
        f'<p class="h-site">{escape(resolved.site.home_title)}</p>',
        f"<h1>{escape(topic.topic.title)}</h1>",
        f'<p class="h-summary">{escape(topic.summary)}</p>',
        f'<p class="h-url">Read it online, with links:<br><a href="{escape(url)}">{escape(url)}</a></p>',
        pending_block(topic),
        review_block(topic),
        "</header>",
        crisis_block(resolved.crisis),
    ]
    if topic.intro:
        parts.append(f'<div class="h-intro">{converter.html(topic.intro)}</div>')
    cited: dict[str, Source] = {}
    for item in topic.questions:
        parts.append(_question(item, converter, resolved.site_texts.get("medicines_notice", "")))
        cited.update((s.id, s) for s in item.sources if s.id not in cited)
    parts += _words(resolved, converter.terms, _Markdown(base, GLOSSARY_PAGE))
    if cited:
        sources = _Markdown(base, SOURCES_PAGE)
        parts += ['<section class="h-sources">', "<h2>Sources</h2>", "<ol>"]
        parts += [f'<li id="source-{escape(s.id)}">{sources.html(format_citation(s))}</li>' for s in cited.values()]
        parts += ["</ol>", "</section>"]
    parts += [
        '<footer class="h-foot">',
        disclaimer_block(resolved.site_texts["disclaimer"]),
        f"<p>Printed from {escape(url)}. This handout shows the page as it was last reviewed on "
        f"{human_date(review.last_reviewed)}; the online page is always the current version.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts)


def _question(item: ResolvedQuestion, converter: _Markdown, medicines_notice: str) -> str:
    question = item.question
    parts = [
        f'<section class="h-q" id="{escape(question.id)}">',
        f"<h2>{escape(' '.join(question.question.split()))}</h2>",
        f'<div class="h-short">{converter.html(item.short_answer)}</div>',
    ]
    if item.body:
        parts.append(converter.html(item.body))
    for line in item.disputes:
        parts.append(converter.html(line))
    if medicines_notice and mentions_medicines(item):
        parts.append(medicines_block(medicines_notice))
    if item.sources:
        parts += ['<div class="h-cited">', "<p><strong>Sources</strong></p>", "<ul>"]
        for source in item.sources:
            flag = " (not yet verified)" if not source.verified else ""
            parts.append(f"<li>{escape(source.short_label)}: {escape(source.title)}{flag}</li>")
        parts += ["</ul>", "</div>"]
    parts.append("</section>")
    return "\n".join(parts)


def _words(resolved: Resolved, used: list[str], converter: _Markdown) -> list[str]:
    """Paper has no tooltips: the glossary words this handout uses, with their meanings."""
    entries = [item.term for item in resolved.terms if item.term.id in used]
    if not entries:
        return []
    parts = ['<section class="h-words">', "<h2>Words used in this handout</h2>", "<dl>"]
    for term in entries:
        parts += [f"<dt>{escape(term.term)}</dt>", f"<dd>{converter.html(term.definition)}</dd>"]
    parts += ["</dl>", "</section>"]
    return parts


# --------------------------------------------------------------------------- Markdown -> HTML, links made absolute


class _AbsoluteLinks(Treeprocessor):
    """Rewrites the site's relative links (``glossary.md#x``, ``#anchor``) to absolute URLs.

    A printed page has no "relative": every link must work from a PDF viewer. External
    links whose text does not already show the address get it printed after them.
    """

    def __init__(self, md: markdown.Markdown, owner: _Markdown) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and element.get("href") is not None:
                href = element.get("href", "")
                absolute = self.owner.absolute(href)
                element.set("href", absolute)
                split = urlsplit(href)
                if split.path == GLOSSARY_PAGE and split.fragment and split.fragment not in self.owner.terms:
                    self.owner.terms.append(split.fragment)
                text = "".join(element.itertext())
                if urlsplit(absolute).scheme in ("http", "https") and not absolute.startswith(self.owner.base):
                    if text.strip() not in absolute:
                        element.set("data-print-url", "")
            elif element.tag == "img" and element.get("src") is not None:
                element.set("src", self.owner.absolute(element.get("src", "")))


class _Markdown:
    """Python-Markdown (as MkDocs uses it) with links made absolute for one page of the site."""

    def __init__(self, base: str, page: str) -> None:
        self.base = base
        self.page = page
        self.terms: list[str] = []
        owner = self

        class _Extension(Extension):
            def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
                md.treeprocessors.register(_AbsoluteLinks(md, owner), "faq-absolute-links", 5)

        self.md = markdown.Markdown(extensions=["attr_list", _Extension()], output_format="html")

    def html(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)

    def absolute(self, href: str) -> str:
        """``glossary.md#x`` -> ``{base}glossary/#x``; ``#x`` -> this page's URL + ``#x``."""
        split = urlsplit(href)
        if split.scheme or href.startswith("//"):
            return href
        path = split.path or self.page
        if path.endswith(".md"):
            stem = path[: -len(".md")]
            path = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else f"{stem}/"
        url = urljoin(self.base, path.lstrip("/"))
        if split.query:
            url += f"?{split.query}"
        return f"{url}#{split.fragment}" if split.fragment else url


# --------------------------------------------------------------------------- PDF


class _NoFetching(URLFetcher):
    """Serves ``data:`` URIs (the QR code) and refuses everything else: no network, no disk."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"handouts are built offline; not fetching {url}")
        return super().fetch(url, headers)


@contextmanager
def _source_date(day: date) -> Iterator[None]:
    """Pin ``SOURCE_DATE_EPOCH`` while rendering.

    WeasyPrint subsets fonts with HarfBuzz, which writes no time. Where HarfBuzz-subset is
    missing it falls back to fontTools, which stamps the current time into each embedded
    font's ``head`` table unless ``SOURCE_DATE_EPOCH`` is set (tested in test_handouts).
    """
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(day, time(0, 0), tzinfo=timezone.utc).timestamp()))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _pdf(document: str, *, identifier: str, fonts: FontConfiguration) -> bytes:
    fetcher = _NoFetching()
    pdf = HTML(string=document, url_fetcher=fetcher).write_pdf(
        font_config=fonts,
        pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
        pdf_tags=True,
    )
    assert pdf is not None
    return pdf


def _page_style(size: str, topic: ResolvedTopic, resolved: Resolved, *, site_url: str, clinic: Clinic | None) -> str:
    """Paper size and the running header/footer: site name, page URL, clinic, page numbers."""
    clinic_box = (
        f"@bottom-left {{ content: {_css_string(f'Printed for {clinic.name} · {clinic.phone}')}; }}" if clinic else ""
    )
    return f"""
@page {{
  size: {size};
  @top-left {{ content: {_css_string(resolved.site.home_title)}; }}
  @top-right {{ content: {_css_string(page_url(site_url, topic.topic.id))}; }}
  {clinic_box}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); }}
}}
"""


def _css_string(text: str) -> str:
    """A CSS string literal; anything but plain printable ASCII is hex-escaped."""
    text = " ".join(text.split())
    return '"' + "".join(c if re.fullmatch(r"[ !#-\[\]-~]", c) else f"\\{ord(c):06x} " for c in text) + '"'


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else f"{site_url}/"


_STYLE = """
@page {
  margin: 22mm 18mm 22mm 18mm;
  @top-left { font: 11pt "DejaVu Sans", sans-serif; color: #333; vertical-align: bottom; padding-bottom: 5mm; }
  @top-right { font: 11pt "DejaVu Sans", sans-serif; color: #333; vertical-align: bottom; padding-bottom: 5mm; }
  @bottom-left { font: 11pt "DejaVu Sans", sans-serif; vertical-align: top; padding-top: 5mm; }
  @bottom-right { font: 11pt "DejaVu Sans", sans-serif; vertical-align: top; padding-top: 5mm; white-space: nowrap; }
}
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
}
html { font-family: "DejaVu Sans", sans-serif; font-size: 12pt; line-height: 1.45; color: #000; }
body { margin: 0; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 6pt; }
h2 { font-size: 15pt; line-height: 1.25; margin: 18pt 0 4pt; break-after: avoid; }
p, li, dd { orphans: 3; widows: 3; }
a { color: #000; text-decoration: underline; overflow-wrap: anywhere; }
a[data-print-url]::after { content: " (" attr(href) ")"; overflow-wrap: anywhere; }
.h-head { margin-bottom: 10pt; }
.h-qr { float: right; width: 34mm; margin: 0 0 6pt 10pt; text-align: center; }
.h-qr img { width: 34mm; height: 34mm; display: block; }
.h-qr figcaption { font-size: 11pt; line-height: 1.2; }
.h-site { margin: 0 0 4pt; font-weight: bold; }
.h-summary { margin: 0 0 6pt; }
.h-url { margin: 0 0 6pt; }
.h-url a { white-space: nowrap; }
.faq-review { margin: 0; }
.faq-crisis { clear: both; border: 2pt solid #000; padding: 4pt 10pt; margin: 10pt 0 6pt; break-inside: avoid; }
.faq-crisis p { margin: 4pt 0; }
.faq-crisis__list { margin: 4pt 0; padding-left: 16pt; }
.h-q { margin-top: 6pt; }
.h-short p { font-weight: bold; }
.h-cited p { margin: 6pt 0 2pt; }
.h-cited ul { margin: 0; }
.h-words dt { font-weight: bold; break-after: avoid; }
.h-words dd { margin: 0 0 6pt 16pt; }
.h-words dd p { margin: 0; }
.h-sources li { margin-bottom: 6pt; }
.h-sources li p { margin: 0 0 2pt; }
.h-foot { margin-top: 18pt; border-top: 1pt solid #000; padding-top: 6pt; break-inside: avoid; }
.faq-disclaimer { font-weight: bold; }
"""
