"""Facts, numbers, definitions and wording: the rules that keep figures cited and words kind."""

from __future__ import annotations

import re

from conftest import TODAY, TOPIC, diagnose, fixture_files, fixture_text, line_of
from hypothesis import given, settings
from hypothesis import strategies as st
from rules import report

from faq_build.build import generate
from faq_build.load import parse_files
from faq_build.text.numbers import scan
from faq_build.validate import validate

FACTS = "content/facts.yml"
BASE = fixture_text(TOPIC)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# -- bare numbers ------------------------------------------------------------------------


def test_bare_number_is_reported_at_its_column():
    bad = edit("A course lasts", "About 45% of people. A course lasts")
    line = line_of(bad, "About 45%")
    assert [(d.file, d.line, d.position.column, d.code, d.found) for d in diagnose({TOPIC: bad})] == [
        (TOPIC, line, bad.split("\n")[line - 1].index("45") + 1, "NUMBER-BARE", "45%")
    ]


def test_bare_number_in_question_and_keywords():
    bad = edit("question: And the second?", "question: Are 3 of 4 people helped?")
    bad = edit("also_called: [first, opening question]", "also_called: [first, top 10 tips]", bad)
    found = sorted((d.line, d.code, d.found) for d in diagnose({TOPIC: bad}))
    assert found == sorted([
        (line_of(bad, "Are 3 of 4"), "NUMBER-BARE", "3"),
        (line_of(bad, "Are 3 of 4"), "NUMBER-BARE", "4"),
        (line_of(bad, "top 10"), "NUMBER-BARE", "10"),
    ])


def test_allowlisted_numbers_pass_and_are_counted():
    text = "1. First step\n2. Call 999 or 116 123, open 24/7 (Rush 2006). DSM-5 and NG222 say so."
    bare, allowed = scan(text, ["999", "116 123"])
    assert bare == []
    # '116 123' is two digit runs; 'NG222' has no stand-alone digits at all
    assert allowed == {"list-numbering": 2, "crisis-number": 3, "always-open": 1, "citation-year": 1, "named-identifier": 1}


def test_crisis_number_not_in_crisis_file_is_bare():
    bare, _ = scan("Call 0800 123 456 now.", ["999"])
    assert [number for _, number in bare] == ["0800", "123", "456"]


def test_numbers_inside_references_and_link_targets_are_ignored():
    bare, _ = scan("See {{ fact: stard-2006-step-1 }} and [page](https://example.org/2023/report-5).", [])
    assert bare == []


words = st.lists(st.sampled_from(["you", "may", "feel", "better", "soon", "with", "help", "the", "and"]), min_size=1, max_size=6)
numbers = st.one_of(
    st.integers(min_value=0, max_value=100000).map(str),
    st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda f: f"{f:.1f}"),
    st.integers(min_value=0, max_value=100).map(lambda n: f"{n}%"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(words, numbers), min_size=1, max_size=5), words)
def test_every_inserted_number_is_found_at_its_offset(chunks, tail):
    text, expected = "", []
    for chunk, number in chunks:
        text += " ".join(chunk) + " "
        expected.append((len(text), number))
        text += number + " "
    text += " ".join(tail)
    bare, _ = scan(text, [])
    assert bare == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(words, st.sampled_from(["remission-a", "course-length", "x-1", "y-2020"])), min_size=1, max_size=5))
def test_fact_references_are_never_bare_numbers(chunks):
    text = " ".join(" ".join(chunk) + f" {{{{ fact: {ident} }}}}" for chunk, ident in chunks)
    assert scan(text, [])[0] == []


# -- facts ---------------------------------------------------------------------------------


def test_conflicting_facts_without_dispute_fail_naming_both():
    facts = fixture_text(FACTS)
    bad = re.sub(r"    disputed_by:\n      - fact: remission-.\n        note: .*\n", "", facts)
    assert "disputed_by" not in bad
    diagnostics = diagnose({FACTS: bad})
    assert report(diagnostics) == [(FACTS, line_of(bad, "id: remission-b"), "FACT-CONFLICT")]
    assert diagnostics[0].message == "facts 'remission-a' and 'remission-b' measure 'remission-rate' but disagree"
    assert diagnostics[0].found == f"remission-a at {FACTS}:{line_of(bad, 'id: remission-a')}:9"


def test_one_way_dispute_link_is_enough():
    facts = fixture_text(FACTS)
    bad = facts.replace("    disputed_by:\n      - fact: remission-a\n        note: Study A found a higher rate.\n", "")
    assert bad != facts
    assert diagnose({FACTS: bad}) == []


