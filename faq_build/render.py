"""Stage 4 - render: resolved content -> plain Markdown pages and the navigation.

Pure: returns ``{relative path: text}``. The output is plain Markdown (plus small raw
HTML blocks for the crisis box and review dates) with ``attr_list`` anchors, so any
MkDocs-compatible builder can render it; no build-time plugin is needed to read it.
Golden-file tests pin its shape.

Boilerplate that appears on every page (crisis box, review dates, disclaimer) carries
``data-search-exclude`` so it does not match every search.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html import escape
from urllib.parse import quote

from .model import Crisis, CrisisService, Review, Site, Source
from .outputs.published_links import redirect_pages
from .resolve import (
    CRISIS_BOX_ANCHOR,
    GLOSSARY_PAGE,
    HOME_PAGE,
    SOURCES_PAGE,
    Resolved,
    ResolvedPage,
    ResolvedQuestion,
    ResolvedTopic,
    escape_markdown,
)
from .text.sanitise import html_text, markdown_url

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


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


HANDOUTS_DIR = "handouts"
PAPERS = {"a4": "A4", "letter": "US Letter"}


def handout_file(topic_id: str, paper: str) -> str:
    """Stable address of a topic's handout, relative to the site root: ``handouts/<id>-a4.pdf``."""
    return f"{HANDOUTS_DIR}/{topic_id}-{paper}.pdf"


SEARCH_EXCLUDE = '{: data-search-exclude="" }'
"""attr_list line that keeps the block above it out of the search index (Material and Pagefind)."""


HANDOUT_LINKS = {"short-a4": "Short, 2 to 4 pages (A4)", "a4": "Full (A4)", "letter": "Full (US Letter)"}
"""Handout file suffix -> link label on the topic page; the short one first (waiting rooms)."""


def handout_block(topic_id: str) -> str:
    links = " · ".join(f"[{label}]({handout_file(topic_id, paper)})" for paper, label in HANDOUT_LINKS.items())
    return f"**Print a handout (PDF):** {links}\n{SEARCH_EXCLUDE}"


def human_date(value: date) -> str:
    """'20 November 2026': unambiguous for readers in the UK and the US alike."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


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


def _citation(source: Source) -> dict[str, str]:
    item = {"@type": "CreativeWork", "name": source.title}
    if source.doi:
        item["url"] = f"https://doi.org/{source.doi}"
    elif source.pmid:
        item["url"] = f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
    elif source.url:
        item["url"] = source.url
    return item


def medical_web_page(
    *,
    name: str,
    description: str,
    reviewed: date,
    reviews: list[Review],
    about: list[str] = (),
    citations: list[Source] = (),
    parts: list[tuple[str, str, str]] = (),
) -> dict:
    """schema.org MedicalWebPage: the health-page schema search engines still read
    (FAQPage rich results were withdrawn for most sites).

    Honest by construction: ``reviewedBy`` and ``lastReviewed`` are claimed only when every review
    behind the page is a clinician's (``status: reviewed``); a page pending clinical review gives
    ``dateModified`` instead and names no reviewer."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": name,
        "description": description,
        "inLanguage": "en",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    if reviews and all(review.is_reviewed for review in reviews):
        data["lastReviewed"] = reviewed.isoformat()
        people = sorted({(review.reviewer, review.reviewer_role) for review in reviews})
        data["reviewedBy"] = [{"@type": "Person", "name": who, "jobTitle": role} for who, role in people]
    else:
        data["dateModified"] = reviewed.isoformat()
    if about:
        data["about"] = [{"@type": "MedicalEntity", "name": name} for name in about]
    if citations:
        data["citation"] = [_citation(source) for source in citations]
    if parts:
        data["hasPart"] = [
            {"@type": "WebPageElement", "@id": f"#{anchor}", "name": heading, "description": text}
            for anchor, heading, text in parts
        ]
    return data


def curly_quotes(text: str) -> str:
    """Typographic quotes for text that themes print inside HTML attributes without escaping."""
    return re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text).replace('"', "\u201d")


