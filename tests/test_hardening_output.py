"""Stored XSS and outside requests: every class of payload is refused with its exact diagnostics,
plain-text fields print as text, and the site audit refuses what slips past every earlier stage."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TOPIC, diagnose, fixture_text, line_of, where
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_build.blocks.citations import format_citation
from faq_build.outputs.audit import audit_site
from faq_build.render import RenderedSite, render
from faq_build.resolve import resolve
from faq_build.text.sanitise import (
    CHARACTER_REFERENCE,
    MARKUP_OPENERS,
    converted_findings,
    findings,
    html_text,
    markdown_text,
    url_allowed,
)

BODY_LINE = "      A course lasts"
TITLE_PAYLOAD = "x <img src=x onerror=alert(1)>"


def _in_body(payload: str) -> tuple[str, int]:
    """The fixture topic with ``payload`` as its own paragraph in a body, and the payload's line."""
    text = fixture_text(TOPIC).replace(BODY_LINE, payload + "\n\n" + BODY_LINE, 1)
    return text, line_of(text, payload.strip().split("\n")[-1][:20])


@pytest.mark.parametrize(
    "payload, code",
    [
        ('      <div><img src="x"onerror="alert(\'x\')"></div>', "MARKDOWN-HTML"),  # F1e block raw HTML
        ("      <div><svg/OnLoad=alert('x')></svg></div>", "MARKDOWN-HTML"),
        ('      [Read more](#second-question){:onfocus="alert(\'x\')" autofocus=""}', "MARKDOWN-HTML"),  # F1f
        ("      Para.\n      {:onclick=\"alert('x')\"}", "MARKDOWN-HTML"),
        ("      See {{ term: remission }}. <scr{{ term: remission | ipt }}>alert('x')</scr{{ term: remission | ipt }}>",
         "MARKDOWN-HTML"),  # F1g: the tag exists only after references are resolved
        # F1i; the entity's digits are also a bare number to the number check
        ("      <a href=\"jav&#x61;script:alert('x')\">tap here</a>", ("LINK-UNSAFE", "NUMBER-BARE")),
        ("      [tap](jav&#x61;script:alert('x'))", "LINK-UNSAFE"),
        ("      [tap](java\tscript:alert('x'))", "LINK-UNSAFE"),
        ("      [tap](vbscript:alert('x'))", "LINK-UNSAFE"),
        ("      [tap](data:text/html;base64,PHNjcmlwdD4=)", "LINK-UNSAFE"),
        ("      [tap](file:///etc/passwd)", "LINK-UNSAFE"),
        ("      [tap](http://evil.example/link)", "LINK-UNSAFE"),
        ("      [tap](//evil.example/link)", "LINK-UNSAFE"),
        ('      <base href="https://evil.example/">', "MARKDOWN-HTML"),  # F2
        ("      ![x](https://evil.example/md.gif)", "MARKDOWN-HTML"),
        ('      <span style="background:url(https://evil.example/css.gif)">styled</span>', "MARKDOWN-HTML"),
        ('      <video src="https://evil.example/v.webm" autoplay muted></video>', "MARKDOWN-HTML"),
        ('      See {{ term: remission }}. <meta http-equiv="refresh" content="{{ term: remission | x }};url=https://evil.example/">',
         "MARKDOWN-HTML"),
        ('      <a target="_blank" href="https://evil.example/login">sign in</a>', "MARKDOWN-HTML"),
        ("      <!-- a comment -->", "MARKDOWN-HTML"),
    ],
)
def test_markdown_payload_is_refused_on_its_line(payload: str, code: str | tuple[str, ...]) -> None:
    text, line = _in_body(payload)
    codes = (code,) if isinstance(code, str) else code
    assert where(diagnose({TOPIC: text})) == {(TOPIC, line, c) for c in codes}


