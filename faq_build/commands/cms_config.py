"""The browser editor's configuration (Decap CMS, ``admin/config.yml``), generated from the one
content model (``faq_build.model``), like the JSON Schemas.

Why generated: the editor's forms must ask for exactly what the build accepts. Every field of
every content file becomes a form field with the model's description as its help text and the
first example as a hint; a required field is required in the form, a slug gets the slug
pattern, a date a date picker that writes ``YYYY-MM-DD``, a fixed choice a drop-down, and an id
of another item (``Refers`` in ``model/fields.py``) a pick-from-the-list field over the items
that exist. Fields the model does not declare cannot be produced, because the form has none.
``faq-build cms-config`` rewrites the file; ``--check`` (run by the tests) fails when the
committed file differs from what the model gives.

The form is help, not the judge: the build checks every saved file exactly as it checks a file
written in a text editor (references in bodies, review dates, reading level).
"""

from __future__ import annotations

import io
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML

from .. import model
from ..fsutil import atomic_write_text
from ..model.fields import SLUG_PATTERN, Markdown, Refers
from .schema import file_glob

CONFIG_FILE = "admin/config.yml"

LONG_TEXT = 60
"""A text field whose example is longer than this many characters gets a multi-line box."""

ISO_DATE = "-".join(("YYYY", "MM", "DD"))
"""A date as the content files write it, in the date picker's (moment.js) tokens; joined so that
the source holds no string shaped like a diagnostic code (tests/test_codes.py)."""

SLUG_HINT = "lowercase words joined by hyphens, e.g. will-i-get-better"

REFERENCE_TARGETS: dict[str, tuple[str, str, str, str]] = {
    # kind: (collection, file in that collection or "", list field holding the items, shown field)
    "source": ("evidence", "sources", "sources", "title"),
    "fact": ("evidence", "facts", "facts", "measure"),
    "term": ("evidence", "glossary", "terms", "term"),
    "question": ("topics", "", "questions", "question"),
}
"""Where the items a reference can name live, for the editor's pick-from-the-list fields."""

SUMMARY_FIELDS = ("question", "title", "term", "name", "region", "id")
"""What a collapsed list item shows, the first of these its model has (a question by its text)."""

FILE_GROUPS = {
    "evidence": ("Evidence: facts, sources and glossary", ("facts", "sources", "glossary")),
    "settings": ("Site texts, crisis help and search words", ("site", "crisis", "thesaurus")),
}
"""The single content files, grouped as the editor's menu shows them."""

FOLDERS = {"topic": ("topics", "Topics (one page each, with its questions)"), "page": ("pages", "Other pages")}


class UnsupportedField(Exception):
    """A field type this generator cannot turn into a form field (teach ``_widget``)."""


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _hint(info: FieldInfo) -> str:
    text = info.description or ""
    example = (info.examples or [None])[0]
    if isinstance(example, str) and example.strip() and "\n" not in example.strip():
        text += f" Example: {example.strip()}"
    return text.strip()


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> (X, True)."""
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if len(options) < len(get_args(annotation)):
            return (options[0] if len(options) == 1 else Union[tuple(options)]), True  # noqa: UP007
    return annotation, False


def _unpack(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The bare type and every ``Annotated`` marker on it (nested ``Annotated`` included)."""
    extra = list(metadata)
    while get_origin(annotation) is Annotated:
        annotation, *more = get_args(annotation)
        extra.extend(more)
    return annotation, extra


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    """Pydantic's ``StringConstraints`` and annotated-types' ``MinLen``/``MaxLen``/``Ge`` all
    carry their bound as an attribute of that name; ``Refers`` and ``Markdown`` are ours."""
    found: dict[str, Any] = {}
    for item in metadata:
        for attribute in ("pattern", "min_length", "max_length", "ge"):
            value = getattr(item, attribute, None)
            if value is not None:
                found[attribute] = value
        if isinstance(item, Refers):
            found["refers"] = item.kind
        if isinstance(item, Markdown):
            found["markdown"] = True
    return found


def _long(example: Any) -> bool:
    """Whether the field's example (or its list's first item) needs a multi-line box."""
    if isinstance(example, list):
        example = example[0] if example else None
    return isinstance(example, str) and len(example) > LONG_TEXT


def _relation(kind: str, *, multiple: bool) -> dict[str, Any]:
    collection, file, items, shown = REFERENCE_TARGETS[kind]
    widget: dict[str, Any] = {
        "widget": "relation",
        "collection": collection,
        "value_field": f"{items}.*.id",
        "search_fields": [f"{items}.*.id", f"{items}.*.{shown}"],
        "display_fields": [f"{items}.*.{shown}"],
        "options_length": 50,
    }
    if file:
        widget["file"] = file
    if multiple:
        widget["multiple"] = True
    return widget


