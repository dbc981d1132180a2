"""Post-build step of the write stage: a Pagefind search index with one record per question.

Why (measured in bench/search-eval.md): Material's built-in search groups results per page and
shows one section per page, so a lay query rarely gets the right answer into the first three.
Here every answer is its own record, with the question (heaviest), its "Also called" lay
keywords (next) and the answer text, so results are answers, not pages. Each record also
carries the answer's short answer (the page's ``<p class="faq-lead">``) as Pagefind metadata
``summary``: a result shows the question and that short answer, a whole sentence that answers
it, instead of Pagefind's keyword excerpt (which began mid-sentence and was mostly the question
and the keyword list again). The "Also called" line is read even when the page hides it
(``hidden``): readers do not see it, but it is what they type.

Records are read back from the built topic pages, so they hold exactly what readers see
(references resolved); everything marked with the class ``faq-search-exclude`` (crisis box, review line,
notices, related-question and source lists, disclaimer) stays out. The index is written to
``site/pagefind/`` by Pagefind's own binary (PyPI ``pagefind[bin]``), offline, in one batch
(``pagefind_service``: the whole index in about 0.3 s), and the search
box (``overrides/partials/search.html`` + ``overrides/assets/javascripts/faq-search.js``)
queries it in the browser. Output is byte-identical for identical input.
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from ..blocks import SEARCH_EXCLUDE_CLASS
from .pagefind_service import write_index

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic

INDEX_DIR = "pagefind"
# Pagefind writes a ready-made UI and a playground too; the site uses its own box, so only the
# search library, its WebAssembly and the index files are published. The box runs the search in
# the page (``noWorker``), so the web worker, a second copy of the engine, is not published either.
UNPUBLISHED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "playground",
           "pagefind-worker.js", "wasm.unknown.pagefind")  # the index is English only (force_language)


def published_index_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """Of the files Pagefind wrote (paths relative to its output folder), those the site publishes."""
    return {name: data for name, data in files.items() if name.split("/")[0] not in UNPUBLISHED}


# Weights (Pagefind's scale: 0-10, body text 1).
QUESTION_WEIGHT = 10
KEYWORDS_WEIGHT = 6
# The engine's own index is never loaded by the site's search box (the theme only fetches it for a
# form named "search"); it is removed so that it cannot go stale or be mistaken for the live index.
# Material writes search/search_index.json, Zensical search.json.
ENGINE_INDEXES = (Path("search") / "search_index.json", Path("search.json"))

_EXCLUDED_CLASSES = frozenset({SEARCH_EXCLUDE_CLASS, "headerlink", "faq-alias"})
"""Left out of a record: boilerplate (blocks.SEARCH_EXCLUDE_CLASS), the heading's permalink and the
alias anchors of renamed answers."""
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class QuestionRecord:
    url: str
    """Relative to the site root: 'topic-id/#question-id'."""
    topic: str
    question: str
    keywords: str = ""
    text: list[str] = field(default_factory=list)
    summary: str = ""
    """The short answer as the page shows it, plain text (references resolved to their words)."""

    def html(self) -> str:
        """The document Pagefind indexes for this answer (never published). The summary is an
        attribute, not element text: it is shown with the result but not indexed a second time
        (it is already in the answer text), so it changes no ranking."""
        return (
            f'<html lang="en"><body data-pagefind-meta="topic:{escape(self.topic)}">'
            f'<span data-pagefind-meta="summary[data-summary]" data-summary="{escape(self.summary)}"></span>'
            f'<h1 data-pagefind-weight="{QUESTION_WEIGHT}" data-pagefind-meta="title">{escape(self.question)}</h1>'
            f'<p data-pagefind-weight="{KEYWORDS_WEIGHT}">{escape(self.keywords)}</p>'
            f"<div>{escape(' '.join(' '.join(self.text).split()))}</div>"
            "</body></html>"
        )


class _TopicPageParser(HTMLParser):
    """Splits a built topic page's article at its question headings (``<h2 id=...>``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.is_topic = False
        self.topic = ""
        self.records: list[QuestionRecord] = []
        self._stack: list[str] = []
        self._skip_depth: int | None = None  # stack depth of an excluded element
        self._in_article: int | None = None
        self._capture: str | None = None  # 'h1', 'h2', 'also' or 'lead'
        self._capture_depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "faq-review" in classes:
            self.is_topic = True
        if tag in _VOID:
            return
        self._stack.append(tag)
        depth = len(self._stack)
        if self._in_article is None and tag == "article" and "md-content__inner" in classes:
            self._in_article = depth
        if self._in_article is None or self._skip_depth is not None:
            return
        if _EXCLUDED_CLASSES.intersection(classes):
            self._skip_depth = depth
        elif tag == "h1":
            self._start_capture("h1", depth)
        elif tag == "h2" and attributes.get("id"):
            self._start_capture("h2", depth)
            self.records.append(QuestionRecord(url="", topic=self.topic, question="", text=[]))
            self.records[-1].url = "#" + attributes["id"]
        elif "faq-also-called" in classes and self.records:  # also when it carries hidden=""
            self._start_capture("also", depth)
        elif "faq-lead" in classes and self.records and not self.records[-1].summary:
            self._start_capture("lead", depth)

    def _start_capture(self, kind: str, depth: int) -> None:
        self._capture, self._capture_depth, self._buffer = kind, depth, []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self._stack:
            return
        depth = len(self._stack)
        while self._stack and self._stack[-1] != tag:  # tolerate unclosed inline tags
            self._stack.pop()
        if not self._stack:
            return
        self._stack.pop()
        if self._skip_depth is not None and depth <= self._skip_depth:
            self._skip_depth = None
            return
        if self._capture is not None and depth == self._capture_depth:
            text = " ".join("".join(self._buffer).split())
            if self._capture == "h1":
                self.topic = text
            elif self._capture == "h2":
                self.records[-1].question = text
            elif self._capture == "lead":
                self.records[-1].summary = text
            else:
                self.records[-1].keywords = text.removeprefix("Also called:").strip()
            self._capture = None
        if self._in_article is not None and depth == self._in_article:
            self._in_article = None

    def handle_data(self, data: str) -> None:
        if self._in_article is None or self._skip_depth is not None:
            return
        if self._capture is not None:
            self._buffer.append(data)
        if self._capture in (None, "lead") and self.records:  # the short answer is answer text too
            self.records[-1].text.append(data)


