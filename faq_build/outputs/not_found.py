"""The crisis box on the site's "page not found" page.

A reader who follows a broken or mistyped link may be the reader who most needs help now, so
the 404 page carries the same crisis box as every other page. The theme's ``overrides/404.html``
is a template and cannot read ``content/crisis.yml``; it leaves a marker, and this step, run
after ``mkdocs build``, puts the rendered box in its place.
"""

from __future__ import annotations

from pathlib import Path

NOT_FOUND_MARKER = "<!-- faq-crisis -->"
"""Written by overrides/404.html where the crisis box goes."""


def fill_not_found_page(site_dir: Path, crisis_html: str) -> None:
    """Put the crisis box on the theme's 404 page (the first marker only; no marker: unchanged)."""
    page = site_dir / "404.html"
    if crisis_html and page.is_file():
        html = page.read_text(encoding="utf-8")
        if NOT_FOUND_MARKER in html:
            page.write_text(html.replace(NOT_FOUND_MARKER, crisis_html, 1), encoding="utf-8")
