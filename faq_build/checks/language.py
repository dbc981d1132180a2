"""Language: how answers are worded. Short answers come first and short, a threshold definition
lives only in the glossary, and no word blames or stigmatises the reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Content
from ..source import PathKey, RawDocument
from .base import CheckContext, check
from .fields import text_fields

REF_PATTERN = r"\{\{[^}]*\}\}"
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")


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
check_short_answers = check("SHORT-ANSWER-LENGTH")(check_short_answers)


# --------------------------------------------------------------------------- threshold definitions

_COUNT = r"(?:one|two|three|four|\d+)"
_THRESHOLD_DEFINITIONS = re.compile(
    r"(?=[anmotf]|\d)"  # the first letters of the wordings below: most positions fail here at once
    rf"\b(?:(?:at least|a minimum of|no fewer than|more than)\s+{_COUNT}|{_COUNT} or more|(?:after|following)\s+{_COUNT})\s+"
    r"(?:(?:adequate|different|failed|unsuccessful|proper|full|separate)\s+)*"
    r"(?:antidepressants?|medicines?|medications?|treatments?|trials?|courses? of treatment)\b",
    re.I,
)


_THRESHOLD_HINT_RE = re.compile(r"least|minimum|fewer|more|after|following", re.I)

# The sentence rule: a sentence that names the condition (or uses a defining verb), counts
# treatments and says they did not work states a threshold, however it is worded.
_DEFINING_RE = re.compile(
    r"(?=[trciabdmk])(?:"  # the first letters of the words below: most positions fail here at once
    r"\btreatment[- ]resist\w*|\bTRD\b|\bresistan(?:t|ce)\b|\bcount(?:s|ed)? (?:it )?as\b"
    r"|\b(?:is|are|be|being) called\b|\bcall(?:s|ed)? (?:it|this|that)\b|\bdefin(?:e|es|ed|ing|ition|itions)\b"
    r"|\bmeans?\b|\bknown as\b|\bdiagnos\w*)",
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
    r"(?=[dhnfuwip])(?:"  # the first letters of the words below: most positions fail here at once
    r"\b(?:did|do|does|has|have|had)(?:\s+not|n't)\s+(?:work|worked|help|helped|improve|improved|get better|got better)\b"
    r"|\bnot\s+(?:work(?:ed|ing)?|help(?:ed|ing)?|respond(?:ed|ing)?|improv(?:e|ed|ing))\b"
    r"|\bfail(?:s|ed|ing|ure|ures)?\b|\bno (?:response|improvement|benefit)\b|\bunsuccessful\b"
    r"|\bwithout (?:a )?(?:response|improvement|success)\b|\b(?:inadequate|poor) response\b)",
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
    """(sentence span, offset of the count, sentence) for each sentence that states a threshold.

    A sentence is a piece of the text that starts and ends beside a non-word character (or at
    an end), so neither pattern can match in a sentence where it finds nothing in the whole
    text: one search of the text each rules out most fields at once."""
    if not (_NO_RESPONSE_RE.search(text) and _DEFINING_RE.search(text)):
        return
    for offset, sentence in _sentences(text):
        # The rarest and quickest tests first; counting treatments is the slow one.
        if not (_NO_RESPONSE_RE.search(sentence) and _DEFINING_RE.search(sentence)):
            continue
        counted = _COUNTED_TREATMENTS_RE.search(sentence)
        if counted:
            yield range(offset, offset + len(sentence)), offset + counted.start(), " ".join(sentence.split())


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
check_restated_definitions = check("DEFINITION-RESTATED")(check_restated_definitions)


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


# --------------------------------------------------------------------------- stigma

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
check_stigmatising_language = check("LANGUAGE-STIGMA")(check_stigmatising_language)
