"""Printable handouts: per topic a full PDF (A4 and US Letter) and a short one (A4), for clinics.

Pure: ``handouts(resolved, site_url=...)`` returns ``{relative path: PDF bytes}`` and
writes nothing; the caller (the build, or ``faq-build handouts``) decides where they go.

Each full handout carries what makes a printed answer trustworthy: the title, every question
with its short answer and detail, the review dates and reviewer, the sources, the same
crisis box and "not medical advice" notice as the site, and the page's address printed
in words and as a QR code. A clinic can add "Printed for <name> · <phone>" to the footer
of every page. The short handout (2-4 pages, for waiting rooms) keeps the title, summary,
key points, each question with its short answer only, the whole crisis box, the address and
QR code, and space to write the care team's details and questions for the next appointment.

``site_url`` is the public address as decided by ``site_address.public_address``. ``None``
(no real address yet) prints no QR code and no web address at all: a handout that points to a
placeholder would send a reader nowhere. Links to other pages of the site are then printed as
plain text; links within the handout still work.

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
import multiprocessing
import os
import re
import xml.etree.ElementTree as etree
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import urljoin, urlsplit

import markdown
import segno
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ..blocks.citations import format_citation, human_date
from ..blocks.crisis import crisis_print_block
from ..blocks.page import disclaimer_block, page_medicines_block, pending_block, review_block
from ..fsutil import epoch_for, pinned_env
from ..model import Source
from ..resolve import CRISIS_BOX_ANCHOR, GLOSSARY_PAGE, SOURCES_PAGE, Resolved, ResolvedQuestion, ResolvedTopic
from .handout_files import handout_file

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
"""File-name suffix -> CSS ``@page { size }`` value (full handouts)."""
SHORT_PAPER = "short-a4"
"""File-name suffix of the short handout: ``handouts/<topic-id>-short-a4.pdf``, A4 only."""
NO_ADDRESS_TEXT = "Ask the service that gave you this leaflet for the web address of these pages."
"""Printed instead of the address while none is configured."""


@dataclass(frozen=True)
class Clinic:
    """The clinic printing the handouts; shown in the footer of every page."""

    name: str
    phone: str


def handout_path(topic_id: str, paper: str) -> str:
    """Stable address of a handout, relative to the site root: ``handouts/<topic-id>-a4.pdf``.

    The convention lives in handout_files.py, shared with the topic pages' links to their handouts."""
    return handout_file(topic_id, paper)


def page_url(site_url: str | None, topic_id: str) -> str | None:
    """The topic's public address, as printed and encoded in the QR code (None without an address)."""
    return f"{_base(site_url)}{topic_id}/" if site_url else None


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


def handout_jobs(resolved: Resolved, *, site_url: str | None, clinic: Clinic | None = None) -> list[HandoutJob]:
    """Per topic: the full handout in A4 and US Letter, then the short one in A4."""
    jobs = []
    for topic in resolved.topics:
        reviewed = topic.topic.review.last_reviewed
        for paper, size in PAPER_SIZES.items():
            jobs.append(HandoutJob(
                path=handout_path(topic.topic.id, paper),
                document=handout_html(topic, resolved, site_url=site_url, size=size, clinic=clinic),
                identifier=f"{topic.topic.id}-{paper}",
                reviewed=reviewed,
            ))
        jobs.append(HandoutJob(
            path=handout_path(topic.topic.id, SHORT_PAPER),
            document=short_handout_html(topic, resolved, site_url=site_url, clinic=clinic),
            identifier=f"{topic.topic.id}-{SHORT_PAPER}",
            reviewed=reviewed,
        ))
    return jobs


def render_job(job: HandoutJob, fonts: FontConfiguration | None = None) -> bytes:
    """One PDF, with ``SOURCE_DATE_EPOCH`` pinned to the topic's review date while it renders.

    WeasyPrint subsets fonts with HarfBuzz, which writes no time. Where HarfBuzz-subset is
    missing it falls back to fontTools, which stamps the current time into each embedded
    font's ``head`` table unless ``SOURCE_DATE_EPOCH`` is set (tested in test_handouts).
    """
    with pinned_env(SOURCE_DATE_EPOCH=str(epoch_for(job.reviewed))):
        return _pdf(job.document, identifier=job.identifier, fonts=fonts or FontConfiguration())