def test_allowed_markdown_passes() -> None:
    text, _ = _in_body(
        "      [a](https://example.org/) [m](mailto:a@example.org) [t](tel:999) [s](sms:85258) "
        "[here](#second-question) [page](about.md) *em* **strong** `code`\n      {: .note #extra-note }"
    )
    assert where(diagnose({TOPIC: text})) == set()


# Every Markdown and HTML character but the three that open markup, and words and line starts
# that mean something to Python-Markdown (lists, headings, quotes, code, rules, entities).
_PLAIN_PIECES = st.sampled_from([
    "word", "Tap", " ", "  ", "\n", "\n\n", "    ", "*", "**", "_", "`", "```", "#", "## ", "> ", "- ", "+ ", "1. ",
    "3) ", "---", "===", "&", "&amp;", "&#60;", "&lt;script&gt;", ">", "]", "}", "(", ")", ":", "!", "\\", "\"", "'",
    "javascript:alert(1)", "https://evil.example/", "onerror=x", "#id", ".class", "\t", "\u00a0", "é",
    "&#1", "&#x202e;", "&#8217;", "&#128;",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLAIN_PIECES, max_size=30).map("".join))
def test_a_field_without_a_markup_opener_converts_to_nothing_refused(text: str) -> None:
    """The shortcut in ``findings``: a text with no '<', '[' or '{' and no character reference
    ('&#') is allowed unconverted, because converting it never gives anything the allowlist refuses;
    a character reference can only write an invisible control character (FILE-CONTROL-CHARACTER)."""
    assert MARKUP_OPENERS.isdisjoint(text)
    converted = converted_findings(text)
    assert findings(text) == converted
    assert {f.code for f in converted} <= {"FILE-CONTROL-CHARACTER"}
    if CHARACTER_REFERENCE not in text:
        assert converted == []


@pytest.mark.parametrize("text, found", [
    ("&#1. a list", ["&#1;"]), ("Read &#x202e;this", ["&#x202e;"]), ("x &#0; and &#xD800;", ["&#0;", "&#xD800;"]),
    ("a quote &#8217; and a euro &#128;", []), ("`&#1;` as code", []), ("&amp;#1; written out", []),
])
def test_a_character_reference_to_a_control_character_is_refused(text: str, found: list[str]) -> None:
    assert [(f.code, f.found) for f in findings(text)] == [("FILE-CONTROL-CHARACTER", ref) for ref in found]


@pytest.mark.parametrize("opener, text", [
    ("<", "Tap <b>here</b>"), ("[", "[tap](javascript:alert(1))"), ("{", "Para.\n{: onclick=\"x\" }"),
])
def test_each_markup_opener_sends_a_field_to_the_converter(opener: str, text: str) -> None:
    assert opener in text and MARKUP_OPENERS.intersection(text) == {opener}
    assert [f.code for f in findings(text)] == [f.code for f in converted_findings(text)] != []


def test_a_reference_link_defined_in_one_field_is_checked() -> None:
    text, _ = _in_body("      [tap][evil]\n\n      [evil]: mailto:a@example.org")
    assert where(diagnose({TOPIC: text})) == set()
    text, line = _in_body("      [tap][evil]\n\n      [evil]: vbscript:x")
    assert where(diagnose({TOPIC: text})) == {(TOPIC, line, "LINK-UNSAFE")}


def test_the_early_check_is_not_repeated_by_the_allowlist() -> None:
    text, line = _in_body("      <script>alert('x')</script>")
    assert where(diagnose({TOPIC: text})) == {(TOPIC, line, "MARKDOWN-UNSAFE")}


def test_the_message_names_what_was_found() -> None:
    text, _line = _in_body("      Para.\n      {:onclick=\"alert('x')\"}")
    [problem] = diagnose({TOPIC: text})
    assert (problem.message, problem.found) == ("content contains the attribute 'onclick' on <p>", "onclick=\"alert('x')\"")


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/", True), ("#a", True), ("../x/", True), ("mailto:a@b.c", True),
    ("jav&#x61;script:x", False), ("JAVASCRIPT:x", False), (" java\nscript:x", False),
    ("http://x", False), ("//x", False), ("/\\x", False), ("data:text/html,x", False),
])
def test_link_rule_decodes_first(url: str, ok: bool) -> None:
    assert url_allowed(url) is ok


