"""Natural frequencies ("about 1 in 3 people"): chosen in the fact by the editor, shown before the
percentage (or instead of it), and held to the value by FACT-FREQUENCY so they never say
something else. Each rule is pinned by one minimal input and its exact (file, line, code) list."""

from __future__ import annotations

import pytest
from conftest import TODAY, diagnose, fixture_files, fixture_text, line_of, where

from faq_build.build import generate
from faq_build.load import parse_files
from faq_build.resolve import format_fact, plain, resolve
from faq_build.validate import validate

FACTS = "content/facts.yml"
BASE = fixture_text(FACTS)
UNIT_A = '    value: 36.8\n    unit: "%"\n'
"""remission-a's value and unit: the first fact of the fixture (36.8%, disputed by remission-b, 35%)."""
CITE_A = "([Study A 2020](sources.md#study-a))"


def facts_with(frequency: str | None = None, *, value: str = "    value: 36.8\n", extra: str = "") -> str:
    """The fixture facts with remission-a given ``value`` (or a low/high range), a frequency and more fields."""
    lines = value + '    unit: "%"\n'
    if frequency is not None:
        lines += f"    natural_frequency: {frequency}\n"
    assert UNIT_A in BASE
    return BASE.replace(UNIT_A, lines + extra, 1)


def frequency_errors(text: str) -> set[tuple[str, int, str]]:
    return where(diagnose({FACTS: text}))


def flagged(text: str) -> set[tuple[str, int, str]]:
    """What the check must report for ``text``: FACT-FREQUENCY on the natural_frequency line."""
    return {(FACTS, line_of(text, "natural_frequency:"), "FACT-FREQUENCY")}


def content_with(facts: str):
    files = fixture_files()
    files[FACTS] = facts.encode("utf-8")
    documents, problems = parse_files(files)
    assert problems == []
    content, diagnostics = validate(documents, today=TODAY)
    assert content is not None and diagnostics == []
    return content


# -- the hedges: (value line(s), frequency, agrees) --------------------------------------------------

V = "    value: {}\n".format
R = "    low: {}\n    high: {}\n".format
AGREEMENT = [
    # about / around / roughly: within 5 points either side
    (V(36.8), "about 1 in 3 people", True),
    (V(35), "about 3 in 10 people", True),          # 5.0 points: the edge
    (V(35.1), "about 3 in 10 people", False),
    (V(25), "around 3 in 10 people", True),
    (V(24.9), "roughly 3 in 10 people", False),
    # a range: within low - 5 .. high + 5
    (R(15, 60), "about 1 in 10 people", True),
    (R(15.1, 60), "about 1 in 10 people", False),
    (R(20, 60), "about 13 in 20 people", True),      # 65 = high + 5
    (R(20, 60), "about 7 in 10 people", False),
    # more than / over: the value is above the frequency, by at most 10 points
    (V(30.1), "more than 3 in 10 people", True),
    (V(30), "more than 3 in 10 people", False),      # equal is not "more than"
    (V(40), "over 3 in 10 people", True),
    (V(40.1), "over 3 in 10 people", False),
    (V(29), "more than 3 in 10 people", False),
    (R(15, 60), "more than 1 in 10 people", True),
    (R(10, 60), "more than 1 in 10 people", False),  # the low end is not above it
    # just over: by at most 5 points
    (V(55), "just over 1 in 2 people", True),
    (V(55.1), "just over 1 in 2 people", False),
    # nearly / almost / fewer than / less than / under: the value is below it, by at most 10 points
    (V(39.9), "nearly 4 in 10 people", True),
    (V(40), "nearly 4 in 10 people", False),          # equal is not "nearly"
    (V(30), "almost 4 in 10 people", True),
    (V(29.9), "almost 4 in 10 people", False),
    (V(16.7), "fewer than 2 in 10 people", True),
    (V(20.1), "less than 2 in 10 people", False),
    (V(10), "under 2 in 10 people", True),
    (R(20, 45), "nearly 1 in 2 people", True),
    (R(20, 50), "nearly 1 in 2 people", False),      # the high end is not below it
    # just under: by at most 5 points
    (V(45), "just under 1 in 2 people", True),
    (V(44.9), "just under 1 in 2 people", False),
    # no hedge: less than half a point apart
    (V(50.4), "1 in 2 people", True),
    (V(49.6), "1 in 2 people", True),
    (V(50.5), "1 in 2 people", False),
    (V(33.3), "1 in 3 people", True),
    (V(36.8), "1 in 3 people", False),
    (R(33.3, 36), "1 in 3 people", False),           # an exact frequency fits both ends of a range
    (R(33.1, 33.5), "1 in 3 people", True),
    # large denominators
    (V(36.8), "about 37 in 100 people", True),
    (V(36.8), "368 in 1000 people", True),
]


@pytest.mark.parametrize("value, frequency, agrees", AGREEMENT,
                         ids=[f"{v.strip()}|{f}" for v, f, _ in AGREEMENT])
def test_the_hedge_decides_how_far_the_frequency_may_be_from_the_value(value: str, frequency: str, agrees: bool):
    text = facts_with(frequency, value=value)
    assert frequency_errors(text) == (set() if agrees else flagged(text))


# -- the form ---------------------------------------------------------------------------------------

