"""Compiled theme templates kept between builds (``template_cache``): reused when the template is
the same, compiled again when anything differs, never an error."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from faq_build import template_cache
from faq_build.template_cache import CompiledTemplates

PAGE = "Hello {{ name }}!"


@pytest.fixture(autouse=True)
def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: nothing compiled in memory yet."""
    monkeypatch.setattr(template_cache, "_IN_PROCESS", {})


def counting_env(loader: jinja2.BaseLoader, cache: CompiledTemplates) -> tuple[jinja2.Environment, list[str]]:
    """An environment like the one MkDocs makes, with the cache, that records each compile."""
    env = jinja2.Environment(loader=loader, auto_reload=False, bytecode_cache=cache)
    compiled: list[str] = []
    compile_source = env.compile

    def compile_and_record(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = compile_and_record  # type: ignore[method-assign]
    return env, compiled


def render(folder: Path, templates: dict[str, str], name: str = "page.html") -> tuple[str, list[str]]:
    env, compiled = counting_env(jinja2.DictLoader(templates), CompiledTemplates(folder))
    return env.get_template(name).render(name="you"), compiled


def stored(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_the_next_process_loads_the_compiled_template_from_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert render(tmp_path, {"page.html": PAGE}) == ("Hello you!", ["page.html"])
    assert len(stored(tmp_path)) == 1
    monkeypatch.setattr(template_cache, "_IN_PROCESS", {})
    assert render(tmp_path, {"page.html": PAGE}) == ("Hello you!", [])


def test_the_same_process_reuses_it_for_another_project_and_keeps_it_there_too(tmp_path: Path):
    assert render(tmp_path / "one", {"page.html": PAGE}) == ("Hello you!", ["page.html"])
    assert render(tmp_path / "two", {"page.html": PAGE}) == ("Hello you!", [])
    assert stored(tmp_path / "two") == stored(tmp_path / "one") and len(stored(tmp_path / "one")) == 1


def test_a_moved_project_keeps_its_compiled_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Keyed by the template's name and source, not by where its file is (Jinja's default)."""
    for where in ("before", "after"):
        (tmp_path / where).mkdir()
        (tmp_path / where / "page.html").write_text(PAGE, encoding="utf-8")
    runs = []
    for where in ("before", "after"):
        monkeypatch.setattr(template_cache, "_IN_PROCESS", {})
        env, compiled = counting_env(jinja2.FileSystemLoader(tmp_path / where), CompiledTemplates(tmp_path / "cache"))
        runs.append((env.get_template("page.html").render(name="you"), compiled))
    assert runs == [("Hello you!", ["page.html"]), ("Hello you!", [])]


def test_an_edited_template_is_compiled_again_and_prune_forgets_the_old_code(tmp_path: Path):
    assert render(tmp_path, {"page.html": PAGE}) == ("Hello you!", ["page.html"])
    first = stored(tmp_path)
    cache = CompiledTemplates(tmp_path)
    env, compiled = counting_env(jinja2.DictLoader({"page.html": "Goodbye {{ name }}."}), cache)
    assert (env.get_template("page.html").render(name="you"), compiled) == ("Goodbye you.", ["page.html"])
    assert len(stored(tmp_path)) == 2
    cache.prune()
    assert len(stored(tmp_path)) == 1 and stored(tmp_path) != first


def test_code_from_another_jinja_or_python_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    render(tmp_path, {"page.html": PAGE})
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(b"j2\x00 not this version's code")
    monkeypatch.setattr(template_cache, "_IN_PROCESS", {})
    assert render(tmp_path, {"page.html": PAGE}) == ("Hello you!", ["page.html"])
    monkeypatch.setattr(template_cache, "_IN_PROCESS", {})
    assert render(tmp_path, {"page.html": PAGE}) == ("Hello you!", [])  # and the entry was replaced


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert render(blocked / "templates", {"page.html": PAGE}) == ("Hello you!", ["page.html"])
    monkeypatch.setattr(template_cache, "_IN_PROCESS", {})
    assert render(blocked / "templates", {"page.html": PAGE}) == ("Hello you!", ["page.html"])
