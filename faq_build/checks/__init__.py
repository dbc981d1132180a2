"""Named content checks that run after the structure of every file is sound.

Each check has a stable code and a docstring saying the rule and why it protects
patients; ``faq-build checks`` lists them and the README's table is generated from
the same registry. A check is a pure function ``(content, context) -> diagnostics``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from ..diagnostics import Diagnostic, Position, Severity, did_you_mean
from ..load import PathKey, RawDocument
from ..model import Content, Crisis, FactsFile, GlossaryFile, Page, Site, SourcesFile, Thesaurus, Topic
from ..stats import CheckStats
from ..text.references import CRISIS_BOX_ID, KINDS, find_references, stray_braces

RESERVED_PAGE_IDS = frozenset({
    # written by faq-build: pages, redirects, handouts (render.HANDOUTS_DIR), the search index
    # (search_index.INDEX_DIR), the sitemap and the not-found page
    "index", "glossary", "sources", "handouts", "pagefind", "sitemap", "404",
    # written by the theme: overrides/assets/{stylesheets,javascripts}, Material's search/
    "assets", "stylesheets", "javascripts", "search",
    # answered by the preview server and by a Git-backed web editor
    "livereload", "admin",
})
"""Top-level names of the built site: no topic id, page id or topic alias may take one, or the
build would overwrite (or be overwritten by) the site's own files. The one list: ID-RESERVED,
ALIAS-CLASH and ``faq-build new-topic`` all read it."""
SHORT_HANDOUT_SUFFIX = "-short"
"""A topic id may not end in it: handouts/<id>-short-a4.pdf is the short handout of topic <id>."""
MAX_REVIEW_INTERVAL_DAYS = 3 * 365 + 1


@dataclass(frozen=True)
class CheckContext:
    today: date
    published: tuple[tuple[int, str], ...] = ()
    stats: CheckStats = dataclasses.field(default_factory=CheckStats, compare=False)
    """Where checks leave numbers they computed anyway (grades, allowed numbers) for the build summary."""


@dataclass(frozen=True)
class Check:
    code: str
    func: Callable[[Content, CheckContext], Iterable[Diagnostic]]

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


REGISTRY: list[Check] = []


def check(code: str):
    """Register a content check under a stable code."""

    def decorate(func: Callable[[Content, CheckContext], Iterable[Diagnostic]]):
        REGISTRY.append(Check(code, func))
        return func

    return decorate


def run_checks(
    content: Content, *, today: date, published: list[tuple[int, str]] = (), stats: CheckStats | None = None
) -> list[Diagnostic]:
    """Every registered check, in order; ``stats`` (if given) collects what they measured on the way."""
    context = CheckContext(today=today, published=tuple(published), stats=stats if stats is not None else CheckStats())
    found: list[Diagnostic] = []
    for registered in REGISTRY:
        found.extend(registered.func(content, context))
    context.stats.checked = True
    return found


# --------------------------------------------------------------------------- assembling


def assemble(parsed: list[tuple[RawDocument, BaseModel]]) -> tuple[Content | None, list[Diagnostic]]:
    """Gather every file's model into one Content, recording where each item came from.

    Duplicate ids across files are reported here (ID-DUPLICATE): a duplicate question id
    would make two answers share one ``#anchor``, so a clinic's link could open the wrong one.
    """
    diagnostics: list[Diagnostic] = []
    where: dict[str, tuple[RawDocument, PathKey]] = {}
    site = crisis = None
    thesaurus = Thesaurus()
    topics: list[Topic] = []
    pages: list[Page] = []
    sources, facts, terms = {}, {}, {}

    def register(kind: str, ident: str, doc: RawDocument, path: PathKey) -> bool:
        key = f"{kind}:{ident}"
        if key in where:
            first_doc, first_path = where[key]
            diagnostics.append(
                Diagnostic(
                    code="ID-DUPLICATE",
                    message=f"{kind} id '{ident}' is used twice",
                    position=doc.position(path + ("id",)),
                    found=f"also at {first_doc.position(first_path + ('id',))}",
                    hint="ids must be unique across all files; rename one (and keep the old id as an alias if it was published)",
                )
            )
            return False
        where[key] = (doc, path)
        return True

    for doc, model in parsed:
        if isinstance(model, Site):
            site = model
            where["site:site"] = (doc, ())
        elif isinstance(model, Crisis):
            crisis = model
            where["crisis:crisis"] = (doc, ())
        elif isinstance(model, Thesaurus):
            thesaurus = model
            where["thesaurus:thesaurus"] = (doc, ())
        elif isinstance(model, Topic):
            if register("topic", model.id, doc, ()):
                topics.append(model)
            for i, question in enumerate(model.questions):
                register("question", question.id, doc, ("questions", i))
        elif isinstance(model, Page):
            if register("topic", model.id, doc, ()):  # pages and topics share one address space
                pages.append(model)
        elif isinstance(model, SourcesFile):
            for i, item in enumerate(model.sources):
                if register("source", item.id, doc, ("sources", i)):
                    sources[item.id] = item
        elif isinstance(model, FactsFile):
            for i, item in enumerate(model.facts):
                if register("fact", item.id, doc, ("facts", i)):
                    facts[item.id] = item
        elif isinstance(model, GlossaryFile):
            for i, item in enumerate(model.terms):
                if register("term", item.id, doc, ("terms", i)):
                    terms[item.id] = item
    if site is None or crisis is None:
        return None, diagnostics
    topics.sort(key=lambda t: (t.order, t.id))
    pages.sort(key=lambda p: (p.order, p.id))
    content = Content(
        site=site, crisis=crisis, topics=topics, sources=sources, facts=facts, terms=terms, pages=pages,
        thesaurus=thesaurus, where=where,
    )
    return content, diagnostics


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class TextField:
    """A piece of editor-written text with its file position, for checks that read prose."""

    doc: RawDocument
    path: PathKey
    text: str

    def at(self, offset: int) -> Position:
        return self.doc.text_position(self.path, offset)


def text_fields(content: Content) -> list[TextField]:
    """Every prose field a reader sees, with where it lives (computed once per content)."""
    cached = getattr(content, "_text_fields", None)
    if cached is None:
        cached = list(_iter_text_fields(content))
        content._text_fields = cached  # several checks and the build report read the same list
    return cached


def _iter_text_fields(content: Content) -> Iterator[TextField]:
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for name in ("title", "summary", "intro"):
            yield TextField(doc, base + (name,), getattr(topic, name))
        for j, point in enumerate(topic.key_points):
            yield TextField(doc, base + ("key_points", j), point)
        for i, question in enumerate(topic.questions):
            qpath = base + ("questions", i)
            for name in ("question", "short_answer", "body"):
                yield TextField(doc, qpath + (name,), getattr(question, name))
            for j, word in enumerate(question.also_called):
                yield TextField(doc, qpath + ("also_called", j), word)
    for page in content.pages:
        doc, base = content.where[f"topic:{page.id}"]
        for name in ("title", "summary", "body"):
            yield TextField(doc, base + (name,), getattr(page, name))
    for term in content.terms.values():
        doc, base = content.where[f"term:{term.id}"]
        yield TextField(doc, base + ("definition",), term.definition)
        for j, alt in enumerate(term.alternative_definitions):
            yield TextField(doc, base + ("alternative_definitions", j, "definition"), alt.definition)
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        for j, dispute in enumerate(fact.disputed_by):
            yield TextField(doc, base + ("disputed_by", j, "note"), dispute.note)
    doc, base = content.where["site:site"]
    for name in ("description", "home_intro", "disclaimer", "medicines_notice"):
        yield TextField(doc, base + (name,), getattr(content.site, name))
    doc, base = content.where["crisis:crisis"]
    yield TextField(doc, base + ("lead",), content.crisis.lead)


@dataclass(frozen=True)
class NumberField:
    """A text a reader sees, for the number scanner: prose, or a one-line name, title or unit."""

    field: TextField
    markdown: bool = True
    rules: str = ""
    """'unit' or 'label': the field has allowances of its own (see faq_build/numbers.py)."""


def number_fields(content: Content) -> list[NumberField]:
    """Every text a reader sees, for NUMBER-BARE: the prose fields plus names, titles, roles and units.

    Wider than :func:`text_fields` on purpose: a figure in a glossary term, a crisis service's name
    or a reviewer's role reaches readers (links, the crisis box on every page, JSON-LD) just as
    surely as one in an answer. Source titles, authors, journals, volumes, pages, years and
    identifiers are a citation, not statistics, and are not read; a source's ``label`` is, as it is
    printed after every figure it backs.
    """
    cached = getattr(content, "_number_fields", None)
    if cached is None:
        cached = [NumberField(f) for f in text_fields(content)] + list(_iter_one_line_fields(content))
        content._number_fields = cached
    return cached


def _iter_one_line_fields(content: Content) -> Iterator[NumberField]:
    def one_line(doc: RawDocument, path: PathKey, text: str | None, *, rules: str = "") -> Iterator[NumberField]:
        if text:
            yield NumberField(TextField(doc, path, text), markdown=False, rules=rules)

    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for name in ("reviewer", "reviewer_role"):
            yield from one_line(doc, base + ("review", name), getattr(topic.review, name))
    for term in content.terms.values():
        doc, base = content.where[f"term:{term.id}"]
        yield from one_line(doc, base + ("term",), term.term)
        for j, name in enumerate(term.other_names):
            yield from one_line(doc, base + ("other_names", j), name)
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        yield from one_line(doc, base + ("unit",), fact.unit, rules="unit")
    for source in content.sources.values():
        doc, base = content.where[f"source:{source.id}"]
        yield from one_line(doc, base + ("label",), source.label, rules="label")
    doc, base = content.where["site:site"]
    yield from one_line(doc, base + ("home_title",), content.site.home_title)
    doc, base = content.where["crisis:crisis"]
    yield from one_line(doc, base + ("title",), content.crisis.title)
    for i, service in enumerate(content.crisis.services):
        for name in ("region", "name", "contact", "sms", "sms_body", "note", "button"):  # sms is shown: "or text 85258"
            yield from one_line(doc, base + ("services", i, name), getattr(service, name))


def _missing(kind: str, ident: str, known: Iterable[str], position: Position, field_name: str) -> Diagnostic:
    return Diagnostic(
        code="REF-MISSING",
        message=f"{field_name} refers to {kind} '{ident}', which does not exist",
        position=position,
        expected=f"the id of a {kind}",
        found=f"'{ident}'",
        hint=did_you_mean(ident, known) or f"add the {kind}, or correct the id",
    )


# --------------------------------------------------------------------------- checks


@check("REF-MISSING")
def check_field_references(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every id named in ``related``, ``sources``, ``source`` and ``disputed_by`` exists.

    A dangling reference becomes a broken link or an uncited claim on a patient's screen.
    """
    question_ids = {q.id for _, q in content.questions()}
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for i, question in enumerate(topic.questions):
            for j, rel in enumerate(question.related):
                if rel not in question_ids:
                    yield _missing("question", rel, question_ids, doc.position(base + ("questions", i, "related", j)), "related")
                elif rel == question.id:
                    yield Diagnostic("REF-SELF", "a question lists itself as related",
                                     doc.position(base + ("questions", i, "related", j)), hint="remove it")
            for j, src in enumerate(question.sources):
                if src not in content.sources:
                    yield _missing("source", src, content.sources, doc.position(base + ("questions", i, "sources", j)), "sources")
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        if fact.source not in content.sources:
            yield _missing("source", fact.source, content.sources, doc.position(base + ("source",)), "source")
        for j, dispute in enumerate(fact.disputed_by):
            if dispute.fact not in content.facts:
                yield _missing("fact", dispute.fact, content.facts, doc.position(base + ("disputed_by", j, "fact")), "disputed_by")
            elif dispute.fact == fact.id:
                yield Diagnostic("REF-SELF", "a fact lists itself in disputed_by",
                                 doc.position(base + ("disputed_by", j, "fact")),
                                 hint="name the other fact that disagrees, or remove the entry")
    for term in content.terms.values():
        doc, base = content.where[f"term:{term.id}"]
        for j, alt in enumerate(term.alternative_definitions):
            if alt.source not in content.sources:
                yield _missing("source", alt.source, content.sources,
                               doc.position(base + ("alternative_definitions", j, "source")), "source")
    doc, base = content.where["crisis:crisis"]
    if content.crisis.source and content.crisis.source not in content.sources:
        yield _missing("source", content.crisis.source, content.sources, doc.position(base + ("source",)), "source")
    for i, service in enumerate(content.crisis.services):
        if service.source and service.source not in content.sources:
            yield _missing("source", service.source, content.sources,
                           doc.position(base + ("services", i, "source")), "source")


