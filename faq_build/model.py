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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^[1-9][0-9]{0,8}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
REPORT_MAILTO_RE = re.compile(r"^mailto:[^@\s?&]+@[^@\s?&]+\.[^@\s?&]+$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _as_text(value: Any) -> Any:
    """Identifiers such as PMIDs or page ranges may be typed as bare numbers; keep them as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


LooseText = Annotated[str, BeforeValidator(_as_text)]


class _Model(BaseModel):
    """Shared settings: unknown fields are errors; "inf"/"nan" typed as text are never numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, allow_inf_nan=False)


def _with_rule(data: Any, handler: ValidatorFunctionWrapHandler, problem: PydanticCustomError | None) -> Any:
    """Validate the fields and report a rule across fields (``problem``, read from the raw block) with them.

    An "after" model validator runs only once every field is valid, so a fact with no value and a
    misspelt unit would report the unit first and the missing value only after that fix. Errors
    keep their type, message, input and place."""
    try:
        model = handler(data)
    except ValidationError as exc:
        if problem is None:
            raise
        details = [
            InitErrorDetails(type=PydanticCustomError(error["type"], error["msg"]), loc=error["loc"], input=error["input"])
            for error in exc.errors()
        ]
        details.append(InitErrorDetails(type=problem, loc=(), input=data))
        raise ValidationError.from_exception_data(exc.title, details) from None
    if problem is not None:
        raise problem
    return model


def _present(data: dict[str, Any], name: str) -> bool:
    return data.get(name) not in (None, "")


