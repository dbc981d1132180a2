"""Finds numbers in prose that did not come from the facts registry.

Patients act on numbers, so every figure must be a ``{{ fact: id }}`` reference with a
source. This scanner reports any other digit in reader-facing text. A few kinds of
plain numbers are legitimate; each is an entry in :data:`ALLOWLIST` with its reason,
and the build report counts how many numbers each entry let through.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .references import REFERENCE_RE

_PERCENT = "%\uff05\u066a"  # '%', full-width '％' and Arabic '٪'
NUMBER_RE = re.compile(rf"(?<![^\W_])\d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?[{_PERCENT}]?")
"""A run of digits, with decimal/thousand separators, ordinals or a percent sign. ``\\d`` is every
decimal digit (Arabic-Indic '٣', full-width '３'...); '_' does not hide a number (``__67%__`` is bold)."""

GLUED_NUMBER_RE = re.compile(rf"(?<=[^\W\d_])\d+(?:[.,:/]\d+)*[{_PERCENT}]?")
"""Digits straight after a letter ('a67%'): fine only inside a name from the allowlist ('NG222', 'B12')."""


_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALE = "hundred|thousand|million|billion"
NUMBER_WORD = (
    rf"(?:(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}|zero)(?:[- ](?:{_SCALE}))*"
    rf"|an? (?:{_SCALE})(?:[- ](?:{_SCALE}))*|(?:{_SCALE}))"
)
"""A number written in words: 'three', 'twenty-five', 'one hundred', 'a thousand'."""

_NOT_A_NAME = (
    "About|Above|Across|After|Almost|Among|Around|At|Before|Below|Between|By|Each|Even|Every|Exactly|Fewer|For|"
    "From|In|Just|Less|More|Most|Nearly|Of|On|Only|Over|Per|Perhaps|Roughly|Since|Some|Than|The|Till|To|Under|"
    "Until|Up|Approximately|Maybe|Nearly|Within|Without|Beyond|Barely|Some|Total|Top"
)
"""Capitalised words that start a sentence or a phrase, never an author's name: 'Over 2000' is a count."""

_COUNTED_NOUNS = (
    "people|persons?|patients?|adults?|children|teens?|teenagers?|men|women|participants?|users?|callers?|calls|"
    "cases|deaths|times"
)
_COUNT_AFTER = (
    rf"(?:{_COUNTED_NOUNS})\b|out of\b|of every\b|per\b|percent\b|"
    rf"in (?:every |each )?(?:\d|(?:{NUMBER_WORD})\b)"
)
"""What may follow a number that makes it a count ('2000 people', '111 in 999'), not a year or a phone number."""


@dataclass(frozen=True)
class AllowRule:
    name: str
    pattern: re.Pattern[str]
    reason: str


ALLOWLIST: tuple[AllowRule, ...] = (
    AllowRule(
        "list-numbering",
        re.compile(r"(?m)^[ \t]*\d{1,2}\.(?=[ \t])"),
        "Numbered-list markers order steps; they are structure, not figures.",
    ),
    AllowRule(
        "always-open",
        re.compile(r"\b24/7\b|\b24 hours a day\b"),
        "'24/7' describes when a service is open, not a statistic.",
    ),
    AllowRule(
        "citation-year",
        re.compile(
            rf"\b(?!(?:{_NOT_A_NAME})\b)[A-Z](?:[^\W\d_]|['-])+(?: et al\.?| and [A-Z](?:[^\W\d_]|['-])+)? (?:19|20)\d{{2}}\b"
            rf"(?![{_PERCENT}.,]?\d)(?![{_PERCENT}])(?!\s+(?:{_COUNT_AFTER}))"
        ),
        "A year inside an author-year citation ('Rush 2006') names a paper; it is not a figure. "
        "Not after a word that is no name ('Over 2000') or before people or things counted ('2000 people').",
    ),
    AllowRule(
        "named-identifier",
        re.compile(
            r"\b(?:DSM-5(?:-TR)?|ICD-1[01]|NG\d{3}|IPG\d{3}|listing 12\.04|12\.04|Title I{1,3}V?|T3|B12|omega-3|5-HTP"
            r"|COVID-19|NHS 24|[Mm]ed3)\b"
        ),
        "Names of manuals, guidelines, legal listings, services, forms and substances that contain digits "
        "(NICE IPG542, Scotland's NHS 24, the Med3 fit note).",
    ),
    AllowRule(
        "phone-menu-option",
        re.compile(r"\boption \d\b"),
        "'Option 2' is the key a caller presses on a phone line's menu, not a figure.",
    ),
)

UNIT_ALLOWLIST: tuple[AllowRule, ...] = (
    AllowRule(
        "reporting-period",
        re.compile(r"\b(?:in|over|during|for) (?:the last |the past |a |an )?\d{1,2}[- ](?:days?|weeks?|months?|years?)"
                   r"(?: period)?\b"),
        "In a fact's unit, the period a source counted over ('hours in the last 12 months') is part of the "
        "registered, cited figure.",
    ),
)
"""Extra rules for a fact's ``unit`` only (it is printed right after the registered value)."""

