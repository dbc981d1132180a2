"""Stage 3 - resolve: replace references with what readers see, and compute links and anchors.

Pure and total: validation has already proved that every referenced id exists, so this
stage never reports errors. It turns ``{{ fact: id }}`` into the value with a citation
link, ``{{ term: id }}`` into a glossary link whose title is the definition (a tooltip
that works without JavaScript) the first time the term appears on a page, and
``{{ question: id }}`` into a link to that answer's stable ``#anchor``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .model import Content, Crisis, Fact, Page, Question, Site, Source, Term, Thesaurus, Topic
from .text.references import CRISIS_BOX_WORDS, Reference, replace_references
from .text.sanitise import markdown_text

GLOSSARY_PAGE = "glossary.md"
SOURCES_PAGE = "sources.md"
HOME_PAGE = "index.md"
DIMENSIONLESS_UNITS = {"odds ratio", "ratio", "number", "year"}
"""Units the sentence names itself ("an odds ratio of 2.13"), so only the number is printed."""


_INTRAWORD_STAR = re.compile(r"\*(?<=\w\*)(?=\w)")
"""An asterisk with a letter or digit on both sides. Written to start with the asterisk, which the
regular-expression engine finds fast, instead of with the look-back, which it tries at every place."""

escape_markdown = markdown_text
"""Make data (titles, labels, lay keywords) print literally inside generated Markdown."""


def protect_prose(markdown: str) -> str:
    """Editor-written Markdown: an asterisk inside a word ("STAR*D") is a character, not emphasis."""
    return _INTRAWORD_STAR.sub(r"\\*", markdown)


CRISIS_BOX_ANCHOR = "urgent-help"
"""The crisis box's id on every page (blocks.crisis.crisis_block), the target of ``{{ crisis: box }}``."""


def topic_page(topic_id: str) -> str:
    """A topic's Markdown file; its URL is ``/<topic-id>/``. Derived from the id, never stored."""
    return f"{topic_id}.md"


@dataclass(frozen=True)
class ResolvedQuestion:
    question: Question
    short_answer: str
    body: str
    related: list[tuple[str, str]]
    sources: list[Source]
    disputes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResolvedTopic:
    topic: Topic
    page: str
    summary: str
    intro: str
    questions: list[ResolvedQuestion]
    terms: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResolvedPage:
    page: Page
    file: str
    body: str


@dataclass(frozen=True)
class ResolvedTerm:
    term: Term
    alternatives: list[tuple[str, Source]]


@dataclass
class Resolved:
    site: Site
    crisis: Crisis
    topics: list[ResolvedTopic]
    terms: list[ResolvedTerm]
    sources: list[Source]
    facts: dict[str, Fact]
    site_texts: dict[str, str] = field(default_factory=dict)
    pages: list[ResolvedPage] = field(default_factory=list)
    terms_by_id: dict[str, Term] = field(default_factory=dict)
    thesaurus: Thesaurus = field(default_factory=Thesaurus)


def format_number(value: float, *, grouping: bool = True) -> str:
    if value == int(value):
        return f"{int(value):,}" if grouping else str(int(value))
    return format(Decimal(repr(value)).normalize(), "f")


def format_fact(fact: Fact) -> str:
    """The figure as a reader sees it: '36.8%', '20–60%', '6–12 sessions', and for a percentage
    with a ``natural_frequency`` 'about 1 in 3 people (36.8%)', or only 'about 1 in 3 people'
    with ``show_value: false``.

    The frequency is the editor's words, never computed here (FACT-FREQUENCY checks that it
    agrees with the value); answers, "Studies differ" lines and plain text all print this one
    form, so a page never shows a figure two ways."""
    value = format_value(fact)
    if fact.natural_frequency and fact.unit == "%":
        return f"{fact.natural_frequency} ({value})" if fact.show_value else fact.natural_frequency
    return value


def format_value(fact: Fact) -> str:
    """The registered value alone: '36.8%', '20–60%', '6–12 sessions', '2019'."""
    if fact.unit == "year":
        assert fact.value is not None
        return format_number(fact.value, grouping=False)
    if fact.value is not None:
        number = format_number(fact.value)
    else:
        assert fact.low is not None and fact.high is not None
        number = f"{format_number(fact.low)}–{format_number(fact.high)}"
    if fact.unit == "%":
        return f"{number}%"
    if fact.unit in DIMENSIONLESS_UNITS:
        return number
    return f"{number} {fact.unit}"


