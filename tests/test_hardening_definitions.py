"""Threshold definitions however they are worded, and errors that do not drown in their own echoes."""

from __future__ import annotations

import pytest
from conftest import TODAY, TOPIC, diagnose, fixture_files, fixture_text, line_of, other_topic_yaml, where

from faq_build.build import check
from faq_build.load import parse_files
from faq_build.validate import validate

BASE = fixture_text(TOPIC)
CODE = "DEFINITION-RESTATED"


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def in_body(sentence: str) -> str:
    """The fixture topic with ``sentence`` added to the first answer's body, on a line of its own."""
    return edit("      A course lasts", f"      {sentence}\n\n      A course lasts")


# --------------------------------------------------------------------------- DEFINITION-RESTATED

RESTATED = [
    "X means that at least two antidepressants did not work.",
    "TRD is when two medicines have failed.",
    "It is called treatment-resistant after two or more treatments have not helped.",
    "It is defined as not responding to two adequate trials.",
    "If one antidepressant has not worked, doctors call it TRD.",
    "After two different medicines didn't help, it counts as treatment resistant.",
    "Depression is treatment-resistant when three antidepressants have not worked.",
    "Anxiety is resistant if two treatments did not help.",
    "Doctors call this treatment resistance when a second antidepressant also does not work.",
    "Your depression may be called TRD once three courses of treatment did not work.",
    "TRD means no response to two medicines.",
    "Treatment-resistant anxiety: two talking therapies did not help.",
    "Some doctors diagnose it when a single medicine did not help enough.",
]


@pytest.mark.parametrize("sentence", RESTATED)
def test_a_threshold_in_any_wording_is_reported(sentence: str):
    bad = in_body(sentence)
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, sentence), CODE)}


ORDINARY = [
    # no non-response: trying treatments is not a threshold
    "You may try two antidepressants.",
    "Many people try more than one treatment before they feel better.",
    "Two medicines can mean more side effects.",
    # a count and a non-response, but nothing is named or defined: advice, not a definition
    "If two medicines have not helped, ask your doctor about other options.",
    "If two medicines have not helped, ask about {{ term: remission }}.",
    "When one treatment did not work, they moved to the next step.",
    "If one medicine did not help, your doctor may suggest a second one.",
    # "count" is not "counts as"; the glossary attributes these, the answer only reports that they differ
    "Most experts count two medicines that did not help enough, but some count one.",
    # "several", "many" set no number that could disagree with the glossary
    "Many people do get better, even after several treatments have not helped.",
    "Treatment-resistant depression can be called TRD when many treatments have not helped.",
    # the parts are in different sentences
    "Treatment-resistant depression can feel lonely. Two medicines have not helped you yet, and that is hard.",
    "Usually this means two medicines; some definitions count one that did not help.",
    # no count at all
    "Doctors use the words treatment-resistant depression when antidepressants have not helped enough.",
]


@pytest.mark.parametrize("sentence", ORDINARY)
def test_an_ordinary_sentence_is_not_reported(sentence: str):
    assert where(diagnose({TOPIC: in_body(sentence)})) == set()


def test_a_threshold_wrapped_over_lines_is_reported_at_its_count():
    bad = in_body("Doctors call it\n      TRD when two\n      medicines did not help.")
    assert where(diagnose({TOPIC: bad})) == {(TOPIC, line_of(bad, "TRD when two"), CODE)}


def test_a_threshold_in_a_list_item_and_in_the_short_answer_is_reported():
    bad = in_body("Some facts:\n\n      - It is TRD if two medicines failed.\n      - Other things.")
    bad = edit("It is the first one.", "It counts as TRD once two medicines did not help.", bad)
    assert where(diagnose({TOPIC: bad})) == {
        (TOPIC, line_of(bad, "two medicines failed"), CODE),
        (TOPIC, line_of(bad, "counts as TRD"), CODE),
    }


def test_a_fixed_wording_and_its_sentence_are_one_diagnostic():
    bad = in_body("It is called TRD after at least two antidepressants did not help.")
    found = [d for d in diagnose({TOPIC: bad}) if d.code == CODE]
    assert [(d.line, d.found) for d in found] == [(line_of(bad, "at least two"), "at least two antidepressants")]


def test_the_sentence_is_shown_with_a_link_hint():
    bad = in_body("TRD is when two medicines have failed.")
    (found,) = diagnose({TOPIC: bad})
    assert found.found == "TRD is when two medicines have failed."
    assert "{{ term: treatment-resistant-depression }}" in (found.hint or "")


def test_the_threshold_inside_a_link_is_not_reported():
    bad = in_body("It is called {{ term: remission | TRD when two medicines failed }}.")
    assert where(diagnose({TOPIC: bad})) == set()


# --------------------------------------------------------------------------- errors that follow from another

GLOSSARY = "content/glossary.yml"
FACTS = "content/facts.yml"
OTHER = "content/topics/other-topic.yml"
OTHER_TOPIC = other_topic_yaml(summary="A second topic.", question_id="third-question",
                               question="And the third?", short_answer="The third answer.")
LINKS_TO_OTHER = edit("See {{ question: second-question }}.", "See {{ question: third-question }}.")


def test_a_glossary_with_a_syntax_error_is_the_only_error():
    """Not also a REF-MISSING for every term the topics, pages and site mention."""
    broken = fixture_text(GLOSSARY).replace("  - id: remission", "  - id: [remission", 1)
    # libyaml notices the unclosed bracket on the line after it
    assert where(diagnose({GLOSSARY: broken})) == {(GLOSSARY, line_of(broken, "[remission") + 1, "YAML-SYNTAX")}


def test_a_glossary_that_is_a_folder_is_the_only_error(project):
    glossary = project / GLOSSARY
    glossary.unlink()
    glossary.mkdir()
    assert where(check(project, today=TODAY).report.diagnostics) == {(GLOSSARY, 0, "FILE-NOT-REGULAR")}


def test_a_missing_glossary_is_the_only_error_even_when_the_caller_passes_no_load_problems():
    files = fixture_files()
    del files[GLOSSARY]
    documents, problems = parse_files(files)
    _, more = validate(documents, today=TODAY)
    assert where(problems) == {(GLOSSARY, 0, "CONTENT-FILE-MISSING")}
    assert more == []


def test_a_broken_topic_does_not_make_links_to_its_answers_unknown():
    broken = OTHER_TOPIC.replace("And the third?", "[And the third?")
    assert where(diagnose({TOPIC: LINKS_TO_OTHER, OTHER: broken})) == {(OTHER, line_of(broken, "[And"), "YAML-SYNTAX")}
    assert where(diagnose({TOPIC: LINKS_TO_OTHER, OTHER: OTHER_TOPIC})) == set()


def test_a_duplicate_topic_id_does_not_make_links_to_its_answers_unknown():
    clash = OTHER_TOPIC.replace("id: other-topic", "id: example-topic")
    assert where(diagnose({TOPIC: LINKS_TO_OTHER, OTHER: clash})) == {(OTHER, 1, "ID-DUPLICATE")}


def test_a_load_error_anywhere_comes_before_every_content_check():
    """Structure first: the placeholder is reported once the facts file loads again."""
    placeholder = edit("The second answer.", "TODO write this.")
    broken = fixture_text(FACTS) + "\n  - [\n"
    assert where(diagnose({TOPIC: placeholder, FACTS: broken})) == {(FACTS, line_of(broken, "- [") + 1, "YAML-SYNTAX")}
    assert where(diagnose({TOPIC: placeholder})) == {(TOPIC, line_of(placeholder, "TODO"), "PLACEHOLDER")}
