"""Safety of what is published: no code in content, no placeholder left from a scaffold.

Pages are trusted by distressed readers and printed by clinics. The resolved-Markdown
allowlist (MARKDOWN-HTML, LINK-UNSAFE in ``text/sanitise.py``) runs after these checks; the
early MARKDOWN-UNSAFE message here is the friendlier one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Content, Topic
from .base import CheckContext, check
from .fields import text_fields

_UNSAFE = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag"),
    (re.compile(r"<\s*(iframe|object|embed|form|style)\b", re.I), "an embedded-content tag"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler (on...=)"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link"),
]
_UNSAFE_HINT_RE = re.compile(r"[<=:]")


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
                    found=match.group(0).strip(),
                    hint="use plain Markdown; links must start with https:// or point to a page here",
                )
check_unsafe_markup = check("MARKDOWN-UNSAFE")(check_unsafe_markup)


_PLACEHOLDER_RE = re.compile(r"\bTODO\b|\bFIXME\b|\bXXX\b")


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
        yield from _placeholder_review_and_ids(content, topic)
check_placeholders = check("PLACEHOLDER")(check_placeholders)


def _placeholder_review_and_ids(content: Content, topic: Topic) -> Iterator[Diagnostic]:
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