def dispute_partners(content: Content, fact: Fact) -> list[tuple[str, str]]:
    """The facts that disagree with ``fact``, each once, with the note that explains it.

    A dispute is shown from both sides: when only one fact lists the other in ``disputed_by``,
    an answer that cites the other fact still says "Studies differ", with the listing fact's
    note. The fact itself and repeated entries are left out, so a claim is never printed twice.
    """
    partners: dict[str, str] = {}
    for dispute in fact.disputed_by:
        if dispute.fact != fact.id and dispute.fact in content.facts and dispute.fact not in partners:
            partners[dispute.fact] = dispute.note
    for other in content.facts.values():
        if other.id == fact.id or other.id in partners:
            continue
        note = next((d.note for d in other.disputed_by if d.fact == fact.id), None)
        if note is not None:
            partners[other.id] = note
    return list(partners.items())


class _PageRenderer:
    """Resolves references for one page, remembering which terms were already linked."""

    def __init__(self, content: Content, page: str, question_pages: dict[str, tuple[str, Question]],
                 partners: dict[str, list[tuple[str, str]]] | None = None) -> None:
        self.content = content
        self.partners = partners if partners is not None else {}
        """Each fact's ``dispute_partners``, worked out once and shared by the pages of one
        ``resolve`` (finding them reads every fact, and an answer may cite many)."""
        self.page = page
        self.question_pages = question_pages
        self.linked_terms: set[str] = set()
        self.cited: list[str] = []
        self.disputed: list[str] = []

    def dispute_partners(self, fact: Fact) -> list[tuple[str, str]]:
        if fact.id not in self.partners:
            self.partners[fact.id] = dispute_partners(self.content, fact)
        return self.partners[fact.id]

    def link_to(self, target_page: str, anchor: str = "") -> str:
        if target_page == self.page and anchor:
            return f"#{anchor}"
        return f"{target_page}#{anchor}" if anchor else target_page

    def render(self, reference: Reference) -> str:
        if reference.kind == "fact":
            fact = self.content.facts[reference.id]
            source = self.content.sources[fact.source]
            if source.id not in self.cited:
                self.cited.append(source.id)
            if self.dispute_partners(fact) and fact.id not in self.disputed:
                self.disputed.append(fact.id)
            cite = f"[{escape_markdown(source.short_label)}]({self.link_to(SOURCES_PAGE, source.id)})"
            if fact.natural_frequency and fact.show_value and fact.unit == "%":
                # one bracket, not two: 'about 1 in 3 people (36.8%, Rush 2006)'
                return f"{escape_markdown(fact.natural_frequency)} ({escape_markdown(format_value(fact))}, {cite})"
            shown = escape_markdown(format_fact(fact))  # never the reference's own words: a figure is its registered value
            return f"{shown} ({cite})"
        if reference.kind == "term":
            term = self.content.terms[reference.id]
            shown = reference.text or escape_markdown(term.term)
            if term.id in self.linked_terms:
                return shown
            self.linked_terms.add(term.id)
            title = term.definition.replace('"', "'").replace("\n", " ")
            return f'[{shown}]({self.link_to(GLOSSARY_PAGE, term.id)} "{title}")'
        if reference.kind == "crisis":
            return f"[{reference.text or CRISIS_BOX_WORDS}](#{CRISIS_BOX_ANCHOR})"
        page, question = self.question_pages[reference.id]
        shown = reference.text or escape_markdown(question.question)
        return f"[{shown}]({self.link_to(page, question.id)})"

    def text(self, markdown: str) -> str:
        return replace_references(protect_prose(markdown), self.render).strip()

    def cite(self, fact: Fact) -> str:
        source = self.content.sources[fact.source]
        if source.id not in self.cited:
            self.cited.append(source.id)
        return f"[{escape_markdown(source.short_label)}]({self.link_to(SOURCES_PAGE, source.id)})"

    def disputes(self) -> list[str]:
        """'Studies differ: A says x; B says y. Note.' once per measure used in an answer."""
        lines: list[str] = []
        seen_measures: set[str] = set()
        for fact_id in self.disputed:
            fact = self.content.facts[fact_id]
            if fact.measure in seen_measures:
                continue
            seen_measures.add(fact.measure)
            partners = self.dispute_partners(fact)
            others = [self.content.facts[fact_id] for fact_id, _ in partners]
            claims = "; ".join(f"{self.cite(f)} says {escape_markdown(format_fact(f))}" for f in [fact, *others])
            notes = " ".join(protect_prose(note.strip()) for _, note in partners)
            lines.append(f"**Studies differ:** {claims}. {notes}")
        return lines


