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
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


def _escape(value: Any) -> Markup:
    """Finalize hook: HTML already marked safe passes, anything else is escaped as html.escape does."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value)))


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("faq_build", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context: Any) -> str:
    """One template of ``faq_build/templates/`` rendered with ``context``."""
    return environment().get_template(name).render(**context)
