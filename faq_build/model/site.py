"""Site-wide files: the site texts, the crisis services and their search vocabulary, the thesaurus, extra pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .fields import REPORT_MAILTO_RE, URL_RE, Markdown, Slug, SourceId, Text, Word, _Model


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
    source: SourceId | None = Field(None, description="Id of the source (the service's own page) the details were checked on.",
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
    source: SourceId | None = Field(
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
    home_intro: Annotated[Text, Markdown()] = Field(
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
        return _report_address(address)


def _report_address(address: str | None) -> str | None:
    """``report_problem`` is a mailto: address or an https:// address (a plain function, so
    ``make mutation`` measures it)."""
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
    body: Annotated[Text, Markdown()] = Field(description="Markdown text of the page.", examples=["We are a small team.\n"])