def test_equal_facts_with_same_measure_need_no_dispute():
    facts = fixture_text(FACTS).replace("value: 35\n", "value: 36.8\n")
    facts = re.sub(r"    disputed_by:\n      - fact: remission-.\n        note: .*\n", "", facts)
    assert diagnose({FACTS: facts}) == []


def test_impossible_fact_values():
    facts = fixture_text(FACTS)
    bad = edit("value: 36.8", "value: 136.8", facts)
    bad = edit("low: 6", "low: 16", bad)
    assert report(diagnose({FACTS: bad})) == [
        (FACTS, line_of(bad, "value: 136.8"), "FACT-VALUE-RANGE"),
        (FACTS, line_of(bad, "low: 16"), "FACT-VALUE-RANGE"),
    ]


def test_confidence_interval_must_contain_estimate():
    facts = edit("    value: 35\n", "    value: 35\n    ci_low: 36\n    ci_high: 40\n", fixture_text(FACTS))
    assert report(diagnose({FACTS: facts})) == [(FACTS, line_of(facts, "value: 35"), "FACT-VALUE-RANGE")]


def test_unknown_fact_id_in_text():
    bad = edit("{{ fact: remission-a }}", "{{ fact: remission-c }}")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "remission-c"), "REF-MISSING")]


def test_disputed_fact_renders_the_disagreement():
    page = _generate().files["example-topic.md"]
    assert (
        "**Studies differ:** [Study A 2020](sources.md#study-a) says 36.8%; [Another study](sources.md#study-b) says 35%."
    ) in page
    assert "Study B found a lower rate." in page


# -- definitions and wording -------------------------------------------------------------------


def test_restated_threshold_definition_is_rejected():
    bad = edit("A course lasts", "It is TRD after at least two adequate antidepressants. A course lasts")
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "at least two"), "DEFINITION-RESTATED")]


def test_definition_inside_a_term_reference_is_fine():
    bad = edit("A course lasts", "It is {{ term: remission | at least two antidepressants }}. A course lasts")
    assert diagnose({TOPIC: bad}) == []


def test_stigmatising_language_is_reported_with_kinder_wording():
    bad = edit("A course lasts", "If someone suffers from depression or is non-compliant, a course lasts")
    line = line_of(bad, "suffers from")
    found = sorted((d.line, d.code, d.found, d.hint) for d in diagnose({TOPIC: bad}))
    assert found == [
        (line, "LANGUAGE-STIGMA", "non-compliant", "try: taking medicine as prescribed (it can be hard)"),
        (line, "LANGUAGE-STIGMA", "suffers from", "try: has, lives with"),
    ]


# -- notices and pages ---------------------------------------------------------------------------


def _generate(files=None):
    documents, problems = parse_files(files or fixture_files())
    content, more = validate(documents, today=TODAY)
    assert problems + more == [], problems + more
    return generate(content)


def test_medicines_notice_only_where_medicines_are_discussed_and_once():
    files = fixture_files()
    assert "faq-medicines" not in _generate(files).files["example-topic.md"]
    files[TOPIC] = edit("short_answer: The second answer.", "short_answer: Ask your doctor about your pills.").encode()
    page = _generate(files).files["example-topic.md"]
    above, answers = page.split("## What is the first question?")
    assert (above.count("faq-medicines"), answers.count("faq-medicines")) == (1, 0)


def test_site_pages_are_rendered_with_crisis_block_and_in_nav():
    rendered = _generate()
    assert {"About this site": "about.md"} in rendered.nav
    about = rendered.files["about.md"]
    assert about.count('class="faq-crisis faq-search-exclude"') == 1
    assert "[remission](glossary.md#remission" in about


def test_hard_answer_fails_readability_unless_overridden():
    hard = "short_answer: Pharmacological augmentation necessitates comprehensive interdisciplinary consideration."
    bad = edit("short_answer: The second answer.", hard)
    assert report(diagnose({TOPIC: bad})) == [(TOPIC, line_of(bad, "Pharmacological"), "READABILITY")]
    overridden = edit(hard, hard + "\n    readability_override: Test of the override.", bad)
    assert diagnose({TOPIC: overridden}) == []


def test_page_and_topic_ids_share_one_address_space():
    clash = "id: example-topic\ntitle: Clash\nsummary: x\norder: 2\nbody: text\n"
    diagnostics = diagnose({"content/pages/clash.yml": clash})
    # files are read in path order, so the topic's id is the second use of the address
    assert report(diagnostics) == [(TOPIC, 1, "ID-DUPLICATE")]
    assert diagnostics[0].message == "topic id 'example-topic' is used twice"
    assert diagnostics[0].found == f"also at content/pages/clash.yml:{line_of(clash, 'id:')}:{len('id: ') + 1}"
