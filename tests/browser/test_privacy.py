"""Privacy: no page loads anything from another origin (fonts, scripts, analytics, CDNs).

Two nets: Playwright reports every request a page makes (full URL), and chromium runs behind a
black-hole proxy that refuses and records whatever tries to leave the browser, including requests
made inside web workers, which Playwright's request events do not report.
"""

from __future__ import annotations

import time

from . import harness, search_ui

TABS = 6
"""Pages loaded side by side: each still waits until its network has been idle for 500 ms, but the
waits overlap (Playwright's Chromium does not slow the timers of pages in the background)."""


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")


def _visit_all(page, server, paths: list[str]) -> None:
    """Load every page, ``TABS`` at a time in tabs of the same context (the same request guard),
    each until its network is idle; then ``page`` shows the last one."""
    tabs = [page] + [page.context.new_page() for _ in range(min(TABS, len(paths)) - 1)]
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start:start + len(tabs)], strict=False))
        for tab, path in batch:
            tab.goto(server.url(path), wait_until="commit")
        for tab, _ in batch:
            _settle(tab)
    for tab in tabs[1:]:
        tab.close()
    page.goto(server.url(paths[-1]))
    _settle(page)


def test_no_page_requests_anything_from_another_origin(open_page, server, pages, proxy):
    proxy.requests.clear()
    problems = {}
    # Every page in the light scheme; the dark scheme loads the same files (checked on the home page).
    for scheme, visited in (("light", pages), ("dark", ["/"])):
        page, visit = open_page(color_scheme=scheme)
        _visit_all(page, server, visited)
        # Use search too: it loads the search engine and the index.
        search_ui.open_search(page)
        search_ui.type_query(page, "depression")
        _settle(page)
        assert any("/pagefind/index/" in url for url in visit.requested), "search index never loaded"
        if visit.refused:
            problems[scheme] = sorted(set(visit.refused))
    leaked = proxy.site_requests()
    assert not problems, f"pages requested third-party resources: {problems}"
    assert not leaked, f"requests left the browser for other hosts: {leaked}"


def test_the_guard_catches_third_party_requests(open_page, proxy, tmp_path, browser):
    """Control: a page that does load third-party resources (including from a worker) is caught."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto"></head>'
        '<body><img src="http://img.third-party.test/pixel.png" alt="">'
        '<script>new Worker("worker.js")</script></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "worker.js").write_text('fetch("http://worker.third-party.test/index.json").catch(() => {});')
    proxy.requests.clear()
    with harness.SiteServer(tmp_path) as other:
        context = browser.new_context()
        refused = []
        context.on("request", lambda r: None if harness.same_origin(r.url, other.origin) else refused.append(r.url))
        page = context.new_page()
        page.goto(other.url("/"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any("worker.third-party.test" in r for r in proxy.requests + refused):
            time.sleep(0.1)
        context.close()
    assert any(url.startswith("https://fonts.googleapis.com/") for url in refused), refused
    assert "http://img.third-party.test/pixel.png" in refused
    caught = refused + proxy.site_requests()
    assert any("worker.third-party.test" in r for r in caught), (refused, proxy.requests)
