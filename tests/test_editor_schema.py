"""JSON Schemas for editors: generated from the model, committed, complete, and true to the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
from conftest import FIXTURE, ROOT, run_cli
from pydantic import TypeAdapter

from faq_build.commands import schema
from faq_build.load import kind_for, parse_document
from faq_build.model import DOCUMENT_MODELS
from faq_build.validate import model_at


def test_committed_schemas_are_up_to_date():
    """Fails when the model changed but schemas/ was not regenerated."""
    stale = [
        relative for relative, text in schema.expected_files().items()
        if not (ROOT / relative).is_file() or (ROOT / relative).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date: {stale}; run '.venv/bin/faq-build schema' and commit schemas/"
    committed = {p.relative_to(ROOT).as_posix() for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == set(schema.expected_files()), "schemas/ holds a file no model produces"


@pytest.mark.parametrize("kind", sorted(DOCUMENT_MODELS))
def test_every_field_has_a_description_and_examples(kind: str):
    assert schema.missing_help(schema.schema_for(kind)) == []


@pytest.mark.parametrize("kind", sorted(DOCUMENT_MODELS))
def test_every_example_is_a_valid_value(kind: str):
    """Examples are shown to editors as suggestions; each one must pass the model's own validation."""
    pending = [DOCUMENT_MODELS[kind]]
    seen = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            adapter = TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)
            for example in info.examples or []:
                adapter.validate_python(example)
            nested = model_at(model, (name,))
            if nested is not None:
                pending.append(nested)


def test_vscode_settings_map_every_content_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = {Path(path).as_posix().removeprefix("./"): globs for path, globs in settings["yaml.schemas"].items()}
    for kind in DOCUMENT_MODELS:
        target = schema.schema_file(kind)
        assert mapping.get(target) == [schema.file_glob(kind)], kind
        assert (ROOT / target).is_file()
    assert len(mapping) == len(DOCUMENT_MODELS)
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


def test_file_globs_agree_with_the_loader():
    for kind in DOCUMENT_MODELS:
        glob = schema.file_glob(kind)
        assert kind_for(glob.replace("*", "some-file")) == kind


@pytest.mark.slow
def test_schema_command_writes_and_check_detects_stale(tmp_path: Path):
    assert run_cli("--root", str(tmp_path), "schema").returncode == 2  # not a project folder
    (tmp_path / "content").mkdir()
    assert run_cli("--root", str(tmp_path), "schema", "--check").returncode == 1
    written = run_cli("--root", str(tmp_path), "schema")
    assert written.returncode == 0, written.stderr
    assert run_cli("--root", str(tmp_path), "schema", "--check").returncode == 0
    topic = tmp_path / "schemas" / "topic.schema.json"
    topic.write_text(topic.read_text().replace("patient", "person"))
    stale = run_cli("--root", str(tmp_path), "schema", "--check")
    assert stale.returncode == 1 and "schemas/topic.schema.json" in stale.stdout


# --------------------------------------------------------------------------- the schema agrees with the loader
# A small draft-7 validator for the keywords our schemas use, so the test needs no extra package.


def _errors(instance: Any, node: dict[str, Any], root: dict[str, Any], where: str = "") -> list[str]:
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/definitions/")
        return _errors(instance, root["definitions"][name], root, where)
    found: list[str] = []
    for sub in node.get("allOf", []):
        found += _errors(instance, sub, root, where)
    if "anyOf" in node and all(_errors(instance, sub, root, where) for sub in node["anyOf"]):
        found.append(f"{where}: matches none of anyOf")
    kinds = node.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        checks = {
            "string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None, "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict),
        }
        if not any(checks[k](instance) for k in kinds):
            return found + [f"{where}: expected {kinds}, found {instance!r}"]
    if isinstance(instance, str):
        if "pattern" in node and not re.search(node["pattern"], instance):
            found.append(f"{where}: {instance!r} does not match {node['pattern']}")
        if len(instance) < node.get("minLength", 0):
            found.append(f"{where}: too short")
        if node.get("format") == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", instance):
            found.append(f"{where}: not a date")
    if isinstance(instance, (int, float)) and "minimum" in node and instance < node["minimum"]:
        found.append(f"{where}: below minimum")
    if isinstance(instance, list):
        if len(instance) < node.get("minItems", 0):
            found.append(f"{where}: too few items")
        for i, item in enumerate(instance):
            found += _errors(item, node.get("items", {}), root, f"{where}[{i}]")
    if isinstance(instance, dict):
        for name in node.get("required", []):
            if name not in instance:
                found.append(f"{where}: missing {name}")
        props = node.get("properties", {})
        for name, value in instance.items():
            if name in props:
                found += _errors(value, props[name], root, f"{where}.{name}")
            elif node.get("additionalProperties") is False:
                found.append(f"{where}: unknown field {name}")
    return found


def _content_files(folder: Path) -> list[Path]:
    return [p for p in sorted((folder / "content").rglob("*.yml")) if kind_for(p.relative_to(folder).as_posix())]


@pytest.mark.parametrize("folder", [FIXTURE, ROOT], ids=["fixture", "real-content"])
def test_valid_content_raises_no_schema_errors(folder: Path):
    """Editors must not see red squiggles on content the build accepts (dates, numeric PMIDs, ...)."""
    for path in _content_files(folder):
        relative = path.relative_to(folder).as_posix()
        doc, problems = parse_document(path.read_bytes(), relative, kind_for(relative))
        if doc is None or problems:
            continue  # someone is editing it right now; the build reports that file
        root = schema.schema_for(doc.kind)
        assert _errors(doc.data, root, root) == [], relative


def test_schema_flags_the_mistakes_editors_make():
    topic = (FIXTURE / "content/topics/example-topic.yml").read_bytes()
    broken = (
        topic.replace(b"summary:", b"sumary:").replace(b"order: 1", b"order: first")
        .replace(b"id: first-question", b"id: First Question")
    )
    doc, _ = parse_document(broken, "content/topics/example-topic.yml", "topic")
    root = schema.schema_for("topic")
    errors = "\n".join(_errors(doc.data, root, root))
    assert "unknown field sumary" in errors
    assert "missing summary" in errors
    assert ".order: expected ['integer']" in errors
    assert "'First Question' does not match" in errors
    facts = schema.schema_for("facts")
    no_value = {"facts": [{"id": "a-fact", "measure": "m-m", "unit": "%", "population": "p", "source": "s-s", "locator": "l"}]}
    assert any("anyOf" in e for e in _errors(no_value, facts, facts))
