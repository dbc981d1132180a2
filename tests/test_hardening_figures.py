"""The "numbers come from facts" guarantee cannot be bypassed: fact references take no words of their
own, every reader-facing field and every way of writing a number is read, fact values are possible
for their unit, and a dispute is between two facts of one measure, shown from both sides."""

from __future__ import annotations

import pytest
from conftest import TODAY, TOPIC, diagnose, fixture_files, fixture_text, line_of, where

from faq_build.build import generate
from faq_build.load import parse_files
from faq_build.resolve import dispute_partners, plain, resolve
from faq_build.text.numbers import scan
from faq_build.validate import validate

FACTS = "content/facts.yml"
GLOSSARY = "content/glossary.yml"
CRISIS = "content/crisis.yml"
SITE = "content/site.yml"
SOURCES = "content/sources.yml"
ABOUT = "content/pages/about.yml"
BASE = fixture_text(TOPIC)
ANCHOR = "A course lasts"
"""A line of the fixture answer's body where test sentences are put."""


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def content_with(overrides: dict[str, str]):
    files = fixture_files()
    files.update({name: text.encode("utf-8") for name, text in overrides.items()})
    documents, problems = parse_files(files)
    assert problems == []
    content, _ = validate(documents, today=TODAY)
    assert content is not None
    return content


# -- a fact reference takes no words of its own -------------------------------------------------------


@pytest.mark.parametrize("reference", [
    "{{ fact: remission-a | 95% }}",
    "{{ fact: remission-a | most }}",
    "{{ fact: remission-a | nearly everyone }}",
    "{{ fact: remission-a | a | b }}",
    "{{ fact: remission-a | }}",
    "{{fact:remission-a|95%}}",
])
def test_fact_reference_with_words_after_a_bar_is_an_error(reference: str):
    bad = edit(ANCHOR, f"About {reference} of people. {ANCHOR}")
    diagnostics = diagnose({TOPIC: bad})
    line = line_of(bad, reference)
    assert where(diagnostics) == {(TOPIC, line, "REF-FACT-TEXT")}
    (problem,) = diagnostics
    assert problem.position.column == bad.split("\n")[line - 1].index(reference) + 1
    assert problem.found == reference
    assert problem.hint == "a fact is shown as its registered value; remove '| …'"


def test_fact_reference_with_words_in_the_short_answer_and_a_site_page():
    topic = edit("About {{ fact: remission-a }} of people.", "About {{ fact: remission-a | 95% }} of people.")
    about = edit("We write about", "Most ({{ fact: remission-b | 90% }}) recover. We write about", fixture_text(ABOUT))
    assert where(diagnose({TOPIC: topic, ABOUT: about})) == {
        (TOPIC, line_of(topic, "| 95%"), "REF-FACT-TEXT"),
        (ABOUT, line_of(about, "| 90%"), "REF-FACT-TEXT"),
    }


def test_term_and_question_references_keep_their_display_words():
    good = edit(ANCHOR, "Ask about {{ term: remission | being well again }} and "
                        "{{ question: second-question | the next answer }}. " + ANCHOR)
    assert diagnose({TOPIC: good}) == []


def test_a_fact_is_always_rendered_as_its_registered_value():
    """Even if a reference with words got past the check, readers would see the cited value."""
    bad = edit(ANCHOR, "Of people, {{ fact: course-length | 95% }} got better. " + ANCHOR)
    content = content_with({TOPIC: bad})
    page = generate(content).files["example-topic.md"]
    assert "Of people, 6–12 sessions ([Another study](sources.md#study-b)) got better." in page
    assert "95%" not in page
    assert plain("{{ fact: course-length | most }}", content) == "6–12 sessions"


# -- every reader-facing field is read ----------------------------------------------------------------


FIELDS = [
    (GLOSSARY, "    term: remission", "    term: remission (67%)", "term: remission (67%)"),
    (GLOSSARY, "    other_names: [recovery]", "    other_names: [recovery, 9 in 10 recover]", "9 in 10"),
    (CRISIS, "    name: Emergency services", "    name: Emergency services, 67% of callers feel better", "67% of callers"),
    (CRISIS, "  - region: US", "  - region: US (50 states)", "50 states"),
    (CRISIS, '    tel: "999"\n', '    tel: "999"\n    note: Answers 95% of calls in 10 seconds\n', "note: Answers"),
    (CRISIS, '    contact: "988"', '    contact: "988"\n    sms: "95"', 'sms: "95"'),
    (CRISIS, "title: Need help now?", "title: Need help now? 90% get it", "title: Need"),
    (TOPIC, "  reviewer_role: Test reviewer", "  reviewer_role: Psychiatrist with 95% success rate", "95% success"),
    (SITE, "home_title: Test site", 'home_title: "90% of people get better"', "home_title"),
    (ABOUT, "title: About this site", "title: About this site, read by 5000 people", "5000 people"),
    (ABOUT, "summary: Who writes it.", "summary: Who writes it, for 3 million readers.", "3 million"),
    (TOPIC, "title: An example topic", "title: An example topic for 1 in 4 people", "1 in 4"),
    (TOPIC, "summary: A topic used by the tests.", "summary: Helps 80% of readers.", "80% of readers"),
    (FACTS, "    unit: sessions", "    unit: sessions (95% recover)", "95% recover"),
    (SOURCES, "    label: Study A 2020", "    label: Study A 2020, 95% remission", "95% remission"),
]


