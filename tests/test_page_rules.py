"""The rules behind what a reader meets on every page: review status, key points, links to
the crisis box, the crisis countries and the 'Report a problem' route. One minimal edit of the clean
fixture per rule, and the exact diagnostic list it must produce (file, line, code)."""

from __future__ import annotations

import json
import re

from conftest import TODAY, TOPIC, diagnose, fixture_files, fixture_text, line_of

from faq_build.load import parse_files
from faq_build.render import render
from faq_build.resolve import resolve
from faq_build.validate import validate

BASE = fixture_text(TOPIC)
SITE = "content/site.yml"
CRISIS = "content/crisis.yml"
SITE_TEXT = fixture_text(SITE)
CRISIS_TEXT = fixture_text(CRISIS)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def exact(diagnostics) -> list[tuple[str, int, str]]:
    return sorted((d.file, d.line, d.code) for d in diagnostics)


def rendered(overrides: dict[str, str]) -> dict[str, str]:
    files = fixture_files()
    files.update({name: text.encode() for name, text in overrides.items()})
    documents, problems = parse_files(files)
    content, more = validate(documents, today=TODAY)
    assert content is not None, problems + more
    return render(resolve(content)).files


def front_matter_jsonld(page: str) -> dict:
    return json.loads(re.search(r"^jsonld: (.*)$", page, re.M).group(1))


# -- KEY-POINTS ---------------------------------------------------------------------------------


def test_a_topic_needs_three_key_points():
    bad = edit("  - Ask your care team if you are unsure.\n", "")
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "id: example-topic"), "KEY-POINTS")]


def test_a_topic_has_at_most_five_key_points():
    extra = "".join(f"  - Point number {word}.\n" for word in ("four", "five", "six"))
    bad = edit("  - Ask your care team if you are unsure.\n", "  - Ask your care team if you are unsure.\n" + extra)
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "key_points:") + 1, "FIELD-VALUE")]


def test_key_points_are_read_at_grade_eight_or_below():
    hard = ("  - Pharmacological augmentation strategies necessitate comprehensive consideration of "
            "pharmacokinetic interactions, contraindications and individualised monitoring requirements.\n")
    bad = edit("  - The first answer comes first.\n", hard)
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "key_points:") + 1, "KEY-POINTS")]


def test_key_points_follow_the_answer_rules_for_numbers():
    bad = edit("  - The first answer comes first.\n", "  - Most people, 70% of them, get better.\n")
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "70%"), "NUMBER-BARE")]


# -- CRISIS-LINK and {{ crisis: box }} -----------------------------------------------------------


def test_an_unlinked_mention_of_the_help_box_is_an_error():
    bad = edit("The second answer.", "If you are in danger, see the urgent help box.")
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "urgent help box"), "CRISIS-LINK")]
    bad = edit("The second answer.", "Then see the box at the top of this page.")
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "box at the top"), "CRISIS-LINK")]


def test_a_crisis_box_reference_is_clean_and_links_to_the_box_on_the_same_page():
    good = edit("The second answer.", "'If you are in danger, use the {{ crisis: box | urgent help box }}.'")
    assert diagnose({TOPIC: good}) == []
    page = rendered({TOPIC: good})["example-topic.md"]
    assert "use the [urgent help box](#urgent-help)." in page
    assert page.count('id="urgent-help"') == 1


def test_an_unknown_crisis_reference_is_missing():
    bad = edit("The second answer.", "'Use the {{ crisis: panel }}.'")
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "crisis: panel"), "REF-MISSING")]


def test_crisis_card_repeats_the_compact_card_inside_the_answer():
    good = edit("    short_answer: The second answer.\n", "    short_answer: The second answer.\n    crisis_card: true\n")
    assert diagnose({TOPIC: good}) == []
    page = rendered({TOPIC: good})["example-topic.md"]
    second = page[page.index("## And the second?"):]
    assert second.count('class="faq-crisis faq-crisis--inline faq-search-exclude"') == 1
    assert '<a href="#urgent-help">Other countries and ways to get help</a>' in second
    assert page[: page.index("## And the second?")].count("faq-crisis--inline") == 0


