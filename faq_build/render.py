"""Stage 4 - render: resolved content -> plain Markdown pages and the navigation.

Pure: returns ``{relative path: text}``. The output is plain Markdown (plus small raw
HTML blocks for the crisis box and review dates) with ``attr_list`` anchors, so any
MkDocs-compatible builder can render it; no build-time plugin is needed to read it.
Golden-file tests pin its shape.

This module assembles pages: the front matter, the headings and the order of the blocks.
The blocks themselves (crisis box, review line, sources, citations, schema.org data) live
in ``blocks/``, which the printed handouts share, so paper and screen say the same thing.
Boilerplate that appears on every page (crisis box, review dates, disclaimer) carries the class
``blocks.SEARCH_EXCLUDE_CLASS`` so it does not match every search.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html import escape

from .blocks.citations import format_citation
from .blocks.crisis import crisis_block, crisis_card, crisis_print_block
from .blocks.jsonld import newest_review, site_page_jsonld, topic_page_jsonld
from .blocks.page import (
    SEARCH_EXCLUDE,
    contents_block,
    handout_block,
    key_points_block,
    page_foot,
    page_medicines_block,
    pending_block,
    sources_block,
)
from .model import Crisis
from .outputs.published_links import redirect_pages
from .resolve import (
    GLOSSARY_PAGE,
    HOME_PAGE,
    SOURCES_PAGE,
    Resolved,
    ResolvedPage,
    ResolvedQuestion,
    ResolvedTopic,
    escape_markdown,
)
from .text.sanitise import html_text


@dataclass(frozen=True)
class RenderedSite:
    files: dict[str, str]
    nav: list[dict[str, str]]
    binary: dict[str, bytes] = field(default_factory=dict)
    """Generated non-text files (PDF handouts), written next to the pages."""
    reviewed: dict[str, date] = field(default_factory=dict)
    """Page file -> clinical review date, used as the sitemap's lastmod."""
    crisis_html: str = ""
    """The crisis box, also placed on the theme's not-found page by the write stage."""


def _front_matter(
    title: str,
    description: str,
    *,
    reviewed: date,
    jsonld: dict | None = None,
    search_exclude: bool = False,
) -> str:
    """YAML front matter. ``last_reviewed`` feeds the sitemap's lastmod; ``jsonld`` the page's
    schema.org data (the theme override adds the page URL). JSON is valid YAML flow style."""
    lines = [
        "---",
        f"title: {_yaml_text(html_text(title))}",  # the theme prints it as HTML (<title>, header)
        f"description: {_yaml_text(curly_quotes(description))}",
        f'last_reviewed: "{reviewed.isoformat()}"',
    ]
    if jsonld is not None:
        lines.append("jsonld: " + json.dumps(jsonld, ensure_ascii=False, sort_keys=True))
    if search_exclude:
        lines += ["search:", "  exclude: true"]
    lines.append("---")
    return "\n".join(lines)


def curly_quotes(text: str) -> str:
    """Typographic quotes for text that themes print inside HTML attributes without escaping."""
    return re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text).replace('"', "\u201d")


