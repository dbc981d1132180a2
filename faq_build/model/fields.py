"""The field types and the base model every content model shares: slugs, plain text, search words,
and how a rule that spans several fields is reported together with the item's field errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
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


@dataclass(frozen=True)
class Refers:
    """Marks a slug field as the id of another item (``"source"``, ``"fact"``, ``"question"``,
    ``"term"``). Validation ignores it (the reference checks resolve ids); the browser editor's
    configuration (``commands/cms_config.py``) turns it into a pick-from-the-list field."""

    kind: str


class Markdown:
    """Marks a text field as Markdown (answer bodies, page text): the browser editor shows a
    Markdown editor with the reference picker instead of a plain text box."""


SourceId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80), Refers("source")]
FactId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80), Refers("fact")]
QuestionId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80), Refers("question")]
MarkdownText = Annotated[str, Markdown()]


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




WORD_RE = re.compile(r"^[a-z0-9]{1,40}$")


def _search_word(value: str) -> str:
    if not WORD_RE.match(value):
        raise PydanticCustomError(
            "search_word", "'{word}' is not one lowercase search word (letters a-z and digits, no spaces)", {"word": value}
        )
    return value


Word = Annotated[str, AfterValidator(_search_word)]
"""One lowercase search word, without spaces or punctuation (queries are split into such words)."""