# -- CRISIS-COUNTRY ------------------------------------------------------------------------------

COUNTRIES = """countries:
  - id: uk
    name: UK
    regions: [UK]
  - id: us
    name: US
    regions: [US]
"""


def with_countries(services_edit: tuple[str, str] | None = None, countries: str = COUNTRIES) -> str:
    text = CRISIS_TEXT.replace("search:\n", countries + "search:\n", 1)
    text = text.replace('    tel: "999"\n', '    tel: "999"\n    button: "Emergency: call 999"\n', 1)
    text = text.replace('    contact: "988"\n', '    contact: "988"\n    tel: "988"\n    button: "Call 988"\n', 1)
    if services_edit:
        text = edit(*services_edit, text=text)
    return text


def test_countries_with_a_main_option_each_are_clean_and_render_one_group_each():
    good = with_countries()
    assert diagnose({CRISIS: good}) == []
    page = rendered({CRISIS: good})["index.md"]
    assert ('<div class="faq-crisis__main" data-country="uk">\n'
            '<a class="faq-crisis__button" href="tel:999">Emergency: call 999</a>') in page
    assert ('<div class="faq-crisis__main" data-country="us" hidden>\n'
            '<a class="faq-crisis__button" href="tel:988">Call 988</a>') in page
    assert 'data-country="uk" aria-pressed="false">UK</button>' in page


def test_a_region_in_no_country_is_an_error():
    bad = with_countries(countries=COUNTRIES.replace("    regions: [US]\n", "    regions: [USA]\n"))
    assert exact(diagnose({CRISIS: bad})) == sorted([
        (CRISIS, line_of(bad, "- id: us"), "CRISIS-COUNTRY"),
        (CRISIS, line_of(bad, "region: US"), "CRISIS-COUNTRY"),
    ])


def test_a_region_in_two_countries_is_an_error():
    bad = with_countries(countries=COUNTRIES.replace("    regions: [US]\n", "    regions: [US, UK]\n"))
    assert exact(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, "region: UK"), "CRISIS-COUNTRY")]


def test_a_country_without_a_main_option_is_an_error():
    bad = with_countries(('    button: "Call 988"\n', ""))
    assert exact(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, "- id: us"), "CRISIS-COUNTRY")]


def test_a_button_without_a_number_is_an_error():
    bad = with_countries(('    contact: "988"\n    tel: "988"\n', '    contact: "988"\n'))
    assert exact(diagnose({CRISIS: bad})) == sorted([
        (CRISIS, line_of(bad, "- id: us"), "CRISIS-COUNTRY"),
        (CRISIS, line_of(bad, 'button: "Call 988"'), "CRISIS-COUNTRY"),
    ])


def test_a_country_listed_twice_is_an_error():
    bad = with_countries(countries=COUNTRIES.replace("  - id: us\n", "  - id: uk\n"))
    assert exact(diagnose({CRISIS: bad})) == [(CRISIS, line_of(bad, "- id: uk", 2), "CRISIS-COUNTRY")]


# -- REPORT-ADDRESS ------------------------------------------------------------------------------


def test_an_unset_report_address_is_a_warning_and_the_page_says_what_to_do():
    unset = SITE_TEXT.replace("report_problem: mailto:editors@health-team.test\n", "")
    found = diagnose({SITE: unset})
    assert exact(found) == [(SITE, 1, "REPORT-ADDRESS-UNSET")]
    assert found[0].severity.value == "warning"
    page = rendered({SITE: unset})["example-topic.md"]
    assert "To report a problem with this page, please tell the service that gave you this link." in page
    assert "Report a problem with this page</a>" not in page


def test_a_report_address_that_is_neither_mailto_nor_https_is_an_error():
    for value in ("editors@example.org", "http://example.org/form", "mailto:nobody", "javascript:alert(1)"):
        bad = SITE_TEXT.replace("mailto:editors@health-team.test", value)
        assert exact(diagnose({SITE: bad})) == [(SITE, line_of(bad, "report_problem"), "REPORT-ADDRESS-INVALID")], value


