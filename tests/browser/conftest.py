"""Browser tests: a fresh build of the real content, served on 127.0.0.1, driven by Debian's chromium.

The site is the session's one build of the real content (``real_site`` in tests/conftest.py,
never the working tree's possibly stale ``site/``), or, when ``FAQ_BROWSER_CONTENT`` names
other content, a build of that. Chromium runs behind a black-hole proxy, so every request to
another origin is refused (and recorded): the tests also prove the site works offline.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import content_day

from . import harness, search_ui


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def tools() -> None:
    harness.require_tools()


@pytest.fixture(scope="session")
def site(tools: None, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not os.environ.get("FAQ_BROWSER_CONTENT"):
        return request.getfixturevalue("real_site").site
    project = harness.make_project(tmp_path_factory.mktemp("browser") / "project")
    return harness.build_site(project, today=content_day(harness.content_root()))


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[harness.SiteServer]:
    with harness.SiteServer(site) as running:
        yield running


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    return harness.page_paths(site)


@pytest.fixture(scope="session")
def proxy() -> Iterator[harness.BlackholeProxy]:
    with harness.BlackholeProxy() as running:
        yield running


@pytest.fixture(scope="session")
def browser(tools: None, proxy: harness.BlackholeProxy):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = harness.launch_chromium(playwright, proxy)
        yield launched
        launched.close()


@dataclass
class Visit:
    """What one browser context asked for: every URL, and those refused for being third-party."""

    origin: str
    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser, server: harness.SiteServer) -> Iterator[Callable[..., tuple[object, Visit]]]:
    """``page, visit = open_page(color_scheme="dark", width=390)``: a fresh context with a guard."""
    contexts = []

    def factory(*, color_scheme: str = "light", width: int = 1280, height: int = 800):
        visit = Visit(origin=server.origin)
        context = browser.new_context(
            color_scheme=color_scheme, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)

        def watch(request) -> None:
            visit.requested.append(request.url)
            if not harness.same_origin(request.url, server.origin):
                visit.refused.append(request.url)

        # Listening, not routing: Playwright's routing stalls requests made inside web workers.
        # Nothing can leave anyway: chromium's only way out is the black-hole proxy.
        context.on("request", watch)
        contexts.append(context)
        return context.new_page(), visit

    yield factory
    for context in contexts:
        context.close()


SEARCH_WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}  # most patients search on a phone


@pytest.fixture(scope="module", params=list(SEARCH_WIDTHS))
def search_page(request, browser, server):
    """The site's search box, open and ready, at a phone and a desktop width (one page per test
    module, reused across its queries; each query is typed after clearing the box)."""
    width, height = SEARCH_WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server.url("/understanding-trd/"))
    search_ui.open_search(page)
    yield page
    context.close()
