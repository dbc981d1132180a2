"""Ids and addresses: page ids the site itself uses, file names, aliases that point two ways.

Topic ids become page addresses and question ids ``#anchors`` that clinics print; an id the
site already uses, or an alias that could mean two pages, sends a reader to the wrong place.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..model import Content, Topic
from .base import CheckContext, check

RESERVED_PAGE_IDS = frozenset({
    # written by faq-build: pages, redirects, handouts (render.HANDOUTS_DIR), the search index
    # (search_index.INDEX_DIR), the sitemap and the not-found page
    "index", "glossary", "sources", "handouts", "pagefind", "sitemap", "404",
    # written by the theme: overrides/assets/{stylesheets,javascripts}, Material's search/
    "assets", "stylesheets", "javascripts", "search",
    # answered by the preview server and by a Git-backed web editor
    "livereload", "admin",
})
"""Top-level names of the built site: no topic id, page id or topic alias may take one, or the
build would overwrite (or be overwritten by) the site's own files. The one list: ID-RESERVED,
ALIAS-CLASH and ``faq-build new-topic`` all read it."""
SHORT_HANDOUT_SUFFIX = "-short"
"""A topic id may not end in it: handouts/<id>-short-a4.pdf is the short handout of topic <id>."""


def check_reserved_ids(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Topic ids become page addresses and must not clash with the site's own pages."""
    for topic in [*content.topics, *content.pages]:
        if topic.id in RESERVED_PAGE_IDS:
            doc, base = content.where[f"topic:{topic.id}"]
            yield Diagnostic("ID-RESERVED", f"page id '{topic.id}' is reserved for the site's own files",
                             doc.position(base + ("id",)), expected="another id",
                             found=topic.id, hint="reserved: " + ", ".join(sorted(RESERVED_PAGE_IDS)))
    for topic in content.topics:
        if topic.id.endswith(SHORT_HANDOUT_SUFFIX):
            doc, base = content.where[f"topic:{topic.id}"]
            yield Diagnostic("ID-RESERVED", f"topic id '{topic.id}' ends in '{SHORT_HANDOUT_SUFFIX}'",
                             doc.position(base + ("id",)), expected=f"an id not ending in '{SHORT_HANDOUT_SUFFIX}'",
                             found=topic.id,
                             hint="its handout would share a file name with another topic's short handout "
                                  "(handouts/<id>-short-a4.pdf)")
check_reserved_ids = check("ID-RESERVED")(check_reserved_ids)


def check_topic_file_names(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A topic file is named after its id, so editors find the page they want to change."""
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        expected = f"{topic.id}.yml"
        if not doc.path.endswith("/" + expected):
            yield Diagnostic("TOPIC-FILE-NAME", "topic file name does not match its id", doc.position(base + ("id",)),
                             expected=expected, found=doc.path.rsplit("/", 1)[-1],
                             hint="rename the file or change the id", severity=Severity.WARNING)
check_topic_file_names = check("TOPIC-FILE-NAME")(check_topic_file_names)


def check_aliases(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """An alias must not be the id of another page or answer, a name the site itself uses, or another
    topic's alias, or an address would point two ways (or be overwritten by the site's own files)."""
    page_ids = {t.id for t in content.topics} | {p.id for p in content.pages}
    claimed: dict[str, str] = {}
    for topic in content.topics:
        yield from _topic_aliases(content, topic, page_ids, claimed)
        yield from _question_aliases(content, topic)
check_aliases = check("ALIAS-CLASH")(check_aliases)


def _topic_aliases(content: Content, topic: Topic, page_ids: set[str], claimed: dict[str, str]) -> Iterator[Diagnostic]:
    doc, base = content.where[f"topic:{topic.id}"]
    for j, alias in enumerate(topic.aliases):
        position = doc.position(base + ("aliases", j))
        if alias in RESERVED_PAGE_IDS:
            yield Diagnostic("ALIAS-CLASH", f"topic alias '{alias}' is reserved for the site's own files",
                             position, found=alias, hint="reserved: " + ", ".join(sorted(RESERVED_PAGE_IDS)))
        elif alias in page_ids:
            yield Diagnostic("ALIAS-CLASH", f"topic alias '{alias}' is already a page address",
                             position, hint="an alias is an old, retired id")
        elif claimed.get(alias, topic.id) != topic.id:
            yield Diagnostic("ALIAS-CLASH", f"topic alias '{alias}' is already an alias of topic '{claimed[alias]}'",
                             position, found=alias,
                             hint="an old address can redirect to one topic only; keep the alias on one of them")
        claimed.setdefault(alias, topic.id)


def _question_aliases(content: Content, topic: Topic) -> Iterator[Diagnostic]:
    doc, base = content.where[f"topic:{topic.id}"]
    ids = {q.id for q in topic.questions}
    seen: set[str] = set()
    for i, question in enumerate(topic.questions):
        for j, alias in enumerate(question.aliases):
            if alias in ids or alias in seen:
                yield Diagnostic("ALIAS-CLASH", f"question alias '{alias}' is already an anchor on this page",
                                 doc.position(base + ("questions", i, "aliases", j)),
                                 hint="an alias is an old, retired id")
            seen.add(alias)
