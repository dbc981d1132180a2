"""References: every id a field or a ``{{ … }}`` names exists, and a fact reference adds no words.

A dangling reference becomes a broken link or an uncited claim on a patient's screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..diagnostics import Diagnostic, Position, did_you_mean
from ..model import Content
from ..text.references import CRISIS_BOX_ID, KINDS, Reference, find_references, malformed_references, missing_colon
from .base import CheckContext, check
from .fields import TextField, text_fields


def missing(kind: str, ident: str, known: Iterable[str], position: Position, field_name: str) -> Diagnostic:
    """REF-MISSING for an id that names nothing, with the nearest id that does."""
    return Diagnostic(
        code="REF-MISSING",
        message=f"{field_name} refers to {kind} '{ident}', which does not exist",
        position=position,
        expected=f"the id of a {kind}",
        found=f"'{ident}'",
        hint=did_you_mean(ident, known) or f"add the {kind}, or correct the id",
    )


def check_references(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every id named in ``related``, ``sources``, ``source`` and ``disputed_by`` exists, and so does
    every ``{{ fact: id }}``, ``{{ term: id }}`` and ``{{ question: id }}`` in text.

    A dangling reference becomes a broken link or an uncited claim on a patient's screen, and a
    typo in a reference must never publish as raw braces or a missing number. A question is not
    related to itself and a fact does not dispute itself (REF-SELF). A fact reference takes no
    ``| words`` (REF-FACT-TEXT): they would be printed in place of the cited value.
    """
    yield from _field_references(content)
    yield from _text_references(content)
check_references = check("REF-MISSING", "REF-SELF", "REF-SYNTAX", "REF-FACT-TEXT")(check_references)


def _field_references(content: Content) -> Iterator[Diagnostic]:
    question_ids = {q.id for _, q in content.questions()}
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for i, question in enumerate(topic.questions):
            for j, rel in enumerate(question.related):
                if rel not in question_ids:
                    yield missing("question", rel, question_ids, doc.position(base + ("questions", i, "related", j)), "related")
                elif rel == question.id:
                    yield Diagnostic("REF-SELF", "a question lists itself as related",
                                     doc.position(base + ("questions", i, "related", j)), hint="remove it")
            for j, src in enumerate(question.sources):
                if src not in content.sources:
                    yield missing("source", src, content.sources, doc.position(base + ("questions", i, "sources", j)), "sources")
    yield from _fact_references(content)
    for term in content.terms.values():
        doc, base = content.where[f"term:{term.id}"]
        for j, alt in enumerate(term.alternative_definitions):
            if alt.source not in content.sources:
                yield missing("source", alt.source, content.sources,
                              doc.position(base + ("alternative_definitions", j, "source")), "source")
    doc, base = content.where["crisis:crisis"]
    if content.crisis.source and content.crisis.source not in content.sources:
        yield missing("source", content.crisis.source, content.sources, doc.position(base + ("source",)), "source")
    for i, service in enumerate(content.crisis.services):
        if service.source and service.source not in content.sources:
            yield missing("source", service.source, content.sources,
                          doc.position(base + ("services", i, "source")), "source")


def _fact_references(content: Content) -> Iterator[Diagnostic]:
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        if fact.source not in content.sources:
            yield missing("source", fact.source, content.sources, doc.position(base + ("source",)), "source")
        for j, dispute in enumerate(fact.disputed_by):
            if dispute.fact not in content.facts:
                yield missing("fact", dispute.fact, content.facts, doc.position(base + ("disputed_by", j, "fact")), "disputed_by")
            elif dispute.fact == fact.id:
                yield Diagnostic("REF-SELF", "a fact lists itself in disputed_by",
                                 doc.position(base + ("disputed_by", j, "fact")),
                                 hint="name the other fact that disagrees, or remove the entry")


def _text_references(content: Content) -> Iterator[Diagnostic]:
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
                    expected="{{ fact: id }}, {{ term: id }}, {{ question: id }} or {{ crisis: box }}",
                    found=field.text[ref.start:ref.end], hint=did_you_mean(ref.kind, KINDS),
                )
            elif ref.id not in known[ref.kind]:
                yield missing(ref.kind, ref.id, known[ref.kind], field.at(ref.start), "text")
            if ref.kind == "fact" and ref.piped:
                yield _fact_text(field, ref)
        for start, end in malformed_references(field.text):
            typed = field.text[start:end]
            meant = missing_colon(typed)
            yield Diagnostic(
                "REF-SYNTAX", "unfinished or malformed reference", field.at(start),
                expected=meant or "{{ fact: id }}, {{ term: id }} or {{ question: id }}",
                found=typed if end - start > 2 else field.text[start: start + 30].split("\n")[0],
                hint="put a colon after the kind" if meant else "check both pairs of curly braces and the colon",
            )


def _fact_text(field: TextField, ref: Reference) -> Diagnostic:
    """REF-FACT-TEXT: words after '|' would replace the registered figure ('95%' for 36.8%)."""
    typed = field.text[ref.start:ref.end]
    return Diagnostic(
        "REF-FACT-TEXT", f"fact reference '{ref.id}' has its own text after '|'", field.at(ref.start),
        expected=f"{{{{ fact: {ref.id} }}}}", found=typed,
        hint="a fact is shown as its registered value; remove '| …'",
    )