# ------------------------------------------------------------------ plain-text fields print as text


def _content(**files: str):
    from conftest import TODAY, fixture_files

    from faq_build.load import parse_files
    from faq_build.validate import validate

    data = fixture_files()
    for name, text in files.items():
        data[name] = text.encode("utf-8")
    documents, problems = parse_files(data)
    content, _ = validate(documents, today=TODAY)  # MARKDOWN-UNSAFE may object; render must be safe anyway
    assert problems == [] and content is not None
    return content


def test_plain_text_escapers() -> None:
    assert markdown_text("a <b> & *c*") == "a &lt;b> &amp; \\*c\\*"
    assert html_text(TITLE_PAYLOAD) == "x &lt;img src=x onerror=alert(1)&gt;"


def test_a_topic_title_is_text_in_the_navigation_front_matter_and_heading() -> None:
    topic = fixture_text(TOPIC).replace("title: An example topic", f"title: '{TITLE_PAYLOAD}'")
    rendered = render(resolve(_content(**{TOPIC: topic})))
    assert {"x &lt;img src=x onerror=alert(1)&gt;": "example-topic.md"} in rendered.nav
    page = rendered.files["example-topic.md"]
    assert 'title: "x &lt;img src=x onerror=alert(1)&gt;"' in page
    assert "# x &lt;img src=x onerror=alert(1)>" in page
    assert '"name": "x <img src=x onerror=alert(1)>"' in page  # JSON-LD: plain text, printed with tojson


def test_term_unit_and_citation_parts_are_text() -> None:
    glossary = fixture_text("content/glossary.yml").replace("term: remission", "term: 'remission <script>x</script>'")
    facts = fixture_text("content/facts.yml").replace("unit: sessions", "unit: 'sessions <script>x</script>'")
    sources = (fixture_text("content/sources.yml").replace("volume: 1", "volume: '1<script>x</script>'")
               .replace("url: https://example.org/study-b", "url: https://x.example/)<img/src=https://evil.example/u.gif>"))
    content = _content(**{"content/glossary.yml": glossary, "content/facts.yml": facts, "content/sources.yml": sources})
    rendered = render(resolve(content))
    topic = rendered.files["example-topic.md"].split("\n---\n", 1)[1]  # after the front matter (JSON-LD)
    assert "<script>" not in topic and "[remission &lt;script>x&lt;/script>](glossary.md#remission" in topic
    assert "6–12 sessions &lt;script>x&lt;/script>" in topic
    citations = [format_citation(s) for s in content.sources.values()]
    assert ";1&lt;script>x&lt;/script>(2)" in citations[0]
    assert "[Web page](https://x.example/%29%3Cimg/src=https://evil.example/u.gif%3E)" in citations[1]


