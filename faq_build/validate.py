"""Stage 2 - validate: raw documents -> typed :class:`~faq_build.model.Content`, or diagnostics.

Structure first (types, required fields, unknown keys, dates, slugs), then - only when
every file loaded, is structurally sound and no id is used twice - the registered
cross-reference and text checks. A
structural mistake would otherwise cause a cascade of misleading "unknown id" errors.

Pydantic reports errors by value path; we map each path back to the line and column
the loader recorded, and translate pydantic's error types into our own stable codes
with an "expected / found / hint" an editor can act on.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable
from datetime import date
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .checks import run_checks, run_named
from .diagnostics import Diagnostic, Severity, did_you_mean
from .forked import Forked
from .load import CONTENT_FILES
from .model import DOCUMENT_MODELS, Content, Crisis, FactsFile, GlossaryFile, Page, Site, SourcesFile, Thesaurus, Topic
from .source import PathKey, RawDocument
from .stats import CheckStats
from .text import sanitise

_TYPE_EXPECTATIONS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "model_type": "a block of fields (name: value)",
    "model_attributes_type": "a block of fields (name: value)",
    "dict_type": "a block of fields (name: value)",
}
_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_future"}
_CUSTOM = {
    # pydantic custom error type -> (our code, field the problem sits on)
    "fact_value": ("FACT-VALUE-MISSING", "value"),
    "source_identifier": ("SOURCE-IDENTIFIER-MISSING", None),
    "doi_format": ("SOURCE-DOI-INVALID", "doi"),
    "pmid_format": ("SOURCE-PMID-INVALID", "pmid"),
    "url_format": ("SOURCE-URL-INVALID", "url"),
    "search_word": ("SEARCH-WORD-INVALID", None),
    "review_status": ("REVIEW-STATUS", "status"),
    "report_address": ("REPORT-ADDRESS-INVALID", "report_problem"),
}


def describe(value: Any) -> str:
    """How a found value reads to an editor (YAML words, not Python types)."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a block of fields"
    return type(value).__name__


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _unwrap_model(arg)
            if found:
                return found
        return None
    if origin in (list, tuple, typing.Annotated):
        return _unwrap_model(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def model_at(root: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (to list its valid field names)."""
    current: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap_model(info.annotation)
    return current


def _field_help(model: type[BaseModel] | None, name: str) -> str | None:
    if model is None or name not in model.model_fields:
        return None
    return model.model_fields[name].description


def map_validation_error(doc: RawDocument, root: type[BaseModel], error: dict[str, Any]) -> Diagnostic:
    """Translate one pydantic error into a positioned diagnostic with expected/found/hint."""
    kind = error["type"]
    loc: PathKey = tuple(error["loc"])
    found = error.get("input")
    if kind == "missing":
        name = str(loc[-1])
        owner = model_at(root, loc[:-1])
        return Diagnostic(
            code="FIELD-MISSING",
            message=f"required field '{name}' is missing",
            position=doc.position(loc[:-1]),
            expected=f"a line '{name}: ...'" + (f" ({_field_help(owner, name)})" if _field_help(owner, name) else ""),
            hint="add the field to this block",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        owner = model_at(root, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        return Diagnostic(
            code="FIELD-UNKNOWN",
            message=f"unknown field '{name}'",
            position=doc.position(loc, key=True),
            expected="one of: " + ", ".join(allowed) if allowed else None,
            found=f"'{name}'",
            hint=did_you_mean(name, allowed) or "remove it, or check the spelling",
        )
    if kind in _DATE_ERRORS:
        return Diagnostic(
            code="DATE-INVALID",
            message="not a real date",
            position=doc.position(loc),
            expected="a date written YYYY-MM-DD, e.g. 2026-11-20",
            found=describe(found),
            hint="check that the month is 01-12 and the day exists in that month",
        )
    if kind == "string_pattern_mismatch":
        return Diagnostic(
            code="ID-INVALID",
            message="not a valid id",
            position=doc.position(loc),
            expected="a lowercase slug: letters a-z, digits and single hyphens, e.g. 'what-is-trd'",
            found=describe(found),
            hint="ids become web addresses; avoid capitals, spaces and punctuation",
        )
    if kind in ("string_too_short", "too_short"):
        return Diagnostic(
            code="FIELD-EMPTY",
            message=f"'{loc[-1]}' must not be empty",
            position=doc.position(loc),
            found=describe(found),
        )
    if kind in _CUSTOM:
        code, field_name = _CUSTOM[kind]
        where = loc + (field_name,) if field_name else loc
        return Diagnostic(code=code, message=error["msg"], position=doc.position(where))
    if kind in _TYPE_EXPECTATIONS:
        expected = _TYPE_EXPECTATIONS[kind]
        hint = None
        if expected == "text" and isinstance(found, (int, float, bool)):
            hint = "put the value in quotes to keep it as text"
        return Diagnostic(
            code="FIELD-TYPE",
            message=f"wrong kind of value for '{loc[-1] if loc else 'file'}'",
            position=doc.position(loc),
            expected=expected,
            found=describe(found),
            hint=hint,
        )
    return Diagnostic(
        code="FIELD-VALUE",
        message=f"invalid value for '{loc[-1] if loc else 'file'}': {error['msg']}",
        position=doc.position(loc),
        found=describe(found),
    )


def check_structure(doc: RawDocument) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate one document against its model; never raises for bad content."""
    root = DOCUMENT_MODELS[doc.kind]
    if not isinstance(doc.data, dict):
        return None, [
            Diagnostic(
                code="FIELD-TYPE",
                message="a content file must be a block of fields (name: value)",
                position=doc.position(()),
                expected="a block of fields",
                found=describe(doc.data),
            )
        ]
    try:
        return root.model_validate(doc.data), []
    except ValidationError as exc:
        errors = [err for err in exc.errors() if tuple(err["loc"]) not in doc.refused]
        return None, [map_validation_error(doc, root, err) for err in errors]


def validate(
    documents: list[RawDocument], *, today: date, published: list[tuple[int, str]] = (),
    load_problems: Iterable[Diagnostic] = (), stats: CheckStats | None = None, parallel: bool | None = None,
) -> tuple[Content | None, list[Diagnostic]]:
    """Structure checks for every file, then - only when the whole tree is sound - the content checks.

    ``load_problems`` are the loader's own diagnostics. A file that failed to load (YAML-SYNTAX,
    FILE-NOT-REGULAR, ...), a required file that is absent, or an id used twice leaves ids with no
    home, and the reference checks would report every mention of them - dozens of errors that
    follow from one and sort before it. So any of these stops before the checks. The assembled
    Content is still returned when there is one (the revision summary reads it); the diagnostics
    say it is not fit to build. ``stats``, if given, collects what the checks measured (see ``faq_build.stats``).
    ``parallel`` forces the second core on or off (default: on from ``PARALLEL_FROM`` questions).
    """
    diagnostics: list[Diagnostic] = []
    parsed: list[tuple[RawDocument, BaseModel]] = []
    for doc in documents:
        model, problems = check_structure(doc)
        diagnostics.extend(problems)
        if model is not None:
            parsed.append((doc, model))
    if diagnostics or len(parsed) != len(documents):
        return None, diagnostics
    content, problems = assemble(parsed)
    diagnostics.extend(problems)
    if content is None or diagnostics or not _tree_loaded(documents, load_problems):
        return content, diagnostics
    # The allowlist check (about 45% of the work) and SECOND_CORE_CHECKS run on a second core while
    # the other checks run here; the diagnostics and their order are the same as one after the
    # other (forked.py).
    run = parallel if parallel is not None else len(content.questions()) >= PARALLEL_FROM
    with Forked(_second_core, content, today, tuple(published), run=run) as pending:
        child = functools.cache(pending.result)
        elsewhere = {name: functools.partial(lambda name: child()[1][name], name) for name in SECOND_CORE_CHECKS}
        diagnostics.extend(run_checks(content, today=today, published=published, stats=stats, elsewhere=elsewhere))
        diagnostics.extend(sanitise.check_resolved(content, diagnostics, problems=lambda: _allowlist(content, child()[0])))
    return content, diagnostics


def _allowlist(content: Content, computed: list[Diagnostic] | None) -> list[Diagnostic]:
    """The allowlist's problems as the second core found them; when it could not, computed here,
    so that a real fault raises with its own traceback."""
    return computed if computed is not None else sanitise.resolved_problems(content)


PARALLEL_FROM = 50
"""Questions from which the allowlist check is worth a forked child (a fork costs a few ms; the
test fixtures, a handful of questions each, stay in one process)."""

SECOND_CORE_CHECKS = ("check_stigmatising_language",)
"""Checks the forked child runs with the allowlist, so that the two cores finish together at
scale (at 10,000 questions the allowlist took 7.3 s and the other checks 9.6 s, this one about
1.1 s; on the real content the halves are even, 0.084 s each, and this one costs the child
0.012 s). Only checks that collect no statistics for the summary (``CheckStats``) can move here."""


def _second_core(
    content: Content, today: date, published: tuple[tuple[int, str], ...]
) -> tuple[list[Diagnostic] | None, dict[str, list[Diagnostic]]]:
    """What the second core computes: the allowlist's problems and the diagnostics of
    ``SECOND_CORE_CHECKS``.

    The allowlist needs sound references; while one is broken ``check_resolved`` never asks for
    it, so a failure here is no answer (``None``), not an error: ``_allowlist`` computes it again
    in the parent if it is wanted after all."""
    named = run_named(content, SECOND_CORE_CHECKS, today=today, published=published)
    try:
        allowlist: list[Diagnostic] | None = sanitise.resolved_problems(content)
    except Exception:
        allowlist = None
    return allowlist, named


_SINGLE_FILES: dict[type[BaseModel], str] = {Site: "site", Crisis: "crisis", Thesaurus: "thesaurus"}
"""Files that are one item; where each came from is filed under ``"<kind>:<kind>"``."""
_LIST_FILES: dict[type[BaseModel], tuple[str, str]] = {
    SourcesFile: ("source", "sources"), FactsFile: ("fact", "facts"), GlossaryFile: ("term", "terms"),
}
"""Files that hold a list of items with ids: the kind of item and the field that lists them."""


class _Assembly:
    """The Content being gathered: what each file holds, where every id came from, ids used twice."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.where: dict[str, tuple[RawDocument, PathKey]] = {}
        self.single: dict[str, BaseModel] = {}
        self.topics: list[Topic] = []
        self.pages: list[Page] = []
        self.items: dict[str, dict[str, Any]] = {kind: {} for kind, _ in _LIST_FILES.values()}

    def add(self, doc: RawDocument, model: BaseModel) -> None:
        if (kind := _SINGLE_FILES.get(type(model))) is not None:
            self.single[kind] = model
            self.where[f"{kind}:{kind}"] = (doc, ())
        elif (listed := _LIST_FILES.get(type(model))) is not None:
            kind, name = listed
            for i, item in enumerate(getattr(model, name)):
                if self.register(kind, item.id, doc, (name, i)):
                    self.items[kind][item.id] = item
        elif isinstance(model, Topic):
            if self.register("topic", model.id, doc, ()):
                self.topics.append(model)
            for i, question in enumerate(model.questions):
                self.register("question", question.id, doc, ("questions", i))
        elif isinstance(model, Page) and self.register("topic", model.id, doc, ()):  # one address space with topics
            self.pages.append(model)

    def register(self, kind: str, ident: str, doc: RawDocument, path: PathKey) -> bool:
        """Record where an id lives; an id seen before is ID-DUPLICATE and is not recorded again."""
        key = f"{kind}:{ident}"
        if key in self.where:
            first_doc, first_path = self.where[key]
            self.diagnostics.append(
                Diagnostic(
                    code="ID-DUPLICATE",
                    message=f"{kind} id '{ident}' is used twice",
                    position=doc.position(path + ("id",)),
                    found=f"also at {first_doc.position(first_path + ('id',))}",
                    hint="ids must be unique across all files; rename one (and keep the old id as an alias if it was published)",
                )
            )
            return False
        self.where[key] = (doc, path)
        return True


def assemble(parsed: list[tuple[RawDocument, BaseModel]]) -> tuple[Content | None, list[Diagnostic]]:
    """Gather every file's model into one Content, recording where each item came from.

    Duplicate ids across files are reported here (ID-DUPLICATE): a duplicate question id
    would make two answers share one ``#anchor``, so a clinic's link could open the wrong one.
    """
    gathered = _Assembly()
    for doc, model in parsed:
        gathered.add(doc, model)
    site, crisis = gathered.single.get("site"), gathered.single.get("crisis")
    if site is None or crisis is None:
        return None, gathered.diagnostics
    content = Content(
        site=site, crisis=crisis, thesaurus=gathered.single.get("thesaurus", Thesaurus()),
        topics=sorted(gathered.topics, key=lambda t: (t.order, t.id)),
        pages=sorted(gathered.pages, key=lambda p: (p.order, p.id)),
        sources=gathered.items["source"], facts=gathered.items["fact"], terms=gathered.items["term"],
        where=gathered.where,
    )
    return content, gathered.diagnostics


def _tree_loaded(documents: list[RawDocument], load_problems: Iterable[Diagnostic]) -> bool:
    """Every file loaded: no load error, and each required file is among the documents.

    The second half holds even for a caller that passes no ``load_problems``: a glossary that
    failed to load is simply absent, and then every term reference would look unknown.
    """
    if any(problem.severity is Severity.ERROR for problem in load_problems):
        return False
    return set(CONTENT_FILES.values()) <= {doc.kind for doc in documents}
