"""Search results people can read, in real Chromium at a phone and a desktop width.

Each result shows its question, its topic and its short answer (the first paragraph of the answer,
as the content says it), not Pagefind's keyword excerpt; question and short answer at body size
(16 px) in the full text colour, the topic at least 14 px; matched words in a <mark> that does not
look like a link, in light and dark; and the panel never stays open (page dimmed) once focus has
left the search area. Expected texts come from the content at test time, never from this file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import content_day

from faq_build.blocks import SEARCH_EXCLUDE_CLASS
from faq_build.build import check
from faq_build.outputs.search_index import KEYWORDS_WEIGHT, _TopicPageParser, question_records
from faq_build.report import text as report_text
from faq_build.resolve import plain_markdown_text, resolve

from . import harness, search_ui
from .conftest import SEARCH_WIDTHS

# Queries whose answers are known to be on the site (from search_queries.yml's kind of wording).
QUERIES = ("my meds stopped working", "electroshock", "will i ever get better")

_RESULTS_JS = """() => Array.from(document.querySelectorAll('.md-search-result__list > li:not([data-kind])')).map(li => ({
  href: li.querySelector('a.md-search-result__link').href,
  question: li.querySelector('h2').textContent,
  topic: li.querySelector('.faq-search__topic').textContent,
  summary: li.querySelector('.faq-search__summary') ? li.querySelector('.faq-search__summary').textContent : null,
  paragraphs: li.querySelectorAll('p').length,
}))"""

# Colours as the reader sees them: a translucent colour is blended over the first opaque background
# behind the element (WCAG contrast ratio of the two).
_STYLE_JS = """(selector) => {
  const rgba = s => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] === 1) return c;
    }
    return [255, 255, 255, 1];
  };
  const blend = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  return Array.from(document.querySelectorAll(selector)).map(el => {
    const style = getComputedStyle(el);
    const bg = background(el);
    const decorated = [];
    for (let e = el; e && !e.matches('li'); e = e.parentElement) {
      if (getComputedStyle(e).textDecorationLine !== 'none') decorated.push(e.tagName);
    }
    return {text: el.textContent, size: parseFloat(style.fontSize), color: style.color,
            background: style.backgroundColor, contrast: ratio(blend(rgba(style.color), bg), bg), decorated};
  });
}"""

CLOSED_JS = """() => {
  const toggle = document.getElementById('__search');
  const overlay = document.querySelector('.md-search__overlay');
  const box = overlay.getBoundingClientRect();
  const dimmed = parseFloat(getComputedStyle(overlay).opacity) > 0 && box.width > 0 && box.height > 0;
  return !toggle.checked && !dimmed;
}"""
OPEN_JS = "() => document.getElementById('__search').checked"
FOCUS_IN_SEARCH_JS = "() => !!document.activeElement && !!document.activeElement.closest('.md-search')"


@pytest.fixture(scope="module")
def content_answers() -> dict[str, dict[str, str]]:
    """question id -> the short answer as plain text (references resolved to their words), from the
    same content the browser tests build."""
    result = check(harness.content_root(), today=content_day(harness.content_root()))
    assert result.content is not None, report_text(result.report)
    return {
        q.question.id: {"summary": plain_markdown_text(q.short_answer), "topic": t.topic.title}
        for t in resolve(result.content).topics
        for q in t.questions
    }


@pytest.fixture(scope="module")
def records(site: Path) -> dict[str, object]:
    return {record.url: record for record in question_records(Path(site))}


def _anchor(href: str) -> str:
    parts = urlsplit(href)
    return f"{parts.path.strip('/')}/#{parts.fragment}"


# -- the index: one record per answer, with its short answer --------------------------------------

def test_every_answer_record_carries_its_short_answer(records, content_answers):
    assert len(records) == len(content_answers)
    by_id = {url.split("#", 1)[1]: record for url, record in records.items()}
    assert {qid: r.summary for qid, r in by_id.items()} == {qid: a["summary"] for qid, a in content_answers.items()}


def test_the_parser_reads_the_lead_and_a_hidden_also_called_line():
    page = (
        '<article class="md-content__inner"><h1>Topic <a class="headerlink" href="#t">#</a></h1>\n'
        f'<p class="faq-review {SEARCH_EXCLUDE_CLASS}">Reviewed</p>\n'
        '<h2 id="q1">First question? <a class="headerlink" href="#q1">#</a></h2>\n'
        '<p class="faq-lead">Short <a href="/glossary/#x" title="d">answer</a> one &amp; more.</p>\n'
        "<p>Body text.</p>\n"
        '<p class="faq-also-called" hidden=""><em>Also called:</em> lay word, other word</p>\n'
        '<p class="faq-lead">Not a second lead.</p>\n'
        "</article>"
    )
    parser = _TopicPageParser()
    parser.feed(page)
    [record] = parser.records
    assert (record.question, record.keywords, record.summary) == (
        "First question?", "lay word, other word", "Short answer one & more.")
    assert " ".join("".join(record.text).split()) == "Short answer one & more. Body text. Not a second lead."
    html = record.html()
    assert '<span data-pagefind-meta="summary[data-summary]" data-summary="Short answer one &amp; more."></span>' in html
    assert f'<p data-pagefind-weight="{KEYWORDS_WEIGHT}">lay word, other word</p>' in html


def test_the_parser_leaves_out_boilerplate_marked_through_markdown_by_class():
    """Boilerplate is marked by a class, which survives Markdown and both engines (a data attribute
    did not); an attribute alone no longer leaves anything out."""
    page = (
        '<article class="md-content__inner"><h1>Topic</h1>\n'
        '<h2 id="q1">First question?</h2>\n'
        '<p class="faq-lead">Short answer.</p>\n'
        f'<p class="{SEARCH_EXCLUDE_CLASS}"><strong>Related questions</strong></p>\n'
        f'<ul><li class="{SEARCH_EXCLUDE_CLASS}"><a href="#q2">Second question?</a></li></ul>\n'
        f'<details class="faq-sources {SEARCH_EXCLUDE_CLASS}"><summary>Where this information comes from</summary>'
        '<ul><li>Bokma 2019</li></ul></details>\n'
        f'<p class="faq-review {SEARCH_EXCLUDE_CLASS}">Page last updated.</p>\n'
        "<p data-search-exclude>Last words.</p>\n"
        "</article>"
    )
    parser = _TopicPageParser()
    parser.feed(page)
    [record] = parser.records
    assert " ".join(" ".join(record.text).split()) == "Short answer. Last words."


# -- what a result shows ------------------------------------------------------------------------

@pytest.mark.parametrize("query", QUERIES)
def test_each_result_shows_its_question_topic_and_short_answer(search_page, query, records, content_answers):
    search_ui.type_query(search_page, query)
    shown = search_page.evaluate(_RESULTS_JS)
    assert len(shown) >= 2, (query, shown)
    for result in shown:
        record = records[_anchor(result["href"])]
        expected = content_answers[_anchor(result["href"]).split("#", 1)[1]]
        assert (result["question"], result["topic"], result["summary"], result["paragraphs"]) == (
            record.question, expected["topic"], expected["summary"], 2), result["href"]


def test_result_text_is_body_size_and_full_contrast(search_page):
    search_ui.type_query(search_page, "my meds stopped working")
    body_color = search_page.evaluate("getComputedStyle(document.querySelector('.md-content p.faq-lead')).color")
    titles = search_page.evaluate(_STYLE_JS, ".md-search-result__list > li:not([data-kind]) h2")
    summaries = search_page.evaluate(_STYLE_JS, ".md-search-result__list .faq-search__summary")
    topics = search_page.evaluate(_STYLE_JS, ".md-search-result__list .faq-search__topic")
    assert len(titles) == len(summaries) == len(topics) >= 3
    assert [(t["size"], t["color"]) for t in titles] == [(16.0, body_color)] * len(titles)
    assert [s["size"] for s in summaries] == [16.0] * len(summaries)
    assert all(s["contrast"] >= 4.5 for s in summaries), summaries
    assert all(t["size"] >= 14 and t["contrast"] >= 4.5 for t in topics), topics


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(SEARCH_WIDTHS))
def test_highlighted_words_do_not_look_like_links(open_page, server, scheme, width):
    page, _ = open_page(color_scheme=scheme, width=SEARCH_WIDTHS[width][0], height=SEARCH_WIDTHS[width][1])
    page.goto(server.url("/understanding-trd/"))
    search_ui.open_search(page)
    search_ui.type_query(page, "my meds stopped working")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    marks = page.evaluate(_STYLE_JS, ".md-search-result__list mark")
    in_summaries = page.evaluate("document.querySelectorAll('.faq-search__summary mark').length")
    assert in_summaries >= 1 and len(marks) >= in_summaries
    link_color = page.evaluate(
        "getComputedStyle(document.querySelector('.md-content__inner > p a[href]:not(.headerlink)')).color"
    )
    for mark in marks:
        assert re.fullmatch(r"(?i)stop\w*|work\w*|medicine\w*|meds?", mark["text"]), mark
        assert mark["decorated"] == [], mark
        assert mark["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), mark
        assert mark["color"] != link_color, mark
        assert mark["contrast"] >= 4.5, mark
    assert page.evaluate(
        "Array.from(document.querySelectorAll('.md-search-result__list mark')).every(m => m.children.length === 0)"
    )


# -- opening and closing ------------------------------------------------------------------------

def _tab_to_the_search_box(page) -> None:
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.md-search__input')"):
            return
    pytest.fail("the search box cannot be reached with Tab within 15 key presses")


def _tab_out_of_search(page) -> int:
    """Press Tab until focus is outside the search area; the number of presses."""
    for presses in range(1, 80):
        page.keyboard.press("Tab")
        if not page.evaluate(FOCUS_IN_SEARCH_JS):
            return presses
    pytest.fail("focus never left the search area")


@pytest.mark.parametrize("width", list(SEARCH_WIDTHS))
def test_tabbing_past_the_search_box_leaves_the_page_undimmed(open_page, server, width):
    page, _ = open_page(width=SEARCH_WIDTHS[width][0], height=SEARCH_WIDTHS[width][1])
    page.goto(server.url("/understanding-trd/"))
    _tab_to_the_search_box(page)
    if width == "desktop":  # the box is in the header: focus alone opens nothing
        page.wait_for_timeout(300)
        assert page.evaluate(CLOSED_JS)
    _tab_out_of_search(page)
    page.wait_for_function(CLOSED_JS, timeout=2_000)


@pytest.mark.parametrize("width", list(SEARCH_WIDTHS))
def test_typing_opens_and_leaving_with_tab_closes(open_page, server, width):
    page, _ = open_page(width=SEARCH_WIDTHS[width][0], height=SEARCH_WIDTHS[width][1])
    page.goto(server.url("/understanding-trd/"))
    _tab_to_the_search_box(page)
    page.wait_for_function(f"() => !document.querySelector('{search_ui.META}').textContent.includes('Initializing')")
    page.keyboard.type("electroshock", delay=5)
    search_ui.wait_for_results(page, "electroshock")
    assert page.evaluate(OPEN_JS) and search_ui.visible_result_links(page)
    presses = _tab_out_of_search(page)
    assert presses > len(search_ui.visible_result_links(page)), "the results were skipped by Tab"
    page.wait_for_function(CLOSED_JS, timeout=2_000)


@pytest.mark.parametrize("width", list(SEARCH_WIDTHS))
def test_a_tap_on_plain_text_in_the_panel_keeps_it_open_and_escape_closes_it(open_page, server, width):
    page, _ = open_page(width=SEARCH_WIDTHS[width][0], height=SEARCH_WIDTHS[width][1])
    page.goto(server.url("/understanding-trd/"))
    search_ui.open_search(page)
    search_ui.type_query(page, "electroshock")
    page.locator(search_ui.META).click()  # not focusable: focus goes to the page body
    page.wait_for_timeout(300)
    assert page.evaluate(OPEN_JS)
    page.locator(search_ui.INPUT).focus()
    page.keyboard.press("Escape")
    page.wait_for_function(CLOSED_JS, timeout=2_000)


@pytest.mark.parametrize("query", ["electroshock", "my meds stopped working"])
def test_typing_slowly_ends_with_the_results_of_the_whole_query(search_page, query):
    """Every prefix is searched on the way ('e', 'el', ...); what stays on screen is the result of
    the whole query, the same as typing it in one go, and clearing the box leaves no results."""
    search_ui.type_query(search_page, query)
    at_once = search_page.evaluate(_RESULTS_JS)
    search_ui.type_slowly(search_page, query)
    assert search_page.evaluate(_RESULTS_JS) == at_once and at_once
    search_page.keyboard.press("Control+A")
    search_page.keyboard.press("Backspace")
    search_page.wait_for_function(f"() => document.querySelector('{search_ui.META}').textContent.includes('Type to start')")
    assert search_page.evaluate(f"() => document.querySelector('{search_ui.LIST}').dataset.query") is None
    assert search_page.evaluate(_RESULTS_JS) == []


def test_search_runs_in_the_page_and_loads_only_the_engine_and_index(open_page, server, site):
    """No web worker (a second copy of the engine): the box asks Pagefind for ``noWorker``, the
    worker is not published, and the page's policy allows no worker at all."""
    page, visit = open_page(width=390, height=844)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.url("/understanding-trd/"))
    search_ui.open_search(page)
    search_ui.type_query(page, "my meds stopped working")
    assert errors == []  # a worker the policy refused would be reported here
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = {f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()}
    engine = {urlsplit(url).path.removeprefix("/pagefind/") for url in visit.requested if "/pagefind/" in url}
    top_level = {name for name in engine if "/" not in name}
    assert top_level == {"pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"} | meta
    assert {name.split("/")[0] for name in engine} - top_level == {"index", "fragment"}
    assert not (site / "pagefind" / "pagefind-worker.js").exists()