def render_jobs(jobs: list[HandoutJob], *, workers: int | None = None) -> list[bytes]:
    """Every job's PDF, in the order given, rendered across the machine's cores.

    WeasyPrint is single-threaded and a cold build renders dozens of PDFs, so they are spread
    over worker processes (``spawn``: never a fork of a process that may hold threads, and no
    server or temporary folder left behind, as ``forkserver`` would).
    Each PDF depends only on its job, so the bytes are the same as one after the other."""
    workers = available_cores() if workers is None else workers
    if workers <= 1 or len(jobs) <= 1:
        fonts = FontConfiguration()
        return [render_job(job, fonts) for job in jobs]
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
            return list(pool.map(render_job, jobs))
    except Exception:
        # Workers could not start or died (a program read from standard input, which a worker
        # cannot re-import; a process that changed user; too few file descriptors): the same
        # PDFs, one after the other. A real rendering error is raised again from there.
        return render_jobs(jobs, workers=1)


def available_cores() -> int:
    """Cores this process may run on (the scheduler's affinity, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def handouts(
    resolved: Resolved, *, site_url: str | None, clinic: Clinic | None = None, workers: int | None = None
) -> dict[str, bytes]:
    """Every topic's handouts: ``{"handouts/<id>-a4.pdf": bytes, "handouts/<id>-letter.pdf": ...,
    "handouts/<id>-short-a4.pdf": ...}``. ``workers=1`` renders in this process."""
    jobs = handout_jobs(resolved, site_url=site_url, clinic=clinic)
    return {job.path: pdf for job, pdf in zip(jobs, render_jobs(jobs, workers=workers), strict=True)}


# --------------------------------------------------------------------------- HTML


def handout_html(
    topic: ResolvedTopic, resolved: Resolved, *, site_url: str | None, size: str = "A4", clinic: Clinic | None = None
) -> str:
    """The full handout as one HTML document; ``size`` is a CSS page size (``A4``, ``letter``)."""
    url = page_url(site_url, topic.topic.id)
    converter = _Markdown(site_url, topic.page, _anchors(topic))
    review = topic.topic.review
    parts = [
        *_head_and_header(topic, resolved, url, _page_style(size, topic, resolved, site_url=site_url, clinic=clinic)),
        crisis_print_block(resolved.crisis),
        *_key_points(topic, converter),
        page_medicines_block(topic, resolved.site_texts.get("medicines_notice", "")),  # once, as on the web page
    ]
    if topic.intro:
        parts.append(f'<div class="h-intro">{converter.html(topic.intro)}</div>')
    cited: dict[str, Source] = {}
    for item in topic.questions:
        parts.append(_question(item, converter))
        cited.update((s.id, s) for s in item.sources if s.id not in cited)
    parts += _words(resolved, converter.terms, _Markdown(site_url, GLOSSARY_PAGE))
    if cited:
        sources = _Markdown(site_url, SOURCES_PAGE)
        parts += ['<section class="h-sources">', "<h2>Sources</h2>", "<ol>"]
        parts += [f'<li id="source-{escape(s.id)}">{sources.html(format_citation(s))}</li>' for s in cited.values()]
        parts += ["</ol>", "</section>"]
    parts += [
        '<footer class="h-foot">',
        disclaimer_block(resolved.site_texts["disclaimer"]),
        f"<p>{_printed_from(url)}This handout shows the page as it was last reviewed on "
        f"{human_date(review.last_reviewed)}; the online page is always the current version.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts)


def short_handout_html(
    topic: ResolvedTopic, resolved: Resolved, *, site_url: str | None, clinic: Clinic | None = None
) -> str:
    """The short A4 handout for waiting rooms: what the page answers, in a few pages.

    Only short answers (no detail, no source list): the full handout and the web page have
    those. The crisis box is printed whole (every region), as on every printed page."""
    url = page_url(site_url, topic.topic.id)
    converter = _Markdown(site_url, topic.page, _anchors(topic))
    parts = _head_and_header(topic, resolved, url, _page_style("A4", topic, resolved, site_url=site_url, clinic=clinic))
    parts += _key_points(topic, converter)
    parts += ['<section class="h-answers">', "<h2>Questions and short answers</h2>"]
    for item in topic.questions:
        question = item.question
        parts += [
            f'<div class="h-sq" id="{escape(question.id)}">',
            f"<h3>{escape(' '.join(question.question.split()))}</h3>",
            converter.html(item.short_answer),
            "</div>",
        ]
    parts.append("</section>")
    parts.append(page_medicines_block(topic, resolved.site_texts.get("medicines_notice", "")))
    parts += [
        crisis_print_block(resolved.crisis),
        '<section class="h-care">',
        "<h2>Your care team</h2>",
        '<p class="h-fill">Name: <span class="h-blank"></span></p>',
        '<p class="h-fill">Phone: <span class="h-blank"></span></p>',
        "<h2>Questions for my next appointment</h2>",
        *['<p class="h-line"></p>'] * 5,
        "</section>",
        '<footer class="h-foot">',
        disclaimer_block(resolved.site_texts["disclaimer"]),
        f"<p>{_printed_from(url)}This short handout shows the page as it was last updated on "
        f"{human_date(topic.topic.review.last_reviewed)}. The full handout and the online page have "
        "the details and the sources.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts)


def _document_head(topic: ResolvedTopic, resolved: Resolved, page_style: str) -> list[str]:
    stamp = topic.topic.review.last_reviewed.isoformat()
    return [
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
        f"<style>{_STYLE}{page_style}</style>",
        "</head>",
        "<body>",
    ]


def _qr_figure(url: str | None) -> list[str]:
    """The QR code of the page's address; nothing at all without an address."""
    if url is None:
        return []
    qr = segno.make(url, error="m", micro=False)
    return [
        '<figure class="h-qr">',
        f'<img src="{escape(qr.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))}" '
        f'alt="QR code for {escape(url)}">',
        "<figcaption>Scan to read this page online</figcaption>",
        "</figure>",
    ]


