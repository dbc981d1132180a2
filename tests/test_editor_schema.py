"""JSON Schemas for editors: generated from the model, committed, complete, and true to the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pytest
from conftest import FIXTURE, ROOT, run_cli
from jsonschema import Draft7Validator
from jsonschema.validators import validator_for
from pydantic import TypeAdapter

from faq_build.commands import schema
from faq_build.load import kind_for, load_content, parse_document
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
# Checked with jsonschema, the reference implementation, for the draft the schemas declare: what
# editors' tools report, not this test's own reading of JSON Schema.

FIXTURE_FILES = [
    "content/crisis.yml", "content/facts.yml", "content/glossary.yml", "content/pages/about.yml",
    "content/site.yml", "content/sources.yml", "content/thesaurus.yml", "content/topics/example-topic.yml",
]


def _validator(kind: str) -> Draft7Validator:
    root = schema.schema_for(kind)
    cls = validator_for(root)
    assert cls is Draft7Validator, f"{kind}: the schema declares {root.get('$schema')}"
    return cls(root, format_checker=cls.FORMAT_CHECKER)  # 'format: date' is checked, as editors do


def _schema_errors(data: Any, kind: str) -> list[tuple[str, str]]:
    """(path inside the document, the JSON Schema keyword that failed), sorted."""
    return sorted(
        ("/".join(str(part) for part in error.absolute_path), str(error.validator))
        for error in _validator(kind).iter_errors(data)
    )


@pytest.mark.parametrize("kind", sorted(DOCUMENT_MODELS))
def test_every_schema_is_a_valid_draft_7_schema(kind: str):
    Draft7Validator.check_schema(schema.schema_for(kind))


@pytest.mark.parametrize("folder", [FIXTURE, ROOT], ids=["fixture", "real-content"])
def test_valid_content_raises_no_schema_errors(folder: Path):
    """Editors must not see red squiggles on content the build accepts (dates, numeric PMIDs, ...).

    Every content file is validated, none skipped: the loader must accept them all, and the files
    validated are exactly the ``.yml`` files under ``content/``, covering every kind of file."""
    documents, problems = load_content(folder / "content")
    assert [str(problem) for problem in problems] == []
    errors = {doc.path: _schema_errors(doc.data, doc.kind) for doc in documents}
    assert errors == {doc.path: [] for doc in documents}
    every_file = sorted(path.relative_to(folder).as_posix() for path in (folder / "content").rglob("*.yml"))
    assert sorted(errors) == every_file
    assert sorted({doc.kind for doc in documents}) == sorted(DOCUMENT_MODELS)
    if folder == FIXTURE:
        assert sorted(errors) == FIXTURE_FILES


def test_schema_flags_the_mistakes_editors_make():
    topic = (FIXTURE / "content/topics/example-topic.yml").read_bytes()
    broken = (
        topic.replace(b"summary:", b"sumary:").replace(b"order: 1", b"order: first")
        .replace(b"id: first-question", b"id: First Question").replace(b"last_reviewed: 2026-01-10", b"last_reviewed: 2026-13-10")
    )
    doc, _ = parse_document(broken, "content/topics/example-topic.yml", "topic")
    assert _schema_errors(doc.data, "topic") == [
        ("", "additionalProperties"),  # sumary
        ("", "required"),  # summary
        ("order", "type"),
        ("questions/0/id", "pattern"),
        ("review/last_reviewed", "format"),
    ]
    no_value = {"facts": [{"id": "a-fact", "measure": "m-m", "unit": "%", "population": "p", "source": "s-s", "locator": "l"}]}
    assert _schema_errors(no_value, "facts") == [("facts/0", "anyOf")]
