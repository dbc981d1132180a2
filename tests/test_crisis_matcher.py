"""The crisis matcher of the search box (overrides/assets/javascripts/faq-search-core.js), run in
Node against the real crisis vocabulary (content/crisis.yml): the same query lists as the browser
test, in about a second, so a change to the vocabulary shows its false alarms and misses at once."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
import yaml
from conftest import ROOT

from faq_build.build import check
from faq_build.render import search_data
from faq_build.report import text as report_text
from faq_build.resolve import resolve

CORE = ROOT / "overrides" / "assets" / "javascripts" / "faq-search-core.js"
QUERIES = yaml.safe_load((ROOT / "tests" / "browser" / "crisis_queries.yml").read_text(encoding="utf-8"))
NODE = shutil.which("node")

pytestmark = pytest.mark.slow  # every test runs the search code in a node subprocess

# An ES module script: the core is imported by its file URL, as the page's binding imports it.
_RUN = """
import { readFileSync } from 'node:fs';
const core = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, 'utf8'));
const out = {};
if (input.crisis) { const match = core.crisisMatcher(input.crisis); input.queries.forEach(q => out[q] = match(q)); }
if (input.calls) out.calls = input.calls.map(([name, ...args]) => core[name](...args));
process.stdout.write(JSON.stringify(out));
"""


def node(payload: dict) -> dict:
    assert NODE, "node is needed for the search tests (Debian's nodejs; `make test` needs it for npm too)"
    result = subprocess.run([NODE, "--input-type=module", "-e", _RUN, CORE.as_uri()], input=json.dumps(payload),
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vocabulary() -> dict:
    result = check(ROOT, today=date(2026, 12, 1))
    assert result.content is not None, report_text(result.report)
    return json.loads(search_data(resolve(result.content)))["crisis"]


def test_every_crisis_phrasing_matches_and_no_ordinary_query_does(vocabulary):
    queries = QUERIES["crisis"] + QUERIES["not_crisis"]
    matched = node({"crisis": vocabulary, "queries": queries})
    assert sorted(q for q in queries if matched[q] is not None) == sorted(QUERIES["crisis"])


@pytest.mark.parametrize(("typed", "wanted", "same"), [
    ("suicide", "suicide", True),
    ("sucide", "suicide", True),       # a letter missing (five letters or more)
    ("suicdie", "suicide", True),      # two letters swapped
    ("samaritians", "samaritans", True),
    ("kil", "kill", True),             # four letters: one missing, same first letter
    ("ill", "kill", False),            # ... but not another word
    ("wont", "want", False),           # four letters: no wrong letter
    ("dye", "die", False),             # three letters: exact only
    ("989", "988", False),             # numbers: exact only
    ("overdoes", "overdose", True),
])
def test_small_typos_are_forgiven_but_not_other_words(typed, wanted, same):
    assert node({"calls": [["sameWord", typed, wanted]]})["calls"] == [same]


def test_word_order_endings_and_family_wording(vocabulary):
    crisis = {"phrases": ["want to die", "kill myself"], "ignore_words": ["i", "to", "he", "my", "said"],
              "same_words": [["self", "myself", "himself"]]}
    queries = ["die i want to", "my son said he wants to die", "killing himself", "i want to know if ect can make you die",
               "kill time", "myself"]
    assert node({"crisis": crisis, "queries": queries}) == {
        "die i want to": "want to die",
        "my son said he wants to die": "want to die",
        "killing himself": "kill myself",
        "i want to know if ect can make you die": None,  # the words are too far apart
        "kill time": None,
        "myself": None,
    }


def test_search_terms_drop_stop_words_and_add_synonyms_at_half_weight():
    thesaurus = {"stop_words": ["my", "the"], "synonyms": {"meds": ["medicine"]}}
    assert node({"calls": [["searchTerms", "My meds stopped working after 2 years", thesaurus]]})["calls"] == [[
        {"word": "meds", "weight": 1}, {"word": "medicine", "weight": 0.5},
        {"word": "stopped", "weight": 1}, {"word": "working", "weight": 1}, {"word": "after", "weight": 1},
        {"word": "years", "weight": 1},
    ]]