def _address_line(url: str | None) -> str:
    if url is None:
        return f'<p class="h-url">{escape(NO_ADDRESS_TEXT)}</p>'
    return f'<p class="h-url">Read it online, with links:<br><a href="{escape(url)}">{escape(url)}</a></p>'


def _printed_from(url: str | None) -> str:
    return f"Printed from {escape(url)}. " if url else ""


def _anchors(topic: ResolvedTopic) -> frozenset[str]:
    """Ids a link inside the handout can jump to: each question's, and the crisis box's."""
    return frozenset({CRISIS_BOX_ANCHOR, *(item.question.id for item in topic.questions)})


def _inline(html: str) -> str:
    """A one-paragraph Markdown rendering without its ``<p>`` (for list items)."""
    match = re.fullmatch(r"<p>(.*)</p>", html.strip(), re.S)
    return match.group(1) if match else html


def _head_and_header(topic: ResolvedTopic, resolved: Resolved, url: str | None, style: str) -> list[str]:
    """What every handout opens with: the document head, then the QR code, title, summary,
    address, review status and review line."""
    return [
        *_document_head(topic, resolved, style),
        '<header class="h-head">',
        *_qr_figure(url),
        f'<p class="h-site">{escape(resolved.site.home_title)}</p>',
        f"<h1>{escape(topic.topic.title)}</h1>",
        f'<p class="h-summary">{escape(topic.summary)}</p>',
        _address_line(url),
        pending_block(topic),
        review_block(topic),
        "</header>",
    ]


def _key_points(topic: ResolvedTopic, converter: _Markdown) -> list[str]:
    if not topic.key_points:
        return []
    return ['<section class="h-key">', "<h2>Key points</h2>", "<ul>",
            *[f"<li>{_inline(converter.html(point))}</li>" for point in topic.key_points], "</ul>", "</section>"]


