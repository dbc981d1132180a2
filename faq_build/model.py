"""The one typed content model shared by every stage.

Declared with pydantic so that structure checks (types, required fields, unknown keys)
come from the declaration itself, and a JSON Schema for editors can be generated from
it later without a second, hand-kept copy. Every model forbids unknown keys: a misspelt
field is an error with a did-you-mean hint, never silently ignored.

Identifiers are lowercase slugs. URLs and ``#anchors`` derive from them, so they must
never change silently (clinics print them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^[1-9][0-9]{0,8}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _as_text(value: Any) -> Any:
    """Identifiers such as PMIDs or page ranges may be typed as bare numbers; keep them as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


LooseText = Annotated[str, BeforeValidator(_as_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Review(_Model):
    """Who reviewed a topic and when. Set by a named reviewer role, not by the git date."""

    last_reviewed: date = Field(description="Date of the last clinical review (YYYY-MM-DD).", examples=["2026-11-20"])
    next_review_due: date = Field(description="Date the next review is due, at most 3 years later.", examples=["2027-11-20"])
    reviewer_role: Text = Field(description="Role of the reviewer, e.g. 'Consultant psychiatrist'.")


class Question(_Model):
    """One question a patient asks, answered in plain language."""

    id: Slug = Field(description="Stable slug; becomes the #anchor. Never change it without an alias.")
    question: Text = Field(description="The question as a patient would ask it.")
    short_answer: Text = Field(description="One or two sentences that answer the question first.")
    body: str = Field("", description="Markdown with the detail, then what you can do.")
    also_called: list[Text] = Field(default_factory=list, description="Lay words people type, shown as 'Also called'.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related questions.")
    sources: list[Slug] = Field(default_factory=list, description="Ids of sources in content/sources.yml.")
    readability_override: str | None = Field(None, description="Why this answer may exceed the reading-level limit.")


class Topic(_Model):
    """A page: a group of questions on one subject."""

    id: Slug = Field(description="Stable slug; becomes the page URL.")
    title: Text
    summary: Text = Field(description="One line shown on the home page and as the page description.")
    order: Annotated[int, Field(ge=1, description="Position on the home page and in the navigation.")]
    review: Review
    intro: str = Field("", description="Optional Markdown shown before the questions.")
    questions: Annotated[list[Question], Field(min_length=1)]


class Dispute(_Model):
    """Another fact that measures the same thing and disagrees, with a plain-language note."""

    fact: Slug
    note: Text


class Fact(_Model):
    """A cited number. Prose refers to it by id and never retypes it."""

    id: Slug
    measure: Slug = Field(description="What is measured; facts with the same measure must agree or be disputed.")
    value: float | None = None
    low: float | None = None
    high: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    unit: Text = Field(description="%, sessions, weeks, odds ratio, ...")
    population: Text = Field(description="Who the number applies to.")
    source: Slug
    locator: Text = Field(description="Where in the source: table, page, section or 'Abstract'.")
    disputed_by: list[Dispute] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_value(self) -> "Fact":
        if self.value is None and (self.low is None or self.high is None):
            raise PydanticCustomError("fact_value", "a fact needs a value, or both low and high for a range")
        return self


class AlternativeDefinition(_Model):
    definition: Text
    source: Slug


class Term(_Model):
    """A glossary entry: one canonical plain-language definition, other names, attributed alternatives."""

    id: Slug
    term: Text
    definition: Text = Field(description="Short plain-language definition; also the tooltip.")
    other_names: list[Text] = Field(default_factory=list)
    alternative_definitions: list[AlternativeDefinition] = Field(default_factory=list)


class Source(_Model):
    """A citation. At least one of DOI, PMID or URL; never an invented identifier."""

    id: Slug
    label: str | None = Field(None, description="Short label shown in text, e.g. 'Rush 2006'. Derived if absent.")
    authors: str | None = None
    title: Text
    container: str | None = Field(None, description="Journal, publisher or website.")
    year: int | None = None
    volume: LooseText | None = None
    issue: LooseText | None = None
    pages: LooseText | None = None
    doi: str | None = None
    pmid: LooseText | None = None
    url: str | None = None
    verified: bool = Field(description="true only when the identifiers were checked against a public record.")
    verification: Text = Field(description="Who checked it and how, or why it is not verified.")

    @model_validator(mode="after")
    def _identifiers(self) -> "Source":
        if not (self.doi or self.pmid or self.url):
            raise PydanticCustomError("source_identifier", "a source needs at least one of doi, pmid or url")
        if self.doi and not DOI_RE.match(self.doi):
            raise PydanticCustomError("doi_format", "'{doi}' is not a DOI (it starts with 10. and has a /)", {"doi": self.doi})
        if self.pmid and not PMID_RE.match(self.pmid):
            raise PydanticCustomError("pmid_format", "'{pmid}' is not a PubMed id (digits only)", {"pmid": self.pmid})
        if self.url and not URL_RE.match(self.url):
            raise PydanticCustomError("url_format", "'{url}' is not a web address starting with https://", {"url": self.url})
        return self

    @property
    def short_label(self) -> str:
        if self.label:
            return self.label
        if self.authors:
            name = self.authors.split(",")[0].split()[0]
        else:
            name = self.container or self.title
        return f"{name} {self.year}" if self.year else name


class CrisisService(_Model):
    region: Text = Field(description="Where it works, e.g. 'UK', 'US', 'EU'.")
    name: Text
    contact: Text = Field(description="Number or short text, e.g. '116 123' or 'call or text 988'.")
    tel: str | None = Field(None, description="Digits for a tap-to-call link.")
    note: str | None = None


class Crisis(_Model):
    """The one crisis block shown in the same place on every page."""

    title: Text
    lead: Text
    services: Annotated[list[CrisisService], Field(min_length=1)]
    source: Slug | None = None


class Site(_Model):
    """Site-wide wording. The site's name lives in mkdocs.yml (``site_name``) only."""

    home_title: Text = Field(description="Heading of the home page.")
    description: Text = Field(description="One sentence used as the home page's description.")
    home_intro: Text
    disclaimer: Text


@dataclass
class Content:
    """The validated content of the whole site."""

    site: Site
    crisis: Crisis
    topics: list[Topic]
    sources: dict[str, Source]
    facts: dict[str, Fact]
    terms: dict[str, Term]
    where: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Source locations: ``"question:<id>" -> (RawDocument, path)``; used to report errors."""

    def questions(self) -> list[tuple[Topic, Question]]:
        return [(t, q) for t in self.topics for q in t.questions]


class SourcesFile(_Model):
    """content/sources.yml"""

    sources: list[Source]


class FactsFile(_Model):
    """content/facts.yml"""

    facts: list[Fact]


class GlossaryFile(_Model):
    """content/glossary.yml"""

    terms: list[Term]


DOCUMENT_MODELS: dict[str, type[BaseModel]] = {
    "site": Site,
    "crisis": Crisis,
    "topic": Topic,
    "sources": SourcesFile,
    "facts": FactsFile,
    "glossary": GlossaryFile,
}
"""The model each kind of content file must match, as a whole."""