@check("REF-TEXT")
def check_text_references(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every ``{{ fact: id }}``, ``{{ term: id }}`` and ``{{ question: id }}`` in text points at something real.

    A typo in a reference must never publish as raw braces or a missing number. A fact reference
    takes no ``| words`` (REF-FACT-TEXT): they would be printed in place of the cited value.
    """
    known = {
        "fact": set(content.facts),
        "term": set(content.terms),
        "question": {q.id for _, q in content.questions()},
        "crisis": {CRISIS_BOX_ID},
    }
    for field in text_fields(content):
        for ref in find_references(field.text):
            if ref.kind not in KINDS:
                yield Diagnostic(
                    "REF-SYNTAX", f"unknown reference kind '{ref.kind}'", field.at(ref.start),
                    expected="{{ fact: id }}, {{ term: id }}, {{ question: id }} or {{ crisis: box }}", found=field.text[ref.start:ref.end],
                    hint=did_you_mean(ref.kind, KINDS),
                )
            elif ref.id not in known[ref.kind]:
                yield _missing(ref.kind, ref.id, known[ref.kind], field.at(ref.start), "text")
            if ref.kind == "fact" and ref.piped:
                yield _fact_text(field, ref)
        for offset in stray_braces(field.text):
            yield Diagnostic(
                "REF-SYNTAX", "unfinished or malformed reference", field.at(offset),
                expected="{{ fact: id }}, {{ term: id }} or {{ question: id }}",
                found=field.text[offset: offset + 30].split("\n")[0],
                hint="check both pairs of curly braces and the colon",
            )


def _fact_text(field: TextField, ref) -> Diagnostic:
    """REF-FACT-TEXT: words after '|' would replace the registered figure ('95%' for 36.8%)."""
    typed = field.text[ref.start:ref.end]
    return Diagnostic(
        "REF-FACT-TEXT", f"fact reference '{ref.id}' has its own text after '|'", field.at(ref.start),
        expected=f"{{{{ fact: {ref.id} }}}}", found=typed,
        hint="a fact is shown as its registered value; remove '| …'",
    )


_UNSAFE = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag"),
    (re.compile(r"<\s*(iframe|object|embed|form|style)\b", re.I), "an embedded-content tag"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler (on...=)"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link"),
]


_UNSAFE_HINT_RE = re.compile(r"[<=:]")


@check("MARKDOWN-UNSAFE")
def check_unsafe_markup(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """No scripts, inline event handlers, embeds or ``javascript:`` links in content.

    Pages are trusted by distressed readers and printed by clinics; content must not run code
    or load anything from elsewhere.
    """
    for field in text_fields(content):
        if not _UNSAFE_HINT_RE.search(field.text):
            continue  # no '<', '=' or ':' at all: nothing below can match
        for pattern, what in _UNSAFE:
            for match in pattern.finditer(field.text):
                yield Diagnostic(
                    "MARKDOWN-UNSAFE", f"content contains {what}", field.at(match.start()),
                    found=match.group(0).strip(), hint="use plain Markdown; links must start with https:// or point to a page here",
                )


_PLACEHOLDER_RE = re.compile(r"\bTODO\b|\bFIXME\b|\bXXX\b")


@check("PLACEHOLDER")
def check_placeholders(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Scaffolded placeholders (``TODO``) are filled in before anything is published."""
    for field in text_fields(content):
        for match in _PLACEHOLDER_RE.finditer(field.text):
            yield Diagnostic(
                "PLACEHOLDER", "placeholder text has not been replaced", field.at(match.start()),
                found=field.text[match.start(): match.start() + 50].split("\n")[0],
                hint="write the real text; placeholders come from 'faq-build new-question'",
            )
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for name in ("reviewer", "reviewer_role"):
            value = getattr(topic.review, name) or ""
            for match in _PLACEHOLDER_RE.finditer(value):
                yield Diagnostic("PLACEHOLDER", "placeholder text has not been replaced",
                                 doc.text_position(base + ("review", name), match.start()),
                                 found=value, hint="name the clinician who reviewed the page and their role")
        if topic.id.startswith("todo-"):
            yield Diagnostic("PLACEHOLDER", "the topic id is still the placeholder", doc.position(base + ("id",)),
                             found=topic.id, hint="choose a short, stable id; it becomes the page address")
        for i, question in enumerate(topic.questions):
            if question.id.startswith("todo-"):
                yield Diagnostic("PLACEHOLDER", "the question id is still the placeholder",
                                 doc.position(base + ("questions", i, "id")), found=question.id,
                                 hint="choose a short, stable id that says what the question is about")


@check("ID-RESERVED")
def check_reserved_ids(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Topic ids become page addresses and must not clash with the site's own pages."""
    for topic in [*content.topics, *content.pages]:
        if topic.id in RESERVED_PAGE_IDS:
            doc, base = content.where[f"topic:{topic.id}"]
            yield Diagnostic("ID-RESERVED", f"page id '{topic.id}' is reserved for the site's own files",
                             doc.position(base + ("id",)), expected="another id",
                             found=topic.id, hint="reserved: " + ", ".join(sorted(RESERVED_PAGE_IDS)))
    for topic in content.topics:
        if topic.id.endswith(SHORT_HANDOUT_SUFFIX):
            doc, base = content.where[f"topic:{topic.id}"]
            yield Diagnostic("ID-RESERVED", f"topic id '{topic.id}' ends in '{SHORT_HANDOUT_SUFFIX}'",
                             doc.position(base + ("id",)), expected=f"an id not ending in '{SHORT_HANDOUT_SUFFIX}'",
                             found=topic.id,
                             hint="its handout would share a file name with another topic's short handout "
                                  "(handouts/<id>-short-a4.pdf)")


@check("TOPIC-FILE-NAME")
def check_topic_file_names(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A topic file is named after its id, so editors find the page they want to change."""
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        expected = f"{topic.id}.yml"
        if not doc.path.endswith("/" + expected):
            yield Diagnostic("TOPIC-FILE-NAME", "topic file name does not match its id", doc.position(base + ("id",)),
                             expected=expected, found=doc.path.rsplit("/", 1)[-1],
                             hint="rename the file or change the id", severity=Severity.WARNING)


@check("REVIEW-DATES")
def check_review_dates(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every topic is reviewed: last review not in the future, next review after it and
    at most three years later, and not overdue. Out-of-date health information can harm."""
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        review = topic.review
        where = base + ("review",)
        if review.last_reviewed > ctx.today:
            yield Diagnostic("REVIEW-DATES", "last review date is in the future", doc.position(where + ("last_reviewed",)),
                             expected=f"on or before {ctx.today.isoformat()}", found=review.last_reviewed.isoformat())
        if review.next_review_due <= review.last_reviewed:
            yield Diagnostic("REVIEW-DATES", "next review must come after the last review",
                             doc.position(where + ("next_review_due",)),
                             expected=f"after {review.last_reviewed.isoformat()}", found=review.next_review_due.isoformat())
        elif (review.next_review_due - review.last_reviewed).days > MAX_REVIEW_INTERVAL_DAYS:
            yield Diagnostic("REVIEW-DATES", "next review is more than three years after the last one",
                             doc.position(where + ("next_review_due",)),
                             expected="at most 3 years after last_reviewed", found=review.next_review_due.isoformat())
        if review.next_review_due < ctx.today:
            yield Diagnostic("REVIEW-OVERDUE", f"topic '{topic.id}' was due for review on {review.next_review_due.isoformat()}",
                             doc.position(where + ("next_review_due",)),
                             hint="a clinician reviews the page, then updates last_reviewed and next_review_due")


_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")


@check("SHORT-ANSWER-LENGTH")
def check_short_answers(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """The short answer is one or two sentences: a worried reader gets the answer first."""
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for i, question in enumerate(topic.questions):
            text = re.sub(REF_PATTERN, "x", question.short_answer).strip()
            count = len(_SENTENCE_END_RE.findall(text + " "))
            if count > 2:
                yield Diagnostic("SHORT-ANSWER-LENGTH", "short answer is longer than two sentences",
                                 doc.position(base + ("questions", i, "short_answer")),
                                 expected="1 or 2 sentences", found=f"{count} sentences",
                                 hint="move the detail into 'body'")


REF_PATTERN = r"\{\{[^}]*\}\}"


# --------------------------------------------------------------------------- facts and numbers


_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]*$")


def crisis_numbers(content: Content) -> list[str]:
    """The crisis contacts that are phone numbers ('116 123'); a contact with other words in it
    ('999, 95% of calls...') is not one, so its digits are read like any other text."""
    return [s.contact for s in content.crisis.services if _PHONE_RE.match(s.contact)]


@check("NUMBER-BARE")
def check_bare_numbers(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every number a reader sees comes from the facts registry (``{{ fact: id }}``).

    A retyped number drifts from its source and loses its citation; patients act on numbers.
    A few plain numbers are allowed (list numbering, citation years, crisis numbers from
    content/crisis.yml, names such as DSM-5); see ``faq_build/numbers.py`` for each reason.
    Every text a reader sees is read (names, titles, roles, units too), and every way of writing
    a number: bold or code, other digit scripts, '½', '⁴⁰', '⑳', 'VIII out of X', 'one in three'.
    """
    from ..text.numbers import LABEL_ALLOWLIST, UNIT_ALLOWLIST, scan

    allowed = crisis_numbers(content)
    extra = {"": (), "unit": UNIT_ALLOWLIST, "label": LABEL_ALLOWLIST}
    for item in number_fields(content):
        field = item.field
        bare, allowed_counts = scan(field.text, allowed, markdown=item.markdown, extra_rules=extra[item.rules])
        if item.markdown:  # the summary counts the prose fields' allowed numbers
            ctx.stats.allowed_numbers += sum(allowed_counts.values())
        for offset, number in bare:
            yield Diagnostic(
                "NUMBER-BARE", f"number '{number}' is not a registered fact", field.at(offset),
                expected="{{ fact: id }} from content/facts.yml, or the number in words if it is not a statistic",
                found=number,
                hint="add the figure to facts.yml with its source and population, then refer to it",
            )


def _interval(fact) -> tuple[float, float]:
    if fact.value is not None and (fact.low is None or fact.high is None):
        return (fact.value, fact.value)
    return (fact.low, fact.high)


@check("FACT-CONFLICT")
def check_fact_conflicts(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Two facts measuring the same thing (same ``measure``) that disagree must be linked by
    ``disputed_by``. Otherwise one page could say "6 to 12 sessions" and another "6 to 18"
    without readers ever learning that experts disagree."""
    by_measure: dict[str, list] = {}
    for fact in content.facts.values():
        by_measure.setdefault(fact.measure, []).append(fact)
    for measure, facts in sorted(by_measure.items()):
        for i, first in enumerate(facts):
            for second in facts[i + 1:]:
                if _interval(first) == _interval(second) and first.unit == second.unit:
                    continue
                linked = {d.fact for d in first.disputed_by} | set()
                back = {d.fact for d in second.disputed_by}
                if second.id in linked or first.id in back:
                    continue
                doc, base = content.where[f"fact:{second.id}"]
                other_doc, other_base = content.where[f"fact:{first.id}"]
                yield Diagnostic(
                    "FACT-CONFLICT",
                    f"facts '{first.id}' and '{second.id}' measure '{measure}' but disagree",
                    doc.position(base + ("id",)),
                    found=f"{first.id} at {other_doc.position(other_base + ('id',))}",
                    hint="if both are right for different groups, give them different measures; "
                    "otherwise add disputed_by with a plain-language note to one of them",
                )


@check("FACT-DISPUTE-MEASURE")
def check_fact_disputes(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A dispute is between two facts that measure the same thing, and each is listed once.

    "Studies differ: NICE says 4 weeks; STAR*D says 36.8%" compares things that cannot disagree
    and tells a reader nothing true; a repeated entry prints the same claim twice. A dispute listed
    on one side only is shown on both (see ``resolve.dispute_partners``), so it needs no second entry.
    """
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        seen: set[str] = set()
        for j, dispute in enumerate(fact.disputed_by):
            position = doc.position(base + ("disputed_by", j, "fact"))
            other = content.facts.get(dispute.fact)
            if other is None or other.id == fact.id:
                continue  # REF-MISSING / REF-SELF
            if other.id in seen:
                yield Diagnostic("FACT-DISPUTE-DUPLICATE", f"fact '{fact.id}' lists '{other.id}' in disputed_by twice",
                                 position, found=other.id, hint="keep one entry and put both notes in it")
            seen.add(other.id)
            if other.measure != fact.measure:
                yield Diagnostic(
                    "FACT-DISPUTE-MEASURE", f"fact '{fact.id}' is disputed by '{other.id}', which measures something else",
                    position, expected=f"a fact whose measure is '{fact.measure}'", found=f"measure '{other.measure}'",
                    hint="only facts that measure the same thing can disagree; give them the same measure if they do",
                )


MAX_FIGURE = 1e15
"""Larger numbers are not figures anyone can check, and beyond about 9e15 they no longer print exactly."""

RATIO_UNIT_RE = re.compile(r"\b(?:ratio|relative risk)\b", re.I)
SIGNED_UNIT_RE = re.compile(r"\b(?:difference|change|points?|score|effect size)\b", re.I)
"""Units whose values can be below zero (a change in a score); every other unit counts or measures."""
EARLIEST_YEAR = 1800


def _raw(doc: RawDocument, path: PathKey):
    """The value as written in the file, before the model turned it into a float."""
    node = doc.data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _unit_range_problem(fact, name: str, number: float, today: date) -> str | None:
    """Why ``number`` is impossible for the fact's unit, or None."""
    unit = fact.unit.strip()
    shown = f"{number:g}"
    if unit == "%":
        return None if 0 <= number <= 100 else f"{name} {shown} is not a percentage between 0 and 100"
    if unit == "year":
        latest = today.year + 20
        if number != int(number) or not EARLIEST_YEAR <= number <= latest:
            return f"{name} {shown} is not a calendar year between {EARLIEST_YEAR} and {latest}"
        return None
    if RATIO_UNIT_RE.search(unit):
        return None if number > 0 else f"{name} {shown} is not possible in {unit}: a ratio is always above 0"
    if SIGNED_UNIT_RE.search(unit):
        return None
    return None if number >= 0 else f"{name} {shown} is below zero, which is not possible in {unit}"


@check("FACT-VALUE-RANGE")
def check_fact_values(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Fact values are possible: numbers written as numbers (not true or "36.8"), finite and
    printable exactly, within what the unit allows (percentages within 0-100, no negative weeks,
    sessions, hours or years, ratios above 0, a year that is a calendar year), low <= value <= high,
    and a confidence interval that contains the estimate. A typo in a figure must not publish."""
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]

        def problem(field_name: str, message: str) -> Diagnostic:
            return Diagnostic("FACT-VALUE-RANGE", message, doc.position(base + (field_name,)))

        numbers = {
            name: getattr(fact, name)
            for name in ("value", "low", "high", "ci_low", "ci_high")
            if getattr(fact, name) is not None
        }
        for name in list(numbers):
            raw = _raw(doc, base + (name,))
            if isinstance(raw, (bool, str)):
                from ..validate import describe  # validate imports this module

                del numbers[name]
                yield Diagnostic("FIELD-TYPE", f"wrong kind of value for '{name}'", doc.position(base + (name,)),
                                 expected="a number", found=describe(raw),
                                 hint="write the figure as a plain number, without quotes (true/false are not numbers)")
            elif not math.isfinite(numbers[name]) or abs(numbers[name]) >= MAX_FIGURE:
                del numbers[name]
                yield problem(name, f"{name} {raw} is not a figure that can be printed exactly")
        for name, number in numbers.items():
            message = _unit_range_problem(fact, name, number, ctx.today)
            if message:
                yield problem(name, message)
        # a value that is not a number (reported above) is not compared with the others
        comparable = len(numbers) == sum(getattr(fact, n) is not None for n in ("value", "low", "high", "ci_low", "ci_high"))
        if (fact.low is None) != (fact.high is None):
            yield problem("low" if fact.low is not None else "high", "a range needs both low and high")
        if comparable and fact.low is not None and fact.high is not None:
            if fact.low > fact.high:
                yield problem("low", f"low ({fact.low}) is greater than high ({fact.high})")
            elif fact.value is not None and not fact.low <= fact.value <= fact.high:
                yield problem("value", f"value {fact.value} lies outside its range {fact.low}-{fact.high}")
        if (fact.ci_low is None) != (fact.ci_high is None):
            yield problem("ci_low" if fact.ci_low is not None else "ci_high", "a confidence interval needs ci_low and ci_high")
        if comparable and fact.ci_low is not None and fact.ci_high is not None:
            estimate = fact.value
            if fact.ci_low > fact.ci_high:
                yield problem("ci_low", f"ci_low ({fact.ci_low}) is greater than ci_high ({fact.ci_high})")
            elif estimate is not None and not fact.ci_low <= estimate <= fact.ci_high:
                yield problem("value", f"the confidence interval {fact.ci_low}-{fact.ci_high} does not contain {estimate}")


_COUNT = r"(?:one|two|three|four|\d+)"
_THRESHOLD_DEFINITIONS = re.compile(
    rf"\b(?:(?:at least|a minimum of|no fewer than|more than)\s+{_COUNT}|{_COUNT} or more|(?:after|following)\s+{_COUNT})\s+"
    r"(?:(?:adequate|different|failed|unsuccessful|proper|full|separate)\s+)*"
    r"(?:antidepressants?|medicines?|medications?|treatments?|trials?|courses? of treatment)\b",
    re.I,
)


_THRESHOLD_HINT_RE = re.compile(r"least|minimum|fewer|more|after|following", re.I)

# The sentence rule: a sentence that names the condition (or uses a defining verb), counts
# treatments and says they did not work states a threshold, however it is worded.
_DEFINING_RE = re.compile(
    r"\btreatment[- ]resist\w*|\bTRD\b|\bresistan(?:t|ce)\b|\bcount(?:s|ed)? (?:it )?as\b"
    r"|\b(?:is|are|be|being) called\b|\bcall(?:s|ed)? (?:it|this|that)\b|\bdefin(?:e|es|ed|ing|ition|itions)\b"
    r"|\bmeans?\b|\bknown as\b|\bdiagnos\w*",
    re.I,
)
"""Names the condition or defines something. Words only: the ``{{ term: ... }}`` link is blanked
first, so "ask about {{ term: treatment-resistant-depression }}" names nothing here."""
_COUNT_WORD = (
    r"(?:(?:at least|a minimum of|no fewer than|more than|over)\s+)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|a single|a second|a third|second|third|both|\d+)"
)
_TREATMENT_NOUN = (
    r"(?:antidepressants?|medicines?|medications?|drugs?|tablets?|treatments?|therap(?:y|ies)"
    r"|trials?|courses?|tries|attempts)"
)
_COUNTED_TREATMENTS_RE = re.compile(
    rf"\b{_COUNT_WORD}(?:\s+or\s+(?:more|\w+))?\s+(?:[\w-]+\s+){{0,3}}?{_TREATMENT_NOUN}\b",
    re.I,
)
"""A number of treatments: "two medicines", "2 adequate trials", "one or more antidepressants".
Not "several", "many", "a few", "multiple" or "the first": they set no threshold that could
disagree with the glossary, and ordinary sentences use them ("after several treatments have not helped")."""
_NO_RESPONSE_RE = re.compile(
    r"\b(?:did|do|does|has|have|had)(?:\s+not|n't)\s+(?:work|worked|help|helped|improve|improved|get better|got better)\b"
    r"|\bnot\s+(?:work(?:ed|ing)?|help(?:ed|ing)?|respond(?:ed|ing)?|improv(?:e|ed|ing))\b"
    r"|\bfail(?:s|ed|ing|ure|ures)?\b|\bno (?:response|improvement|benefit)\b|\bunsuccessful\b"
    r"|\bwithout (?:a )?(?:response|improvement|success)\b|\b(?:inadequate|poor) response\b",
    re.I,
)
"""Says the treatments did not work: "did not help", "have failed", "not responding", "no response"."""
_SENTENCE_BREAK_RE = re.compile(r"[.!?;](?=\s|$)|\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s|\n\s*#+\s")
"""Where a sentence ends: after . ! ? ; before a blank line, a list item or a heading. A single
newline inside a paragraph is a wrapped line, not a break."""


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence of ``text`` with its offset, so positions point into the original field."""
    start = 0
    for brk in _SENTENCE_BREAK_RE.finditer(text):
        yield start, text[start:brk.end()]
        start = brk.end()
    yield start, text[start:]


def _threshold_sentences(text: str) -> Iterator[tuple[range, int, str]]:
    """(sentence span, offset of the count, sentence) for each sentence that states a threshold."""
    for offset, sentence in _sentences(text):
        counted = _COUNTED_TREATMENTS_RE.search(sentence)
        if counted and _NO_RESPONSE_RE.search(sentence) and _DEFINING_RE.search(sentence):
            yield range(offset, offset + len(sentence)), offset + counted.start(), " ".join(sentence.split())


@check("DEFINITION-RESTATED")
def check_restated_definitions(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Threshold definitions of treatment-resistant depression or anxiety live only in the glossary.

    The source material defined treatment-resistant depression differently on different
    lines (one vs two failed medicines). Answers link the term instead, so the definition
    and its attributed alternatives are written once and cannot drift. Caught: "at least two
    antidepressants..." anywhere, and any sentence that names the condition or defines
    ("TRD", "resistant", "is called", "counts as", "defined", "means"), counts treatments
    ("two medicines", "2 adequate trials") and says they did not work ("did not help", "failed",
    "not responding"). Advice such as "if two medicines have not helped, ask about
    {{ term: treatment-resistant-depression }}" defines nothing and is not caught.
    """
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for i, question in enumerate(topic.questions):
            for name in ("short_answer", "body"):
                path = base + ("questions", i, name)
                text = re.sub(REF_PATTERN, lambda m: " " * len(m.group(0)), getattr(question, name))
                yield from _restated_in(doc, path, text)


def _restated_in(doc: RawDocument, path: PathKey, text: str) -> Iterator[Diagnostic]:
    """One diagnostic per threshold: the fixed wordings first, then sentences that word it their own way."""
    hint = ("link the glossary term instead, e.g. {{ term: treatment-resistant-depression }}; "
            "definitions and their sources live in content/glossary.yml")
    covered: list[int] = []
    if _THRESHOLD_HINT_RE.search(text):  # none of the words a fixed wording starts with: skip the scan
        for match in _THRESHOLD_DEFINITIONS.finditer(text):
            if _ordinary_more_than(match, text):
                continue
            covered.append(match.start())
            yield Diagnostic("DEFINITION-RESTATED", "answer restates a threshold definition",
                             doc.text_position(path, match.start()), found=match.group(0), hint=hint)
    for span, offset, sentence in _threshold_sentences(text):
        if any(start in span for start in covered):
            continue  # already reported by its fixed wording
        yield Diagnostic("DEFINITION-RESTATED", "answer restates a threshold definition",
                         doc.text_position(path, offset), found=sentence, hint=hint)


def _ordinary_more_than(match: re.Match[str], text: str) -> bool:
    """"Many people try more than one treatment" is encouragement, not a threshold.

    A "more than N ..." wording is a definition only when its sentence also says the treatments
    did not work ("more than one antidepressant has failed"); the other fixed wordings ("at least
    two", "two or more", "after two") are reported as before.
    """
    if not match.group(0).lower().startswith("more than"):
        return False
    sentence = next(s for start, s in _sentences(text) if start <= match.start() < start + len(s))
    return not _NO_RESPONSE_RE.search(sentence)


# --------------------------------------------------------------------------- language

STIGMA: tuple[tuple[str, str, str], ...] = (
    # (cheap lowercase trigger that must occur, pattern, kinder wording)
    ("complian", r"\bnon-?complian(?:t|ce)\b|\bcomplian(?:t|ce)\b", "taking medicine as prescribed (it can be hard)"),
    ("resistant ", r"\b(?:treatment-)?resistant (?:patient|client|person|people)s?\b",
     "someone whose illness has not improved enough yet"),
    ("fail", r"\bfailed (?:treatments?|therapy|antidepressants?|medicines?)\b|\btreatment failures?\b|\byou failed\b",
     "the treatment did not help enough"),
    ("suffer", r"\bsuffer(?:s|ed|ing)? from\b|\bsufferers?\b", "has, lives with"),
    ("suicide", r"\bcommit(?:ted|s)? suicide\b", "died by suicide, took their own life"),
    ("addict", r"\baddicts?\b", "a person with an addiction"),
    ("mental", r"\bthe mentally ill\b|\bmental patients?\b", "people with mental health problems"),
    ("", r"\b(?:crazy|insane|psycho|lunatic)\b", "describe the experience instead"),
    ("", r"\b(?:attention[- ]seeking|manipulative|drug[- ]seeking)\b", "describe what happened, without judging"),
    ("", r"\bunmotivated patients?\b|\blazy\b", "finding it hard to get started"),
)
_STIGMA_RES = tuple((trigger, re.compile(pattern, re.I), better) for trigger, pattern, better in STIGMA)
_STIGMA_ANY_RE = re.compile(r"crazy|insane|psycho|lunatic|attention|manipulat|drug|unmotivated|lazy")


@check("LANGUAGE-STIGMA")
def check_stigmatising_language(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """No blaming or stigmatising words ("non-compliant", "resistant client", "failed
    treatment", "suffers from", "committed suicide"...). Readers who were told they are
    "treatment resistant" often hear "you failed"; our words must not add to that."""
    for field in text_fields(content):
        lowered = field.text.lower()
        for trigger, pattern, better in _STIGMA_RES:
            if trigger and trigger not in lowered:
                continue  # cheap filter: most texts contain none of the words
            if not trigger and not _STIGMA_ANY_RE.search(lowered):
                continue
            for match in pattern.finditer(field.text):
                yield Diagnostic(
                    "LANGUAGE-STIGMA", f"'{match.group(0)}' can blame or stigmatise readers", field.at(match.start()),
                    found=match.group(0), expected=better, hint=f"try: {better}",
                )


# --------------------------------------------------------------------------- readability

MAX_GRADE = 8.0


@functools.lru_cache(maxsize=4096)
def answer_grade(markdown: str) -> float:
    """Flesch-Kincaid grade of one answer (cached: the check and the build report both ask)."""
    from ..text.readability import fk_grade

    return fk_grade(markdown)


def answer_text(question) -> str:
    return f"{question.short_answer}\n\n{question.body}"


@check("READABILITY")
def check_readability(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every answer reads at Flesch-Kincaid grade 8 or below (target: median 7 or below).

    Readers are often distressed and reading on a phone. An answer may go above the limit
    only with ``readability_override`` giving the reason (for example names of medicines).
    """
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for i, question in enumerate(topic.questions):
            grade = answer_grade(answer_text(question))
            ctx.stats.grades.append((grade, question.id))
            if grade > MAX_GRADE and not (question.readability_override or "").strip():
                yield Diagnostic(
                    "READABILITY", f"answer '{question.id}' reads at grade {grade:.1f}",
                    doc.position(base + ("questions", i, "short_answer")),
                    expected=f"Flesch-Kincaid grade {MAX_GRADE:.0f} or below", found=f"grade {grade:.1f}",
                    hint="use shorter sentences and everyday words; or add readability_override with the reason",
                )


# --------------------------------------------------------------------------- stable links


@check("LINK-REMOVED")
def check_published_links(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every address in published-links.txt still resolves (directly or through an alias).

    Clinics print these links in letters and on posters; a renamed answer must keep its
    old ``#anchor`` and a renamed topic its old address.
    """
    from ..outputs.published_links import check_published

    yield from check_published(content, list(ctx.published))


@check("ALIAS-CLASH")
def check_aliases(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """An alias must not be the id of another page or answer, a name the site itself uses, or another
    topic's alias, or an address would point two ways (or be overwritten by the site's own files)."""
    page_ids = {t.id for t in content.topics} | {p.id for p in content.pages}
    claimed: dict[str, str] = {}
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for j, alias in enumerate(topic.aliases):
            position = doc.position(base + ("aliases", j))
            if alias in RESERVED_PAGE_IDS:
                yield Diagnostic("ALIAS-CLASH", f"topic alias '{alias}' is reserved for the site's own files",
                                 position, found=alias, hint="reserved: " + ", ".join(sorted(RESERVED_PAGE_IDS)))
            elif alias in page_ids:
                yield Diagnostic("ALIAS-CLASH", f"topic alias '{alias}' is already a page address",
                                 position, hint="an alias is an old, retired id")
            elif claimed.get(alias, topic.id) != topic.id:
                yield Diagnostic("ALIAS-CLASH", f"topic alias '{alias}' is already an alias of topic '{claimed[alias]}'",
                                 position, found=alias,
                                 hint="an old address can redirect to one topic only; keep the alias on one of them")
            claimed.setdefault(alias, topic.id)
        ids = {q.id for q in topic.questions}
        seen: set[str] = set()
        for i, question in enumerate(topic.questions):
            for j, alias in enumerate(question.aliases):
                if alias in ids or alias in seen:
                    yield Diagnostic("ALIAS-CLASH", f"question alias '{alias}' is already an anchor on this page",
                                     doc.position(base + ("questions", i, "aliases", j)),
                                     hint="an alias is an old, retired id")
                seen.add(alias)


@check("CRISIS-PHRASE")
def check_crisis_phrases(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each crisis phrase is plain words that can match only what it says, and is listed once.

    A phrase made only of ignore_words would show the crisis card for every query, one with
    punctuation could never match what people type, and a repeated phrase hides which entry an
    editor meant to change. False alarms matter too: a card on every search teaches people to
    scroll past it."""
    doc, base = content.where["crisis:crisis"]
    vocabulary = content.crisis.search
    seen: dict[tuple[str, ...], int] = {}
    for i, phrase in enumerate(vocabulary.phrases):
        position = doc.position(base + ("search", "phrases", i))
        if not CRISIS_PHRASE_RE.match(phrase):
            yield Diagnostic("CRISIS-PHRASE", f"crisis phrase '{phrase}' has characters people do not type in a search",
                             position, expected="lowercase words, digits, spaces, apostrophes or &",
                             found=repr(phrase), hint="write it as people type it, without other punctuation")
            continue
        words = crisis_phrase_words(phrase, vocabulary.ignore_words, vocabulary.same_words)
        if not any(len(word) >= 2 for word in words):
            yield Diagnostic("CRISIS-PHRASE", f"crisis phrase '{phrase}' has no word left once ignore_words are left out",
                             position, expected="at least one word of two or more letters that is not an ignore word",
                             found=repr(phrase), hint="it would match every search; add the word that carries the meaning")
            continue
        key = tuple(sorted(words))
        if key in seen:
            yield Diagnostic("CRISIS-PHRASE", f"crisis phrase '{phrase}' says the same as phrase {seen[key] + 1}",
                             position, found=repr(phrase), hint="remove one of them")
        else:
            seen[key] = i


CRISIS_PHRASE_RE = re.compile(r"^[a-z0-9&' ]+$")


def crisis_phrase_words(phrase: str, ignore: Iterable[str], same: Iterable[Iterable[str]]) -> list[str]:
    """A phrase's words as the search box compares them (lower case, no apostrophes or '&', ignore
    words left out, same_words mapped to the first of their group); endings and typos are the
    browser's business (overrides/assets/javascripts/faq-search-core.js)."""
    canonical = {word: group[0] for group in map(list, same) for word in group}
    skip = set(ignore)
    words = re.split(r"[^a-z0-9]+", phrase.lower().replace("'", "").replace("\u2019", "").replace("&", ""))
    return [canonical.get(w, w) for w in words if w and w not in skip]


@check("SEARCH-WORD-DUPLICATE")
def check_search_words(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A search word belongs to one list and one group only (content/thesaurus.yml and the crisis
    vocabulary in content/crisis.yml).

    A word in two synonym groups, or a stop word that also has synonyms (it is dropped before they
    are looked up), means one of the two entries silently does nothing."""
    if "thesaurus:thesaurus" in content.where:
        doc, base = content.where["thesaurus:thesaurus"]
        thesaurus = content.thesaurus
        first: dict[str, str] = {}
        for j, word in enumerate(thesaurus.stop_words):
            yield from _once(first, word, "stop_words", doc.position(base + ("stop_words", j)))
        for i, group in enumerate(thesaurus.synonyms):
            for j, word in enumerate(group.words):
                yield from _once(first, word, f"synonyms group {i + 1}",
                                 doc.position(base + ("synonyms", i, "words", j)))
    doc, base = content.where["crisis:crisis"]
    vocabulary = content.crisis.search
    first = {}
    for j, word in enumerate(vocabulary.ignore_words):
        yield from _once(first, word, "ignore_words", doc.position(base + ("search", "ignore_words", j)))
    for i, group in enumerate(vocabulary.same_words):
        for j, word in enumerate(group):
            yield from _once(first, word, f"same_words group {i + 1}",
                             doc.position(base + ("search", "same_words", i, j)))


def _once(first: dict[str, str], word: str, where: str, position: Position) -> Iterator[Diagnostic]:
    if word in first:
        yield Diagnostic("SEARCH-WORD-DUPLICATE", f"search word '{word}' is listed twice",
                         position, found=f"'{word}', already in {first[word]}",
                         hint="keep it in one place only")
    else:
        first[word] = where


from . import fact_frequency, pages  # noqa: E402, F401  (register FACT-FREQUENCY and the page checks here)
