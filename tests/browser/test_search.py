"""Lay-language search: each query in search_queries.yml is put into the real search box, at a phone
and a desktop width, and one of its expected answers must be among the first 3 answers shown. Runs
with no network access (the browser's only way out is the black-hole proxy)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from . import search_ui

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))["queries"]
FIELDS = {"query", "expect", "xfail"}
NOT_ANSWERS = ("/glossary/", "/sources/")


def _cases():
    for entry in QUERIES:
        unknown = set(entry) - FIELDS
        assert not unknown, f"search_queries.yml: unknown field(s) {unknown} in {entry}"
        marks = [pytest.mark.xfail(reason=entry["xfail"], strict=True)] if entry.get("xfail") else []
        yield pytest.param(entry["query"], list(entry["expect"]), marks=marks, id=entry["query"])


@pytest.fixture(scope="module")
def answer_ids(site: Path) -> set[str]:
    """Every heading id on the built topic pages (the anchors answers can be linked by)."""
    ids = set()
    for html in Path(site).glob("*/index.html"):
        if f"/{html.parent.name}/" in NOT_ANSWERS:
            continue
        ids |= set(re.findall(r'<h2 id="([^"]+)"', html.read_text(encoding="utf-8")))
    return ids


def test_query_file_is_well_formed(answer_ids):
    queries = [entry["query"] for entry in QUERIES]
    assert len(queries) >= 40, "fewer than 40 lay queries say too little about how search serves patients"
    assert len(queries) == len(set(q.casefold() for q in queries)), "duplicate queries"
    missing = {e for entry in QUERIES for e in entry["expect"] if e not in answer_ids}
    assert not missing, f"search_queries.yml expects answers that are not on the site: {sorted(missing)}"


@pytest.mark.parametrize(("query", "expect"), list(_cases()))
def test_lay_query_finds_the_answer_in_the_top_3(search_page, query, expect):
    shown = search_ui.top_anchors(search_page, query, count=3)
    # Glossary and source entries take a slot (the reader sees them) but are not answers.
    found = [a.split("#", 1)[1] for a in shown if not a.startswith(NOT_ANSWERS)]
    assert set(found) & set(expect), f"{query!r}: expected one of {expect} in the top 3, got {shown}"