class Review(_Model):
    """Whether a clinician has checked a topic, and when it is next due.

    Typed, so a page can never claim a review that did not happen: ``status: reviewed`` needs the
    reviewer's name and role; ``status: pending`` (no clinician has checked it yet) must not name
    one, and the page then says so plainly and its structured data claims no reviewer."""

    status: Literal["reviewed", "pending"] = Field(
        description="'reviewed' once a clinician has checked the page; 'pending' until then.", examples=["pending"]
    )
    last_reviewed: date = Field(
        description="Date of the last review (YYYY-MM-DD): the clinician's review, or while pending the "
        "editor's last check of the page.",
        examples=["2026-11-20"],
    )
    next_review_due: date = Field(description="Date the next review is due, at most 3 years later.", examples=["2027-11-20"])
    reviewer: Text | None = Field(
        None, description="Name of the clinician who reviewed the page (status: reviewed only).", examples=["Dr A. Name"]
    )
    reviewer_role: Text | None = Field(
        None,
        description="Role of the clinician who reviewed the page (status: reviewed only).",
        examples=["Consultant psychiatrist"],
    )

    @model_validator(mode="wrap")
    @classmethod
    def _reviewer_matches_status(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Review:
        return _with_rule(data, handler, _review_problem(data))

    @property
    def is_reviewed(self) -> bool:
        return self.status == "reviewed"


def _review_problem(data: Any) -> PydanticCustomError | None:
    """``status: reviewed`` names reviewer and role; ``status: pending`` names neither (an empty name
    is its own FIELD-EMPTY, not a second problem)."""
    if not isinstance(data, dict):
        return None
    named = [name for name in ("reviewer", "reviewer_role") if data.get(name) is not None]
    if data.get("status") == "reviewed" and len(named) < 2:
        missing = " and ".join(n for n in ("reviewer", "reviewer_role") if n not in named)
        return PydanticCustomError(
            "review_status", "a reviewed page names its reviewer: {missing} is missing", {"missing": missing}
        )
    if data.get("status") == "pending" and named:
        return PydanticCustomError(
            "review_status",
            "a page pending clinical review names no reviewer: remove {named} or set status: reviewed",
            {"named": " and ".join(named)},
        )
    return None


class Question(_Model):
    """One question a patient asks, answered in plain language."""

    id: Slug = Field(
        description="Stable slug; becomes the #anchor. Never change it without an alias.",
        examples=["will-i-get-better"],
    )
    question: Text = Field(description="The question as a patient would ask it.", examples=["Will I ever get better?"])
    short_answer: Text = Field(
        description="One or two sentences that answer the question first.",
        examples=["Many people do get better, even after several treatments have not helped."],
    )
    body: str = Field(
        "",
        description="Markdown with the detail, then what you can do. Refer to numbers as {{ fact: id }}, "
        "to glossary words as {{ term: id }} and to other answers as {{ question: id }}.",
        examples=["In the STAR*D study, symptoms went away in {{ fact: stard-remission-step-1 }} of people.\n"],
    )
    also_called: list[Text] = Field(
        default_factory=list,
        description="Lay words people type, shown as 'Also called'.",
        examples=[["is there hope", "recovery"]],
    )
    related: list[Slug] = Field(default_factory=list, description="Ids of related questions.", examples=[["is-it-my-fault"]])
    crisis_card: bool = Field(
        False,
        description="Repeat the compact crisis card inside this answer (answers about crisis, suicide, "
        "self-harm or worry for someone's safety).",
        examples=[True],
    )
    sources: list[Slug] = Field(
        default_factory=list, description="Ids of sources in content/sources.yml.", examples=[["rush2006-stard"]]
    )
    readability_override: str | None = Field(
        None,
        description="Why this answer may exceed the reading-level limit.",
        examples=["The names of the medicines cannot be made simpler."],
    )
    aliases: list[Slug] = Field(
        default_factory=list,
        description="Old ids of this question. Their #anchors keep working after a rename.",
        examples=[["what-does-trd-mean"]],
    )


class Topic(_Model):
    """A page: a group of questions on one subject."""

    id: Slug = Field(description="Stable slug; becomes the page URL.", examples=["understanding-trd"])
    title: Text = Field(
        description="The page heading, in plain words.",
        examples=["What \"treatment-resistant depression\" means"],
    )
    summary: Text = Field(
        description="One line shown on the home page and as the page description.",
        examples=["What the words mean, why doctors define them differently, and why there is still hope."],
    )
    order: Annotated[int, Field(ge=1, description="Position on the home page and in the navigation.", examples=[1])]
    review: Review = Field(
        description="Who reviewed the page and when; the build fails when the next review is overdue.",
        examples=[{"status": "pending", "last_reviewed": "2026-11-20", "next_review_due": "2027-11-20"}],
    )
    key_points: Annotated[
        list[Text],
        Field(
            default_factory=list,
            max_length=5,
            description="3 to 5 plain sentences: what a reader should take away from the page, shown "
            "under the question list. Same rules as answers ({{ fact: id }} for numbers).",
            examples=[["Many people feel better after trying more than one treatment.", "It is not your fault."]],
        ),
    ]
    intro: str = Field(
        "",
        description="Optional Markdown shown before the questions.",
        examples=["Some words about this page.\n"],
    )
    aliases: list[Slug] = Field(
        default_factory=list,
        description="Old ids of this topic. Their page addresses redirect here after a rename.",
        examples=[["what-trd-means"]],
    )
    questions: Annotated[
        list[Question],
        Field(
            min_length=1,
            description="The questions on this page, in the order readers see them.",
            examples=[[{"id": "will-i-get-better", "question": "Will I ever get better?",
                        "short_answer": "Many people do get better, even after several treatments have not helped."}]],
        ),
    ]


class Dispute(_Model):
    """Another fact that measures the same thing and disagrees, with a plain-language note."""

    fact: Slug = Field(description="Id of the fact that disagrees.", examples=["stard-cumulative-remission-reanalysis"])
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
    source: Slug = Field(description="Id of the source in content/sources.yml.", examples=["rush2006-stard"])
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
        missing = isinstance(data, dict) and data.get("value") is None and (
            data.get("low") is None or data.get("high") is None
        )
        problem = PydanticCustomError("fact_value", "a fact needs a value, or both low and high for a range")
        return _with_rule(data, handler, problem if missing else None)


class AlternativeDefinition(_Model):
    """Another published definition of the same term, with the source that uses it."""

    definition: Text = Field(
        description="The other definition, in plain words.",
        examples=["Depression that has not improved enough after two good trials of antidepressants."],
    )
    source: Slug = Field(description="Id of the source that uses this definition.", examples=["souery1999"])


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
        if doi and not DOI_RE.match(doi):
            raise PydanticCustomError("doi_format", "'{doi}' is not a DOI (it starts with 10. and has a /)", {"doi": doi})
        return doi

    @field_validator("pmid")
    @classmethod
    def _pmid_format(cls, pmid: str | None) -> str | None:
        if pmid and not PMID_RE.match(pmid):
            raise PydanticCustomError("pmid_format", "'{pmid}' is not a PubMed id (digits only)", {"pmid": pmid})
        return pmid

    @field_validator("url")
    @classmethod
    def _url_format(cls, url: str | None) -> str | None:
        if url and not URL_RE.match(url):
            raise PydanticCustomError("url_format", "'{url}' is not a web address starting with https://", {"url": url})
        return url

    @model_validator(mode="wrap")
    @classmethod
    def _identifiers(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Source:
        missing = isinstance(data, dict) and not any(_present(data, name) for name in ("doi", "pmid", "url"))
        problem = PydanticCustomError("source_identifier", "a source needs at least one of doi, pmid or url")
        return _with_rule(data, handler, problem if missing else None)

    @property
    def short_label(self) -> str:
        if self.label:
            return self.label
        if self.authors:
            name = self.authors.split(",")[0].split()[0]
        else:
            name = self.container or self.title
        return f"{name} {self.year}" if self.year else name


WORD_RE = re.compile(r"^[a-z0-9]{1,40}$")


def _search_word(value: str) -> str:
    if not WORD_RE.match(value):
        raise PydanticCustomError(
            "search_word", "'{word}' is not one lowercase search word (letters a-z and digits, no spaces)", {"word": value}
        )
    return value


Word = Annotated[str, AfterValidator(_search_word)]
"""One lowercase search word, without spaces or punctuation (queries are split into such words)."""


class CrisisService(_Model):
    """One crisis line or service, with how to reach it."""

    region: Text = Field(description="Where it works, e.g. 'UK', 'England and Wales', 'US', 'EU'.", examples=["UK"])
    name: Text = Field(description="Name of the service, with how it works.", examples=["Samaritans, free to call, day or night"])
    contact: Text = Field(description="The number as readers see it, e.g. '116 123', or a place such as 'your nearest A&E'.",
                          examples=["116 123"])
    tel: str | None = Field(None, description="Digits for a tap-to-call link.", examples=["116123"])
    sms: str | None = Field(None, description="Digits for a tap-to-text link, when the service takes text messages.",
                            examples=["85258"])
    sms_body: str | None = Field(None, description="The word to send by text, if the service asks for one.", examples=["SHOUT"])
    note: str | None = Field(None, description="A short note, e.g. opening hours.", examples=["Free, day or night."])
    strip: bool = Field(False, description="Also shown in the compact crisis strip of the search panel (the main numbers).",
                        examples=[True])
    button: Text | None = Field(
        None,
        description="Makes this a main option of its country: the words of its full-width button in the compact crisis "
        "box, which the whole button links (keep it short, with the number).",
        examples=["Call Samaritans free: 116 123"],
    )
    source: Slug | None = Field(None, description="Id of the source (the service's own page) the details were checked on.",
                                examples=["samaritans-contact"])


class CrisisSearch(_Model):
    """What makes the search box show the crisis card first: the crisis vocabulary, as content."""

    phrases: Annotated[list[Text], Field(
        min_length=1,
        description="Things a person in crisis may type. A query that contains every word of one phrase (in any "
        "order, close together, allowing small typos; ignore_words do not count) shows the crisis card first.",
        examples=[["want to die", "kill myself", "samaritans"]],
    )]
    ignore_words: list[Word] = Field(
        default_factory=list,
        description="Small words left out of phrases and queries before matching (I, to, the, he, she...).",
        examples=[["i", "to", "the"]],
    )
    same_words: list[list[Word]] = Field(
        default_factory=list,
        description="Groups of words that count as the same word when matching (myself, himself, herself...).",
        examples=[[["myself", "himself", "herself", "themselves", "yourself"]]],
    )


class CrisisCountry(_Model):
    """A country a reader can choose in the crisis box: its main options become the box's buttons."""

    id: Slug = Field(description="Stable id, kept in the reader's browser when they choose this country.", examples=["uk"])
    name: Text = Field(description="The country as readers see it on the choice button.", examples=["UK"])
    regions: Annotated[list[Text], Field(
        min_length=1,
        description="The services' `region` values that belong to this country.",
        examples=[["UK", "England and Wales", "Scotland", "Northern Ireland"]],
    )]


class Crisis(_Model):
    """The one crisis block shown in the same place on every page, in the search panel and in handouts."""

    title: Text = Field(description="Heading of the crisis box.", examples=["Need help now?"])
    lead: Text = Field(
        description="One or two sentences before the list of services.",
        examples=["If you might act on thoughts of suicide, call an emergency number now."],
    )
    services: Annotated[
        list[CrisisService],
        Field(
            min_length=1,
            description="Crisis lines, at least one.",
            examples=[[{"region": "UK", "name": "Samaritans", "contact": "116 123", "tel": "116123"}]],
        ),
    ]
    countries: list[CrisisCountry] = Field(
        default_factory=list,
        description="Countries a reader can choose, first one shown until they choose. Without it, all services "
        "form one group.",
        examples=[[{"id": "uk", "name": "UK", "regions": ["UK"]}]],
    )
    source: Slug | None = Field(
        None,
        description="Id of the source the numbers were checked against.",
        examples=["nhs-urgent-help"],
    )
    search: CrisisSearch = Field(
        description="The crisis vocabulary of the search box.",
        examples=[{"phrases": ["want to die", "kill myself"], "ignore_words": ["i", "to"]}],
    )


class SynonymGroup(_Model):
    """Everyday words and the word the answers use for them."""

    words: Annotated[list[Word], Field(min_length=1, description="Words people type.", examples=[["pills", "tablets", "meds"]])]
    means: Annotated[list[Word], Field(min_length=1, description="Words the answers use; also searched, at half weight.",
                                       examples=[["medicine"]])]


class Thesaurus(_Model):
    """content/thesaurus.yml: search words that apply to every answer (the search box's only word lists)."""

    stop_words: list[Word] = Field(
        default_factory=list,
        description="Common words dropped from a query before searching ('the', 'and', 'my'). Never 'not' or 'no'.",
        examples=[["the", "and", "my"]],
    )
    synonyms: list[SynonymGroup] = Field(
        default_factory=list,
        description="Everyday words (brand names, family words, UK and US wording) and what the answers call them. "
        "Words that belong to one answer go in its also_called instead.",
        examples=[[{"words": ["zoloft", "lustral"], "means": ["sertraline", "antidepressant"]}]],
    )


class Site(_Model):
    """Site-wide wording. The site's name lives in mkdocs.yml (``site_name``) only."""

    home_title: Text = Field(description="Heading of the home page.", examples=["When treatment has not helped yet"])
    description: Text = Field(
        description="One sentence used as the home page's description.",
        examples=["Plain answers for people whose depression has not improved enough with treatment."],
    )
    home_intro: Text = Field(
        description="Markdown shown at the top of the home page.",
        examples=["Many people try more than one treatment before they feel better.\n"],
    )
    disclaimer: Text = Field(
        description="The 'not medical advice' notice shown on every page.",
        examples=["This is general information, not medical advice."],
    )
    medicines_notice: Text = Field(
        description="Shown once, above the answers, on every page where an answer mentions medicines.",
        examples=["Talk to your doctor or care team before you start, stop or change any medicine."],
    )
    report_problem: str | None = Field(
        None,
        description="Where readers report a problem with a page: a mailto: address or an https:// form. "
        "While it is unset the build warns (REPORT-ADDRESS-UNSET).",
        examples=["mailto:editors@example.org"],
    )

    @field_validator("report_problem")
    @classmethod
    def _report_address(cls, address: str | None) -> str | None:
        """A rule on one field, so it is reported together with any other problem of the file."""
        if address is not None and not (REPORT_MAILTO_RE.match(address) or
                                        (URL_RE.match(address) and address.startswith("https://"))):
            raise PydanticCustomError(
                "report_address", "report_problem must be a mailto: address or an https:// web address"
            )
        return address


class Page(_Model):
    """A page that is not a list of questions: about this information, accessibility, privacy."""

    id: Slug = Field(description="Stable slug; becomes the page address.", examples=["about"])
    title: Text = Field(description="Page heading.", examples=["About this information"])
    summary: Text = Field(description="One line used as the page description.", examples=["Who writes this site."])
    order: Annotated[int, Field(ge=1, description="Position among the site pages in the menu.", examples=[1])]
    body: Text = Field(description="Markdown text of the page.", examples=["We are a small team.\n"])


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