LABEL_ALLOWLIST: tuple[AllowRule, ...] = (
    AllowRule(
        "label-year",
        re.compile(rf"(?<![\w.,])(?:19|20)\d{{2}}(?![\w{_PERCENT}]|[.,]\d)"),
        "In a source's label ('Spravato US label summary (2021)'), a year says which publication is meant.",
    ),
    AllowRule(
        "label-document-code",
        re.compile(r"\b[A-Z]{1,5}\d{1,6}\b"),
        "In a source's label, a document code ('NICE CG113', 'Medicare LCD L34998') names the document.",
    ),
)
"""Extra rules for a source's ``label`` only: it is a citation, printed after every figure it backs."""

MARKDOWN_ONLY_RULES = frozenset({"list-numbering"})
"""Rules that describe Markdown structure; in one-line fields (names, titles, roles) they do not apply."""


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_LINK_TARGET_RE = re.compile(r"\]\([^)\s]*(?:\s+(?P<title>\"[^\"]*\"|'[^']*'))?\s*\)")
"""A Markdown link target: its address is not read, its title (a tooltip) is."""

_DIGIT_RE = re.compile(r"\d")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=16)
def _crisis_pattern(numbers: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all crisis numbers ('116 123' also matches '116123'), compiled once.

    A crisis number is allowed where it is a number to call, not where it counts something:
    never right after 'in', 'of', 'about'... ('people in 999') or before 'people', '%', 'in 3'."""
    if not numbers:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", "[ ]?") for n in sorted(numbers, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w])(?<![{_PERCENT}])(?:{alternatives})(?![\w])(?![{_PERCENT}])(?!\s+(?:{_COUNT_AFTER}))"
    )


_CRISIS_NOT_A_CALL_BEFORE = re.compile(
    r"(?:\b(?:in|of|out of|about|around|over|nearly|almost|some|only|roughly|approximately|than|least|up to|every|"
    rf"each|per)|\d|[{_PERCENT}])\s*$",
    re.I,
)

_STATISTIC_WORDS_RE = re.compile(
    # Starts like a number word (the first letters of NUMBER_WORD's words), a word of at most
    # nine letters: tested before the long alternation, this skips most words quickly.
    r"(?<!\w)(?=[otfsenzahmb][a-z]{0,8}[- \t\n%\uff05\u066a])(?:"
    r"(?<!\bno )(?<!\bany )(?<!\bevery )(?<!\beach )(?<!\bthe )"
    rf"(?:{NUMBER_WORD})\s+(?:in|out of|of every)\s+(?:every\s+|each\s+)?(?:{NUMBER_WORD}|\d[\d,.]*)\b"
    rf"|(?:{NUMBER_WORD})(?:[- ]?per[- ]?cent\b|[- ]?percent\b|\s*[{_PERCENT}]))",
    re.I,
)
"""Numbers in words where they state a statistic: 'one in three', 'nine out of ten', 'forty percent'.
Counting words ('two antidepressants', 'a few weeks', 'twice a week') are left alone."""

_NUMBER_WORDS = tuple(f"{_ONES}|{_TEENS}|{_TENS}|{_SCALE}|zero".split("|"))


def _may_hold_number_words(text: str) -> bool:
    """Whether ``_STATISTIC_WORDS_RE`` could match: every match starts with one of the number words
    (or with 'a'/'an' and a scale word). Looked for as plain substrings, much faster than the
    pattern; only in ASCII text, where ignoring case is lower-casing (in other text the pattern's
    case-blind match also takes 'ſ' for 's' and 'ı' for 'i', so it always runs)."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return any(word in lowered for word in _NUMBER_WORDS)


_ROMAN = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_STATISTIC_RE = re.compile(
    rf"\b(?!I\b){_ROMAN}\s+(?i:in|out of)\s+(?i:every\s+)?(?![CDML]\b){_ROMAN}\b"
    rf"|\b{_ROMAN}(?:\s*[{_PERCENT}]|\s+(?i:per ?cent|percent)\b)"
)
"""Roman numerals used as a quantity ('VIII out of X', 'XL%'); 'Title II', 'Type I' and 'DSM-5' are names."""
_ROMAN_WORD_BEFORE_SPACE_RE = re.compile(rf"[MDCLXVI]+(?=[\s{_PERCENT}])")
"""What every match of ``_ROMAN_STATISTIC_RE`` holds: Roman-numeral letters straight before a space or
a percent sign. One quick search rules out most texts before the slow pattern runs."""


def _numeric_characters(text: str) -> Iterator[tuple[int, str]]:
    """Digits that are not written with 0-9 or another decimal script: fractions ('½'), superscripts
    and subscripts ('⁴⁰', '₂'), circled numbers ('⑳'), Roman-numeral characters ('Ⅷ')."""
    runs: list[list] = []  # [start, characters]
    for match in _NON_ASCII_RE.finditer(text):
        char, at = match.group(0), match.start()
        if unicodedata.numeric(char, None) is None or unicodedata.category(char) == "Nd":
            continue  # decimal digits of any script are NUMBER_RE's
        if runs and at == runs[-1][0] + len(runs[-1][1]):
            runs[-1][1] += char
        else:
            runs.append([at, char])
    for start, run in runs:
        end = start + len(run)
        yield start, run + text[end] if end < len(text) and text[end] in _PERCENT else run


def _hidden_spans(text: str) -> list[tuple[int, int]]:
    """What readers never see as typed: the ids of references (a term's or question's ``| display
    words`` stay visible; a fact reference is its registered value) and link addresses."""
    hidden: list[tuple[int, int]] = []
    for match in REFERENCE_RE.finditer(text):
        if match["kind"] != "fact" and match["text"]:
            hidden += [(match.start(), match.start("text")), (match.end("text"), match.end())]
        else:
            hidden.append(match.span())
    for match in _LINK_TARGET_RE.finditer(text):
        if match["title"]:
            hidden += [(match.start(), match.start("title") + 1), (match.end("title") - 1, match.end())]
        else:
            hidden.append(match.span())
    return hidden


def scan(
    text: str,
    crisis_numbers: Iterable[str] = (),
    *,
    markdown: bool = True,
    extra_rules: tuple[AllowRule, ...] = (),
) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """Return ``([(offset, number), ...] not allowed, {rule: count allowed})``.

    Fact references and link addresses are ignored; everything else a reader sees is read,
    including bold and code spans and the display words of term references. Crisis numbers are
    allowed only when they are exactly the numbers in the one crisis data file, used as numbers to
    call. ``markdown=False`` is for one-line fields (names, titles, roles), where Markdown list
    markers do not exist; ``extra_rules`` adds allowances for one kind of field (a fact's unit).
    """
    visible = _blank(text, _hidden_spans(text))
    found: list[tuple[int, str]] = []
    if not visible.isascii():
        found += list(_numeric_characters(visible))
    if _may_hold_number_words(visible):
        found += [(m.start(), m.group(0)) for m in _STATISTIC_WORDS_RE.finditer(visible)]
    if _ROMAN_WORD_BEFORE_SPACE_RE.search(visible):
        found += [(m.start(), m.group(0)) for m in _ROMAN_STATISTIC_RE.finditer(visible)]
    allowed_counts: dict[str, int] = {}
    if _DIGIT_RE.search(visible):
        found += _bare_digits(visible, crisis_numbers, markdown, extra_rules, allowed_counts)
    return _first_of_overlapping(found), allowed_counts


def _allowed_spans(
    visible: str, crisis_numbers: Iterable[str], markdown: bool, extra_rules: tuple[AllowRule, ...]
) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for rule in (*ALLOWLIST, *extra_rules):
        if markdown or rule.name not in MARKDOWN_ONLY_RULES:
            spans += [(m.start(), m.end(), rule.name) for m in rule.pattern.finditer(visible)]
    crisis = _crisis_pattern(tuple(crisis_numbers))
    if crisis is not None:
        for match in crisis.finditer(visible):
            if not _CRISIS_NOT_A_CALL_BEFORE.search(visible, 0, match.start()):
                spans.append((match.start(), match.end(), "crisis-number"))
    return spans


def _bare_digits(
    visible: str, crisis_numbers: Iterable[str], markdown: bool, extra_rules: tuple[AllowRule, ...],
    allowed_counts: dict[str, int],
) -> list[tuple[int, str]]:
    """Digit runs not covered by an allowlist entry; stand-alone ones that are allowed are counted."""
    spans = _allowed_spans(visible, crisis_numbers, markdown, extra_rules)

    def rule_for(match: re.Match[str]) -> str | None:
        if not match.group(0).isascii():
            return None  # the allowlist names numbers written with 0-9 only
        return next((name for s, e, name in spans if s <= match.start() and match.end() <= e), None)

    bare: list[tuple[int, str]] = []
    for match in NUMBER_RE.finditer(visible):
        rule = rule_for(match)
        if rule:
            allowed_counts[rule] = allowed_counts.get(rule, 0) + 1
        else:
            bare.append((match.start(), match.group(0)))
    bare += [(m.start(), m.group(0)) for m in GLUED_NUMBER_RE.finditer(visible) if not rule_for(m)]
    return bare


def _first_of_overlapping(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In offset order, one finding per stretch of text ('one in 3' is one statistic, not two)."""
    kept: list[tuple[int, str]] = []
    for offset, number in sorted(found, key=lambda item: (item[0], -len(item[1]))):
        if kept and offset < kept[-1][0] + len(kept[-1][1]):
            continue
        kept.append((offset, number))
    return kept


def rules_with_reasons() -> Iterator[tuple[str, str]]:
    yield from ((rule.name, rule.reason) for rule in (*ALLOWLIST, *UNIT_ALLOWLIST, *LABEL_ALLOWLIST))
    yield ("crisis-number", "Phone numbers from content/crisis.yml, the one home of crisis numbers, where they are "
           "numbers to call (not 'people in 999').")
    yield ("statistic-in-words", "Not allowed: numbers in words that state a statistic ('one in three', 'forty "
           "percent'), Roman numerals used as quantities and digits written with other characters ('½', '⁴⁰', '⑳').")
