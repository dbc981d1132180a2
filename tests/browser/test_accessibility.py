"""Accessibility in a real browser: axe-core on every page in both colour schemes, keyboard use,
visible focus, page language, skip link."""

from __future__ import annotations

import json

import pytest

from . import harness, search_ui

SCHEMES = {"light": "default", "dark": "slate"}


def axe_violations(page) -> list[dict]:
    """Run axe-core (every rule it runs by default, any impact) on the current page."""
    # Evaluated through the DevTools protocol rather than added as a <script>: the page's
    # Content-Security-Policy (rightly) refuses inline scripts that are not the theme's own.
    page.evaluate(harness.AXE_JS.read_text(encoding="utf-8") + "\n;true")
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            rule: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))"""
    )


def _describe(found: dict[str, list[dict]]) -> str:
    return json.dumps(found, indent=1)[:6000]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_reports_no_violations_on_any_page_and_language_is_set(open_page, server, pages, scheme):
    page, _ = open_page(color_scheme=scheme)
    found = {}
    for path in pages:
        page.goto(server.url(path))
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme], path
        assert page.evaluate("document.documentElement.lang") == "en", f"{path}: page language not set"
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert len(pages) >= 4, pages
    assert not found, f"axe-core violations ({scheme} scheme):\n{_describe(found)}"


# What the search panel can show: answers, the crisis card first, or no answers (hint + topics).
PANEL_STATES = {"answers": "depression", "crisis": "i want to die", "nothing": "qqqq zzzz"}


@pytest.mark.parametrize("state", list(PANEL_STATES))
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_axe_reports_no_violations_with_search_results_open(open_page, server, scheme, width, state):
    page, _ = open_page(color_scheme=scheme, width=width, height=844 if width < 960 else 800)
    page.goto(server.url("/"))
    search_ui.open_search(page)
    search_ui.type_query(page, PANEL_STATES[state])
    shown = {
        "answers": bool(search_ui.visible_result_links(page)),
        "crisis": page.locator("[data-kind=crisis]").is_visible(),
        "nothing": page.locator(".faq-search-empty").is_visible(),
    }
    assert shown[state], f"the panel does not show the {state} state to check"
    violations = axe_violations(page)
    assert not violations, _describe({f"/ (search open, {state})": violations})


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(open_page, server, pages, width):
    """Every content page on a phone, home and glossary on a desktop. Not 404.html: Material builds
    the skip link from the page's table of contents, which the 404 page does not have (it is one
    heading; axe's 'bypass' rule passes)."""
    page, _ = open_page(width=width)
    checked = [p for p in pages if p != "/404.html"] if width < 960 else ["/", "/glossary/"]
    for path in checked:
        page.goto(server.url(path))
        page.keyboard.press("Tab")
        skip = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                return {cls: e.className, text: e.textContent.trim(), href: e.getAttribute('href'),
                        visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0
                                 && r.top < innerHeight && r.left < innerWidth}}"""
        )
        assert "md-skip" in skip["cls"] and skip["text"] == "Skip to content", (path, skip)
        assert skip["visible"], f"{path}: the focused skip link is not on screen"
        target = skip["href"].lstrip("#")
        assert page.locator(f"[id='{target}']").count() == 1, f"{path}: skip link target #{target} missing"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == f"#{target}", path
        top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"], f"{path}: skip target not scrolled into view"


FOCUS_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let shown = e, r = e.getBoundingClientRect();
  // A visually hidden control (Material's palette radio) shows its focus on the button after it.
  if ((r.width <= 1 || r.height <= 1) && e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL') {
    shown = e.nextElementSibling; r = shown.getBoundingClientRect();
  }
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  return {
    what: e.tagName + '.' + e.className + ' ' + (e.getAttribute('href') || e.getAttribute('aria-label') || ''),
    ring,
    onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}"""


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["/", "/understanding-trd/"])
def test_every_tab_stop_shows_a_visible_focus_ring(open_page, server, path, width):
    """Walk the whole tab order: each stop is on screen and has a focus ring. At phone width
    this also proves the closed navigation drawer's links are not reachable off screen."""
    page, _ = open_page(width=width, height=844 if width < 960 else 800)
    page.goto(server.url(path))
    stops, problems = 0, []
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is None:  # wrapped around to the browser chrome: the walk is complete
            break
        stops += 1
        if not focus["ring"] or not focus["onScreen"]:
            problems.append(focus)
    assert stops > 5, "the tab order is suspiciously short"
    assert not problems, f"{len(problems)} of {stops} tab stops without a visible focus ring:\n" + "\n".join(
        map(str, problems[:20])
    )


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_search_works_with_the_keyboard_alone(open_page, server, width):
    """Tab to the search box, type, arrow down to a result, press Enter: the answer opens."""
    page, visit = open_page(width=width, height=844 if width < 960 else 800)
    page.goto(server.url("/"))
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.md-search__input')"):
            break
    else:
        pytest.fail("the search box cannot be reached with Tab within 10 key presses")
    box = page.locator(search_ui.INPUT)
    assert box.is_visible(), "the focused search box is not visible"
    page.wait_for_function(f"() => !document.querySelector('{search_ui.META}').textContent.includes('Initializing')")
    page.keyboard.type("Maudsley staging", delay=5)
    search_ui.wait_for_results(page)
    links = search_ui.visible_result_links(page)
    assert links, "no results"
    # Arrow keys walk the visible results in order; find the first answer (a link with an #anchor).
    position = next(i for i, href in enumerate(links) if "#" in href)
    for _ in range(position + 1):
        page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.href")
    assert focused == links[position]
    page.keyboard.press("Enter")
    anchor = links[position].split("#", 1)[1]
    page.wait_for_url(f"**#{anchor}")
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the answer is not scrolled into view"
    assert not visit.refused


def test_phone_menu_opens_and_its_links_can_be_reached(open_page, server):
    """The drawer hidden while closed must still work when opened: its links become visible
    and reachable, and following one opens the page."""
    page, _ = open_page(width=390, height=844)
    page.goto(server.url("/"))
    link = page.locator(".md-sidebar--primary a.md-nav__link[href$='glossary/']").first
    assert not link.is_visible()
    page.locator("label.md-header__button[for='__drawer']").click()
    link.wait_for(state="visible")
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("glossary/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/")
