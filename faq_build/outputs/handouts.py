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
import re
import xml.etree.ElementTree as etree
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

import markdown
import segno
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .. import templating
from ..blocks.citations import format_citation, human_date
from ..blocks.crisis import crisis_print_block
from ..blocks.page import disclaimer_block, page_medicines_block, pending_block, review_block
from ..forked import cores
from ..fsutil import epoch_for, pinned_env
from ..model import Source
from ..resolve import CRISIS_BOX_ANCHOR, GLOSSARY_PAGE, SOURCES_PAGE, Resolved, ResolvedQuestion, ResolvedTopic
from ..templating import Markup
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
    shared = _SharedPages(site_url)
    for topic in resolved.topics:
        reviewed = topic.topic.review.last_reviewed
        context = _full_context(topic, resolved, site_url=site_url, clinic=clinic, shared=shared)  # once for both papers
        for paper, size in PAPER_SIZES.items():
            jobs.append(HandoutJob(
                path=handout_file(topic.topic.id, paper),
                document=templating.render("handout.html", **{**context, "size": size}),
                identifier=f"{topic.topic.id}-{paper}",
                reviewed=reviewed,
            ))
        jobs.append(HandoutJob(
            path=handout_file(topic.topic.id, SHORT_PAPER),
            document=short_handout_html(context),
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
    workers = cores() if workers is None else workers
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


def handouts(
    resolved: Resolved, *, site_url: str | None, clinic: Clinic | None = None, workers: int | None = None
) -> dict[str, bytes]:
    """Every topic's handouts: ``{"handouts/<id>-a4.pdf": bytes, "handouts/<id>-letter.pdf": ...,
    "handouts/<id>-short-a4.pdf": ...}``. ``workers=1`` renders in this process."""
    jobs = handout_jobs(resolved, site_url=site_url, clinic=clinic)
    return {job.path: pdf for job, pdf in zip(jobs, render_jobs(jobs, workers=workers), strict=True)}


# --------------------------------------------------------------------------- HTML


class _SharedPages:
    """Glossary meanings and citations as every handout prints them: linked from the glossary or
    the sources page, not from the topic, so each is converted once per build, not per topic."""

    def __init__(self, site_url: str | None) -> None:
        self._glossary, self._sources = _Markdown(site_url, GLOSSARY_PAGE), _Markdown(site_url, SOURCES_PAGE)
        self._meanings: dict[str, Markup] = {}
        self._citations: dict[str, Markup] = {}

    def meaning(self, term_id: str, definition: str) -> Markup:
        if term_id not in self._meanings:
            self._meanings[term_id] = Markup(self._glossary.html(definition))
        return self._meanings[term_id]

    def citation(self, source: Source) -> Markup:
        if source.id not in self._citations:
            self._citations[source.id] = Markup(self._sources.html(format_citation(source)))
        return self._citations[source.id]


def _full_context(
    topic: ResolvedTopic, resolved: Resolved, *, site_url: str | None, clinic: Clinic | None, shared: _SharedPages,
) -> dict[str, object]:
    """What the full handout's template is given, but the paper size (a CSS page size, added per
    paper by ``handout_jobs``): the same for A4 and US Letter, so a build converts each answer's
    Markdown (and makes the QR code) once per topic."""
    converter = _Markdown(site_url, topic.page, _anchors(topic))
    context = _common(topic, resolved, site_url=site_url, clinic=clinic)
    context["key_points"] = _key_points(topic, converter)
    context["intro"] = Markup(converter.html(topic.intro)) if topic.intro else ""
    cited: dict[str, Source] = {}
    questions = []
    for item in topic.questions:
        questions.append(_question(item, converter))
        cited.update((s.id, s) for s in item.sources if s.id not in cited)
    context["questions"] = questions
    context["words"] = _words(resolved, converter.terms, shared)
    context["cited"] = [(s.id, shared.citation(s)) for s in cited.values()]
    return context


def short_handout_html(full: dict[str, object]) -> str:
    """The short A4 handout for waiting rooms: what the page answers, in a few pages.

    Only short answers (no detail, no source list): the full handout and the web page have
    those. The crisis box is printed whole (every region), as on every printed page. Made from
    the full handout's context (``_full_context``): the same head, crisis box and foot, and the
    short answers and key points already converted once."""
    questions = full["questions"]
    assert isinstance(questions, list)
    context = {**full, "size": "A4"}
    context["questions"] = [
        {"id": q["id"], "question": q["question"], "short_answer": q["short_answer"]} for q in questions
    ]
    return templating.render("handout-short.html", **context)


def _common(
    topic: ResolvedTopic, resolved: Resolved, *, site_url: str | None, clinic: Clinic | None
) -> dict[str, object]:
    """What both handouts show: head, header, running header and footer, crisis box, foot."""
    url = page_url(site_url, topic.topic.id)
    reviewed = topic.topic.review.last_reviewed
    return {
        "title": topic.topic.title,
        "summary": topic.summary,
        "site_name": resolved.site.home_title,
        "stamp": reviewed.isoformat(),
        "reviewed": human_date(reviewed),
        "url": url,
        "qr": _qr_data_uri(url) if url else None,
        "no_address_text": NO_ADDRESS_TEXT,
        "clinic": clinic,
        "pending": Markup(pending_block(topic)),
        "review": Markup(review_block(topic)),
        "crisis": Markup(crisis_print_block(resolved.crisis)),
        "medicines": Markup(page_medicines_block(topic, resolved.site_texts.get("medicines_notice", ""))),
        "disclaimer": Markup(disclaimer_block(resolved.site_texts["disclaimer"])),
    }


def _qr_data_uri(url: str) -> str:
    """The QR code of the page's address, as an SVG ``data:`` URI (the handout's only resource)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def _anchors(topic: ResolvedTopic) -> frozenset[str]:
    """Ids a link inside the handout can jump to: each question's, and the crisis box's."""
    return frozenset({CRISIS_BOX_ANCHOR, *(item.question.id for item in topic.questions)})


def _inline(html: str) -> str:
    """A one-paragraph Markdown rendering without its ``<p>`` (for list items)."""
    match = re.fullmatch(r"<p>(.*)</p>", html.strip(), re.S)
    return match.group(1) if match else html


def _key_points(topic: ResolvedTopic, converter: _Markdown) -> list[Markup]:
    return [Markup(_inline(converter.html(point))) for point in topic.key_points]


def _question(item: ResolvedQuestion, converter: _Markdown) -> dict[str, object]:
    """One question of the full handout, its Markdown converted in reading order (the glossary
    words it uses are collected as it converts)."""
    question = item.question
    return {
        "id": question.id,
        "question": " ".join(question.question.split()),
        "short_answer": Markup(converter.html(item.short_answer)),
        "body": Markup(converter.html(item.body)) if item.body else "",
        "disputes": [Markup(converter.html(line)) for line in item.disputes],
        "sources": item.sources,
    }


def _words(resolved: Resolved, used: list[str], shared: _SharedPages) -> list[tuple[str, Markup]]:
    """Paper has no tooltips: the glossary words this handout uses, with their meanings."""
    return [(item.term.term, shared.meaning(item.term.id, item.term.definition))
            for item in resolved.terms if item.term.id in used]


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


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else f"{site_url}/"
