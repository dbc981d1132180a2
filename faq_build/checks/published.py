"""Published addresses: every address clinics were given still resolves."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Content
from .base import CheckContext, check


def check_published_links(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every address in published-links.txt still resolves (directly or through an alias).

    Clinics print these links in letters and on posters; a renamed answer must keep its
    old ``#anchor`` and a renamed topic its old address.
    """
    from ..outputs.published_links import check_published

    yield from check_published(content, list(ctx.published))
check_published_links = check("LINK-REMOVED")(check_published_links)
