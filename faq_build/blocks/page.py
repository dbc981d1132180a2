"""The blocks of a page other than the crisis box, in reading order: pending notice, contents, key
points, medicines reminder, handout links, each answer's sources, and the foot (review line, report
route, disclaimer).

Boilerplate carries the class ``SEARCH_EXCLUDE_CLASS`` so that it does not match every search.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from ..model import Review, Site, Source
from ..outputs.handout_files import handout_file
from ..resolve import SOURCES_PAGE, Resolved, ResolvedQuestion, ResolvedTopic, escape_markdown
from . import SEARCH_EXCLUDE_CLASS
from .citations import human_date

SEARCH_EXCLUDE = f"{{: .{SEARCH_EXCLUDE_CLASS} }}"
"""attr_list line that keeps the block above it out of the search index."""


HANDOUT_LINKS = {"short-a4": "Short, 2 to 4 pages (A4)", "a4": "Full (A4)", "letter": "Full (US Letter)"}
"""Handout file suffix -> link label on the topic page; the short one first (waiting rooms)."""


def handout_block(topic_id: str) -> str:
    links = " · ".join(f"[{label}]({handout_file(topic_id, paper)})" for paper, label in HANDOUT_LINKS.items())
    return f"**Print a handout (PDF):** {links}\n{SEARCH_EXCLUDE}"


def disclaimer_block(text: str) -> str:
    return f'<p class="faq-disclaimer {SEARCH_EXCLUDE_CLASS}">{escape(text)}</p>'


PENDING_NOTICE = "A doctor has not checked this page yet. Please check anything important with your care team."
"""What a page pending clinical review says where a patient reads it (under its summary)."""


def pending_block(topic: ResolvedTopic) -> str:
    """The plain 'not checked by a doctor yet' notice; empty once a clinician has reviewed the page."""
    if topic.topic.review.is_reviewed:
        return ""
    return f'<p class="faq-pending {SEARCH_EXCLUDE_CLASS}"><strong>{escape(PENDING_NOTICE)}</strong></p>'


def review_line(review: Review) -> str:
    """The NHS-style review line, as HTML: who checked the page and when it is next due."""
    last = f"<time datetime=\"{review.last_reviewed.isoformat()}\">{human_date(review.last_reviewed)}</time>"
    due = f"<time datetime=\"{review.next_review_due.isoformat()}\">{human_date(review.next_review_due)}</time>"
    if review.is_reviewed:
        return (f"Page last reviewed: {last} by {escape(review.reviewer or '')}, {escape(review.reviewer_role or '')}"
                f" · Next review due: {due}")
    return f"Page last updated: {last} · Not yet reviewed by a doctor · Next review due: {due}"


def review_block(topic: ResolvedTopic) -> str:
    return f'<p class="faq-review {SEARCH_EXCLUDE_CLASS}">{review_line(topic.topic.review)}</p>'


def _source_line(source: Source) -> str:
    flag = " (not yet verified)" if not source.verified else ""
    return f"- [{escape_markdown(source.short_label)}]({SOURCES_PAGE}#{source.id}): {escape_markdown(source.title)}{flag}"


def sources_block(sources: list[Source]) -> list[str]:
    """An answer's sources, still one tap away but out of the reading path: a closed disclosure
    (md_in_html), kept out of the search index."""
    label = "Where this information comes from"
    return [
        f'<details class="faq-sources {SEARCH_EXCLUDE_CLASS}" markdown>',
        f"<summary>{label} ({len(sources)} {'source' if len(sources) == 1 else 'sources'})</summary>",
        "",
        *[_source_line(s) for s in sources],
        "",
        "</details>",
    ]


MEDICINE_WORDS = frozenset(
    [
        "antidepressant", "antidepressants", "medicine", "medicines", "medication", "medications",
        "tablet", "tablets", "pill", "pills", "dose", "doses", "lithium", "esketamine", "ketamine",
        "antipsychotic", "antipsychotics", "ssri", "ssris", "snri", "snris", "amitriptyline",
    ]
)
_WORD_RE = re.compile(r"[a-z]+")


def mentions_medicines(item: ResolvedQuestion) -> bool:
    """Whether an answer talks about medicines: a page with one carries the 'talk to your care
    team' notice once, above its answers."""
    text = " ".join([item.question.question, item.short_answer, item.body]).lower()
    words = set(_WORD_RE.findall(text))
    return bool(words & MEDICINE_WORDS) or any(w.startswith("prescri") for w in words) or "thyroid hormone" in text


def medicines_block(text: str) -> str:
    return f'<p class="faq-medicines {SEARCH_EXCLUDE_CLASS}"><strong>{escape(text)}</strong></p>'


def page_medicines_block(topic: ResolvedTopic, text: str) -> str:
    """The medicines reminder once per page (web and print): only where an answer mentions medicines."""
    if text and any(mentions_medicines(item) for item in topic.questions):
        return medicines_block(text)
    return ""


def contents_block(topic: ResolvedTopic) -> str:
    """'On this page': the page's questions as links, right under the summary, so a reader on a
    phone sees what the page answers on the first screen (nhs.uk and MedlinePlus do the same)."""
    items = [
        f'<li><a href="#{q.question.id}">{escape(" ".join(q.question.question.split()))}</a></li>'
        for q in topic.questions
    ]
    return "\n".join([
        f'<nav class="faq-contents {SEARCH_EXCLUDE_CLASS}" aria-labelledby="on-this-page">',
        '<p class="faq-contents__title" id="on-this-page"><strong>On this page</strong></p>',
        "<ul>", *items, "</ul>", "</nav>",
    ])


def key_points_block(points: list[str]) -> str:
    """The page's 3-5 take-away sentences (PEMAT 'provides a summary'), kept out of the search index."""
    if not points:
        return ""
    return "\n".join([
        f'<section class="faq-key-points {SEARCH_EXCLUDE_CLASS}" aria-labelledby="key-points" markdown>',
        '<p class="faq-key-points__title" id="key-points"><strong>Key points</strong></p>',
        "",
        *[f"- {' '.join(point.split())}" for point in points],
        "",
        "</section>",
    ])


def report_block(site: Site, title: str) -> str:
    """'Report a problem with this page': the configured address (content/site.yml report_problem),
    with the page named in an email's subject; while it is unset, the honest fallback."""
    address = site.report_problem
    if not address:
        return (f'<p class="faq-report {SEARCH_EXCLUDE_CLASS}">To report a problem with this page, please tell the '
                "service that gave you this link.</p>")
    href = address
    if address.startswith("mailto:"):
        href = f"{address}?subject={quote('Problem with the page: ' + ' '.join(title.split()))}"
    return f'<p class="faq-report {SEARCH_EXCLUDE_CLASS}"><a href="{escape(href)}">Report a problem with this page</a></p>'


def page_foot(resolved: Resolved, title: str, topic: ResolvedTopic | None = None) -> list[str]:
    """The foot of every page, NHS style: review dates (topics), the report route, the disclaimer."""
    lines = [f'<div class="faq-page-foot {SEARCH_EXCLUDE_CLASS}">']
    if topic is not None:
        lines.append(review_block(topic))
    lines += [report_block(resolved.site, title), disclaimer_block(resolved.site_texts["disclaimer"]), "</div>"]
    return ["\n".join(lines)]
