"""Driving the site's search box like a person: type with the keyboard, read the visible results.

The box (overrides/partials/search.html + assets/javascripts/faq-search.js) keeps Material's markup:
below ~960 px the input is hidden behind the header's search button; ``.md-search-result__meta``
reads "Initializing search" until the index is ready, then "N matching answers" / "No matching
answers". Each result is one answer (a link to its #anchor). The result list carries the query it
answers in ``data-query``, so a test never reads the results of a previous query.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

INPUT = "input.md-search__input"
META = ".md-search-result__meta"
LIST = ".md-search-result__list"
MOBILE_TOGGLE = "label.md-header__button[for=__search]"

_VISIBLE_RESULTS_JS = """() => Array.from(document.querySelectorAll('.md-search-result__list a.md-search-result__link'))
    .filter(a => !a.closest('details:not([open])') && a.getClientRects().length > 0)
    .map(a => a.href)"""


def open_search(page) -> None:
    toggle = page.locator(MOBILE_TOGGLE)
    if toggle.is_visible():  # phone layout: the box is off screen until the header button opens it
        toggle.click()
    page.locator(INPUT).click()
    page.wait_for_function(
        f"() => !document.querySelector('{META}').textContent.includes('Initializing')", timeout=15_000
    )


def type_query(page, query: str) -> None:
    """Clear the box with key presses, then type the query one key at a time (as fast as a
    keyboard sends keys: the box waits for a pause before it searches; ``type_slowly`` below
    leaves pauses between keys)."""
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)
    wait_for_results(page, query)


def paste_query(page, query: str) -> None:
    """Put the whole query into the box at once, as a paste or a phone's suggestion bar does: one
    input event. The query tests use this (hundreds of queries); typing is tested with type_query."""
    page.locator(INPUT).fill(query)
    wait_for_results(page, query)


def type_slowly(page, query: str, pause_ms: int = 120) -> None:
    """Type with a pause after every key, longer than the box waits before it searches: every
    prefix of the query is searched on the way, as when someone types slowly on a phone."""
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    for key in query:
        page.keyboard.type(key)
        page.wait_for_timeout(pause_ms)
    wait_for_results(page, query)


def wait_for_results(page, query: str | None = None, timeout: float = 10.0) -> None:
    """Wait until the result list says it answers ``query`` (default: what is in the box) and the
    meta line reports its count. The box renders a query's results in one go and marks the list
    with that query last (an empty box removes the mark), so nothing changes after that."""
    expected = json.dumps(query) if query is not None else f"document.querySelector('{INPUT}').value"
    page.wait_for_function(
        f"() => /matching (answer|document)/i.test(document.querySelector('{META}').textContent)"
        f" && document.querySelector('{LIST}').dataset.query === {expected}",
        timeout=timeout * 1000,
    )


def visible_result_links(page) -> list[str]:
    return page.evaluate(_VISIBLE_RESULTS_JS)


def top_anchors(page, query: str, count: int = 3) -> list[str]:
    """The #anchors of the first ``count`` visible answer results for ``query``, as 'page/#anchor'.

    Links without an anchor (a page, not an answer) are skipped.
    """
    paste_query(page, query)
    anchors = []
    for href in visible_result_links(page):
        parts = urlsplit(href)
        if parts.fragment:
            anchors.append(f"{parts.path}#{parts.fragment}")
        if len(anchors) == count:
            break
    return anchors
