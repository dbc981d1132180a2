"""The browser editor's configuration (faq_build/commands/cms_config.py): generated from the model,
committed, and asking for exactly what the model accepts."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Union, get_args, get_origin

import pytest
from conftest import ROOT, run_cli
from pydantic import BaseModel

from faq_build import model
from faq_build.commands import cms_config
from faq_build.model.fields import SLUG_PATTERN


def all_fields(fields: list[dict], owner: type[BaseModel]):
    """(model class, field name, form field) for every field, nested models included."""
    for field in fields:
        yield owner, field["name"], field
        nested = _nested_model(owner.model_fields[field["name"]].annotation)
        if nested is not None and "fields" in field:
            yield from all_fields(field["fields"], nested)


def _nested_model(annotation) -> type[BaseModel] | None:
    while get_origin(annotation) in (list, Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    while hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def every_form() -> list[tuple[type[BaseModel], list[dict]]]:
    config = cms_config.config()
    forms = []
    for collection in config["collections"]:
        if "folder" in collection:
            kind = next(k for k, (name, _) in cms_config.FOLDERS.items() if name == collection["name"])
            forms.append((model.DOCUMENT_MODELS[kind], collection["fields"]))
        for entry in collection.get("files", []):
            forms.append((model.DOCUMENT_MODELS[entry["name"]], entry["fields"]))
    return forms


def every_field():
    return [item for owner, fields in every_form() for item in all_fields(fields, owner)]


def test_committed_config_is_up_to_date():
    """Fails when the model changed but admin/config.yml was not regenerated."""
    committed = (ROOT / cms_config.CONFIG_FILE).read_text(encoding="utf-8")
    assert committed == cms_config.render(), "run '.venv/bin/faq-build cms-config' and commit admin/config.yml"


def test_every_kind_of_content_file_has_one_form_at_its_place():
    config = cms_config.config()
    places = {}
    for collection in config["collections"]:
        if "folder" in collection:
            places[collection["name"]] = collection["folder"] + "/*.yml"
        for entry in collection.get("files", []):
            places[entry["name"]] = entry["file"]
    kinds = {name: kind for kind, (name, _) in cms_config.FOLDERS.items()}
    assert {kinds.get(name, name): place for name, place in places.items()} == {
        kind: cms_config.file_glob(kind) for kind in model.DOCUMENT_MODELS
    }
    for place in places.values():
        assert list(ROOT.glob(place)), place  # the real content has files there


def test_every_form_has_exactly_the_models_fields_in_the_models_order():
    """Nothing the model does not know can be typed in, and nothing it knows is missing."""
    checked = 0
    for owner, fields in every_form():
        for nested_owner, _, field in all_fields(fields, owner):
            if "fields" in field:
                nested = _nested_model(nested_owner.model_fields[field["name"]].annotation)
                assert [f["name"] for f in field["fields"]] == list(nested.model_fields), field["name"]
                checked += 1
        assert [f["name"] for f in fields] == list(owner.model_fields), owner.__name__
        checked += 1
    nested = {(o.__name__, n) for o, n, _ in every_field() if _nested_model(o.model_fields[n].annotation)}
    assert nested == {(o.__name__, n) for o, n, f in every_field() if "fields" in f}  # each its own sub-form
    assert checked == len(model.DOCUMENT_MODELS) + len(nested)


def test_a_field_is_required_in_the_form_exactly_when_the_model_requires_it():
    for owner, name, field in every_field():
        info = owner.model_fields[name]
        optional = type(None) in get_args(info.annotation)
        assert field.get("required", True) == (info.is_required() and not optional), (owner.__name__, name)


def test_help_text_is_the_models_description():
    for owner, name, field in every_field():
        description = owner.model_fields[name].description
        assert description and field["hint"].startswith(description), (owner.__name__, name)


def test_ids_of_other_items_are_picked_from_a_list_of_the_items_that_exist():
    relations = {(owner.__name__, name): field for owner, name, field in every_field() if field["widget"] == "relation"}
    assert set(relations) == {
        ("Question", "related"), ("Question", "sources"), ("Fact", "source"), ("Dispute", "fact"),
        ("AlternativeDefinition", "source"), ("CrisisService", "source"), ("Crisis", "source"),
    }
    multiple = {key for key, field in relations.items() if field.get("multiple")}
    assert multiple == {("Question", "related"), ("Question", "sources")}
    collections = {c["name"]: c for c in cms_config.config()["collections"]}
    for key, field in relations.items():
        target = collections[field["collection"]]
        items = field["value_field"].removesuffix(".*.id")
        if "file" in field:
            (entry,) = [f for f in target["files"] if f["name"] == field["file"]]
            holder = entry["fields"]
        else:
            holder = target["fields"]
        (listed,) = [f for f in holder if f["name"] == items]
        assert listed["widget"] == "list" and "id" in [f["name"] for f in listed["fields"]], key
        shown = field["display_fields"][0].rsplit(".", 1)[1]
        assert shown in [f["name"] for f in listed["fields"]], key


def test_markdown_fields_get_the_markdown_editor_and_nothing_else_does():
    markdown = {(owner.__name__, name) for owner, name, field in every_field() if field["widget"] == "faq-markdown"}
    assert markdown == {("Question", "body"), ("Topic", "intro"), ("Page", "body"), ("Site", "home_intro")}


def test_slugs_dates_choices_and_numbers_are_enforced_in_the_form():
    def pattern(field: dict) -> str | None:
        return (field.get("pattern") or field.get("field", {}).get("pattern") or [None])[0]

    slugs = {(owner.__name__, name) for owner, name, field in every_field() if pattern(field) == SLUG_PATTERN}
    assert {("Topic", "id"), ("Question", "id"), ("Fact", "id"), ("Fact", "measure"), ("Source", "id"), ("Term", "id"),
            ("Page", "id"), ("CrisisCountry", "id"), ("Topic", "aliases"), ("Question", "aliases")} == slugs
    dates = [(owner.__name__, name, field) for owner, name, field in every_field() if field["widget"] == "datetime"]
    assert {(o, n) for o, n, _ in dates} == {("Review", "last_reviewed"), ("Review", "next_review_due"), ("Fact", "as_of"),
                                            ("Source", "as_of")}
    assert all(f["format"] == "YYYY-MM-DD" and f["time_format"] is False for _, _, f in dates)
    (status,) = [f for o, n, f in every_field() if (o.__name__, n) == ("Review", "status")]
    assert status["widget"] == "select" and status["options"] == ["reviewed", "pending"]
    (order,) = [f for o, n, f in every_field() if (o.__name__, n) == ("Topic", "order")]
    assert (order["widget"], order["value_type"], order["min"]) == ("number", "int", 1)
    (key_points,) = [f for o, n, f in every_field() if (o.__name__, n) == ("Topic", "key_points")]
    assert key_points["max"] == 5 and key_points["field"]["widget"] in {"string", "text"}


def test_collapsed_list_items_show_what_an_editor_recognises_them_by():
    summaries = {(owner.__name__, name): field.get("summary") for owner, name, field in every_field()
                 if field["widget"] == "list" and "fields" in field}
    assert summaries[("Topic", "questions")] == "{{fields.question}}"
    assert summaries[("SourcesFile", "sources")] == "{{fields.title}}"
    assert summaries[("GlossaryFile", "terms")] == "{{fields.term}}"
    assert summaries[("FactsFile", "facts")] == "{{fields.id}}"


def test_the_local_backend_and_the_review_step_are_configured():
    config = cms_config.config()
    assert config["local_backend"] is True  # admin/editor.js gives the address: the preview's own /api/v1
    assert config["publish_mode"] == "editorial_workflow"


def test_a_field_type_it_cannot_show_is_an_error_not_a_silent_text_box():
    class Odd(BaseModel):
        when: complex

    with pytest.raises(cms_config.UnsupportedField):
        cms_config.model_fields(Odd)


@pytest.mark.slow
def test_command_writes_and_check_detects_stale(tmp_path: Path):
    (tmp_path / "content").mkdir()
    assert run_cli("--root", str(tmp_path), "cms-config", "--check").returncode == 1
    written = run_cli("--root", str(tmp_path), "cms-config")
    assert written.returncode == 0 and written.stdout == "written: admin/config.yml\n"
    assert (tmp_path / "admin" / "config.yml").read_text(encoding="utf-8") == cms_config.render()
    checked = run_cli("--root", str(tmp_path), "cms-config", "--check")
    assert checked.returncode == 0 and checked.stdout == "admin/config.yml is up to date.\n"
