"""Live preview: errors replace the page in the browser and go away by themselves when fixed.

The server is the real MkDocs live-reload server on 127.0.0.1 with a random port; pages are
fetched with urllib. Every wait is bounded.
"""

from __future__ import annotations

import io
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY, TOPIC, line_of, tree_bytes, wait_for

from faq_build.commands.serve import LIVERELOAD_PATH, Preview, create_server, is_page_request

DEADLINE_SECONDS = 60


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8", "replace")



def break_topic(project: Path) -> str:
    topic = project / TOPIC
    good = topic.read_text()
    topic.write_text(good.replace("order: 1", "order: first"))
    return good


def broken_at(project: Path) -> str:
    """``file:line:column`` of the value ``break_topic`` broke, as the error page and terminal show it."""
    return f"{TOPIC}:{line_of((project / TOPIC).read_text(), 'order: first')}:{len('order: ') + 1}"


def test_rebuild_sets_and_clears_the_error_page_without_touching_the_site(project: Path):
    out = io.StringIO()
    preview = Preview(project, today=lambda: TODAY, out=out)
    assert preview.rebuild().ok and preview.error_page is None
    published = tree_bytes(project / "site"), tree_bytes(project / "docs")

    good = break_topic(project)
    assert not preview.rebuild().ok
    page = preview.error_page.decode()
    assert broken_at(project) in page and "FIELD-TYPE" in page
    assert "a whole number" in page  # expected: ...
    assert "<script" not in page and "http" not in page  # self-contained, nothing from other sites
    assert f"{broken_at(project)}: error FIELD-TYPE" in out.getvalue()  # the terminal shows the same
    assert (tree_bytes(project / "site"), tree_bytes(project / "docs")) == published  # never published

    (project / TOPIC).write_text(good)
    assert preview.rebuild().ok and preview.error_page is None


def test_error_text_is_escaped(project: Path):
    topic = project / TOPIC
    topic.write_text(topic.read_text().replace("summary: A topic used by the tests.", "sumary: <b>bold</b>"))
    preview = Preview(project, today=lambda: TODAY, out=io.StringIO())
    preview.rebuild()
    page = preview.error_page.decode()
    assert "FIELD-UNKNOWN" in page and "did you mean &#x27;summary&#x27;?" in page


def test_page_requests_and_assets():
    assert is_page_request("/") and is_page_request("/example-topic/") and is_page_request("/x/index.html")
    assert is_page_request("/no-such-page")
    assert not is_page_request("/assets/stylesheets/faq.css") and not is_page_request("/livereload/1/2")
    assert not is_page_request("/sitemap.xml.gz")


def test_browser_sees_errors_and_recovers_by_itself(project: Path):
    server = create_server(project, host="127.0.0.1", port=0, today=lambda: TODAY, out=io.StringIO(),
                           polling_interval=0.1)
    server.server_bind()
    server.server_activate()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        status, home = fetch(base + "/example-topic/")
        assert status == 200 and "What is the first question?" in home
        # The page reloads itself after each rebuild: the poller is a file of this origin, which the
        # page's Content-Security-Policy allows (an inline script, as MkDocs adds it, is refused).
        assert home.count(f'<script src="{LIVERELOAD_PATH}" data-epoch="') == 1 and "livereload(" not in home
        status, poller = fetch(base + LIVERELOAD_PATH)
        assert status == 200 and poller.rstrip().endswith(
            "livereload(+document.currentScript.dataset.epoch, +document.currentScript.dataset.request);")
        published = tree_bytes(project / "site")

        good = break_topic(project)
        wait_for(lambda: "FIELD-TYPE" in fetch(base + "/example-topic/")[1], "the error page")
        status, page = fetch(base + "/example-topic/")
        assert status == 200
        assert broken_at(project) in page and "What is the first question?" not in page
        assert f'<script src="{LIVERELOAD_PATH}"' in page  # so the browser reloads when the file is fixed
        assert "FIELD-TYPE" in fetch(base + "/")[1]  # every page, not only the broken one
        css = next(p for p in (project / "site").rglob("*.css"))
        status, _ = fetch(base + "/" + css.relative_to(project / "site").as_posix())
        assert status == 200  # assets still come from the last good site
        assert tree_bytes(project / "site") == published

        (project / TOPIC).write_text(good)
        wait_for(lambda: "What is the first question?" in fetch(base + "/example-topic/")[1], "the page to come back")
        assert "FIELD-TYPE" not in fetch(base + "/example-topic/")[1]
    finally:
        server.shutdown()
        thread.join(timeout=DEADLINE_SECONDS)
    assert not thread.is_alive()


def test_a_build_already_running_is_shown_as_such_not_as_a_bug(project: Path, monkeypatch):
    import fcntl

    monkeypatch.setenv("FAQ_BUILD_LOCK_WAIT", "0")
    preview = Preview(project, today=lambda: TODAY, out=io.StringIO())
    with open(project / ".build.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # the lock file's handle: another process's build
        result = preview.rebuild()
    assert [(d.code, d.file) for d in result.report.diagnostics] == [("BUILD-ENVIRONMENT", "faq-build")]
    assert "another build is running" in result.report.diagnostics[0].message
    assert preview.error_page is not None
    assert preview.rebuild().ok and preview.error_page is None  # recovers once the other build is done


def test_preview_keeps_watching_after_content_is_moved_away_and_back(project: Path):
    """A watch on content/ ends with the folder; the project-folder watch must notice and re-arm it.

    Drives the server's own watcher (the polling observer, no HTTP) and runs each rebuild it asks for."""
    server = create_server(project, host="127.0.0.1", port=0, today=lambda: TODAY, out=io.StringIO(),
                           polling_interval=0.05)
    preview = server.preview

    def change_then_rebuild(change: Callable[[], None], what: str) -> bool:
        with server._rebuild_cond:
            server._want_rebuild = False
        change()
        with server._rebuild_cond:
            asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=DEADLINE_SECONDS)
            server._want_rebuild = False
        assert asked, f"no rebuild was asked for after {what}"
        time.sleep(server.build_delay)  # as the build loop does: let the burst of events settle
        return preview.rebuild().ok

    server.observer.start()
    try:
        away = project / "content.moved-away"
        assert not change_then_rebuild(lambda: (project / "content").rename(away), "moving content/ away")
        assert "CONTENT-MISSING" in preview.error_page.decode()

        assert change_then_rebuild(lambda: away.rename(project / "content"), "moving content/ back")
        assert preview.error_page is None

        good = (project / TOPIC).read_text()
        assert not change_then_rebuild(lambda: break_topic(project), "breaking a file in the restored content/")
        assert "FIELD-TYPE" in preview.error_page.decode()

        assert change_then_rebuild(lambda: (project / TOPIC).write_text(good), "fixing it")
        assert preview.error_page is None
    finally:
        server.observer.stop()
        server.observer.join(timeout=DEADLINE_SECONDS)
    assert not server.observer.is_alive()


def test_changes_elsewhere_in_the_project_folder_do_not_rebuild(project: Path):
    """The project-folder watch is filtered: the build's own site/, docs/ and staging folders do not count."""
    server = create_server(project, host="127.0.0.1", port=0, today=lambda: TODAY, out=io.StringIO(),
                           polling_interval=0.05)
    server.observer.start()
    try:
        (project / "notes.txt").write_text("not content")
        (project / "site" / "extra.html").write_text("<p>x</p>")
        with server._rebuild_cond:
            asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=1.0)
        assert not asked
        (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\n")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=DEADLINE_SECONDS)
    finally:
        server.observer.stop()
        server.observer.join(timeout=DEADLINE_SECONDS)
