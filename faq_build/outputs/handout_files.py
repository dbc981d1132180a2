"""Where the handouts are published: the file convention the topic pages link to and the PDF writer uses.

Its own small module so that the page renderer can link to a handout without importing the
PDF code (WeasyPrint), and the PDF code can name its files without importing the renderer.
"""

from __future__ import annotations

HANDOUTS_DIR = "handouts"
"""Folder under the site root that holds every handout."""


def handout_file(topic_id: str, paper: str) -> str:
    """Stable address of a topic's handout, relative to the site root: ``handouts/<id>-a4.pdf``."""
    return f"{HANDOUTS_DIR}/{topic_id}-{paper}.pdf"
