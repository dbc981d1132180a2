"""The browser editor (``faq-build serve --editor``, ``make edit``) in real Chromium, offline.

Each test starts the real preview server with the editor on 127.0.0.1 over a throwaway copy of
the fixture content, opens Decap CMS on /admin/ (its files from node_modules, everything from
this origin, behind the black-hole proxy), edits through the form, and reads the content file
on disk, the check and the built page afterwards.
"""

from __future__ import annotations

import io
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, TOPIC, make_project, tree_bytes, wait_for

from faq_build.build import check
from faq_build.commands.fmt import format_files, format_text
from faq_build.commands.serve import DECAP_FILES, PreviewServer, create_server

from .test_accessibility import axe_violations

DEADLINE_SECONDS = 60
DECAP_UI_VIOLATIONS = {"aria-command-name", "button-name", "frame-title", "region"}
"""What axe-core reports on Decap CMS 3.16's own editing screen: its list items' drag handles and
icon-only buttons have no name, its preview frame has no title and its layout has no landmarks.
Decap's markup, which we cannot change from here; the README lists it. Our picker is checked to
add nothing (its labels first inherited Decap's grey, 3.9:1: admin/editor.css darkens them)."""



@dataclass
class Editor:
    project: Path
    server: PreviewServer
    base: str

    @property
    def topic(self) -> Path:
        return self.project / TOPIC

    def built_page(self) -> str:
        path = self.project / "site" / "example-topic" / "index.html"
        return path.read_text(encoding="utf-8") if path.is_file() else ""


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "admin", project / "admin")
    server = create_server(project, host="127.0.0.1", port=0, today=lambda: TODAY, out=io.StringIO(),
                           polling_interval=0.1, editor=True, decap_files=ROOT / DECAP_FILES)
    server.server_bind()
    server.server_activate()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield Editor(project, server, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        thread.join(timeout=30)


def open_entry(browser, editor: Editor, entry: str = "topics/entries/example-topic"):
    """A fresh page on the editor, past Decap's local 'Login' button, at one entry's form, with the
    question list opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(editor.base + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(f"{editor.base}/admin/#/collections/{entry}")
    page.get_by_label("Title", exact=True).wait_for()
    questions = page.locator('[aria-label="list field"]').filter(has=page.locator("label", has_text="Questions")).first
    questions.get_by_role("button", name="Expand").first.click()
    return page, requested


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click()


def test_editing_a_short_answer_writes_exactly_that_change_checks_and_builds(browser, editor, proxy):
    proxy.requests.clear()
    original = editor.topic.read_text(encoding="utf-8")
    page, requested = open_entry(browser, editor)
    page.get_by_label("Short answer", exact=True).first.fill("It is the first one, and now it says so.")
    publish(page)
    wait_for(lambda: "now it says so" in editor.topic.read_text(encoding="utf-8"), "the save")
    expected = original.replace("short_answer: >-\n      It is the first one. About {{ fact: remission-a }} of people.",
                                "short_answer: It is the first one, and now it says so.")
    assert expected != original
    assert editor.topic.read_text(encoding="utf-8") == format_text(expected, TOPIC, "topic")[0]
    assert format_files(editor.project, [editor.topic], check=True).changed == []
    assert check(editor.project, today=TODAY).ok
    wait_for(lambda: "It is the first one, and now it says so." in editor.built_page(), "the rebuilt page")
    assert all(url.startswith(editor.base) or url.startswith(("data:", "blob:")) for url in requested), requested
    assert proxy.site_requests() == []  # nothing tried to leave the browser (web workers included)


def test_a_bad_edit_shows_the_builds_errors_in_the_preview_and_publishes_nothing(browser, editor):
    wait_for(lambda: editor.server.preview.last is not None, "the first build")
    published = tree_bytes(editor.project / "site")
    page, _ = open_entry(browser, editor)
    body = page.get_by_label("Body", exact=False).first
    body.fill("A figure that does not exist: {{ fact: no-such-fact }}.")
    publish(page)
    wait_for(lambda: "no-such-fact" in editor.topic.read_text(encoding="utf-8"), "the save")
    wait_for(lambda: editor.server.preview.error_page is not None, "the failed rebuild")
    pane = page.frame_locator("#preview-pane")
    pane.get_by_role("status").filter(has_text="Not published, the content has problems").wait_for()
    built = pane.frame_locator("iframe").locator("body")
    wait_for(lambda: "REF-MISSING" in built.inner_text(), "the error list in the preview")
    text = built.inner_text()
    line = next(n for n, t in enumerate(editor.topic.read_text().splitlines(), 1) if "no-such-fact" in t)
    assert f"{TOPIC}:{line}:" in text and "no-such-fact" in text
    assert tree_bytes(editor.project / "site") == published  # the published site is unchanged


def test_an_empty_required_field_is_refused_in_the_form(browser, editor):
    original = editor.topic.read_bytes()
    page, _ = open_entry(browser, editor)
    page.get_by_label("Question", exact=True).first.fill("")
    publish(page)
    page.get_by_text("Question is required.").first.wait_for()
    time.sleep(1)
    assert editor.topic.read_bytes() == original


def test_a_new_question_with_a_fact_from_the_picker(browser, editor):
    page, _ = open_entry(browser, editor)
    questions = page.locator('[aria-label="list field"]').filter(has=page.locator("label", has_text="Questions")).first
    questions.get_by_role("button", name="Add questions").click()
    page.get_by_label("Id", exact=True).last.fill("third-question")
    page.get_by_label("Question", exact=True).last.fill("Is there a third question?")
    page.get_by_label("Short answer", exact=True).last.fill("Yes, there is a third one.")
    body = page.get_by_label("Body", exact=False).last
    body.fill("About ")
    body.press("End")
    picker = page.get_by_role("group", name="Insert a reference at the cursor").last
    picker.get_by_label("Insert").select_option("fact")
    picker.get_by_label("Which one").select_option("remission-a")
    picker.get_by_role("button", name="Insert reference").click()
    assert body.input_value() == "About {{ fact: remission-a }}"
    body.press("End")
    body.type(" of people.")
    publish(page)
    wait_for(lambda: "third-question" in editor.topic.read_text(encoding="utf-8"), "the save")
    saved = editor.topic.read_text(encoding="utf-8")
    assert saved.endswith(  # fmt's layout; only the fields filled in (no empty ones, no unknown keys)
        "  - id: third-question\n    question: Is there a third question?\n    short_answer: Yes, there is a third one.\n"
        '    body: "About {{ fact: remission-a }} of people."\n'
    )
    result = check(editor.project, today=TODAY)
    assert result.ok, [d.code for d in result.report.diagnostics]
    assert [q.id for q in result.content.topics[0].questions] == ["first-question", "second-question", "third-question"]


def test_the_picker_works_from_the_keyboard_alone(browser, editor):
    page, _ = open_entry(browser, editor)
    body = page.get_by_label("Body", exact=False).first
    body.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("Tab")  # to "Insert": the kind of reference
    page.keyboard.press("ArrowDown")  # a glossary word
    page.keyboard.press("Tab")  # to "Which one"
    page.keyboard.press("ArrowDown")  # the first word
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    assert body.input_value().endswith("{{ term: remission }}")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"  # back in the text, after the reference


def test_axe_on_the_editor_finds_only_decaps_own_problems(browser, editor):
    page, _ = open_entry(browser, editor)
    violations = axe_violations(page)
    assert {v["rule"] for v in violations} == DECAP_UI_VIOLATIONS, violations
    ours = [node for v in violations for node in v["nodes"]
            if any(mark in node.split(":")[0] for mark in ("faq-", "-kind", "-choice", "body-field"))]
    assert ours == []


def test_an_open_page_reloads_by_itself_after_a_save(browser, editor):
    """The preview's reload poller runs under the pages' Content-Security-Policy."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(editor.base + "/example-topic/")
    heading = page.get_by_role("heading", name="What is the first question?")
    heading.wait_for()
    editor.topic.write_text(editor.topic.read_text().replace("What is the first question?", "What is question one?"))
    page.get_by_role("heading", name="What is question one?").wait_for(timeout=DEADLINE_SECONDS * 1000)
    assert refused == []
    context.close()


def test_related_questions_and_sources_are_picked_from_those_that_exist(browser, editor):
    """The pick-from-the-list fields offer the items not chosen yet, by what editors recognise
    them by (a question's text, a source's title); the first question already relates to the
    second and cites study-a."""
    page, _ = open_entry(browser, editor)
    offered = {}
    for label in ("Related", "Sources"):
        page.get_by_label(label, exact=False).first.click()
        page.locator('[id*="-option-"]').first.wait_for()
        offered[label] = page.locator('[id*="-option-"]').all_inner_texts()
        page.keyboard.press("Escape")
    assert offered == {"Related": ["What is the first question?"], "Sources": ["Another study"]}


def test_the_preview_shows_an_unsaved_edit_checked_with_its_figures(browser, editor):
    original = editor.topic.read_bytes()
    page, _ = open_entry(browser, editor)
    pane = page.frame_locator("#preview-pane")
    page.get_by_label("Short answer", exact=True).nth(1).fill("Now with a figure: {{ fact: remission-a }}.")
    lead = pane.locator(".faq-draft p.faq-lead", has_text="Now with a figure")
    lead.wait_for()
    assert lead.inner_text() == "Now with a figure: 36.8% (Study A 2020)."
    page.get_by_label("Short answer", exact=True).nth(1).fill("Not there: {{ fact: no-such-fact }}.")
    problem = pane.locator(".faq-draft-problems li")
    problem.first.wait_for()
    assert problem.count() == 1 and "REF-MISSING" in problem.inner_text() and TOPIC in problem.inner_text()
    assert editor.topic.read_bytes() == original  # nothing was saved


def test_the_published_editor_loads_from_its_own_origin_and_asks_to_sign_in_to_the_git_host(browser, proxy,
                                                                                          tmp_path: Path):
    """``site/admin/`` of a build with FAQ_EDITOR_REPO, served as a static host serves it: Decap
    starts with the GitHub backend (its sign-in button, not the local 'Login'), under the page's own
    Content-Security-Policy, and nothing is requested from another origin before signing in."""
    from faq_build.fsutil import pinned_env

    from .harness import SiteServer, build_site

    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "admin", project / "admin")
    (project / "node_modules").mkdir()
    (project / "node_modules" / "decap-cms").symlink_to(ROOT / "node_modules" / "decap-cms")
    with pinned_env(FAQ_EDITOR_REPO="my-clinic/faq", FAQ_EDITOR_BRANCH=None, FAQ_EDITOR_AUTH_URL=None):
        site = build_site(project, today=TODAY)
    proxy.requests.clear()
    with SiteServer(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        refused: list[str] = []
        page = context.new_page()
        page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(server.url("/admin/"))
        page.get_by_role("button", name="Login with GitHub").wait_for()
        assert page.get_by_role("button", name="Login", exact=True).count() == 0
        context.close()
    assert refused == []
    assert all(url.startswith(server.origin) or url.startswith(("data:", "blob:")) for url in requested), requested
    assert server.origin + "/admin/config.yml" in requested
    assert proxy.site_requests() == []
