"""The theme's JavaScript bundle, loaded when the reader first acts instead of while the page loads.

Lighthouse (mobile: slow 4G, 4x CPU) measured 190 to 270 ms of total blocking time on pages whose
text is a few KiB, almost all of it the theme's bundle starting up; the features it drives (the
colour-scheme switch, back to top, the header title on scroll, tooltips) are only needed once the
reader does something. This step, run after the site engine, replaces each page's
``<script src=".../bundle.<hash>.min.js"></script>`` with our loader
(``overrides/assets/javascripts/faq-theme-loader.js``), which loads the same file on the first
pointer, key, touch, wheel, scroll or focus event. Both engines write the bundle the same way
(Material's and Zensical's file names differ only in the hash), so one rule serves both; a page
without the bundle (the redirect pages) is left as it is. The text, crisis box, links, menu and
search never depend on the bundle.
"""

from __future__ import annotations

import re
from pathlib import Path

LOADER = "assets/javascripts/faq-theme-loader.js"
_BUNDLE = re.compile(r'<script src="((?:[^"]*/)?)assets/javascripts/(bundle\.[0-9a-f]+\.min\.js)"></script>')


def defer_theme_bundle(site_dir: Path) -> int:
    """Rewrite every page of ``site_dir`` that loads the bundle; the number of pages changed."""
    changed = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = _BUNDLE.sub(_loader_tag, html, count=1)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def _loader_tag(match: re.Match[str]) -> str:
    base, bundle = match.group(1), match.group(2)
    return f'<script src="{base}{LOADER}" data-bundle="{base}assets/javascripts/{bundle}"></script>'