# ------------------------------------------------------------------ the site audit


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<script type="application/ld+json">{"a": 1}</script></head>
<body><nav><a class="md-nav__link" href="../example-topic/">T</a></nav>
<article><h1>t</h1><h2 id="first-question">Q</h2>%s</article>
<script src="../assets/javascripts/faq-search.js"></script></body></html>"""


def _site(tmp_path: Path, body: str, *, nav: str = "T") -> Path:
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "javascripts" / "faq-search.js").write_text("", encoding="utf-8")
    (site / "example-topic").mkdir()
    (site / "example-topic" / "index.html").write_text(
        (PAGE % body).replace('">T</a>', f'">{nav}</a>'), encoding="utf-8")
    content = tmp_path / "content" / "topics"
    content.mkdir(parents=True)
    (content / "example-topic.yml").write_text("", encoding="utf-8")
    return site


def _audit(tmp_path: Path, body: str, **options: str) -> set[tuple[str, str]]:
    site = _site(tmp_path, body, **options)
    problems = audit_site(site, RenderedSite(files={}, nav=[]), tmp_path / "content")
    return {(d.file, d.message) for d in problems}


FROM_Q = "(from the question 'first-question')"


@pytest.mark.parametrize("body, what", [
    ("<script>alert(1)</script>", "a <script> that is not ours"),
    ('<script src="https://evil.example/x.js"></script>', "a <script> that is not ours"),
    ('<script src="../assets/other/x.js"></script>', "a <script> that is not ours"),
    ('<img src="x" onerror="alert(1)">', "an event handler attribute 'onerror'"),
    ('<svg onload="alert(1)"></svg>', "an event handler attribute 'onload'"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "a javascript: address"),
    ('<a href="java\tscript:alert(1)">x</a>', "a javascript: address"),
    ('<a href="data:text/html,x">x</a>', "a data: address"),
    ('<a href="vbscript:x">x</a>', "a vbscript: address"),
    ('<base href="https://evil.example/">', "a <base> element"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', '<meta http-equiv="refresh">'),
    ('<img src="https://evil.example/t.gif" alt="">', "a resource from another origin (<img src>)"),
    ('<img srcset="//evil.example/t.gif 2x" alt="">', "a resource from another origin (<img srcset>)"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "a resource from another origin (<link href>)"),
    ('<video src="https://evil.example/v.mp4"></video>', "a resource from another origin (<video src>)"),
    ('<iframe src="https://evil.example/"></iframe>', "a resource from another origin (<iframe src>)"),
    ('<object data="https://evil.example/x"></object>', "a resource from another origin (<object data>)"),
    ('<svg><use href="https://evil.example/s.svg#a"></use></svg>', "a resource from another origin (<use href>)"),
    ('<span style="background:url(https://evil.example/c.gif)">x</span>', "a style attribute that loads something"),
    ('<p id="first-question">x</p>', "two elements with the id 'first-question'"),
])
def test_audit_refuses_each_class(tmp_path: Path, body: str, what: str) -> None:
    assert _audit(tmp_path, body) == {
        ("content/topics/example-topic.yml", f"the published page /example-topic/index.html contains {what} {FROM_Q}")
    }


def test_audit_names_the_title_a_navigation_link_shows(tmp_path: Path) -> None:
    assert _audit(tmp_path, "", nav='<img src="x" onerror="alert(1)">') == {
        ("content/topics/example-topic.yml", "the published page /example-topic/index.html contains an event "
         "handler attribute 'onerror' (from the title (shown in the navigation))")
    }


def test_audit_allows_outbound_links_and_adds_the_policy(tmp_path: Path) -> None:
    assert _audit(tmp_path, '<a href="https://other.example/">out</a> <a href="tel:999">call</a>') == set()
    html = (tmp_path / "site" / "example-topic" / "index.html").read_text(encoding="utf-8")
    assert html.startswith('<!doctype html><html lang="en"><head><meta charset="utf-8">\n    '
                           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';")
    assert "script-src 'self' 'wasm-unsafe-eval'\">" in html  # no inline script here, so no hash


def test_audit_writes_no_policy_when_a_page_fails(tmp_path: Path) -> None:
    _audit(tmp_path, "<script>alert(1)</script>")
    assert "Content-Security-Policy" not in (tmp_path / "site" / "example-topic" / "index.html").read_text()


def test_a_redirect_page_may_refresh_and_run_its_script(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    page = ('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=../new/">'
            "<script>location.replace('../new/')</script></head><body></body></html>")
    (site / "old" / "index.html").write_text(page, encoding="utf-8")
    assert audit_site(site, RenderedSite(files={"old/index.html": page}, nav=[])) == []
    (site / "old" / "index.html").write_text(page, encoding="utf-8")
    assert {d.message for d in audit_site(site, RenderedSite(files={}, nav=[]))} == {
        '''the published page /old/index.html contains <meta http-equiv="refresh"> (from the page text)''',
        "the published page /old/index.html contains a <script> that is not ours (from the page text)",
    }