def question_records(site: Path) -> list[QuestionRecord]:
    """One record per question on every topic page of a built site, in a stable order."""
    records = []
    for page in sorted(site.glob("*/index.html")):
        parser = _TopicPageParser()
        parser.feed(page.read_text(encoding="utf-8"))
        if not parser.is_topic:
            continue
        for record in parser.records:
            record.url = f"{page.parent.name}/{record.url}"
            record.topic = parser.topic
            records.append(record)
    return records


PAGEFIND_CONFIG = {"force_language": "en", "write_playground": False}
"""English only (one index, no language detection), and no playground page."""


def build_search_index(site: Path, records: list[QuestionRecord] | None = None) -> int:
    """Write ``site/pagefind/`` from ``records`` (default: read from the site's pages); returns
    the number of answers indexed."""
    records = question_records(site) if records is None else records
    if not records:
        raise ValueError("no questions found on the built topic pages to index for search")
    output = site / INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    write_index((("/" + record.url, record.html()) for record in records), output, PAGEFIND_CONFIG)
    for name in UNPUBLISHED:
        target = output / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    remove_engine_indexes(site)
    return len(records)


def remove_engine_indexes(site: Path) -> None:
    for engine_index in ENGINE_INDEXES:
        (site / engine_index).unlink(missing_ok=True)
        folder = site / engine_index.parent
        if folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def index_size(site: Path) -> dict[str, float | int]:
    """Sizes for the benchmark, as a gzip-serving server sends them. Pagefind's own files
    (``*.pf_*``, ``*.pagefind``) are already gzip-compressed and counted as they are; text files
    are counted gzipped at level 6. ``index`` is the index data (word index, metadata and every
    answer's fragment; a search loads the word index once plus one fragment per result shown);
    ``code`` is the search engine (JavaScript and WebAssembly), loaded when the box is first used."""

    def served(path: Path) -> int:
        data = path.read_bytes()
        return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6, mtime=0))

    files = sorted(p for p in (site / INDEX_DIR).rglob("*") if p.is_file())
    code = [p for p in files if p.suffix in {".js", ".pagefind"}]
    index = [p for p in files if p not in code]
    fragments = [p for p in index if p.suffix == ".pf_fragment"]
    return {
        "answers": len(fragments),
        "index_kib": sum(map(served, index)) / 1024,
        "index_without_fragments_kib": sum(served(p) for p in index if p not in fragments) / 1024,
        "fragment_mean_kib": sum(map(served, fragments)) / 1024 / max(len(fragments), 1),
        "code_kib": sum(map(served, code)) / 1024,
    }


def write_search_index(site: Path, records: list[QuestionRecord] | None = None) -> list:
    """The write stage's hook: build the index into a freshly built ``site``; problems come
    back as diagnostics (the build then fails and the published site stays as it was).
    ``records`` as for ``build_search_index``."""
    problems: list = []
    for _attempt in range(INDEX_ATTEMPTS):
        try:
            answers = build_search_index(site, records)
        except Exception as exc:
            return [_index_failure(exc)]
        problems = check_search_index(site, answers)
        if not problems:
            return []
    return problems