FORMS = [
    "About 1 in 3 people",                     # a hedge is written in lower case: it runs on in a sentence
    "approximately 1 in 3 people",             # not one of the hedges
    "up to 2 in 5 people",                     # says something about the study, not the figure
    "one in three people",                     # digits, so the check can read it
    "1/3 of people",
    "about 1 in 3people",
    "about 1 in 3 people, or 2 in 5 later",    # a second figure nothing checks
    "about 1 in 3 people, about half",
    "about 1 in 3 people, one in two later",
    "about 0 in 10 people",                    # not a share of people
    "about 3 in 3 people",
    "about 4 in 3 people",
    "about 1 in 6 people",                     # a group size people do not picture
    "about 2 in 7 people",
    "about 18 in 50 people",
    "about 4 in 11 people",
    "about 37 in 101 people",
]


@pytest.mark.parametrize("frequency", FORMS)
def test_a_frequency_is_hedge_then_n_in_m_with_a_sane_denominator(frequency: str):
    text = facts_with(frequency)
    assert frequency_errors(text) == flagged(text)


@pytest.mark.parametrize("frequency", ["about 1 in 3", "about 1 in 3 adults with depression",
                                       "about 1 in 3 people at the first step", "about 7 in 20 people"])
def test_words_after_the_frequency_are_free_when_they_hold_no_figure(frequency: str):
    assert frequency_errors(facts_with(frequency)) == set()


def test_only_a_percentage_has_a_natural_frequency():
    """'about 1 in 10' would be within 5 of 6-12 were they percentages: the unit alone is wrong."""
    text = BASE.replace("    unit: sessions\n", "    unit: sessions\n    natural_frequency: about 1 in 10 people\n", 1)
    assert frequency_errors(text) == flagged(text)


def test_show_value_false_needs_a_frequency_to_show():
    text = facts_with(None, extra="    show_value: false\n")
    assert frequency_errors(text) == {(FACTS, line_of(text, "show_value: false"), "FACT-FREQUENCY")}


def test_an_empty_frequency_is_an_empty_field():
    text = facts_with('""')
    assert frequency_errors(text) == {(FACTS, line_of(text, "natural_frequency:"), "FIELD-EMPTY")}


def test_the_diagnostic_says_what_was_expected_and_found():
    text = facts_with("more than 1 in 2 people", value=V(50))
    [d] = diagnose({FACTS: text})
    assert (d.code, d.severity.value, d.message, d.expected, d.found) == (
        "FACT-FREQUENCY", "error",
        "fact 'remission-a': 'more than 1 in 2' is 50.0%, but the value 50% is not more than that",
        "with 'more than', N in M below 50% by at most 10 points",
        "'more than 1 in 2 people'",
    )
    assert d.hint == "change the frequency or its hedge so it says what the source says; it is never computed"
    [d] = diagnose({FACTS: facts_with("about 1 in 6 people")})
    assert (d.message, d.expected) == (
        "fact 'remission-a': 'in 6' is not a group size readers can picture",
        "M one of 2, 3, 4, 5, 10, 20, 100, 1000, ...",
    )


# -- rendering ---------------------------------------------------------------------------------------


def test_frequency_then_value_in_answers_disputes_and_plain_text():
    content = content_with(facts_with("about 1 in 3 people"))
    fact = content.facts["remission-a"]
    assert format_fact(fact) == "about 1 in 3 people (36.8%)"
    first = resolve(content).topics[0].questions[0]
    assert first.short_answer == (
        "It is the first one. About about 1 in 3 people (36.8%, [Study A 2020](sources.md#study-a)) of people."
    )
    assert first.disputes == [
        "**Studies differ:** [Study A 2020](sources.md#study-a) says about 1 in 3 people (36.8%); "
        "[Another study](sources.md#study-b) says 35%. Study B found a lower rate."
    ]
    assert plain("Of them, {{ fact: remission-a }}.", content) == "Of them, about 1 in 3 people (36.8%)."
    page = generate(content).files["example-topic.md"]
    assert "about 1 in 3 people (36.8%, [Study A 2020](sources.md#study-a))" in page


def test_show_value_false_prints_only_the_frequency():
    content = content_with(facts_with("about 1 in 3 people", extra="    show_value: false\n"))
    assert format_fact(content.facts["remission-a"]) == "about 1 in 3 people"
    first = resolve(content).topics[0].questions[0]
    assert first.short_answer == f"It is the first one. About about 1 in 3 people {CITE_A} of people."
    assert first.disputes[0].startswith("**Studies differ:** [Study A 2020](sources.md#study-a) says about 1 in 3 people; ")
    assert "36.8" not in generate(content).files["example-topic.md"]


def test_a_fact_without_a_frequency_renders_as_before():
    content = content_with(BASE)
    assert [format_fact(f) for f in content.facts.values()] == ["36.8%", "35%", "6–12 sessions"]


def test_the_frequency_of_a_fact_that_is_not_a_percentage_is_never_printed():
    """Defence in depth: content that failed FACT-FREQUENCY still renders only its registered value."""
    content = content_with(BASE)
    course = content.facts["course-length"].model_copy(update={"natural_frequency": "about 1 in 2 people"})
    assert format_fact(course) == "6–12 sessions"
