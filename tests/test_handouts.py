"""Printable handouts (faq_build/handouts.py): real PDFs, read back with real tools.

Text and page sizes are read with pypdf, the QR code is rendered with PDFium and decoded
with Debian's zbarimg (``make test`` installs zbar-tools when it is missing), and nothing
under test is mocked. Real content (content/) and the small fixture content are both used.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import html
import io
import json
import math
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pypdfium2
import pypdfium2.raw as pypdfium2_raw
import pytest
from conftest import (
    ROOT,
    TODAY,
    RealSite,
    content_day,
    fixture_files,
    fixture_text,
    make_project,
    one_worker_at_a_time,
    run_cli,
)

from faq_build.blocks.citations import human_date
from faq_build.blocks.crisis import service_contact
from faq_build.blocks.page import PENDING_NOTICE
from faq_build.build import add_handouts, check
from faq_build.fsutil import FileCache
from faq_build.load import parse_files
from faq_build.outputs.handouts import NO_ADDRESS_TEXT, Clinic, handouts
from faq_build.render import RenderedSite
from faq_build.report import text as report_text
from faq_build.resolve import Resolved, resolve
from faq_build.validate import validate

SITE = "https://kb.example.net/faq/"
"""The address handed to ``handouts()`` directly (the build would call it no address: see test_clinics)."""
PUBLIC = "https://faq.riverside-clinic.org/kb/"
"""A made-up address that is not reserved, for the command that reads FAQ_SITE_URL (nothing is fetched)."""
CLINIC = Clinic(name='St Mary\'s "Hope" Clinic \\ Zürich', phone="+44 20 7946 0000")
CLINIC_LINE = 'Printed for St Mary\'s "Hope" Clinic \\ Zürich · +44 20 7946 0000'
PAPERS = ("a4", "letter", "short-a4")
"""Every topic's three handouts; the slowest tests take one paper each, so xdist's workers share them."""
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)

pytestmark = pytest.mark.slow  # every test renders PDFs or reads rendered ones


# --------------------------------------------------------------------------- helpers


def fixture_resolved(overrides: dict[str, str] | None = None) -> Resolved:
    files = fixture_files()
    files.update({name: text.encode("utf-8") for name, text in (overrides or {}).items()})
    documents, problems = parse_files(files)
    content, more = validate(documents, today=TODAY)
    assert content is not None and not [d for d in problems + more if d.severity == "error"], problems + more
    return resolve(content)


def real_resolved() -> Resolved:
    result = check(ROOT, today=content_day())
    assert result.ok and result.content is not None, report_text(result.report)
    return resolve(result.content)


@functools.lru_cache(maxsize=64)
def _pages_text(pdf: bytes) -> tuple[str, ...]:
    """PDFium's text of each page (as pypdf's, but about 25 times faster): lines ended by '\n',
    and a hyphen at a line end, which PDFium gives as U+FFFE, a hyphen again."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return tuple(document[number].get_textpage().get_text_range().replace("\r\n", "\n").replace("\ufffe", "-")
                     for number in range(len(document)))
    finally:
        document.close()


def pages_text(pdf: bytes) -> list[str]:
    """The extracted text of each page (cached: text extraction is the slow part of these tests)."""
    return list(_pages_text(pdf))


def squeeze(text: str) -> str:
    """Text with all whitespace removed: line breaks fall anywhere in a laid-out page."""
    return "".join(text.split())


@functools.lru_cache(maxsize=64)
def link_targets(pdf: bytes) -> frozenset[str]:
    """Every web, mail or phone address the PDF's links open (cached: several tests read the
    same handouts' links). Read with PDFium, which gave the same sets as pypdf on 624 handouts
    about seven times faster."""
    document = pypdfium2.PdfDocument(pdf)
    targets = set()
    try:
        for number in range(len(document)):
            page, position, link = document[number], ctypes.c_int(0), pypdfium2_raw.FPDF_LINK()
            while pypdfium2_raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
                action = pypdfium2_raw.FPDFLink_GetAction(link)
                if action and pypdfium2_raw.FPDFAction_GetType(action) == pypdfium2_raw.PDFACTION_URI:
                    size = pypdfium2_raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
                    buffer = ctypes.create_string_buffer(size)
                    pypdfium2_raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
                    targets.add(buffer.value.decode("utf-8"))
    finally:
        document.close()
    return frozenset(targets)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's media box, width and height in points rounded to 0.01 (PDFium reads it about
    ten times faster than pypdf)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        boxes = [document[number].get_mediabox() for number in range(len(document))]
    finally:
        document.close()
    return [(round(right - left, 2), round(top - bottom, 2)) for left, bottom, right, top in boxes]


