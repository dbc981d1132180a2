"""What must never reach a distressed reader's screen: running code, raw HTML, unsafe links, and a
crisis box that leaves a country or a phrase unmatched."""

from __future__ import annotations

import pytest
from conftest import diagnose

from . import TOPIC, edit, fixture_text, line_of, report

BASE = fixture_text(TOPIC)
CRISIS = "content/crisis.yml"
BODY = "A course lasts"


@pytest.mark.parametrize("snippet", [
    "<script>alert('hi')</script>",
    '<img src="a.png" onerror="alert()">',
    "[click](javascript:alert())",
    '<iframe src="https://example.org"></iframe>',
])
def test_markdown_unsafe(snippet: str):
    bad = edit(BASE, BODY, f"{snippet} {BODY}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, snippet), "MARKDOWN-UNSAFE")]


@pytest.mark.parametrize("snippet", ["<b>bold</b>", "<!-- a note -->", '<p title="x">words</p>'])
def test_markdown_html(snippet: str):
    bad = edit(BASE, BODY, f"{snippet} {BODY}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, snippet), "MARKDOWN-HTML")]


@pytest.mark.parametrize("snippet", ["[a file](ftp://example.org/file)", "[elsewhere](//example.org/page)"])
def test_link_unsafe(snippet: str):
    bad = edit(BASE, BODY, f"{snippet} {BODY}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, snippet), "LINK-UNSAFE")]


def test_crisis_link():
    bad = edit(BASE, BODY, f"If you are in danger, see the urgent help box. {BODY}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "urgent help box"), "CRISIS-LINK")]


def test_crisis_box_linked_with_a_reference_is_fine():
    bad = edit(BASE, BODY, f"If you are in danger, use the {{{{ crisis: box | urgent help box }}}}. {BODY}")
    assert report(diagnose({TOPIC: bad})) == []


# -- the crisis box's countries ---------------------------------------------------------------------------

COUNTRIES = """    tel: "999"
    button: Call 999
  - region: US
    name: 988 Lifeline
    contact: "988"
    tel: "988"
    button: Call 988
countries:
  - id: uk
    name: UK
    regions: [UK]
  - id: us
    name: US
    regions: [US]
"""


def _with_countries() -> str:
    crisis = fixture_text(CRISIS)
    return edit(crisis, '    tel: "999"\n  - region: US\n    name: 988 Lifeline\n    contact: "988"\n', COUNTRIES)


def test_crisis_countries_that_cover_every_service_are_fine():
    assert report(diagnose({CRISIS: _with_countries()})) == []


def test_crisis_country_without_a_main_option():
    bad = edit(_with_countries(), '    tel: "988"\n    button: Call 988\n', '    tel: "988"\n')
    assert report(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, "- id: us"), "CRISIS-COUNTRY")]


def test_crisis_main_option_without_a_number():
    """Its country then has no main option either: both are reported."""
    bad = edit(_with_countries(), '    tel: "988"\n    button: Call 988\n', "    button: Call the lifeline\n")
    assert report(diagnose({CRISIS: bad})) == [
        (CRISIS, line_of(bad, "button: Call the lifeline"), "CRISIS-COUNTRY"),
        (CRISIS, line_of(bad, "- id: us"), "CRISIS-COUNTRY"),
    ]


def test_crisis_region_in_no_country():
    bad = edit(_with_countries(), "  - id: us\n    name: US\n    regions: [US]\n", "")
    assert report(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, "- region: US"), "CRISIS-COUNTRY")]


def test_crisis_country_listed_twice():
    bad = edit(_with_countries(), "  - id: us\n    name: US", "  - id: uk\n    name: US")
    assert report(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, "- id: uk", 2), "CRISIS-COUNTRY")]


# -- the crisis vocabulary ----------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", [
    "want to die!",  # punctuation nobody types in a search
    "i to",  # nothing left once the ignore words are left out
    "die want to",  # the same words as 'want to die'
])
def test_crisis_phrase(phrase: str):
    bad = edit(fixture_text(CRISIS), "    - kill myself\n", f"    - kill myself\n    - {phrase}\n")
    assert report(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, f"- {phrase}"), "CRISIS-PHRASE")]