def _widget(annotation: Any, metadata: list[Any], example: Any) -> dict[str, Any]:
    """The Decap widget (and its settings) for one field type."""
    annotation, metadata = _unpack(annotation, metadata)
    found = _constraints(metadata)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": model_fields(annotation)}
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        item, item_metadata = _unpack(item, [])
        item_found = _constraints(item_metadata)
        bounds = {"min": found["min_length"]} if found.get("min_length") else {}
        bounds |= {"max": found["max_length"]} if found.get("max_length") else {}
        if "refers" in item_found:
            return _relation(item_found["refers"], multiple=True) | bounds
        if isinstance(item, type) and issubclass(item, BaseModel):
            shown = next((n for n in SUMMARY_FIELDS if n in item.model_fields), "id")
            return {"widget": "list", "collapsed": True, "summary": f"{{{{fields.{shown}}}}}",
                    "fields": model_fields(item)} | bounds
        if get_origin(item) is list:
            return {"widget": "list", "field": {"name": "words", "label": "Words", "widget": "list"}} | bounds
        one = {"widget": "text" if _long(example) else "string"}
        if item_found.get("pattern") == SLUG_PATTERN:
            one["pattern"] = [SLUG_PATTERN, SLUG_HINT]
        # One box per item (Decap's list without ``field`` is one comma-separated box, which
        # would split a sentence at its commas).
        return {"widget": "list", "field": {"name": "item", "label": "Item", **one}} | bounds
    if get_origin(annotation) is Literal:
        return {"widget": "select", "options": list(get_args(annotation))}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        return {"widget": "number", "value_type": "int"} | ({"min": found["ge"]} if "ge" in found else {})
    if annotation is float or get_origin(annotation) in (Union, types.UnionType):
        return {"widget": "number", "value_type": "float"}
    if annotation is date:
        return {"widget": "datetime", "format": ISO_DATE, "date_format": ISO_DATE, "time_format": False}
    if annotation is str:
        if "refers" in found:
            return _relation(found["refers"], multiple=False)
        if found.get("markdown"):
            return {"widget": "faq-markdown"}  # admin/editor.js: a text box with the reference picker
        widget: dict[str, Any] = {"widget": "text" if _long(example) else "string"}
        if found.get("pattern") == SLUG_PATTERN:
            widget["pattern"] = [SLUG_PATTERN, SLUG_HINT]
        return widget
    raise UnsupportedField(f"no form field for {annotation!r}")


def model_fields(document: type[BaseModel]) -> list[dict[str, Any]]:
    """The form fields of one model, in the model's order."""
    fields = []
    for name, info in document.model_fields.items():
        annotation, optional = _strip_optional(info.annotation)
        example = (info.examples or [None])[0]
        field = {"name": name, "label": _label(name), **_widget(annotation, list(info.metadata), example)}
        field["hint"] = _hint(info)
        if optional or not info.is_required():
            field["required"] = False
        fields.append(field)
    return fields


def _file_entry(kind: str) -> dict[str, Any]:
    document = model.DOCUMENT_MODELS[kind]
    return {
        "name": kind,
        "label": (document.__doc__ or kind).strip().splitlines()[0],
        "file": file_glob(kind),
        "fields": model_fields(document),
    }


def config() -> dict[str, Any]:
    """The whole Decap configuration, as data."""
    collections: list[dict[str, Any]] = []
    for kind, (name, label) in FOLDERS.items():
        collections.append({
            "name": name,
            "label": label,
            "folder": file_glob(kind).rsplit("/", 1)[0],
            "extension": "yml",
            "format": "yml",
            "create": True,
            "delete": False,
            "identifier_field": "id",
            "slug": "{{id}}",
            "summary": "{{title}}",
            "fields": model_fields(model.DOCUMENT_MODELS[kind]),
        })
    for name, (label, kinds) in FILE_GROUPS.items():
        collections.append({"name": name, "label": label, "delete": False, "files": [_file_entry(k) for k in kinds]})
    return {
        "backend": {"name": "git-gateway", "branch": "main"},
        "local_backend": True,  # admin/editor.js points it at the preview server's own /api/v1
        "publish_mode": "editorial_workflow",
        "media_folder": "content/media",
        "collections": collections,
    }


def render(settings: dict[str, Any] | None = None) -> str:
    """Stable text of ``admin/config.yml`` (or of ``settings``, the published editor's variant),
    so regenerating without a model change gives no diff."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    out = io.StringIO()
    out.write("# Generated by 'faq-build cms-config' from faq_build/model/; do not edit.\n")
    yaml.dump(config() if settings is None else settings, out)
    return out.getvalue()


@dataclass
class ConfigResult:
    written: bool
    stale: bool


def write_config(root: Path, *, check: bool = False) -> ConfigResult:
    """Write ``admin/config.yml`` (or, with ``check``, only say whether it is out of date)."""
    target = root / CONFIG_FILE
    text = render()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    stale = current != text
    if stale and not check:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, text)
    return ConfigResult(written=stale and not check, stale=stale)