@pytest.mark.parametrize("file, old, new, needle", FIELDS, ids=[f"{f.split('/')[-1]}:{n}" for f, _, _, n in FIELDS])
def test_numbers_in_every_field_a_reader_sees_are_found(file: str, old: str, new: str, needle: str):
    bad = edit(old, new, fixture_text(file))
    assert where(diagnose({file: bad})) == {(file, line_of(bad, needle), "NUMBER-BARE")}


def test_a_crisis_contact_with_other_words_is_not_a_crisis_number():
    """Only a contact that is a phone number makes that number allowed in text; otherwise '999,
    and 95%...' would make any text that contains it pass."""
    bad = edit('    contact: "999"', '    contact: "999, and 95% of calls are answered"', fixture_text(CRISIS))
    about = fixture_text(ABOUT)
    assert where(diagnose({CRISIS: bad})) == {
        (CRISIS, line_of(bad, "95% of calls"), "NUMBER-BARE"),
        (ABOUT, line_of(about, "Call 999"), "NUMBER-BARE"),
    }
    assert sorted(d.found for d in diagnose({CRISIS: bad})) == ["95%", "999", "999"]


def test_citation_details_are_not_statistics():
    sources = edit("    volume: 1\n", "    volume: 163\n", fixture_text(SOURCES))
    sources = edit("    pages: 3-4\n", "    pages: 1905-1917\n", sources)
    sources = edit("    title: A study about remission", "    title: 12-month outcomes in 4041 adults", sources)
    sources = edit("    label: Study A 2020", "    label: NICE CG113 (2021)", sources)
    facts = edit("    unit: sessions", "    unit: sessions in the last 12 months", fixture_text(FACTS))
    assert diagnose({SOURCES: sources, FACTS: facts}) == []


# -- every way of writing a number --------------------------------------------------------------------


WAYS = [
    ("__67%__ of people", ["67%"]),
    ("**67%** of people", ["67%"]),
    ("`67%` of people", ["67%"]),
    ("Over 2000 people", ["2000"]),
    ("About 111 people in 999", ["111", "999"]),
    ("a67% of people", ["67%"]),
    ("{{ term: remission | 67% remission }}", ["67%"]),
    ("[the study](https://example.org/a \"95% got better\")", ["95%"]),
    ("½ of people", ["½"]),
    ("⁴⁰% of people", ["⁴⁰%"]),
    ("½, ⁴⁰%, ⑳ and ¾ of people", ["½", "⁴⁰%", "⑳", "¾"]),
    ("Water is H₂O", ["₂"]),
    ("⑳ people", ["⑳"]),
    ("Ⅷ out of Ⅹ", ["Ⅷ", "Ⅹ"]),
    ("VIII out of X people", ["VIII out of X"]),
    ("XL% of people", ["XL%"]),
    ("٣٠٪ of people", ["٣٠٪"]),
    ("３０% of people", ["３０%"]),
    ("Forty percent of people", ["Forty percent"]),
    ("fifty per cent of people", ["fifty per cent"]),
    ("twenty-five % of people", ["twenty-five %"]),
    ("One in three people", ["One in three"]),
    ("nine out of ten people", ["nine out of ten"]),
    ("one in every five people", ["one in every five"]),
    ("one in a hundred people", ["one in a hundred"]),
    ("one in 3 people", ["one in 3"]),
    # every letter a number word can start with (the statistic check looks only at such words)
    ("six in ten people", ["six in ten"]),
    ("Eighty percent of people", ["Eighty percent"]),
    ("zero percent of people", ["zero percent"]),
    ("a hundred per cent of people", ["a hundred per cent"]),
    ("hundred percent of people", ["hundred percent"]),
    ("million percent more people", ["million percent"]),
    ("billion percent more people", ["billion percent"]),
    # in capitals, and with letters that a case-blind match reads as 's' and 'i'
    ("SIX IN TEN people", ["SIX IN TEN"]),
    ("\u017fix in \u017feven people", ["\u017fix in \u017feven"]),
    ("e\u0131ght in f\u0131ve people", ["e\u0131ght in f\u0131ve"]),
    ("MMXX% of people", ["MMXX%"]),
    ("VI\tout of X", ["VI\tout of X"]),
]