def test_an_https_report_form_is_linked_as_it_is():
    good = SITE_TEXT.replace("mailto:editors@health-team.test", "https://forms.example.org/report")
    assert diagnose({SITE: good}) == []
    page = rendered({SITE: good})["example-topic.md"]
    assert '<a href="https://forms.example.org/report">Report a problem with this page</a>' in page


# -- review status -------------------------------------------------------------------------------


def test_a_pending_page_says_so_and_claims_no_reviewer():
    pending = edit("  status: reviewed\n", "  status: pending\n")
    pending = edit("  reviewer: Dr Test Name\n  reviewer_role: Test reviewer\n", "", pending)
    assert diagnose({TOPIC: pending}) == []
    files = rendered({TOPIC: pending})
    page = files["example-topic.md"]
    assert ("<strong>A doctor has not checked this page yet. Please check anything important with your care "
            "team.</strong>") in page
    assert "Page last updated: <time datetime=\"2026-01-10\">10 January 2026</time> · Not yet reviewed by a doctor" in page
    data = front_matter_jsonld(page)
    assert ("reviewedBy" in data, "lastReviewed" in data, data["dateModified"]) == (False, False, "2026-01-10")
    about = files["about.md"]
    assert "No doctor or other clinician has checked these pages yet" in about
    assert "reviewedBy" not in front_matter_jsonld(files["index.md"])


def test_a_reviewed_page_names_its_reviewer_in_the_foot_and_the_data():
    files = rendered({})
    page = files["example-topic.md"]
    assert "A doctor has not checked this page yet" not in page
    assert page.index("Page last reviewed:") > page.index("## And the second?")
    assert front_matter_jsonld(page)["reviewedBy"] == [{"@type": "Person", "jobTitle": "Test reviewer", "name": "Dr Test Name"}]
    assert "These pages have been checked by a clinician" in files["about.md"]


def test_the_medicines_notice_appears_once_above_the_answers():
    medicine = edit("The second answer.", "Ask before you stop a medicine. The second answer is about tablets.")
    page = rendered({TOPIC: medicine})["example-topic.md"]
    assert page.count('class="faq-medicines faq-search-exclude"') == 1
    assert page.index('class="faq-medicines faq-search-exclude"') < page.index("## What is the first question?")
    assert rendered({})["example-topic.md"].count('class="faq-medicines faq-search-exclude"') == 0


def test_the_summary_notes_pending_reviews_and_a_missing_report_address():
    from faq_build.build import content_notes

    def notes(overrides: dict[str, str]) -> list[str]:
        files = fixture_files()
        files.update({name: text.encode() for name, text in overrides.items()})
        documents, _ = parse_files(files)
        content, _ = validate(documents, today=TODAY)
        return content_notes(content)

    assert notes({}) == []
    pending = edit("  status: reviewed\n  last_reviewed: 2026-01-10\n  next_review_due: 2027-01-10\n"
                   "  reviewer: Dr Test Name\n  reviewer_role: Test reviewer\n",
                   "  status: pending\n  last_reviewed: 2026-01-10\n  next_review_due: 2027-01-10\n")
    unset = SITE_TEXT.replace("report_problem: mailto:editors@health-team.test\n", "")
    assert notes({TOPIC: pending, SITE: unset}) == [
        "1 of 1 topics are pending clinical review; each tells readers 'A doctor has not checked this page yet' "
        "and claims no reviewer.",
        "No 'Report a problem' address (report_problem in content/site.yml): pages tell readers to contact the "
        "service that gave them the link.",
    ]


def test_a_topic_id_ending_in_short_is_reserved_for_short_handouts():
    bad = edit("id: example-topic", "id: example-topic-short")
    line = line_of(bad, "id: example-topic-short")
    assert exact(diagnose({TOPIC: bad})) == [(TOPIC, line, "ID-RESERVED"), (TOPIC, line, "TOPIC-FILE-NAME")]
