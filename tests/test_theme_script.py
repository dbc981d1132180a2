"""The theme's bundle loaded on first use (faq_build/outputs/theme_script.py): each page's bundle
<script> becomes our loader with the bundle's address, at any depth; other pages are untouched."""

from __future__ import annotations

from pathlib import Path

from faq_build.outputs.theme_script import defer_theme_bundle

PAGE = ('<!doctype html><html><body><p>Text</p>\n{script}\n'
        '<script src="{base}assets/javascripts/faq-crisis.js" defer></script></body></html>')


def _write(site: Path, relative: str, base: str, bundle: bool) -> Path:
    script = f'<script src="{base}assets/javascripts/bundle.a5f9d56c.min.js"></script>' if bundle else ""
    page = site / relative
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(PAGE.format(script=script, base=base), encoding="utf-8")
    return page


def test_each_page_loads_the_loader_with_the_bundle_address(tmp_path: Path):
    home = _write(tmp_path, "index.html", "", bundle=True)
    topic = _write(tmp_path, "ect/index.html", "../", bundle=True)
    missing = _write(tmp_path, "404.html", "/", bundle=True)
    moved = _write(tmp_path, "old-topic/index.html", "../", bundle=False)
    before = moved.read_bytes()
    assert defer_theme_bundle(tmp_path) == 3
    assert home.read_text(encoding="utf-8") == PAGE.format(
        base="", script='<script src="assets/javascripts/faq-theme-loader.js" '
                        'data-bundle="assets/javascripts/bundle.a5f9d56c.min.js"></script>')
    assert topic.read_text(encoding="utf-8") == PAGE.format(
        base="../", script='<script src="../assets/javascripts/faq-theme-loader.js" '
                           'data-bundle="../assets/javascripts/bundle.a5f9d56c.min.js"></script>')
    assert missing.read_text(encoding="utf-8") == PAGE.format(
        base="/", script='<script src="/assets/javascripts/faq-theme-loader.js" '
                         'data-bundle="/assets/javascripts/bundle.a5f9d56c.min.js"></script>')
    assert moved.read_bytes() == before


def test_a_second_run_changes_nothing(tmp_path: Path):
    page = _write(tmp_path, "ect/index.html", "../", bundle=True)
    assert defer_theme_bundle(tmp_path) == 1
    once = page.read_bytes()
    assert defer_theme_bundle(tmp_path) == 0
    assert page.read_bytes() == once


def test_only_the_themes_bundle_is_deferred(tmp_path: Path):
    """Our own scripts and a bundle named otherwise (not the theme's hashed file) stay as they are."""
    page = tmp_path / "index.html"
    html = ('<script src="assets/javascripts/faq-search.js"></script>'
            '<script src="assets/javascripts/bundle.min.js"></script>'
            '<script src="https://cdn.example/assets/javascripts/bundle.a5f9d56c.min.js" async></script>')
    page.write_text(html, encoding="utf-8")
    assert defer_theme_bundle(tmp_path) == 0
    assert page.read_text(encoding="utf-8") == html