def image_count(pdf: bytes) -> int:
    """Raster images drawn on the PDF's pages, as PDFium lists its page objects (pypdf's
    ``page.images`` gives the same answer about ten times slower)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return sum(1 for number in range(len(document))
                   for _ in document[number].get_objects(filter=(pypdfium2_raw.FPDF_PAGEOBJ_IMAGE,)))
    finally:
        document.close()


def decode_qr(pdf: bytes, folder: Path, name: str, *, every_page: bool = False) -> list[str]:
    """Render page 1 (or every page) with PDFium and decode it with zbarimg: every symbol found.

    At 72 dpi, as uncompressed greyscale (PGM), looking for QR codes only: zbarimg's scan is
    most of the handout tests' time, and the handouts' QR code decodes at 72 dpi (at 100 dpi and
    with every symbology the scan took more than twice as long)."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: run 'make test' (installs zbar-tools) or apt-get install zbar-tools"
    document = pypdfium2.PdfDocument(pdf)
    images = []
    for number in range(len(document) if every_page else 1):
        images.append(folder / f"{name}-{number + 1}.pgm")
        document[number].render(scale=1, grayscale=True).to_pil().save(images[-1])
    document.close()
    command = [zbarimg, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", *map(str, images)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 4), result.stderr  # 4: no symbol found
    return [line for line in result.stdout.splitlines() if line]


def font_sizes(pdf: bytes) -> list[float]:
    """The size in points at which every visible piece of text is drawn."""
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_size:
            a, b, c, d = (
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
            )
            sizes.append(font_size * math.sqrt(abs(a * d - b * c)))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


# --------------------------------------------------------------------------- generated once per module


@pytest.fixture(scope="module")
def small() -> tuple[Resolved, dict[str, bytes]]:
    resolved = fixture_resolved()
    return resolved, handouts(resolved, site_url=SITE)


@pytest.fixture(scope="module")
def small_with_clinic() -> dict[str, bytes]:
    return handouts(fixture_resolved(), site_url=SITE, clinic=CLINIC)


def longest_first(resolved: Resolved) -> list:
    """The real topics that the address tests render again at ``SITE``: the first one and the one
    with the most printed text (the likeliest to spill onto another page). Every topic's
    handouts are already checked without an address (the session's real-site build); rendering
    all of them a second time only for the address took a minute of a test run's CPU."""
    def printed(topic) -> int:
        return sum(len(q.question.question) + len(q.short_answer) + len(q.body) for q in topic.questions) + sum(
            len(point) for point in topic.key_points)

    longest = max(resolved.topics, key=printed)
    return [resolved.topics[0]] + ([longest] if longest is not resolved.topics[0] else [])


@pytest.fixture(scope="module")
def real(run_folder: Path) -> tuple[Resolved, dict[str, bytes]]:
    """Real topics' handouts at ``SITE`` (:func:`longest_first`): rendered by the first xdist
    worker to need them, read from the run's cache by the others (the cache keys hash
    everything a PDF is made from)."""
    resolved = real_resolved()
    resolved.topics = longest_first(resolved)
    made = RenderedSite(files={}, nav=[])
    with one_worker_at_a_time(run_folder / "real-handouts.lock"):
        add_handouts(made, resolved, site_url=SITE, cache=FileCache(run_folder / "real-handouts", shared=True))
    return resolved, made.binary


@pytest.fixture(scope="module")
def real_without_address(real_site: RealSite) -> tuple[Resolved, dict[str, bytes]]:
    """The handouts of the session's real-site build, which has no public address."""
    resolved = real_resolved()
    files = {f"handouts/{pdf.name}": pdf.read_bytes() for pdf in sorted((real_site.site / "handouts").glob("*.pdf"))}
    expected = {f"handouts/{t.topic.id}-{paper}.pdf" for t in resolved.topics for paper in ("a4", "letter", "short-a4")}
    assert set(files) == expected
    return resolved, files


def both(small, real):
    return [small, real]


def paper_of(name: str) -> str:
    """``handouts/ect-short-a4.pdf`` -> ``short-a4``."""
    return next(paper for paper in sorted(PAPERS, key=len, reverse=True) if name.endswith(f"-{paper}.pdf"))


# --------------------------------------------------------------------------- files and pages


def test_every_topic_has_a_full_a4_a_full_letter_and_a_short_a4_handout(small, real, real_without_address):
    for resolved, files in (small, real, real_without_address):
        expected = {
            f"handouts/{t.topic.id}-{paper}.pdf" for t in resolved.topics for paper in ("a4", "letter", "short-a4")
        }
        assert set(files) == expected
        for name, pdf in files.items():
            assert pdf.startswith(b"%PDF-"), name
            size = A4 if name.endswith("a4.pdf") else LETTER
            sizes = page_sizes(pdf)
            assert sizes and all(page == size for page in sizes), name


def test_real_content_has_every_handout_each_a_pdf(real_without_address):
    """Three PDFs per topic (A4, US Letter, short A4); how long they take is measured by `make bench`."""
    resolved, files = real_without_address
    expected = sorted(f"handouts/{t.topic.id}{suffix}.pdf" for t in resolved.topics for suffix in ("-a4", "-letter", "-short-a4"))
    assert sorted(files) == expected
    assert all(page_sizes(pdf) for pdf in files.values())


# --------------------------------------------------------------------------- what a handout says


def test_handout_text_has_title_dates_crisis_number_questions_url_and_notice(small, real, real_without_address):
    """Every real topic (without an address, as the session's build made them); the address itself
    in the fixture's and the sampled real topics' handouts made at ``SITE``."""
    for (resolved, files), site in ((small, SITE), (real, SITE), (real_without_address, None)):
        for topic in resolved.topics:
            url = f"{site}{topic.topic.id}/" if site else None
            review = topic.topic.review
            for paper in ("a4", "letter"):
                pdf = files[f"handouts/{topic.topic.id}-{paper}.pdf"]
                pages = pages_text(pdf)
                text = squeeze("\n".join(pages))
                assert squeeze(topic.topic.title) in text
                last = "Page last reviewed" if review.is_reviewed else "Page last updated"
                assert squeeze(f"{last}: {human_date(review.last_reviewed)}") in text
                assert squeeze(f"Next review due: {human_date(review.next_review_due)}") in text
                if review.is_reviewed:
                    assert squeeze(f"by {review.reviewer}, {review.reviewer_role}") in text
                else:
                    assert squeeze("A doctor has not checked this page yet.") in text
                assert "999" in text
                for item in topic.questions:
                    assert squeeze(item.question.question) in text, item.question.id
                    for source in item.sources:
                        assert squeeze(source.short_label) in text, source.id
                if url:
                    assert squeeze(url) in text
                assert squeeze(resolved.site_texts["disclaimer"]) in text
                assert squeeze(resolved.crisis.title) in text and squeeze(resolved.crisis.lead) in text
                for number, page in enumerate(pages, start=1):
                    assert f"Page {number} of {len(pages)}" in page


def test_short_answers_bodies_and_full_citations_are_printed(small):
    _, files = small
    text = squeeze("\n".join(pages_text(files["handouts/example-topic-a4.pdf"])))
    assert squeeze("The second answer.") in text  # a short answer
    assert squeeze("A course lasts") in text  # the body
    assert squeeze("A study about remission") in text  # the cited source, in full
    assert squeeze("10.1000/test.1") in text
    assert squeeze("When symptoms are gone or almost gone.") in text  # the glossary word, defined on paper


def test_crisis_box_uses_the_sites_wording(real):
    resolved, files = real
    text = squeeze("\n".join(pages_text(next(iter(files.values())))))
    for service in resolved.crisis.services:  # as the site's box words it ("text SHOUT to 85258")
        contact = html.unescape(re.sub(r"<[^>]+>", "", service_contact(service)))
        assert squeeze(f"{service.region}: {service.name}: {contact}") in text


def test_relative_links_become_absolute_directory_urls(small):
    _, files = small
    targets = link_targets(files["handouts/example-topic-a4.pdf"])
    assert f"{SITE}glossary/#remission" in targets
    assert f"{SITE}sources/#study-a" in targets
    assert f"{SITE}example-topic/#second-question" in targets  # {{ question: }} on the same page
    assert f"{SITE}example-topic/" in targets
    assert not [t for t in targets if ".md" in t or t.startswith("#")], targets


def test_text_is_real_selectable_text_in_embedded_fonts_at_a_readable_size(small, real):
    first_real_topic = real[0].topics[0].topic.id
    samples = {**small[1], **{k: v for k, v in real[1].items() if k.startswith(f"handouts/{first_real_topic}-")}}
    for name, pdf in samples.items():
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts")
                described = descendants[0].get_object() if descendants else font
                descriptor = described["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name}: font not embedded"
                assert "DejaVu" in str(font["/BaseFont"])
        sizes = font_sizes(pdf)
        assert sizes, f"{name}: no text found"
        assert min(sizes) >= 11 - 0.01, f"{name}: text smaller than 11pt ({min(sizes):.2f})"


# --------------------------------------------------------------------------- QR code


@pytest.mark.parametrize("paper", PAPERS)
def test_every_qr_code_and_every_printed_address_is_the_configured_one(small, real, tmp_path, paper):
    """Every page of every PDF: the one QR code, the address under the title, the running
    header of the later pages, the "Printed from" line, and every other mention of the site."""
    host = "://" + SITE.split("://", 1)[1].split("/", 1)[0]
    for resolved, files in both(small, real):
        for topic in resolved.topics:
            url = f"{SITE}{topic.topic.id}/"
            name = f"{topic.topic.id}-{paper}"
            pdf = files[f"handouts/{name}.pdf"]
            assert decode_qr(pdf, tmp_path, name, every_page=True) == [url], name
            pages = pages_text(pdf)
            assert re.findall(r"Read it online, with links:\s*(\S+)", pages[0]) == [url], name
            assert re.findall(r"Printedfrom(\S+?)\.This", squeeze("".join(pages))) == [url], name
            for page in pages[1:]:
                assert squeeze(url) in squeeze(page), name  # the running header
            text = squeeze("".join(pages))
            mentions = [m.start() for m in re.finditer(re.escape(host), text)]
            assert len(mentions) == 1 + len(pages), name  # title block, running headers, "Printed from"
            assert all(text.startswith(squeeze(url), m - len("https")) for m in mentions), name


@pytest.mark.parametrize("paper", PAPERS)
def test_without_an_address_no_pdf_has_a_qr_code_a_site_address_or_a_placeholder(real_without_address, tmp_path, paper):
    """Every http(s) address left in a handout is one the content itself cites (a source, an outside link)."""
    files = {name: pdf for name, pdf in real_without_address[1].items() if paper_of(name) == paper}
    assert len(files) == len(real_without_address[0].topics)
    cited_hosts = {
        m.group(1).lower()
        for path in (ROOT / "content").rglob("*.yml")
        for m in re.finditer(r"https?://([^/\s\"')\]>]+)", path.read_text(encoding="utf-8"))
    } | {"doi.org", "pubmed.ncbi.nlm.nih.gov"}
    assert not {h for h in cited_hosts if "example." in h}
    for name, pdf in files.items():
        stem = Path(name).stem
        assert image_count(pdf) == 0, name
        assert decode_qr(pdf, tmp_path, stem, every_page=True) == [], name
        pages = pages_text(pdf)
        text = "\n".join(pages)
        assert "example.org" not in text and "example.org" not in squeeze(text), name
        assert "Printed from" not in text and "Read it online" not in text, name
        assert squeeze(NO_ADDRESS_TEXT) in squeeze(pages[0]), name
        printed = {h.lower() for h in re.findall(r"https?://([^/\s)]+)", text)}
        linked = {urlsplit(t).hostname for t in link_targets(pdf) if t.startswith("http")}
        assert printed <= cited_hosts and linked <= cited_hosts, (name, printed - cited_hosts, linked - cited_hosts)
        assert not [t for t in link_targets(pdf) if not t.startswith(("http", "mailto:", "tel:", "sms:"))], name
        assert b"example.org" not in pdf, name


def test_without_an_address_links_within_the_handout_still_work(tmp_path):
    files = handouts(fixture_resolved(), site_url=None)
    pdf = files["handouts/example-topic-a4.pdf"]
    assert not [t for t in link_targets(pdf) if "example-topic" in t or "glossary" in t or "sources" in t]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    internal = [
        a.get_object() for page in reader.pages for a in page.get("/Annots") or []
        if "/Dest" in a.get_object() or ("/A" in a.get_object() and "/D" in a.get_object()["/A"])
    ]
    assert internal  # {{ question: second-question }} jumps to that answer in the PDF
    text = squeeze("\n".join(pages_text(pdf)))
    assert squeeze("See And the second?") in text  # the link's words are printed
    assert squeeze("When symptoms are gone or almost gone.") in text  # the glossary word, still defined


# --------------------------------------------------------------------------- the short handout


def test_short_handout_has_two_to_four_a4_pages_for_every_real_topic(real, real_without_address):
    for resolved, files in (real, real_without_address):
        for topic in resolved.topics:
            pages = pypdf.PdfReader(io.BytesIO(files[f"handouts/{topic.topic.id}-short-a4.pdf"])).pages
            assert 2 <= len(pages) <= 4, (topic.topic.id, len(pages))


def test_short_handout_has_key_points_short_answers_crisis_help_and_space_for_the_clinic(small, real, real_without_address):
    for resolved, files in (small, real, real_without_address):
        for topic in resolved.topics:
            pages = pages_text(files[f"handouts/{topic.topic.id}-short-a4.pdf"])
            text = squeeze("\n".join(pages))
            assert squeeze(topic.topic.title) in text and squeeze(topic.summary) in text
            assert (squeeze(PENDING_NOTICE) in text) is (not topic.topic.review.is_reviewed), topic.topic.id
            assert (squeeze("Key points") in text) is bool(topic.key_points)
            for item in topic.questions:
                assert squeeze(item.question.question) in text, item.question.id
            for service in resolved.crisis.services:  # every region, as the site's box words it
                contact = html.unescape(re.sub(r"<[^>]+>", "", service_contact(service)))
                assert squeeze(f"{service.region}: {service.name}: {contact}") in text
            for label in ("Your care team", "Name:", "Phone:", "Questions for my next appointment"):
                assert squeeze(label) in text, label
            assert squeeze(resolved.site_texts["disclaimer"]) in text
            assert squeeze("Sources") not in text  # the full handout has them
            for number, page in enumerate(pages, start=1):
                assert f"Page {number} of {len(pages)}" in page


def test_short_handout_prints_key_points_and_short_answers_only():
    topic = fixture_text("content/topics/example-topic.yml").replace(
        "  - The first answer comes first.\n  - The second answer comes next.\n",
        "  - Most people get some help from the next step.\n  - It is not your fault.\n",
    )
    resolved = fixture_resolved({"content/topics/example-topic.yml": topic})
    assert resolved.topics[0].key_points
    text = squeeze("\n".join(pages_text(handouts(resolved, site_url=SITE)["handouts/example-topic-short-a4.pdf"])))
    assert squeeze("Key points") in text
    assert squeeze("Most people get some help from the next step.") in text and squeeze("It is not your fault.") in text
    assert squeeze("The second answer.") in text and squeeze("It is the first one.") in text
    assert squeeze("A course lasts") not in text  # no body
    assert squeeze("A study about remission") not in text  # no source list


def test_qr_code_follows_the_site_url(tmp_path):
    files = handouts(fixture_resolved(), site_url="https://clinic.example/kb")  # no trailing slash
    pdf = files["handouts/example-topic-letter.pdf"]
    assert decode_qr(pdf, tmp_path, "qr") == ["https://clinic.example/kb/example-topic/"]
    assert squeeze("https://clinic.example/kb/example-topic/") in squeeze("".join(pages_text(pdf)))


# --------------------------------------------------------------------------- clinic footer


def test_clinic_footer_is_on_every_page_only_when_a_clinic_is_given(small, small_with_clinic):
    _, plain = small
    for name, pdf in small_with_clinic.items():
        for page in pages_text(pdf):
            assert CLINIC_LINE in page, name
    for name, pdf in plain.items():
        text = "\n".join(pages_text(pdf))
        assert "Printed for" not in text and "Zürich" not in text, name


# --------------------------------------------------------------------------- determinism


def test_two_runs_give_identical_bytes(small, small_with_clinic):
    _, first = small
    assert handouts(fixture_resolved(), site_url=SITE) == first
    assert handouts(fixture_resolved(), site_url=SITE, clinic=CLINIC) == small_with_clinic
    assert first != small_with_clinic


def test_identical_bytes_in_another_process_with_another_hash_seed(small, real):
    script = (
        "import hashlib, json, sys\n"
        "sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']\n"
        "from test_handouts import SITE, fixture_resolved, real_resolved\n"
        "from faq_build.outputs.handouts import handouts\n"
        "resolved = real_resolved(); resolved.topics = resolved.topics[:1]\n"
        "files = {**handouts(fixture_resolved(), site_url=SITE), **handouts(resolved, site_url=SITE)}\n"
        "print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in files.items()}))\n"
    )
    environment = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    theirs = json.loads(result.stdout)
    ours = {**small[1], **{k: v for k, v in real[1].items() if k in theirs}}
    assert len(theirs) == 6
    assert theirs == {k: hashlib.sha256(v).hexdigest() for k, v in ours.items()}


def test_metadata_holds_no_clock_time(small):
    resolved, files = small
    reviewed = resolved.topics[0].topic.review.last_reviewed.strftime("D:%Y%m%d")
    for pdf in files.values():
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        info = reader.metadata
        assert info["/Title"] == resolved.topics[0].topic.title
        assert str(info.get("/CreationDate")) == reviewed and str(info.get("/ModDate")) == reviewed
        assert len(reader.trailer["/ID"]) == 2


def test_identical_bytes_without_harfbuzz_subset(monkeypatch):
    """Without HarfBuzz-subset, WeasyPrint subsets fonts with fontTools, which stamps the
    current time into each font unless SOURCE_DATE_EPOCH is set; handouts() pins it."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    resolved = fixture_resolved()
    first = handouts(resolved, site_url=SITE)
    time.sleep(1.1)  # fontTools timestamps have a resolution of one second
    assert handouts(resolved, site_url=SITE) == first


# --------------------------------------------------------------------------- nothing is fetched


def test_links_and_images_in_content_are_printed_never_fetched(tmp_path, monkeypatch):
    local_png = tmp_path / "local.png"
    from PIL import Image

    Image.new("RGB", (40, 40), "red").save(local_png)
    topic = fixture_text("content/topics/example-topic.yml").replace(
        "    short_answer: The second answer.\n",
        "    short_answer: The second answer.\n"
        "    body: |\n"
        "      Read [the example page](https://example.org/page) or https://example.org/bare.\n",
    )
    resolved = fixture_resolved({"content/topics/example-topic.yml": topic})
    # Pictures and a stylesheet are added after validation: the checks refuse them in content
    # (MARKDOWN-HTML), and the handout renderer must not fetch them even if one got through.
    topic_ = resolved.topics[0]
    second = topic_.questions[1]
    extra = (
        "\n\n![a remote picture](https://example.org/picture.png)\n\n"
        '<link rel="stylesheet" href="https://example.org/style.css">\n\n'
        f'<img src="{local_png.as_uri()}" alt="a local picture">\n'
    )
    second = replace(second, body=f"{second.body}{extra}")
    resolved.topics[0] = replace(topic_, questions=[topic_.questions[0], second])

    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    files = handouts(resolved, site_url=SITE, workers=1)  # in this process, where the guard is

    assert attempts == []
    for name, pdf in files.items():
        assert image_count(pdf) == 0, f"{name}: an image was fetched"
        if name.endswith("-short-a4.pdf"):
            continue  # the short handout prints no answer bodies
        text = squeeze("\n".join(pages_text(pdf)))
        assert squeeze("the example page (https://example.org/page)") in text
        assert "https://example.org/page" in link_targets(pdf)


# --------------------------------------------------------------------------- the command


def test_cli_writes_handouts_for_a_clinic(tmp_path):
    project = make_project(tmp_path / "project")
    out = tmp_path / "printed"
    result = run_cli(
        "--today", TODAY.isoformat(), "handouts", "--clinic-name", "Riverside Clinic", "--clinic-phone", "020 7946 0000",
        "--out", str(out), cwd=project, env={"FAQ_SITE_URL": PUBLIC.rstrip("/")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "example-topic-a4.pdf", "example-topic-letter.pdf", "example-topic-short-a4.pdf"
    ]
    for name in ("example-topic-a4.pdf", "example-topic-short-a4.pdf"):
        pdf = (out / name).read_bytes()
        text = "\n".join(pages_text(pdf))
        assert "Printed for Riverside Clinic · 020 7946 0000" in text
        assert decode_qr(pdf, tmp_path, name) == [f"{PUBLIC}example-topic/"]


def test_cli_with_a_placeholder_address_writes_handouts_without_one(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_cli("--today", TODAY.isoformat(), "handouts", "--out", "out", cwd=project,
                     env={"FAQ_SITE_URL": "https://example.org/"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No public web address is set" in result.stdout
    pdf = (project / "out" / "example-topic-short-a4.pdf").read_bytes()
    assert decode_qr(pdf, tmp_path, "placeholder", every_page=True) == []
    assert squeeze(NO_ADDRESS_TEXT) in squeeze(pages_text(pdf)[0])


def test_cli_default_folder_usage_errors_and_content_errors(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_cli("--today", TODAY.isoformat(), "handouts", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (project / "handouts").iterdir()) == [
        "example-topic-a4.pdf", "example-topic-letter.pdf", "example-topic-short-a4.pdf"
    ]
    assert "Printed for" not in "\n".join(pages_text((project / "handouts" / "example-topic-a4.pdf").read_bytes()))

    only_name = run_cli("--today", TODAY.isoformat(), "handouts", "--clinic-name", "X", "--out", "x", cwd=project)
    assert only_name.returncode == 2 and "--clinic-phone" in only_name.stderr
    assert not (project / "x").exists()

    topic = project / "content" / "topics" / "example-topic.yml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("title: An example topic", "titel: An example topic"))
    broken = run_cli("--today", TODAY.isoformat(), "handouts", "--out", "y", cwd=project)
    assert broken.returncode == 1
    assert "FIELD-UNKNOWN" in broken.stdout and "Traceback" not in broken.stdout + broken.stderr
    assert not (project / "y").exists()


def test_handouts_rendered_in_parallel_are_the_same_bytes_in_the_same_order(small):
    """Worker processes change only the speed: the same PDFs, byte for byte, in job order."""
    from faq_build.outputs.handouts import handout_jobs, render_jobs

    resolved, files = small
    jobs = handout_jobs(resolved, site_url=SITE)
    assert len(jobs) >= 3
    parallel = render_jobs(jobs, workers=2)
    one_by_one = render_jobs(jobs, workers=1)
    assert parallel == one_by_one
    assert [files[job.path] for job in jobs] == parallel


def test_a_clinic_name_cannot_end_the_style_element_it_is_printed_from():
    """The running footer is a CSS string inside ``<style>``: ``</style>`` in a clinic's name
    would end the element and put the rest of the name into the document as HTML (an image
    WeasyPrint would fetch, text over the page). It is escaped, and prints as typed."""
    from faq_build.outputs.handouts import handout_jobs
    from faq_build.templating import css_string

    assert css_string('A&E </style><img src="x"> \\ it\'s  (1;2) é') == (
        '"A\\000026 E \\00003c /style\\00003e \\00003c img src=\\000022 x\\000022 \\00003e  \\00005c  '
        "it's (1;2) \\0000e9 \"")
    clinic = Clinic(name='A&E </style><img src="https://tracker.invalid/x.png">', phone="01234 567890")
    for job in handout_jobs(fixture_resolved(), site_url=SITE, clinic=clinic):
        assert job.document.count("</style>") == 1 and "<img src=\"https://tracker" not in job.document, job.path
