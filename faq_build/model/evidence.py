"""Where every figure and word on the site comes from: facts, their disputes, sources and glossary terms."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import (
    Field,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import DOI_RE, PMID_RE, URL_RE, FactId, LooseText, Slug, SourceId, Text, _Model, _present, _with_rule


class Dispute(_Model):
    """Another fact that measures the same thing and disagrees, with a plain-language note."""

    fact: FactId = Field(description="Id of the fact that disagrees.", examples=["stard-cumulative-remission-reanalysis"])
    note: Text = Field(
        description="Why they differ, in plain words.",
        examples=["A 2023 reanalysis of the same data found about half this rate."],
    )


class Fact(_Model):
    """A cited number. Prose refers to it by id and never retypes it."""

    id: Slug = Field(description="Stable slug; text refers to it as {{ fact: id }}.", examples=["stard-remission-step-1"])
    measure: Slug = Field(
        description="What is measured; facts with the same measure must agree or be disputed.",
        examples=["stard-remission-rate-step-1"],
    )
    value: float | None = Field(
        None,
        description="The number, when it is a single value (or give low and high).",
        examples=[36.8],
    )
    low: float | None = Field(None, description="Lower end of a range (with high), instead of value.", examples=[6])
    high: float | None = Field(None, description="Upper end of a range (with low), instead of value.", examples=[12])
    ci_low: float | None = Field(
        None,
        description="Lower end of the 95% confidence interval, if the source gives one.",
        examples=[1.9],
    )
    ci_high: float | None = Field(
        None,
        description="Upper end of the 95% confidence interval, if the source gives one.",
        examples=[2.4],
    )
    unit: Text = Field(description="%, sessions, weeks, odds ratio, ...", examples=["%"])
    natural_frequency: Text | None = Field(
        None,
        description="For a percentage of people only: the same figure as a natural frequency, written "
        "by the editor, never computed ('about 1 in 3 people'). Shown before the percentage, or instead "
        "of it with show_value: false. FACT-FREQUENCY checks that it says the same as the value.",
        examples=["about 1 in 3 people"],
    )
    show_value: bool = Field(
        True,
        description="false: show only the natural_frequency, without the percentage after it.",
        examples=[False],
    )
    population: Text = Field(
        description="Who the number applies to.",
        examples=["Adult outpatients with depression in STAR*D, first treatment step"],
    )
    source: SourceId = Field(description="Id of the source in content/sources.yml.", examples=["rush2006-stard"])
    locator: Text = Field(description="Where in the source: table, page, section or 'Abstract'.", examples=["Table 2"])
    as_of: date | None = Field(
        None,
        description="For a figure that can change (an approval year, a legal rule, a benefit amount): "
        "the date it was last checked against its source.",
        examples=["2026-12-01"],
    )
    disputed_by: list[Dispute] = Field(
        default_factory=list,
        description="Other facts with the same measure that disagree, each with a note.",
        examples=[[{"fact": "stard-cumulative-remission-reanalysis", "note": "A 2023 reanalysis found about half this rate."}]],
    )

    @model_validator(mode="wrap")
    @classmethod
    def _has_value(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Fact:
        return _with_rule(data, handler, _value_problem(data))


def _value_problem(data: Any) -> PydanticCustomError | None:
    """A fact with neither ``value`` nor both ends of a range (a plain function: ``make mutation``
    measures plain functions only, and this is the rule)."""
    missing = isinstance(data, dict) and data.get("value") is None and (
        data.get("low") is None or data.get("high") is None
    )
    return PydanticCustomError("fact_value", "a fact needs a value, or both low and high for a range") if missing else None


class AlternativeDefinition(_Model):
    """Another published definition of the same term, with the source that uses it."""

    definition: Text = Field(
        description="The other definition, in plain words.",
        examples=["Depression that has not improved enough after two good trials of antidepressants."],
    )
    source: SourceId = Field(description="Id of the source that uses this definition.", examples=["souery1999"])


class Term(_Model):
    """A glossary entry: one canonical plain-language definition, other names, attributed alternatives."""

    id: Slug = Field(description="Stable slug; text refers to it as {{ term: id }}.", examples=["remission"])
    term: Text = Field(description="The word as readers see it.", examples=["remission"])
    definition: Text = Field(
        description="Short plain-language definition; also the tooltip.",
        examples=["When the symptoms of depression have gone away, or almost gone away."],
    )
    other_names: list[Text] = Field(
        default_factory=list, description="Other words for the same thing.", examples=[["recovery"]]
    )
    alternative_definitions: list[AlternativeDefinition] = Field(
        default_factory=list,
        description="Other published definitions, each with its source.",
        examples=[[{"definition": "Depression that has not improved after two antidepressants.", "source": "souery1999"}]],
    )


class Source(_Model):
    """A citation. At least one of DOI, PMID or URL; never an invented identifier."""

    id: Slug = Field(description="Stable slug; facts and questions cite it by this id.", examples=["rush2006-stard"])
    label: str | None = Field(
        None, description="Short label shown in text, e.g. 'Rush 2006'. Derived if absent.", examples=["Rush 2006, STAR*D"]
    )
    authors: str | None = Field(
        None,
        description="Authors as in the publication.",
        examples=["Rush AJ, Trivedi MH, Wisniewski SR, et al."],
    )
    title: Text = Field(
        description="Title of the article, guideline or page.",
        examples=["Acute and longer-term outcomes in depressed outpatients requiring one or several treatment steps"],
    )
    container: str | None = Field(None, description="Journal, publisher or website.", examples=["American Journal of Psychiatry"])
    year: int | None = Field(None, description="Year of publication.", examples=[2006])
    volume: LooseText | None = Field(None, description="Journal volume.", examples=["163"])
    issue: LooseText | None = Field(None, description="Journal issue.", examples=["11"])
    pages: LooseText | None = Field(None, description="Page range.", examples=["1905-1917"])
    doi: str | None = Field(
        None, description="DOI, starting with 10. Copy it from a public record; never invent one.",
        examples=["10.1136/bmjopen-2022-063095"],
    )
    pmid: LooseText | None = Field(None, description="PubMed id (digits only).", examples=["37491091"])
    url: str | None = Field(
        None,
        description="Web address starting with https://.",
        examples=["https://www.nice.org.uk/guidance/ng222"],
    )
    verified: bool = Field(
        description="true only when the identifiers were checked against a public record.", examples=[True]
    )
    verification: Text = Field(
        description="Who checked it and how, or why it is not verified.",
        examples=["DOI and PMID confirmed (verified-sources.md, row 3)."],
    )
    as_of: date | None = Field(
        None,
        description="For approvals, legal status, benefit rules and service details, which change: the date "
        "the statement was last checked against this source. Shown on the sources page.",
        examples=["2026-12-01"],
    )

    @field_validator("doi")
    @classmethod
    def _doi_format(cls, doi: str | None) -> str | None:
        """Each identifier is checked on its own, so a source with three bad ones reports all three."""
        return _doi(doi)

    @field_validator("pmid")
    @classmethod
    def _pmid_format(cls, pmid: str | None) -> str | None:
        return _pmid(pmid)

    @field_validator("url")
    @classmethod
    def _url_format(cls, url: str | None) -> str | None:
        return _url(url)

    @model_validator(mode="wrap")
    @classmethod
    def _identifiers(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Source:
        return _with_rule(data, handler, _identifier_problem(data))

    @property
    def short_label(self) -> str:
        if self.label:
            return self.label
        if self.authors:
            name = self.authors.split(",")[0].split()[0]
        else:
            name = self.container or self.title
        return f"{name} {self.year}" if self.year else name


# The rules themselves, as plain functions (``make mutation`` measures plain functions only).


def _doi(doi: str | None) -> str | None:
    if doi and not DOI_RE.match(doi):
        raise PydanticCustomError("doi_format", "'{doi}' is not a DOI (it starts with 10. and has a /)", {"doi": doi})
    return doi


def _pmid(pmid: str | None) -> str | None:
    if pmid and not PMID_RE.match(pmid):
        raise PydanticCustomError("pmid_format", "'{pmid}' is not a PubMed id (digits only)", {"pmid": pmid})
    return pmid


def _url(url: str | None) -> str | None:
    if url and not URL_RE.match(url):
        raise PydanticCustomError("url_format", "'{url}' is not a web address starting with https://", {"url": url})
    return url


def _identifier_problem(data: Any) -> PydanticCustomError | None:
    missing = isinstance(data, dict) and not any(_present(data, name) for name in ("doi", "pmid", "url"))
    return PydanticCustomError("source_identifier", "a source needs at least one of doi, pmid or url") if missing else None
