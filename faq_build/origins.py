"""Where a generated page, and a link on it, comes from in ``content/``.

Problems found after rendering (MkDocs' strict link checks, the crawler over the built site)
are about files an editor never opens: ``docs/x.md`` or ``site/x/index.html``. This maps
them back to the content file, and to the line of the Markdown field that holds the link
when the link's text can be found there, so a broken link reads like any other content
mistake: ``content/topics/x.yml:42``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urldefrag

from .checks.fields import TextField, text_fields
from .diagnostics import Diagnostic, Position
from .model import Content
from .resolve import GLOSSARY_PAGE, HOME_PAGE, SOURCES_PAGE, topic_page

_DOC_FILE_RE = re.compile(r"Doc file '([^']+)' contains (?:a|an) [^']*?link '([^']+)'")
_QUESTION_RE = re.compile(r"<h2\b[^>]*\bid=\"([^\"]+)\"")


@dataclasses.dataclass
class _PageOrigin:
    fallback: Position
    """Where the page as a whole comes from (the topic's id, the alias, the file)."""
    own: list[TextField] = dataclasses.field(default_factory=list)
    """The Markdown fields written for this page, searched first for a link's text."""
    questions: dict[str, Position] = dataclasses.field(default_factory=dict)
    """Question anchor on the page -> the question's id in its topic file."""


class Origins:
    """Generated page file (``docs/`` relative: ``x.md``, ``alias/index.html``) -> its content."""

    def __init__(self, content: Content) -> None:
        self._fields = text_fields(content)
        self._pages: dict[str, _PageOrigin] = {}
        where = content.where
        for topic in content.topics:
            doc, base = where[f"topic:{topic.id}"]
            origin = self._add(topic_page(topic.id), doc.position(base + ("id",)), doc)
            origin.questions = {q.id: doc.position(base + ("questions", i, "id"))
                                for i, q in enumerate(topic.questions)}
            for j, alias in enumerate(topic.aliases):
                self._pages[f"{alias}/index.html"] = _PageOrigin(doc.position(base + ("aliases", j)))
        for page in content.pages:
            doc, base = where[f"topic:{page.id}"]
            self._add(topic_page(page.id), doc.position(base + ("id",)), doc)
        self._add(HOME_PAGE, Position(where["site:site"][0].path, 1), where["site:site"][0])
        for page, kind in ((GLOSSARY_PAGE, "term"), (SOURCES_PAGE, "source")):
            doc = next((doc for key, (doc, _) in sorted(where.items()) if key.startswith(kind + ":")), None)
            if doc is not None:
                self._add(page, Position(doc.path, 1), doc)

    def _add(self, page: str, fallback: Position, doc: object) -> _PageOrigin:
        origin = _PageOrigin(fallback, [f for f in self._fields if f.doc is doc])
        self._pages[page] = origin
        return origin

    def locate(self, page: str, href: str, question: str | None = None) -> Position | None:
        """The best content position for ``href`` on a generated page: the field holding the link,
        else the question it sits under, else the page's own content file; None if not generated."""
        origin = self._pages.get(page)
        own = origin.own if origin else []
        fields = own + [f for f in self._fields if all(f is not mine for mine in own)]
        url, fragment = urldefrag(href)
        for needle in dict.fromkeys(n for n in (href, f"#{fragment}" if fragment else "", url) if n):
            for field in fields:
                found = field.text.find(f"({needle}") + 1 or field.text.find(f'"{needle}') + 1
                if found:
                    return field.at(found)
        if origin is None:
            return None
        return origin.questions.get(question or "", origin.fallback)

    def relocate(self, problems: list[Diagnostic]) -> list[Diagnostic]:
        """MkDocs' link warnings ("Doc file 'x.md' contains a link 'y'") placed in the content file."""
        moved = []
        for problem in problems:
            match = _DOC_FILE_RE.search(problem.message)
            position = self.locate(match.group(1), match.group(2)) if match else None
            moved.append(dataclasses.replace(problem, position=position) if position else problem)
        return moved

    def locate_in_site(self, site: Path, page: str, line: int, href: str) -> Position | None:
        """As :meth:`locate`, for a link found at ``line`` of the built ``site/<page>``."""
        docs_page = page
        if page == "index.html":
            docs_page = HOME_PAGE
        elif page.endswith("/index.html") and page.count("/") == 1 and page[: -len("/index.html")] + ".md" in self._pages:
            docs_page = page[: -len("/index.html")] + ".md"
        return self.locate(docs_page, href, question_before(site / page, line))


def question_before(html_file: Path, line: int) -> str | None:
    """The id of the last question heading (``<h2 id=...>``) at or above ``line`` of a built page."""
    try:
        lines = html_file.read_text(encoding="utf-8").splitlines()[:line]
    except OSError:
        return None
    for text in reversed(lines):
        found = _QUESTION_RE.findall(text)
        if found:
            return found[-1]
    return None
