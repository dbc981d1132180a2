"""Crisis-aware search, in real Chromium at a phone and a desktop width: a safety rule, not ranking.

Every query in crisis_queries.yml is put into the search box whole, as a paste or a suggestion tap does
(typing key by key is tested in test_search_display). A crisis query
must show the full crisis card (data-kind="crisis") as the first result, before any answer; an
ordinary query near those words must not (a false alarm teaches people to scroll past it). The
compact crisis strip (data-kind="crisis-strip") shows above every result list, and no query ends
in a blank panel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import content_day

from faq_build.build import check
from faq_build.model import Crisis
from faq_build.report import text as report_text

from . import search_ui

HERE = Path(__file__).parent
QUERIES = yaml.safe_load((HERE / "crisis_queries.yml").read_text(encoding="utf-8"))

FIRST_RESULT_KIND_JS = """() => {
  const first = document.querySelector('.md-search-result__list > li');
  return first ? (first.dataset.kind || 'answer') : null;
}"""
CARD_COUNT_JS = "() => document.querySelectorAll('.md-search-result__list > li[data-kind=crisis]').length"
STRIP_JS = """() => {
  const strip = document.querySelector('[data-kind=crisis-strip]');
  const box = strip.getBoundingClientRect();
  return {visible: !strip.hidden && box.height > 0 && box.width > 0,
          links: Array.from(strip.querySelectorAll('a')).map(a => a.getAttribute('href'))};
}"""

SHOWN_JS = f"""() => ({{first: ({FIRST_RESULT_KIND_JS})(), cards: ({CARD_COUNT_JS})(), strip: ({STRIP_JS})().visible}})"""
"""What a query put on screen, read in one call: the first result's kind, crisis cards, the strip."""


def _crisis() -> Crisis:
    """The crisis data as the content file says (the site must show exactly this)."""
    result = check(Path(__file__).resolve().parents[2], today=content_day())
    assert result.content is not None, report_text(result.report)
    return result.content.crisis


def test_query_lists_are_large_enough_and_distinct():
    crisis, ordinary = QUERIES["crisis"], QUERIES["not_crisis"]
    assert len(crisis) >= 40 and len(ordinary) >= 40
    assert len(set(crisis)) == len(crisis) and len(set(ordinary)) == len(ordinary)
    assert not set(crisis) & set(ordinary)


@pytest.mark.parametrize("query", QUERIES["crisis"])
def test_crisis_query_shows_the_crisis_card_first(search_page, query):
    search_ui.paste_query(search_page, query)
    assert search_page.evaluate(SHOWN_JS) == {"first": "crisis", "cards": 1, "strip": True}, query


@pytest.mark.parametrize("query", QUERIES["not_crisis"])
def test_ordinary_query_shows_no_crisis_card(search_page, query):
    search_ui.paste_query(search_page, query)
    shown = search_page.evaluate(SHOWN_JS)
    assert shown in ({"first": "answer", "cards": 0, "strip": True}, {"first": None, "cards": 0, "strip": True}), query


def test_strip_offers_the_main_numbers_from_the_crisis_file(search_page):
    search_ui.type_query(search_page, "side effects")
    crisis = _crisis()
    expected = [f"tel:{s.tel}" for s in crisis.services if s.strip and s.tel] + ["#urgent-help"]
    assert search_page.evaluate(STRIP_JS) == {"visible": True, "links": expected}


def test_crisis_card_lists_every_service_with_large_call_links(search_page):
    search_ui.type_query(search_page, "i want to die")
    card = search_page.locator(".md-search-result__list > li[data-kind=crisis]")
    crisis = _crisis()
    hrefs = card.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    expected = []
    for s in crisis.services:
        if s.sms and s.sms_body and not s.tel:
            expected.append(f"sms:{s.sms}?body={s.sms_body}")
            continue
        if s.tel:
            expected.append(f"tel:{s.tel}")
        if s.sms:
            expected.append(f"sms:{s.sms}")
    assert hrefs == expected
    sizes = card.locator("a").evaluate_all("links => links.map(a => [a.offsetWidth, a.offsetHeight])")
    assert all(w >= 44 and h >= 44 for w, h in sizes), sizes
    names = card.locator(".faq-search-card__name").all_text_contents()
    assert names == [f"{s.region}: {s.name}" for s in crisis.services]


def test_no_query_ends_in_a_blank_panel(search_page, site):
    search_ui.type_query(search_page, "qqqq zzzz")
    assert search_page.locator(search_ui.META).text_content() == "No matching answers"
    assert search_page.evaluate(STRIP_JS)["visible"]
    empty = search_page.locator(".faq-search-empty")
    assert empty.is_visible()
    topics = empty.locator("li a").all_text_contents()
    data = json.loads((Path(site) / "assets" / "faq-search-data.json").read_text(encoding="utf-8"))
    site_topics = [topic["title"] for topic in data["topics"]]
    assert topics == site_topics and len(topics) >= 10


def test_crisis_services_are_found_by_name_and_number(search_page):
    for query in ("samaritans", "988", "helpline", "crisis line", "lifeline"):
        search_ui.type_query(search_page, query)
        assert search_page.evaluate(FIRST_RESULT_KIND_JS) == "crisis", query
