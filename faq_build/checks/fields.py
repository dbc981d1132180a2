"""The texts a reader sees, each with where it lives, for the checks that read prose and numbers.

Several checks, the build report, the link checker and the origins map read the same lists, so
each is computed once per :class:`~faq_build.model.Content` and remembered beside it (keyed by
the object, dropped when the content is), never stored on it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..diagnostics import Position
from ..model import Content, Question
from ..source import PathKey, RawDocument

T = TypeVar("T")


@dataclass(frozen=True)
class TextField:
    """A piece of editor-written text with its file position, for checks that read prose."""

    doc: RawDocument
    path: PathKey
    text: str

    def at(self, offset: int) -> Position:
        return self.doc.text_position(self.path, offset)


@dataclass(frozen=True)
class NumberField:
    """A text a reader sees, for the number scanner: prose, or a one-line name, title or unit."""

    field: TextField
    markdown: bool = True
    rules: str = ""
    """'unit' or 'label': the field has allowances of its own (see faq_build/text/numbers.py)."""


class _PerContent(Generic[T]):
    """One computed list per live Content object (Content is a mutable dataclass: not hashable)."""

    def __init__(self, compute: Callable[[Content], list[T]]) -> None:
        self._compute = compute
        self._lists: dict[int, list[T]] = {}

    def __call__(self, content: Content) -> list[T]:
        key = id(content)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = self._compute(content)
            weakref.finalize(content, self._lists.pop, key, None)  # before the id can be reused
        return found


def _text_fields(content: Content) -> list[TextField]:
    return list(_iter_text_fields(content))


text_fields = _PerContent(_text_fields)
"""Every prose field a reader sees, with where it lives (computed once per content)."""


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


def _number_fields(content: Content) -> list[NumberField]:
    return [NumberField(f) for f in text_fields(content)] + list(_iter_one_line_fields(content))


number_fields = _PerContent(_number_fields)
"""Every text a reader sees, for NUMBER-BARE: the prose fields plus names, titles, roles and units.

Wider than :func:`text_fields` on purpose: a figure in a glossary term, a crisis service's name
or a reviewer's role reaches readers (links, the crisis box on every page, JSON-LD) just as
surely as one in an answer. Source titles, authors, journals, volumes, pages, years and
identifiers are a citation, not statistics, and are not read; a source's ``label`` is, as it is
printed after every figure it backs.
"""


def _one_line(doc: RawDocument, path: PathKey, text: str | None, *, rules: str = "") -> Iterator[NumberField]:
    if text:
        yield NumberField(TextField(doc, path, text), markdown=False, rules=rules)


def _iter_one_line_fields(content: Content) -> Iterator[NumberField]:
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        for name in ("reviewer", "reviewer_role"):
            yield from _one_line(doc, base + ("review", name), getattr(topic.review, name))
    for term in content.terms.values():
        doc, base = content.where[f"term:{term.id}"]
        yield from _one_line(doc, base + ("term",), term.term)
        for j, name in enumerate(term.other_names):
            yield from _one_line(doc, base + ("other_names", j), name)
    for fact in content.facts.values():
        doc, base = content.where[f"fact:{fact.id}"]
        yield from _one_line(doc, base + ("unit",), fact.unit, rules="unit")
    for source in content.sources.values():
        doc, base = content.where[f"source:{source.id}"]
        yield from _one_line(doc, base + ("label",), source.label, rules="label")
    doc, base = content.where["site:site"]
    yield from _one_line(doc, base + ("home_title",), content.site.home_title)
    doc, base = content.where["crisis:crisis"]
    yield from _one_line(doc, base + ("title",), content.crisis.title)
    for i, service in enumerate(content.crisis.services):
        for name in ("region", "name", "contact", "sms", "sms_body", "note", "button"):  # sms is shown: "or text 85258"
            yield from _one_line(doc, base + ("services", i, name), getattr(service, name))


def answer_text(question: Question) -> str:
    """An answer as a reader meets it: the short answer, then the body."""
    return f"{question.short_answer}\n\n{question.body}"


_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]*$")


def crisis_numbers(content: Content) -> list[str]:
    """The crisis contacts that are phone numbers ('116 123'); a contact with other words in it
    ('999, 95% of calls...') is not one, so its digits are read like any other text."""
    return [s.contact for s in content.crisis.services if _PHONE_RE.match(s.contact)]