@pytest.mark.parametrize("sentence, found", WAYS, ids=[s for s, _ in WAYS])
def test_every_way_of_writing_a_number_is_found(sentence: str, found: list[str]):
    bad = edit(ANCHOR, f"{sentence}. {ANCHOR}")
    diagnostics = diagnose({TOPIC: bad})
    line = line_of(bad, sentence)
    assert where(diagnostics) == {(TOPIC, line, "NUMBER-BARE")}
    assert [d.found for d in diagnostics] == found
    start = bad.split("\n")[line - 1].index(sentence)
    assert diagnostics[0].position.column == start + sentence.index(found[0]) + 1


ALLOWED = [
    "Most people try two antidepressants",
    "It can take a few weeks",
    "ECT is given twice a week",
    "Title II of the act, DSM-5 and Type I diabetes",
    "No one in two weeks is the same",
    "It is one of two options",
    "Ask one in the team",
    "You are one in a team of people",
    "I in turn asked",
    "Vitamin C in D-rich food",
    "Call 999 in an emergency",
    "In the US, call or text the 988 Lifeline",
    "Call NHS 24 on 111, option 2",
    "As Ruhé 2012 found",
    "Under the Equality Act 2010",
    "Checks vitamin B12",
    "Help is there 24/7",
]


@pytest.mark.parametrize("sentence", ALLOWED)
def test_counting_words_names_and_crisis_numbers_stay_allowed(sentence: str):
    crisis = fixture_text(CRISIS) + ""
    crisis = edit('    contact: "988"', '    contact: "988"\n  - region: Scotland\n    name: NHS 24\n    contact: "111"', crisis)
    assert diagnose({TOPIC: edit(ANCHOR, f"{sentence}. {ANCHOR}"), CRISIS: crisis}) == []


def test_list_markers_count_only_in_markdown_fields():
    assert scan("1. Samaritans", [])[0] == []
    assert scan("1. Samaritans", [], markdown=False)[0] == [(0, "1")]


# -- fact values are possible for their unit ----------------------------------------------------------


ODDS_RATIO = """  - id: drug-odds-ratio
    measure: drug-response-odds-ratio
    value: 2.13
    ci_low: 1.5
    ci_high: 3
    unit: odds ratio
    population: Test population D
    source: study-a
    locator: Figure 2
  - id: approval-year
    measure: approval-year
    value: 2019
    unit: year
    population: Test population E
    source: study-a
    locator: Page 1
  - id: score-change
    measure: score-change
    value: -4.5
    unit: points change on a rating scale
    population: Test population F
    source: study-a
    locator: Table 3
"""
FACTS_PLUS = fixture_text(FACTS) + ODDS_RATIO

VALUES = [
    ("    low: 6\n", "    low: -4\n", "low: -4", "FACT-VALUE-RANGE"),
    ("    value: 35\n", "    value: true\n", "value: true", "FIELD-TYPE"),
    ("    value: 35\n", '    value: "35"\n', 'value: "35"', "FIELD-TYPE"),
    ("    value: 35\n", "    value: 123456789012345678901234567890\n", "value: 1234", "FACT-VALUE-RANGE"),
    # The loader refuses a number that is not finite before any check runs (NUMBER-NOT-FINITE).
    ("    value: 35\n", "    value: 1.0e400\n", "value: 1.0e400", "NUMBER-NOT-FINITE"),
    ("    high: 12\n", "    high: 1.0e400\n", "high: 1.0e400", "NUMBER-NOT-FINITE"),
    ("    value: 2.13\n", "    value: -2.13\n", "value: -2.13", "FACT-VALUE-RANGE"),
    ("    value: 2.13\n", "    value: 0\n", "value: 0", "FACT-VALUE-RANGE"),
    ("    ci_low: 1.5\n", "    ci_low: -1.5\n", "ci_low: -1.5", "FACT-VALUE-RANGE"),
    ("    value: 2019\n", "    value: 20019\n", "value: 20019", "FACT-VALUE-RANGE"),
    ("    value: 2019\n", "    value: 2019.5\n", "value: 2019.5", "FACT-VALUE-RANGE"),
    ("    value: 36.8\n", "    value: -0.5\n", "value: -0.5", "FACT-VALUE-RANGE"),
]