_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain_markdown_text(markdown: str) -> str:
    """Resolved Markdown reduced to readable text (links keep their words) for metadata."""
    text = _MD_LINK_RE.sub(r"\1", markdown)
    text = re.sub(r"\\([\\`*_\[\]])", r"\1", text)
    text = re.sub(r"(\*\*|\*)(\S.*?)\1", r"\2", text)
    return " ".join(text.split())


def plain(markdown: str, content: Content) -> str:
    """Text with references reduced to their words (for headings, descriptions and titles)."""

    def words(ref: Reference) -> str:
        if ref.kind == "fact":
            return format_fact(content.facts[ref.id])
        if ref.text:
            return ref.text
        if ref.kind == "term":
            return content.terms[ref.id].term
        if ref.kind == "crisis":
            return CRISIS_BOX_WORDS
        return ref.id

    return replace_references(markdown, words).strip()


def resolve(content: Content) -> Resolved:
    question_pages = {q.id: (topic_page(t.id), q) for t, q in content.questions()}
    partners: dict[str, list[tuple[str, str]]] = {}
    topics: list[ResolvedTopic] = []
    for topic in content.topics:
        page = topic_page(topic.id)
        renderer = _PageRenderer(content, page, question_pages, partners)
        key_points = [renderer.text(point) for point in topic.key_points]
        intro = renderer.text(topic.intro)
        questions = []
        for question in topic.questions:
            renderer.cited = []
            renderer.disputed = []
            short = renderer.text(question.short_answer)
            body = renderer.text(question.body)
            disputes = renderer.disputes()
            source_ids = list(dict.fromkeys(list(question.sources) + renderer.cited))
            related = [
                (question_pages[rid][1].question, renderer.link_to(question_pages[rid][0], rid)) for rid in question.related
            ]
            questions.append(
                ResolvedQuestion(
                    question=question,
                    short_answer=short,
                    body=body,
                    related=related,
                    sources=[content.sources[s] for s in source_ids],
                    disputes=disputes,
                )
            )
        topics.append(
            ResolvedTopic(topic, page, plain(topic.summary, content), intro, questions, sorted(renderer.linked_terms),
                          key_points)
        )

    glossary = _PageRenderer(content, GLOSSARY_PAGE, question_pages, partners)
    terms = [
        ResolvedTerm(
            term=term.model_copy(update={"definition": glossary.text(term.definition)}),
            alternatives=[(glossary.text(alt.definition), content.sources[alt.source]) for alt in term.alternative_definitions],
        )
        for term in sorted(content.terms.values(), key=lambda t: t.term.lower())
    ]
    home = _PageRenderer(content, HOME_PAGE, question_pages, partners)
    site_texts = {
        "home_intro": home.text(content.site.home_intro),
        "disclaimer": plain(content.site.disclaimer, content),
        "description": plain(content.site.description, content),
        "medicines_notice": plain(content.site.medicines_notice, content),
    }
    pages = []
    for page in content.pages:
        file = topic_page(page.id)
        pages.append(ResolvedPage(page, file, _PageRenderer(content, file, question_pages, partners).text(page.body)))
    sources = sorted(content.sources.values(), key=lambda s: (s.short_label.lower(), s.id))
    return Resolved(
        site=content.site,
        crisis=content.crisis,
        thesaurus=content.thesaurus,
        topics=topics,
        terms=terms,
        sources=sources,
        facts=content.facts,
        site_texts=site_texts,
        pages=pages,
        terms_by_id=dict(content.terms),
    )
