"""The theme's bundle waits for the reader (faq_build/outputs/theme_script.py and
faq-theme-loader.js): a page that is only read loads no theme bundle, and the first thing the
reader does loads it, after which the theme's features work (the colour-scheme switch here; back
to top in test_phone_layout.py). What a reader needs first works before it: the crisis box, the
menu and search."""

from __future__ import annotations

import re

from . import search_ui

BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def _bundles(visit) -> list[str]:
    return [url for url in visit.requested if BUNDLE.search(url)]


def test_a_page_that_is_only_read_loads_no_theme_bundle(open_page, server):
    page, visit = open_page(width=390, height=844)
    page.goto(server.url("/ect/"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert _bundles(visit) == []
    assert page.locator("#urgent-help a.faq-crisis__button").first.is_visible()


def test_the_first_key_press_loads_the_bundle_and_the_colour_switch_works(open_page, server):
    page, visit = open_page(width=1280, height=800)
    page.goto(server.url("/ect/"))
    page.wait_for_load_state("networkidle")
    assert _bundles(visit) == []
    page.keyboard.press("Tab")
    page.wait_for_function("() => typeof window.component$ !== 'undefined'")
    page.wait_for_load_state("networkidle")
    assert len(_bundles(visit)) == 1
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"


def test_the_menu_and_search_work_before_the_bundle(open_page, server):
    """On a phone: the menu is a CSS toggle and search is our own script; opening them is also the
    reader's first action, so the bundle then loads too (once)."""
    page, visit = open_page(width=390, height=844)
    page.goto(server.url("/ect/"))
    page.wait_for_load_state("networkidle")
    search_ui.open_search(page)
    search_ui.type_query(page, "shock therapy")
    assert search_ui.visible_result_links(page) != []
    page.wait_for_load_state("networkidle")
    assert len(_bundles(visit)) == 1


def test_a_dark_system_setting_gets_the_dark_scheme_before_the_bundle(open_page, server):
    """The bundle used to pick the scheme matching prefers-color-scheme; the loader does it at once."""
    page, visit = open_page(color_scheme="dark", width=390, height=844)
    page.goto(server.url("/ect/"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    assert _bundles(visit) == []
