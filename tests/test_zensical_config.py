"""The config file the Zensical step writes (faq_build/zensical_build.py): mkdocs.yml with what MkDocs
is given in-process, so both engines build the same site from the same mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_build.zensical_build import zensical_build, zensical_config

MKDOCS_YML = """\
site_name: Test
site_url: !ENV [FAQ_TEST_ADDRESS, FAQ_TEST_OTHER, "https://fallback.example/"]
docs_dir: elsewhere
theme:
  name: material
  custom_dir: overrides
  variant: classic
plugins:
  - search
"""


def test_the_config_is_mkdocs_yml_with_the_staged_folders_nav_address_and_overrides(tmp_path: Path):
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(MKDOCS_YML, encoding="utf-8")
    nav = [{"Home": "index.md"}, {"ECT": "ect.md"}]
    assert zensical_config(config_file, nav, "https://site.example/") == {
        "site_name": "Test",
        "site_url": "https://site.example/",
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": str((tmp_path / "overrides").resolve()), "variant": "classic"},
        "plugins": ["search"],
        "site_dir": "site",
        "nav": nav,
    }
    assert zensical_config(config_file, [], None)["site_url"] == ""


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "https://fallback.example/"),
    ({"FAQ_TEST_OTHER": "https://other.example/"}, "https://other.example/"),
    ({"FAQ_TEST_ADDRESS": "https://first.example/", "FAQ_TEST_OTHER": "x"}, "https://first.example/"),
])
def test_env_tags_read_as_mkdocs_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            environment: dict[str, str], expected: str):
    """``!ENV [NAME, OTHER, default]``: the first variable that is set, else the default. The
    address itself is replaced by the build's; read here through a key the build leaves alone."""
    for name in ("FAQ_TEST_ADDRESS", "FAQ_TEST_OTHER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(MKDOCS_YML.replace("site_url:", "extra_address:"), encoding="utf-8")
    assert zensical_config(config_file, [], None)["extra_address"] == expected


def test_a_single_name_env_tag_without_the_variable_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("FAQ_TEST_ADDRESS", raising=False)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: !ENV FAQ_TEST_ADDRESS\n", encoding="utf-8")
    assert zensical_config(config_file, [], None)["site_name"] is None


def test_the_site_folder_must_sit_next_to_the_docs(tmp_path: Path):
    """Zensical reads docs_dir and writes site_dir relative to the config file in the staging folder."""
    with pytest.raises(ValueError, match=r"^Zensical builds docs/ into site/ of the same folder$"):
        zensical_build(tmp_path / "mkdocs.yml", tmp_path / "a" / "docs", tmp_path / "b" / "site", [], 0)