def _question(item: ResolvedQuestion, converter: _Markdown) -> str:
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
                split = urlsplit(href)
                if split.path == GLOSSARY_PAGE and split.fragment and split.fragment not in self.owner.terms:
                    self.owner.terms.append(split.fragment)
                if absolute is None:  # no public address: a page of the site is printed as plain text
                    element.tag = "span"
                    element.attrib.pop("href")
                    continue
                element.set("href", absolute)
                text = "".join(element.itertext())
                external = self.owner.base is None or not absolute.startswith(self.owner.base)
                if urlsplit(absolute).scheme in ("http", "https") and external and text.strip() not in absolute:
                    element.set("data-print-url", "")
            elif element.tag == "img" and element.get("src") is not None:
                element.set("src", self.owner.absolute(element.get("src", "")) or "")


class _Markdown:
    """Python-Markdown (as MkDocs uses it) with links made absolute for one page of the site."""

    def __init__(self, site_url: str | None, page: str, anchors: frozenset[str] = frozenset()) -> None:
        self.base = _base(site_url) if site_url else None
        self.page = page
        self.anchors = anchors
        """Ids in this handout: without an address, a link to one of them stays a link within the PDF."""
        self.terms: list[str] = []
        owner = self

        class _Extension(Extension):
            def extendMarkdown(self, md: markdown.Markdown) -> None:
                md.treeprocessors.register(_AbsoluteLinks(md, owner), "faq-absolute-links", 5)

        self.md = markdown.Markdown(extensions=["attr_list", _Extension()], output_format="html")

    def html(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)

    def absolute(self, href: str) -> str | None:
        """``glossary.md#x`` -> ``{base}glossary/#x``; ``#x`` -> this page's URL + ``#x``.

        Without an address: ``#x`` (or this page + ``#x``) stays ``#x`` when the handout has
        that id, and any other page of the site gives ``None`` (printed as plain text)."""
        split = urlsplit(href)
        if split.scheme or href.startswith("//"):
            return href
        if self.base is None:
            same_page = split.path in ("", self.page)
            return f"#{split.fragment}" if same_page and split.fragment in self.anchors else None
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

    def fetch(self, url, headers=None):
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"handouts are built offline; not fetching {url}")
        return super().fetch(url, headers)


def _pdf(document: str, *, identifier: str, fonts: FontConfiguration) -> bytes:
    fetcher = _NoFetching()
    pdf = HTML(string=document, url_fetcher=fetcher).write_pdf(
        font_config=fonts,
        pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
        pdf_tags=True,
    )
    assert pdf is not None
    return pdf


def _page_style(
    size: str, topic: ResolvedTopic, resolved: Resolved, *, site_url: str | None, clinic: Clinic | None
) -> str:
    """Paper size and the running header/footer: site name, page URL (if any), clinic, page numbers."""
    clinic_box = (
        f"@bottom-left {{ content: {_css_string(f'Printed for {clinic.name} · {clinic.phone}')}; }}" if clinic else ""
    )
    url = page_url(site_url, topic.topic.id)
    address = f"@top-right {{ content: {_css_string(url)}; }}" if url else ""
    return f"""
@page {{
  size: {size};
  @top-left {{ content: {_css_string(resolved.site.home_title)}; }}
  {address}
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
.h-key ul { margin: 4pt 0; padding-left: 16pt; }
.h-key li { margin-bottom: 3pt; }
.h-sq { break-inside: avoid; }
.h-sq h3 { font-size: 13pt; line-height: 1.25; margin: 8pt 0 2pt; break-after: avoid; }
.h-sq p { margin: 0 0 4pt; }
.h-care { break-inside: avoid; border: 1pt solid #000; padding: 2pt 10pt 8pt; margin-top: 10pt; }
.h-care h2 { margin-top: 8pt; }
.h-fill { display: flex; margin: 10pt 0 0; }
.h-blank { flex: 1; border-bottom: 1pt solid #000; margin-left: 6pt; }
.h-line { border-bottom: 1pt solid #000; height: 18pt; margin: 0; }
"""
