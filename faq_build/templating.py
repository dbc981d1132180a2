"""The Jinja2 environment for the HTML documents faq-build writes itself.

The handouts, the preview's error page and the redirect pages are templates in
``faq_build/templates/`` (MkDocs and Pelican render everything through templates too), so
their markup reads as markup and every value is escaped unless it is marked as HTML.

- Autoescape is on for every template. A value is escaped with :func:`html.escape`
  (``&#x27;`` and ``&quot;``), the escaping these documents have always used, so
  templated documents are byte-identical to the ones built as strings before: the
  handout PDFs, their cache keys and the published redirect pages did not change.
- :class:`jinja2.StrictUndefined`: a misspelt name in a template fails loudly instead of
  printing nothing into a page a patient reads.
- ``trim_blocks`` and ``lstrip_blocks``: a line holding only a ``{% tag %}`` leaves no
  trace; ``keep_trailing_newline``: a template's last newline is part of the document.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "css_string", "environment", "render"]

_CSS_PLAIN = re.compile(r"[ !#-%'-;=?-\[\]-~]")
"""Printable ASCII except the double quote and the backslash (which would end the string) and
``<``, ``>`` and ``&`` (the string sits in a ``<style>`` element, which ``</style>`` would end):
kept as is in a CSS string."""


def _escape(value: Any) -> Markup:
    """Finalize hook: HTML already marked safe passes, anything else is escaped as html.escape does."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value)))


def css_string(text: str) -> Markup:
    """A CSS string literal (for ``content:`` in a handout's running header and footer).

    Whitespace runs become one space; anything but plain printable ASCII is hex-escaped,
    so a quote or backslash in a clinic's name cannot end the string, nor ``</style>`` the
    style element around it. Marked safe: it is
    CSS, and HTML-escaping it would print the entities."""
    text = " ".join(text.split())
    return Markup('"' + "".join(c if _CSS_PLAIN.fullmatch(c) else f"\\{ord(c):06x} " for c in text) + '"')


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("faq_build", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    return env


def render(name: str, **context: Any) -> str:
    """One template of ``faq_build/templates/`` rendered with ``context``."""
    return environment().get_template(name).render(**context)
