"""Topics (one page each), their questions and their review status."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import MarkdownText, QuestionId, Slug, SourceId, Text, _Model, _with_rule


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
    body: MarkdownText = Field(
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
    related: list[QuestionId] = Field(
        default_factory=list, description="Ids of related questions.", examples=[["is-it-my-fault"]]
    )
    crisis_card: bool = Field(
        False,
        description="Repeat the compact crisis card inside this answer (answers about crisis, suicide, "
        "self-harm or worry for someone's safety).",
        examples=[True],
    )
    sources: list[SourceId] = Field(
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
    intro: MarkdownText = Field(
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
