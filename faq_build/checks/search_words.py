"""Search words: the crisis phrases and the thesaurus, where a mistake silently does nothing or
shows the crisis card for every search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..diagnostics import Diagnostic, Position
from ..model import Content
from .base import CheckContext, check


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
check_crisis_phrases = check("CRISIS-PHRASE")(check_crisis_phrases)


CRISIS_PHRASE_RE = re.compile(r"^[a-z0-9&' ]+$")


def crisis_phrase_words(phrase: str, ignore: Iterable[str], same: Iterable[Iterable[str]]) -> list[str]:
    """A phrase's words as the search box compares them (lower case, no apostrophes or '&', ignore
    words left out, same_words mapped to the first of their group); endings and typos are the
    browser's business (overrides/assets/javascripts/faq-search-core.js)."""
    canonical = {word: group[0] for group in map(list, same) for word in group}
    skip = set(ignore)
    words = re.split(r"[^a-z0-9]+", phrase.lower().replace("'", "").replace("\u2019", "").replace("&", ""))
    return [canonical.get(w, w) for w in words if w and w not in skip]


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
check_search_words = check("SEARCH-WORD-DUPLICATE")(check_search_words)


def _once(first: dict[str, str], word: str, where: str, position: Position) -> Iterator[Diagnostic]:
    if word in first:
        yield Diagnostic("SEARCH-WORD-DUPLICATE", f"search word '{word}' is listed twice",
                         position, found=f"'{word}', already in {first[word]}",
                         hint="keep it in one place only")
    else:
        first[word] = where