def _index_failure(exc: Exception) -> Diagnostic:
    """SITE-BUILD: the index could not be made at all (Pagefind missing, pages unreadable)."""
    from ..diagnostics import Diagnostic, Position

    return Diagnostic(
        code="SITE-BUILD",
        message=f"the search index could not be built: {type(exc).__name__}: {exc}",
        position=Position("mkdocs.yml"),
        hint="the Pagefind binary comes from the PyPI package pagefind[bin]; run `make build` to install it",
    )


INDEX_ATTEMPTS = 3
"""A written index is read back and, if incomplete, rebuilt from scratch, so a half index is never
published. (Pagefind's Python API, used before, gave up waiting after 5 s and left half an index on a
busy machine; the batch client waits for the reply to its write, but the read-back stays.)"""


def check_search_index(site: Path, answers: int) -> list:
    """SEARCH-INDEX: the index just written holds every answer and can be loaded by a browser."""
    from ..diagnostics import Diagnostic, Position

    fault = index_fault(site, answers)
    if fault is None:
        return []
    return [Diagnostic(
        code="SEARCH-INDEX",
        message=f"the search index is incomplete: {fault}",
        position=Position(f"site/{INDEX_DIR}"),
        hint="nothing was published; build again (Pagefind sometimes stops before writing everything "
             "when the machine is busy). If it keeps failing, reinstall pagefind[bin]",
    )]


def index_fault(site: Path, answers: int) -> str | None:
    """What is wrong with a written index, or None. Read back because Pagefind has been seen to stop
    early under load and leave a 0-byte ``pagefind-entry.json``: search then fails in every browser."""
    import json

    output = site / INDEX_DIR
    for name in ("pagefind.js", "wasm.en.pagefind", "pagefind-entry.json"):
        if not (output / name).is_file() or (output / name).stat().st_size == 0:
            return f"{INDEX_DIR}/{name} is missing or empty"
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"]
        pages = sum(int(language["page_count"]) for language in languages.values())
        hashes = [str(language["hash"]) for language in languages.values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"{INDEX_DIR}/pagefind-entry.json cannot be read ({type(exc).__name__}: {exc})"
    if answers == 0 or pages != answers:
        return f"it holds {pages} answers, the built pages have {answers}"
    for meta in (output / f"pagefind.{h}.pf_meta" for h in hashes):
        if not meta.is_file() or meta.stat().st_size == 0:
            return f"{INDEX_DIR}/{meta.name} is missing or empty"
    for folder, suffix, least in (("fragment", ".pf_fragment", 1), ("index", ".pf_index", 1)):
        files = sorted((output / folder).glob(f"*{suffix}"))
        if len(files) < least or any(f.stat().st_size == 0 for f in files):
            return f"{INDEX_DIR}/{folder}/ has {len(files)} {suffix} files (expected at least {least}, none of them empty)"
    return None


class IndexInBackground:
    """The search index, written on a thread while the build audits and checks the same pages.

    The records are read first, in the caller's thread, before the audit rewrites each page (it
    adds the page's Content-Security-Policy), and the engine's own index is removed; then
    Pagefind, a separate process, does the work, so the thread mostly waits and the audit and
    the link check run meanwhile. Pagefind writes into a scratch folder beside the site, moved to
    ``site/pagefind/`` only once it is complete and checked, so the audit and the link check never
    see a half-written index. ``problems()`` waits, moves the index in and gives what
    ``write_search_index`` would have returned; ``seconds`` is how long the index took."""

    def __init__(self, site: Path) -> None:
        import tempfile
        import threading
        from time import perf_counter

        self._site = site
        self._problems: list | None = None
        self._error: BaseException | None = None
        self.seconds = 0.0
        start = perf_counter()
        remove_engine_indexes(site)
        try:
            records: list[QuestionRecord] | None = question_records(site)
        except OSError as exc:  # reported as write_search_index reports it; nothing to index
            records, self._problems = None, [_index_failure(exc)]
        self.answers = len(records) if records else 0
        """How many answers the index holds (the number of question records read)."""
        self._scratch = Path(tempfile.mkdtemp(prefix=".search-index-", dir=site.parent))
        read_s = self.seconds = perf_counter() - start

        def run() -> None:
            if records is None:
                return
            began = perf_counter()
            try:
                self._problems = write_search_index(self._scratch, records)
            except BaseException as exc:
                self._error = exc  # raised again in the caller's thread
            finally:
                self.seconds = read_s + perf_counter() - began

        self._thread = threading.Thread(target=run, name="search-index", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()

    def problems(self) -> list:
        """Wait for the index; when it is complete, move it into the site."""
        self._thread.join()
        try:
            if self._error is not None:
                raise self._error
            assert self._problems is not None
            if not self._problems:
                target = self._site / INDEX_DIR
                shutil.rmtree(target, ignore_errors=True)
                (self._scratch / INDEX_DIR).rename(target)
            return self._problems
        finally:
            shutil.rmtree(self._scratch, ignore_errors=True)