@pytest.mark.parametrize("old, new, needle, code", VALUES, ids=[n for _, _, n, _ in VALUES])
def test_impossible_or_mistyped_fact_values(old: str, new: str, needle: str, code: str):
    bad = edit(old, new, FACTS_PLUS)
    assert where(diagnose({FACTS: bad})) == {(FACTS, line_of(bad, needle), code)}


def test_possible_values_pass_including_a_negative_change_in_a_score():
    assert diagnose({FACTS: FACTS_PLUS}) == []


# -- disputes -----------------------------------------------------------------------------------------


def test_a_fact_cannot_dispute_itself():
    bad = edit("      - fact: remission-b\n", "      - fact: remission-a\n", fixture_text(FACTS))
    assert where(diagnose({FACTS: bad})) == {(FACTS, line_of(bad, "- fact: remission-a"), "REF-SELF")}


def test_a_dispute_is_between_facts_of_one_measure():
    bad = edit("      - fact: remission-b\n", "      - fact: course-length\n", fixture_text(FACTS))
    diagnostics = diagnose({FACTS: bad})
    assert where(diagnostics) == {(FACTS, line_of(bad, "- fact: course-length"), "FACT-DISPUTE-MEASURE")}
    assert diagnostics[0].found == "measure 'course-length-sessions'"


def test_a_dispute_is_listed_once():
    bad = edit("        note: Study B found a lower rate.\n",
               "        note: Study B found a lower rate.\n      - fact: remission-b\n        note: Again.\n",
               fixture_text(FACTS))
    assert where(diagnose({FACTS: bad})) == {(FACTS, line_of(bad, "- fact: remission-b", 2), "FACT-DISPUTE-DUPLICATE")}


def test_a_dispute_listed_on_one_side_is_shown_from_both():
    """Chosen over an error: one-way links stay valid (FACT-CONFLICT accepts them) and the answer that
    cites the fact that lists nothing still says that studies differ, with the other fact's note."""
    one_sided = edit("    disputed_by:\n      - fact: remission-b\n        note: Study B found a lower rate.\n", "",
                     fixture_text(FACTS))
    content = content_with({FACTS: one_sided})
    assert dispute_partners(content, content.facts["remission-a"]) == [("remission-b", "Study A found a higher rate.")]
    assert dispute_partners(content, content.facts["remission-b"]) == [("remission-a", "Study A found a higher rate.")]
    page = generate(content).files["example-topic.md"]
    assert ("**Studies differ:** [Study A 2020](sources.md#study-a) says 36.8%; [Another study](sources.md#study-b) "
            "says 35%. Study A found a higher rate.") in page


def test_a_two_sided_dispute_prints_each_claim_and_note_once():
    page = generate(content_with({})).files["example-topic.md"]
    line = next(line for line in page.split("\n") if line.startswith("**Studies differ:**"))
    assert line == ("**Studies differ:** [Study A 2020](sources.md#study-a) says 36.8%; [Another study](sources.md#study-b) "
                    "says 35%. Study B found a lower rate.")


def test_resolve_prints_a_repeated_or_self_dispute_once():
    """Defence in depth: even content that failed the check renders no claim twice."""
    bad = edit("        note: Study B found a lower rate.\n",
               "        note: Study B found a lower rate.\n      - fact: remission-b\n        note: Again.\n"
               "      - fact: remission-a\n        note: Itself.\n",
               fixture_text(FACTS))
    content = content_with({FACTS: bad})
    assert dispute_partners(content, content.facts["remission-a"]) == [("remission-b", "Study B found a lower rate.")]
    assert resolve(content).topics[0].questions[0].disputes == [
        "**Studies differ:** [Study A 2020](sources.md#study-a) says 36.8%; [Another study](sources.md#study-b) "
        "says 35%. Study B found a lower rate."
    ]


def test_fact_value_messages_name_the_value_as_written():
    bad = edit("    value: 35\n", "    value: true\n", FACTS_PLUS)
    bad = edit("    low: 6\n", "    low: -4\n", bad)
    bad = edit("    value: 2.13\n", "    value: -2.13\n", bad)
    messages = {(d.code, d.message, d.found) for d in diagnose({FACTS: bad})}
    assert messages == {
        ("FIELD-TYPE", "wrong kind of value for 'value'", "true (a yes/no value)"),
        ("FACT-VALUE-RANGE", "low -4 is below zero, which is not possible in sessions", None),
        ("FACT-VALUE-RANGE", "value -2.13 is not possible in odds ratio: a ratio is always above 0", None),
        ("FACT-VALUE-RANGE", "the confidence interval 1.5-3.0 does not contain -2.13", None),
    }
