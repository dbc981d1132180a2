"""The one typed content model shared by every stage.

Declared with pydantic so that structure checks (types, required fields, unknown keys)
come from the declaration itself, and a JSON Schema for editors can be generated from
it later without a second, hand-kept copy. Every model forbids unknown keys: a misspelt
field is an error with a did-you-mean hint, never silently ignored.

Identifiers are lowercase slugs. URLs and ``#anchors`` derive from them, so they must
never change silently (clinics print them).
"""


from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from .evidence import AlternativeDefinition, Dispute, Fact, Source, Term
from .fields import (
    DOI_RE,
    PMID_RE,
    REPORT_MAILTO_RE,
    SLUG_PATTERN,
    SLUG_RE,
    URL_RE,
    WORD_RE,
    LooseText,
    Slug,
    Text,
    Word,
    _as_text,
    _Model,
)
from .site import Crisis, CrisisCountry, CrisisSearch, CrisisService, Page, Site, SynonymGroup, Thesaurus
from .topics import Question, Review, Topic

__all__ = [
    "DOCUMENT_MODELS", "DOI_RE", "PMID_RE", "REPORT_MAILTO_RE", "SLUG_PATTERN", "SLUG_RE", "URL_RE", "WORD_RE",
    "AlternativeDefinition", "Content", "Crisis", "CrisisCountry", "CrisisSearch", "CrisisService", "Dispute", "Fact",
    "FactsFile", "GlossaryFile", "LooseText", "Page", "Question", "Review", "Site", "Slug", "Source", "SourcesFile",
    "SynonymGroup", "Term", "Text", "Thesaurus", "Topic", "Word", "_as_text",
]


@dataclass
class Content:
    """The validated content of the whole site."""

    site: Site
    crisis: Crisis
    topics: list[Topic]
    sources: dict[str, Source]
    facts: dict[str, Fact]
    terms: dict[str, Term]
    pages: list[Page] = field(default_factory=list)
    thesaurus: Thesaurus = field(default_factory=Thesaurus)
    where: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Source locations: ``"question:<id>" -> (RawDocument, path)``; used to report errors."""

    def questions(self) -> list[tuple[Topic, Question]]:
        return [(t, q) for t in self.topics for q in t.questions]


class SourcesFile(_Model):
    """content/sources.yml"""

    sources: list[Source] = Field(description="Every study or guideline the site cites.", examples=[[{
        "id": "pigott2023-bmjopen", "title": "A reanalysis of the STAR*D study", "doi": "10.1136/bmjopen-2022-063095",
        "verified": True, "verification": "DOI confirmed (verified-sources.md, row 3)."}]])


class FactsFile(_Model):
    """content/facts.yml"""

    facts: list[Fact] = Field(description="Every number a reader sees, with its source.", examples=[[{
        "id": "stard-cumulative-remission", "measure": "stard-cumulative-remission-rate", "value": 67, "unit": "%",
        "population": "Adult outpatients in STAR*D", "source": "rush2006-stard", "locator": "Abstract"}]])


class GlossaryFile(_Model):
    """content/glossary.yml"""

    terms: list[Term] = Field(description="One plain-language definition per medical word.", examples=[[{
        "id": "remission", "term": "remission", "definition": "When the symptoms have gone away, or almost gone away."}]])


DOCUMENT_MODELS: dict[str, type[BaseModel]] = {
    "site": Site,
    "crisis": Crisis,
    "topic": Topic,
    "sources": SourcesFile,
    "facts": FactsFile,
    "glossary": GlossaryFile,
    "page": Page,
    "thesaurus": Thesaurus,
}
"""The model each kind of content file must match, as a whole."""