def _yaml_text(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _heading_text(text: str) -> str:
    """Data shown as a heading or link text: printed literally, and never opening an attr_list."""
    return escape_markdown(" ".join(text.split()).replace("{", "(").replace("}", ")"))


def service_contact(service: CrisisService) -> str:
    """How to reach one service, as HTML: the number as a tap-to-call link, and a tap-to-text link
    when the service takes texts ("text SHOUT to 85258", "988, or text")."""
    contact = escape(service.contact)
    if service.sms and service.sms_body and not service.tel:
        link = f"sms:{escape(service.sms)}?body={escape(service.sms_body)}"
        return f'text {escape(service.sms_body)} to <a href="{link}">{contact}</a>'
    if service.tel:
        contact = f'<a href="tel:{escape(service.tel)}">{contact}</a>'
    if service.sms:
        contact += f', or <a href="sms:{escape(service.sms)}">text {escape(service.sms)}</a>'
    return contact


def crisis_groups(crisis: Crisis) -> list[tuple[str, str, list[CrisisService]]]:
    """(country id, name, services) in reading order; one group of every service when no country is set."""
    if not crisis.countries:
        return [("all", "", list(crisis.services))]
    return [
        (country.id, country.name, [s for s in crisis.services if s.region in country.regions])
        for country in crisis.countries
    ]


def _main_options(services: list[CrisisService]) -> list[CrisisService]:
    """A country's main options: its services with a button; else its first two that can be called."""
    chosen = [s for s in services if s.button]
    return chosen or [s for s in services if s.tel or s.sms][:2]


def _button(service: CrisisService) -> str:
    """One full-width button: the whole label is the link (tap to call, or to text)."""
    label = escape(service.button or f"{service.name}: {service.contact}")
    if service.tel:
        href = f"tel:{escape(service.tel)}"
    elif service.sms:
        href = f"sms:{escape(service.sms)}" + (f"?body={escape(service.sms_body)}" if service.sms_body else "")
    else:
        return f'<p class="faq-crisis__button faq-crisis__button--text">{label}</p>'
    return f'<a class="faq-crisis__button" href="{href}">{label}</a>'


def _main_buttons(crisis: Crisis) -> list[str]:
    """The main options of every country; all but the first are hidden until the reader picks
    theirs (faq-crisis.js), so without JavaScript the first country's buttons show."""
    lines = []
    for index, (country, _, services) in enumerate(crisis_groups(crisis)):
        hidden = " hidden" if index else ""
        lines.append(f'<div class="faq-crisis__main" data-country="{escape(country)}"{hidden}>')
        lines += [_button(service) for service in _main_options(services)]
        lines.append("</div>")
    return lines


def _service_list(crisis: Crisis) -> list[str]:
    items = []
    for service in crisis.services:
        note = f" ({escape(service.note)})" if service.note else ""
        items.append(
            f"<li><strong>{escape(service.region)}:</strong> {escape(service.name)}: {service_contact(service)}{note}</li>"
        )
    return ['<ul class="faq-crisis__list">', *items, "</ul>"]


OTHER_HELP = "Other countries and ways to get help"


def crisis_block(crisis: Crisis) -> str:
    """The one crisis box, from content/crisis.yml, in the same place on every page (WCAG 3.2.6).

    Compact on a phone: the title and the main options as full-width buttons; every other service
    and country sits behind a disclosure that works without JavaScript. Printing shows the full
    list of every region (``faq-crisis__print``), never only the reader's country."""
    countries = crisis_groups(crisis)
    choose = []
    if len(countries) > 1:
        buttons = " ".join(
            f'<button type="button" class="faq-crisis__country" data-country="{escape(cid)}" aria-pressed="false">'
            f"{escape(name)}</button>"
            for cid, name, _ in countries
        )
        choose = [f'<p class="faq-crisis__choose" hidden>Show first the help for: {buttons}</p>']
    return "\n".join(
        [
            f'<aside class="faq-crisis" id="{CRISIS_BOX_ANCHOR}" tabindex="-1" aria-label="Urgent help" data-search-exclude>',
            f'<p class="faq-crisis__title"><strong>{escape(crisis.title)}</strong></p>',
            *_main_buttons(crisis),
            '<details class="faq-crisis__more">',
            f"<summary>{OTHER_HELP}</summary>",
            f"<p>{escape(crisis.lead)}</p>",
            *choose,
            *_service_list(crisis),
            "</details>",
            '<div class="faq-crisis__print">',
            f"<p>{escape(crisis.lead)}</p>",
            *_service_list(crisis),
            "</div>",
            "</aside>",
        ]
    )


def crisis_print_block(crisis: Crisis) -> str:
    """The crisis box for paper (PDF handouts): every region's services in full, no buttons and no
    disclosure, since paper cannot open one."""
    return "\n".join(
        [
            f'<aside class="faq-crisis" id="{CRISIS_BOX_ANCHOR}" aria-label="Urgent help">',
            f'<p class="faq-crisis__title"><strong>{escape(crisis.title)}</strong></p>',
            f"<p>{escape(crisis.lead)}</p>",
            *_service_list(crisis),
            "</aside>",
        ]
    )


def crisis_card(crisis: Crisis) -> str:
    """The compact card repeated inside answers about crisis, suicide, self-harm or worry for
    someone's safety: the main options, and a link to the full box on the same page."""
    return "\n".join(
        [
            # Not a landmark: the page's one "Urgent help" landmark is the box (axe landmark-unique).
            '<div class="faq-crisis faq-crisis--inline" data-search-exclude>',
            f'<p class="faq-crisis__title"><strong>{escape(crisis.title)}</strong></p>',
            *_main_buttons(crisis),
            f'<p class="faq-crisis__link"><a href="#{CRISIS_BOX_ANCHOR}">{OTHER_HELP}</a></p>',
            "</div>",
        ]
    )


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


def disclaimer_block(text: str) -> str:
    return f'<p class="faq-disclaimer" data-search-exclude>{escape(text)}</p>'


PENDING_NOTICE = "A doctor has not checked this page yet. Please check anything important with your care team."
"""What a page pending clinical review says where a patient reads it (under its summary)."""


def pending_block(topic: ResolvedTopic) -> str:
    """The plain 'not checked by a doctor yet' notice; empty once a clinician has reviewed the page."""
    if topic.topic.review.is_reviewed:
        return ""
    return f'<p class="faq-pending" data-search-exclude><strong>{escape(PENDING_NOTICE)}</strong></p>'


def review_line(review: Review) -> str:
    """The NHS-style review line, as HTML: who checked the page and when it is next due."""
    last = f"<time datetime=\"{review.last_reviewed.isoformat()}\">{human_date(review.last_reviewed)}</time>"
    due = f"<time datetime=\"{review.next_review_due.isoformat()}\">{human_date(review.next_review_due)}</time>"
    if review.is_reviewed:
        return (f"Page last reviewed: {last} by {escape(review.reviewer or '')}, {escape(review.reviewer_role or '')}"
                f" · Next review due: {due}")
    return f"Page last updated: {last} · Not yet reviewed by a doctor · Next review due: {due}"


def review_block(topic: ResolvedTopic) -> str:
    return f'<p class="faq-review" data-search-exclude>{review_line(topic.topic.review)}</p>'


def _source_line(source: Source) -> str:
    flag = " (not yet verified)" if not source.verified else ""
    return f"- [{escape_markdown(source.short_label)}]({SOURCES_PAGE}#{source.id}): {escape_markdown(source.title)}{flag}"


def sources_block(sources: list[Source]) -> list[str]:
    """An answer's sources, still one tap away but out of the reading path: a closed disclosure
    (md_in_html), kept out of the search index."""
    label = "Where this information comes from"
    return [
        '<details class="faq-sources" markdown data-search-exclude>',
        f"<summary>{label} ({len(sources)} {'source' if len(sources) == 1 else 'sources'})</summary>",
        "",
        *[_source_line(s) for s in sources],
        "",
        "</details>",
    ]


MEDICINE_WORDS = frozenset(
    ["antidepressant", "antidepressants", "medicine", "medicines", "medication", "medications", "tablet", "tablets", "pill", "pills", "dose", "doses", "lithium", "esketamine", "ketamine", "antipsychotic", "antipsychotics", "ssri", "ssris", "snri", "snris", "amitriptyline"]
)
_WORD_RE = re.compile(r"[a-z]+")


def mentions_medicines(item: ResolvedQuestion) -> bool:
    """Whether an answer talks about medicines: a page with one carries the 'talk to your care
    team' notice once, above its answers."""
    text = " ".join([item.question.question, item.short_answer, item.body]).lower()
    words = set(_WORD_RE.findall(text))
    return bool(words & MEDICINE_WORDS) or any(w.startswith("prescri") for w in words) or "thyroid hormone" in text


def medicines_block(text: str) -> str:
    return f'<p class="faq-medicines" data-search-exclude><strong>{escape(text)}</strong></p>'


def page_medicines_block(topic: ResolvedTopic, text: str) -> str:
    """The medicines reminder once per page (web and print): only where an answer mentions medicines."""
    if text and any(mentions_medicines(item) for item in topic.questions):
        return medicines_block(text)
    return ""


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


def newest_review(resolved: Resolved) -> date:
    return max(t.topic.review.last_reviewed for t in resolved.topics)


def _reviews(resolved: Resolved) -> list[Review]:
    return [t.topic.review for t in resolved.topics]


def _site_jsonld(name: str, description: str, resolved: Resolved, **extra) -> dict:
    return medical_web_page(
        name=name, description=description, reviewed=newest_review(resolved), reviews=_reviews(resolved), **extra
    )


def _topic_jsonld(topic: ResolvedTopic, resolved: Resolved) -> dict:
    from .resolve import plain_markdown_text

    sources = list({s.id: s for q in topic.questions for s in q.sources}.values())
    return medical_web_page(
        name=topic.topic.title,
        description=topic.summary,
        reviewed=topic.topic.review.last_reviewed,
        reviews=[topic.topic.review],
        about=[resolved.terms_by_id[t].term for t in topic.terms],
        citations=sources,
        parts=[(q.question.id, q.question.question, plain_markdown_text(q.short_answer)) for q in topic.questions],
    )


def contents_block(topic: ResolvedTopic) -> str:
    """'On this page': the page's questions as links, right under the summary, so a reader on a
    phone sees what the page answers on the first screen (nhs.uk and MedlinePlus do the same)."""
    items = [
        f'<li><a href="#{q.question.id}">{escape(" ".join(q.question.question.split()))}</a></li>'
        for q in topic.questions
    ]
    return "\n".join([
        '<nav class="faq-contents" aria-labelledby="on-this-page" data-search-exclude>',
        '<p class="faq-contents__title" id="on-this-page"><strong>On this page</strong></p>',
        "<ul>", *items, "</ul>", "</nav>",
    ])


def key_points_block(points: list[str]) -> str:
    """The page's 3-5 take-away sentences (PEMAT 'provides a summary'), kept out of the search index."""
    if not points:
        return ""
    return "\n".join([
        '<section class="faq-key-points" aria-labelledby="key-points" markdown data-search-exclude>',
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
        return ('<p class="faq-report" data-search-exclude>To report a problem with this page, please tell the '
                "service that gave you this link.</p>")
    href = address
    if address.startswith("mailto:"):
        href = f"{address}?subject={quote('Problem with the page: ' + ' '.join(title.split()))}"
    return f'<p class="faq-report" data-search-exclude><a href="{escape(href)}">Report a problem with this page</a></p>'


def page_foot(resolved: Resolved, title: str, topic: ResolvedTopic | None = None) -> list[str]:
    """The foot of every page, NHS style: review dates (topics), the report route, the disclaimer."""
    lines = ['<div class="faq-page-foot" data-search-exclude>']
    if topic is not None:
        lines.append(review_block(topic))
    lines += [report_block(resolved.site, title), disclaimer_block(resolved.site_texts["disclaimer"]), "</div>"]
    return ["\n".join(lines)]


def render_topic(topic: ResolvedTopic, resolved: Resolved) -> str:
    parts = [
        _front_matter(topic.topic.title, topic.summary, reviewed=topic.topic.review.last_reviewed, jsonld=_topic_jsonld(topic, resolved)),
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
            jsonld=_site_jsonld(title, description, resolved, **options),
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


def format_citation(source: Source) -> str:
    """A Vancouver-style citation line with links to DOI, PubMed and the web page."""
    bits = []
    if source.authors:
        bits.append(f"{escape_markdown(source.authors)}.")
    bits.append(f"{escape_markdown(source.title.rstrip('.'))}.")
    where = escape_markdown(source.container or "")
    details = ""
    if source.year:
        details = str(source.year)
    if source.volume:
        details += f";{escape_markdown(str(source.volume))}"
        if source.issue:
            details += f"({escape_markdown(str(source.issue))})"
    if source.pages:
        details += f":{escape_markdown(str(source.pages))}"
    if where or details:
        bits.append(f"*{where}*{'.' if where else ''} {details}".strip() + ".")
    links = []
    if source.doi:
        links.append(f"DOI: [{escape_markdown(source.doi)}]({markdown_url('https://doi.org/' + source.doi)})")
    if source.pmid:
        links.append(f"PubMed: [{escape_markdown(str(source.pmid))}]({markdown_url(f'https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/')})")
    if source.url:
        links.append(f"[Web page]({markdown_url(source.url)})")
    status = "Checked against a public record." if source.verified else "**Not yet verified.**"
    if source.as_of:
        status += f" Information as of {human_date(source.as_of)}; rules and approvals change."
    return " ".join(bits) + "\n\n" + " · ".join(links) + f"\n\n{status}"


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
    files.update(redirect_pages(t.topic for t in resolved.topics))
    newest = newest_review(resolved)
    reviewed = {name: newest for name in files if name.endswith(".md")}
    reviewed.update({t.page: t.topic.review.last_reviewed for t in resolved.topics})
    return RenderedSite(files=files, nav=nav, reviewed=reviewed, crisis_html=crisis_block(resolved.crisis))