def _yaml_text(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _heading_text(text: str) -> str:
    """Data shown as a heading or link text: printed literally, and never opening an attr_list."""
    return escape_markdown(" ".join(text.split()).replace("{", "(").replace("}", ")"))


SEARCH_DATA_FILE = "assets/faq-search-data.json"


def search_data(resolved: Resolved) -> str:
    """The search box's data, from content only (the script holds no word lists): the crisis box and
    its vocabulary (content/crisis.yml), the thesaurus (content/thesaurus.yml) and the topic list
    shown when nothing matches. Plain data: the script inserts every text with textContent."""
    crisis, thesaurus = resolved.crisis, resolved.thesaurus
    synonyms = {word: list(group.means) for group in thesaurus.synonyms for word in group.words}
    data = {
        "crisis": {
            "title": crisis.title,
            "lead": crisis.lead,
            "services": [
                {key: value for key, value in {
                    "region": s.region, "name": s.name, "contact": s.contact, "tel": s.tel, "sms": s.sms,
                    "sms_body": s.sms_body, "note": s.note, "strip": s.strip,
                }.items() if value not in (None, False)}
                for s in crisis.services
            ],
            "phrases": list(crisis.search.phrases),
            "ignore_words": list(crisis.search.ignore_words),
            "same_words": [list(group) for group in crisis.search.same_words],
        },
        "stop_words": list(thesaurus.stop_words),
        "synonyms": synonyms,
        "topics": [{"title": t.topic.title, "url": t.page.removesuffix(".md") + "/"} for t in resolved.topics],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def render_question(item: ResolvedQuestion, crisis: Crisis | None = None) -> str:
    """One answer: the question as a heading, the short reply as a lead paragraph, the inline crisis
    card when the answer is about safety, the detail, and the links. The lay keywords stay in
    the page for the search index only (``hidden``): they are words people type, not reading."""
    question = item.question
    parts = [f'<div id="{alias}" class="faq-alias"></div>\n' for alias in question.aliases]
    parts += [f"## {_heading_text(question.question)} {{ #{question.id} }}", "", item.short_answer, LEAD_CLASS]
    if question.crisis_card and crisis is not None:
        parts += ["", crisis_card(crisis)]
    if item.body:
        parts += ["", item.body]
    for line in item.disputes:
        parts += ["", line]
    if question.also_called:
        parts += ["", f"*Also called:* {escape_markdown(', '.join(question.also_called))}", KEYWORDS_CLASS]
    # Link lists name other answers and studies: kept out of the search index (each line carries
    # the attribute, since attr_list cannot mark a whole list), so they do not match every query.
    if item.related:
        parts += ["", "**Related questions**", SEARCH_EXCLUDE, ""]
        parts += [f"- [{_heading_text(text)}]({href})\n{SEARCH_EXCLUDE}" for text, href in item.related]
    if item.sources:
        parts += ["", *sources_block(item.sources)]
    return "\n".join(parts)


LEAD_CLASS = "{: .faq-lead }"
"""The short reply is the answer's lead paragraph: styled larger, and read as the search result's text."""
KEYWORDS_CLASS = '{: .faq-also-called hidden="" }'
"""Lay keywords: in the page for the search index, never shown or read aloud."""


GLOSSARY_DESCRIPTION = "Plain-language meanings of the medical words used on this site."
SOURCES_DESCRIPTION = "Every study and guideline this site cites, with links."


def render_topic(topic: ResolvedTopic, resolved: Resolved) -> str:
    parts = [
        _front_matter(
            topic.topic.title, topic.summary, reviewed=topic.topic.review.last_reviewed,
            jsonld=topic_page_jsonld(topic, resolved),
        ),
        "",
        f"# {_heading_text(topic.topic.title)}",
        "",
        crisis_block(resolved.crisis),
        "",
        escape_markdown(topic.summary),
        "{: .faq-summary }",
    ]
    pending = pending_block(topic)
    if pending:
        parts += ["", pending]
    parts += ["", contents_block(topic)]
    points = key_points_block(topic.key_points)
    if points:
        parts += ["", points]
    medicines = page_medicines_block(topic, resolved.site_texts["medicines_notice"])
    if medicines:
        parts += ["", medicines]
    parts += ["", handout_block(topic.topic.id)]
    if topic.intro:
        parts += ["", topic.intro]
    for item in topic.questions:
        parts += ["", render_question(item, resolved.crisis)]
    parts += ["", *page_foot(resolved, topic.topic.title, topic), ""]
    return "\n".join(parts)


def site_page(resolved: Resolved, title: str, description: str, body: list[str], **options) -> str:
    """The frame every non-topic page shares: front matter with MedicalWebPage data, one
    H1, the crisis box under it, the body, and the 'not medical advice' notice last.

    ``options`` go to the JSON-LD (``about``, ``citations``) except ``search_exclude``."""
    search_exclude = options.pop("search_exclude", False)
    parts = [
        _front_matter(
            title,
            description,
            reviewed=newest_review(resolved),
            jsonld=site_page_jsonld(title, description, resolved, **options),
            search_exclude=search_exclude,
        ),
        "",
        f"# {_heading_text(title)}",
        "",
        crisis_block(resolved.crisis),
        "",
        *body,
        "",
        *page_foot(resolved, title),
        "",
    ]
    return "\n".join(parts)


def render_home(resolved: Resolved) -> str:
    """The home page's one job first: the topics, as tappable cards (title and one line), right
    under the crisis box so they start on a phone's first screen; the welcome text follows."""
    cards = [
        f'<li><a class="faq-topic-card" href="{escape(topic.page.removesuffix(".md"))}/">'
        f'<span class="faq-topic-card__title">{html_text(" ".join(topic.topic.title.split()))}</span>'
        f'<span class="faq-topic-card__summary">{escape(topic.summary)}</span></a></li>'
        for topic in resolved.topics
    ]
    body = [
        "## Topics { #topics }",
        "",
        "\n".join(['<ul class="faq-topics">', *cards, "</ul>"]),
        "",
        "## About these pages { #about-these-pages }",
        "",
        resolved.site_texts["home_intro"],
    ]
    return site_page(resolved, resolved.site.home_title, resolved.site_texts["description"], body)


def render_glossary(resolved: Resolved) -> str:
    body = [GLOSSARY_DESCRIPTION]
    for item in resolved.terms:
        term = item.term
        body += ["", f"## {_heading_text(term.term)} {{ #{term.id} }}", "", term.definition]
        if term.other_names:
            body += ["", f"*Also called:* {escape_markdown(', '.join(term.other_names))}"]
        if item.alternatives:
            body += ["", "**Experts define it differently:**", ""]
            body += [
                f"- {text} ([{escape_markdown(source.short_label)}]({SOURCES_PAGE}#{source.id}))"
                for text, source in item.alternatives
            ]
    return site_page(resolved, "Glossary", GLOSSARY_DESCRIPTION, body, about=[i.term.term for i in resolved.terms])


def render_sources(resolved: Resolved) -> str:
    body = ["Every figure on this site comes from one of these sources. Each answer lists the ones it uses."]
    for source in resolved.sources:
        body += ["", f"## {_heading_text(source.short_label)} {{ #{source.id} }}", "", format_citation(source)]
    return site_page(
        resolved, "Sources", SOURCES_DESCRIPTION, body, citations=resolved.sources, search_exclude=True
    )


ABOUT_PAGE_ID = "about"


def review_status_block(resolved: Resolved) -> list[str]:
    """What is true about clinical review, generated from the topics' review status so the About
    page can never claim more than the pages do."""
    reviewed = [t for t in resolved.topics if t.topic.review.is_reviewed]
    pending = [t for t in resolved.topics if not t.topic.review.is_reviewed]
    lines = ["## Which pages a doctor has checked { #review-status }", ""]
    if not reviewed:
        lines.append(
            "No doctor or other clinician has checked these pages yet: every topic is waiting for a clinical "
            "review, and each one says so under its summary. Please check anything important with your care team."
        )
        return lines
    lines.append("These pages have been checked by a clinician, named at the foot of each page:")
    lines += ["", *[f"- [{_heading_text(t.topic.title)}]({t.page})" for t in reviewed]]
    if pending:
        lines += ["", "These pages have not been checked by a doctor yet:", ""]
        lines += [f"- [{_heading_text(t.topic.title)}]({t.page})" for t in pending]
    return lines


def render_page(page: ResolvedPage, resolved: Resolved) -> str:
    body = [page.body]
    if page.page.id == ABOUT_PAGE_ID:
        body += ["", *review_status_block(resolved)]
    return site_page(resolved, page.page.title, page.page.summary, body)


def render(resolved: Resolved) -> RenderedSite:
    files = {HOME_PAGE: render_home(resolved), SEARCH_DATA_FILE: search_data(resolved)}
    nav: list[dict[str, str]] = [{"Home": HOME_PAGE}]
    for topic in resolved.topics:
        files[topic.page] = render_topic(topic, resolved)
        nav.append({html_text(topic.topic.title): topic.page})  # the theme prints nav titles as HTML
    files[GLOSSARY_PAGE] = render_glossary(resolved)
    files[SOURCES_PAGE] = render_sources(resolved)
    nav += [{"Glossary": GLOSSARY_PAGE}, {"Sources": SOURCES_PAGE}]
    for page in resolved.pages:
        files[page.file] = render_page(page, resolved)
        nav.append({html_text(page.page.title): page.file})
    files.update(redirect_pages((t.topic for t in resolved.topics), crisis_print_block(resolved.crisis)))
    newest = newest_review(resolved)
    reviewed = {name: newest for name in files if name.endswith(".md")}
    reviewed.update({t.page: t.topic.review.last_reviewed for t in resolved.topics})
    return RenderedSite(files=files, nav=nav, reviewed=reviewed, crisis_html=crisis_block(resolved.crisis))
