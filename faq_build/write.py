"""Stage 5 - write: put the rendered pages on disk and build the site, atomically.

Everything is generated and built inside a staging folder next to the project
(same file system, so the final moves are renames). Only when ``mkdocs build --strict``
has succeeded are the new ``docs/`` and ``site/`` swapped into place. A failed build
leaves the previous ``docs/`` and ``site/`` exactly as they were.

Builds are deterministic: ``SOURCE_DATE_EPOCH`` is set from the content (the newest
review date), which MkDocs uses for the sitemap and its gzip header.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import gzip
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time as clock
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from .commands.links import check_site_links
from .diagnostics import Diagnostic, Position
from .render import RenderedSite

if TYPE_CHECKING:
    from .origins import Origins


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured_mkdocs_log() -> Iterator[_Collector]:
    """Collect MkDocs warnings as data instead of letting them print mid-run."""
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    old_level, old_propagate, old_handlers = logger.level, logger.propagate, list(logger.handlers)
    for handler in old_handlers:
        logger.removeHandler(handler)
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        for handler in old_handlers:
            logger.addHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def epoch_for(day: date) -> int:
    return int(datetime.combine(day, time(0, 0), tzinfo=UTC).timestamp())


def write_pages(rendered: RenderedSite, docs_dir: Path) -> None:
    for relative, text in sorted(rendered.files.items()):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    for relative, data in sorted(rendered.binary.items()):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def mkdocs_build(
    config_file: Path, docs_dir: Path, site_dir: Path, nav: list[dict[str, str]], epoch: int,
    site_url: str | None = None,
) -> list[Diagnostic]:
    """Run ``mkdocs build --strict`` in-process; MkDocs warnings come back as diagnostics.

    ``site_url`` is the public address as ``site_address.public_address`` decided it; it replaces
    mkdocs.yml's own, so a placeholder (``example.org``) never reaches a canonical link, ``og:url``
    or the sitemap. ``None``: MkDocs builds without an address (no canonical links)."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _captured_mkdocs_log() as collector, _environment(
        SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1"
    ):
        failure = None
        try:
            config = load_config(
                str(config_file), strict=True, docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav,
                site_url=site_url or "",
            )
            build(config)
        except exceptions.MkDocsException as exc:
            failure = str(exc)
        except OSError as exc:
            if machine_cause(exc):  # the disk, not the pages: exit 2 in plain words, not SITE-BUILD
                raise
            failure = f"{type(exc).__name__}: {exc}"
        except ValueError as exc:
            failure = f"{type(exc).__name__}: {exc}"
    diagnostics = [
        Diagnostic(
            code="SITE-BUILD",
            message=record.getMessage().replace(str(docs_dir), "docs"),
            position=Position("mkdocs.yml"),
            hint="pages in docs/ are generated from content/; fix the content file the page comes from",
        )
        for record in collector.records
    ]
    if failure and not diagnostics:
        diagnostics.append(Diagnostic(code="SITE-BUILD", message=failure, position=Position("mkdocs.yml")))
    return diagnostics


_SITEMAP_ENTRY_RE = re.compile(r"(<loc>([^<]*)</loc>\s*<lastmod>)([^<]*)(</lastmod>)")


def page_url_path(page_file: str) -> str:
    """'index.md' -> '', 'understanding-trd.md' -> 'understanding-trd/' (directory URLs)."""
    stem = page_file[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")


def drop_sitemap(site_dir: Path) -> None:
    """Without a public address MkDocs writes a sitemap of relative paths, which the sitemap
    protocol does not allow (each ``<loc>`` must be an absolute URL): leave it out instead."""
    for name in SITEMAP_FILES:
        (site_dir / name).unlink(missing_ok=True)


def date_sitemap(site_dir: Path, reviewed: dict[str, date], epoch: int) -> None:
    """Make each sitemap ``lastmod`` the page's clinical review date instead of the build date.

    Done on the built file rather than with a theme template, so the site stays buildable
    by other MkDocs-compatible builders (Zensical rejects MkDocs' sitemap template)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    by_path = {page_url_path(name): day.isoformat() for name, day in reviewed.items()}
    paths = sorted(by_path, key=len, reverse=True)

    def replace(match: re.Match[str]) -> str:
        loc = match.group(2)
        for path in paths:
            if loc.endswith("/" + path) or (path == "" and loc.endswith("/")):
                return f"{match.group(1)}{by_path[path]}{match.group(4)}"
        return match.group(0)

    text = _SITEMAP_ENTRY_RE.sub(replace, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=epoch
    ) as packed:
        packed.write(text.encode("utf-8"))


class FileCache:
    """A content-addressed cache of generated files (the PDF handouts) in ``.cache/``.

    Part of the write stage because it touches the disk; a missing or unreadable cache
    only costs time, never correctness, since keys hash everything a file is made from."""

    def __init__(self, folder: Path, *, shared: bool = False) -> None:
        self.folder = folder
        self.shared = shared  # several projects use the folder: prune() keeps what the others need

    def get(self, key: str) -> bytes | None:
        """The stored file for ``key``, or None (missing or unreadable: it is made again)."""
        try:
            return (self.folder / f"{key}.bin").read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store a made file; a cache that cannot be written only costs time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomically(self.folder / f"{key}.bin", data)
        except OSError:
            pass

    def get_or_make(self, key: str, make) -> bytes:
        data = self.get(key)
        if data is None:
            data = make()
            self.put(key, data)
        return data

    def prune(self, keep: set[str]) -> None:
        """Forget files no current job needs, so the cache does not grow without end (a shared
        folder is left as it is: the other projects' files are in it)."""
        if self.shared:
            return
        for path in self.folder.glob("*.bin") if self.folder.is_dir() else []:
            if path.stem not in keep:
                with contextlib.suppress(OSError):  # a cache that cannot be cleaned only costs disk space
                    path.unlink(missing_ok=True)


SHARED_HANDOUT_CACHE = "FAQ_HANDOUT_CACHE"
"""Names one handout cache folder for every project built in this environment: the test
suite builds dozens of throwaway copies of the same content, each of which would otherwise
render the same PDFs again."""


def handout_cache(root: Path) -> FileCache:
    """The project's own ``.cache/handouts``, or the shared folder named by ``FAQ_HANDOUT_CACHE``."""
    shared = os.environ.get(SHARED_HANDOUT_CACHE)
    if shared:
        return FileCache(Path(shared), shared=True)
    return FileCache(root / ".cache" / "handouts")


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename over it; a failure leaves no temporary file behind."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


NOT_FOUND_MARKER = "<!-- faq-crisis -->"


def fill_not_found_page(site_dir: Path, crisis_html: str) -> None:
    """Put the crisis box on the theme's 404 page (a template cannot read content/crisis.yml)."""
    page = site_dir / "404.html"
    if crisis_html and page.is_file():
        html = page.read_text(encoding="utf-8")
        if NOT_FOUND_MARKER in html:
            page.write_text(html.replace(NOT_FOUND_MARKER, crisis_html, 1), encoding="utf-8")


SWAP_JOURNAL = "swap-started"
"""Written into the staging folder just before the first rename: what the swap replaces."""


def swap_into_place(staging: Path, root: Path, names: tuple[str, ...] = ("docs", "site")) -> None:
    """Replace ``root/<name>`` with ``staging/<name>`` for each name, restoring all on failure.

    Signals are held until the renames are done, so Ctrl-C or SIGTERM cannot stop the swap
    half way; a process killed outright leaves a journal that the next build rolls back."""
    moved: list[tuple[Path, Path | None]] = []
    with signals_deferred():
        (staging / SWAP_JOURNAL).write_text("\n".join(names) + "\n", encoding="utf-8")
        try:
            for name in names:
                target = root / name
                backup = None
                if target.exists():
                    backup = staging / f"previous-{name}"
                    os.rename(target, backup)
                moved.append((target, backup))
                os.rename(staging / name, target)
        except OSError:
            for target, backup in reversed(moved):
                if backup is None or not backup.exists():
                    continue
                try:
                    _remove(target)
                    os.rename(backup, target)
                except OSError:  # the backup stays in staging; settle_staging() tries again
                    pass
            raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP for the duration, then deliver them as if they arrived now.

    Only the main thread can set handlers; elsewhere signals already go to the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    kinds = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    previous = {kind: signal.signal(kind, lambda number, frame: caught.append(number)) for kind in kinds}
    try:
        yield
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler if handler is not None else signal.SIG_DFL)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)


def recover_interrupted_builds(root: Path) -> None:
    """Clean up after builds that were killed: put back what an unfinished swap moved away,
    then delete their staging folders (each holds a full docs/ and site/)."""
    for staging in sorted(root.glob(".build-*")):
        if staging.is_dir() and not staging.is_symlink():
            settle_staging(staging, root)


def settle_staging(staging: Path, root: Path) -> None:
    """Leave ``root`` with whole folders from one build, then delete the staging folder.

    A live folder that is missing always gets its backup (``previous-<name>``) back. When the swap's
    journal shows it did not finish (a new folder is still waiting in staging), the live folders it
    already replaced are rolled back too, so docs/ and site/ are never a mix of two builds. If a
    backup cannot be put back, the staging folder is kept so that the next build tries again."""
    journal = staging / SWAP_JOURNAL
    names = journal.read_text(encoding="utf-8").split() if journal.is_file() else []
    names += [p.name.removeprefix("previous-") for p in sorted(staging.glob("previous-*"))]
    names = list(dict.fromkeys(names))
    unfinished = journal.is_file() and any((staging / name).exists() for name in names)
    stranded = False
    for name in names:
        backup, live = staging / f"previous-{name}", root / name
        if not backup.exists():
            continue
        try:
            if live.exists() and unfinished:
                os.rename(live, staging / f"unfinished-{name}")
            if not live.exists():
                os.rename(backup, live)
        except OSError:
            stranded = stranded or not live.exists()
    if not stranded:
        shutil.rmtree(staging, ignore_errors=True)


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


class PublishError(Exception):
    """A problem of the machine, not of the content (another build running, a folder that cannot be
    written): the CLI prints it in plain words and exits 2. docs/ and site/ are unchanged."""


MACHINE_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is read-only (its file system is mounted read-only)",
    errno.EACCES: "the folder is read-only for this user (permission denied)",
    errno.EPERM: "the folder is read-only for this user (operation not permitted)",
    errno.EIO: "the disk reported an input/output error",
}
"""Faults of the machine, in the words an editor needs; anything else stays an internal error."""

UNCHANGED = "Nothing was published: docs/, site/ and the published-links manifest are unchanged."


def machine_cause(exc: BaseException) -> str | None:
    """The plain cause of an OSError that the machine, not faq-build, is to blame for (else None)."""
    return MACHINE_CAUSES.get(exc.errno) if isinstance(exc, OSError) and exc.errno else None


def _folder_named(exc: OSError, root: Path, staging: Path | None) -> str:
    """The folder an editor can act on: ``site/``, ``docs/`` (or the manifest) in the project, else the
    project folder itself. The staging folder is an internal detail that lives in the project folder."""
    for name in (exc.filename, exc.filename2):
        if name is None:
            continue
        path = Path(os.fsdecode(name))
        if staging is not None and (path == staging or staging in path.parents):
            continue
        try:
            top = path.relative_to(root).parts[:1]
        except ValueError:  # outside the project (a temporary folder of a tool)
            return str(path)
        if top and not top[0].startswith((".build-", LOCK_FILE)):
            slash = "/" if (root / top[0]).is_dir() or top[0] in ("docs", "site") else ""
            return f"{top[0]}{slash} in {root}"
    return f"the project folder {root}"


def machine_fault(exc: OSError, root: Path, *, action: str, staging: Path | None = None) -> PublishError:
    """One plain sentence: what could not be done, in which folder, and why."""
    cause = machine_cause(exc) or (exc.strerror or str(exc)).lower()
    return PublishError(f"could not {action} ({_folder_named(exc, root, staging)}): {cause}. {UNCHANGED}")


LOCK_FILE = ".build.lock"
LOCK_WAIT_SECONDS = 10.0
"""How long a second build in the same folder waits for the first before it gives up."""
_held = threading.local()


@contextmanager
def project_lock(root: Path, *, wait: float | None = None) -> Iterator[None]:
    """One build at a time per project folder (an advisory ``flock`` on ``.build.lock``).

    Taken once per build; nested calls in the same thread pass straight through. The holder
    first recovers from builds that were killed, so every build starts from a clean folder."""
    root = root.resolve()
    held: set[Path] = getattr(_held, "roots", set())
    if root in held:
        yield
        return
    if wait is None:
        wait = float(os.environ.get("FAQ_BUILD_LOCK_WAIT", LOCK_WAIT_SECONDS))
    with _open_lock_file(root) as handle:  # closing releases the lock
        _acquire(handle, root, wait)
        _held.roots = held | {root}
        try:
            recover_interrupted_builds(root)
            yield
        finally:
            _held.roots = held


def _open_lock_file(root: Path):
    """``.build.lock``, opened for the caller to close; a folder where it cannot be made is named."""
    try:
        return open(root / LOCK_FILE, "a+b")
    except OSError as exc:
        raise machine_fault(exc, root, action=f"create {LOCK_FILE}") from exc


def _acquire(handle, root: Path, wait: float) -> None:
    deadline = clock.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if clock.monotonic() >= deadline:
                raise PublishError(
                    f"another build is running in {root} (it holds {LOCK_FILE}); waited {wait:g} s. "
                    "Wait for it to finish, then build again. Nothing was changed."
                ) from None
            clock.sleep(0.1)


def _one_build_at_a_time(function):
    """Run ``function(root, ...)`` holding the project's build lock."""

    @functools.wraps(function)
    def locked(root: Path, *args, **kwargs):
        with project_lock(root):
            return function(root, *args, **kwargs)

    return locked


@_one_build_at_a_time
def publish(
    root: Path, rendered: RenderedSite, *, epoch: int, build_site: bool = True, manifest: str | None = None,
    origins: Origins | None = None, site_url: str | None = None,
) -> list[Diagnostic]:
    """Generate ``docs/`` and build ``site/`` in a staging folder, check it, then swap both in on success.

    Everything that can fail happens before the swap, the new manifest included (it is staged and
    swapped with the folders), so a failed build never leaves a changed site behind."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    except OSError as exc:
        if machine_cause(exc):
            raise machine_fault(exc, root, action="write the new site") from exc
        raise
    try:
        return _publish_in(staging, root, rendered, epoch=epoch, build_site=build_site, manifest=manifest,
                           origins=origins, site_url=site_url)
    except OSError as exc:  # writing the staging folder: the machine's fault, docs/ and site/ untouched
        if machine_cause(exc):
            raise machine_fault(exc, root, action="write the new site", staging=staging) from exc
        raise
    finally:
        settle_staging(staging, root)


def _publish_in(
    staging: Path, root: Path, rendered: RenderedSite, *, epoch: int, build_site: bool, manifest: str | None,
    origins: Origins | None, site_url: str | None = None,
) -> list[Diagnostic]:
    """The body of ``publish``: content problems come back as diagnostics; the machine's faults raise."""
    docs_dir = staging / "docs"
    write_pages(rendered, docs_dir)
    names: tuple[str, ...] = ("docs",)
    if build_site:
        problems = mkdocs_build(root / "mkdocs.yml", docs_dir, staging / "site", rendered.nav, epoch, site_url)
        if problems:
            return origins.relocate(problems) if origins else problems
        if site_url:
            date_sitemap(staging / "site", rendered.reviewed, epoch)
        else:
            drop_sitemap(staging / "site")
        fill_not_found_page(staging / "site", rendered.crisis_html)
        from .outputs.search_index import write_search_index  # Pagefind, one record per question

        problems = write_search_index(staging / "site")
        if problems:
            return problems
        from .outputs.audit import audit_site  # nothing foreign in any page; then each page's CSP

        problems = audit_site(staging / "site", rendered, root / "content")
        if problems:
            return problems
        problems = check_site_links(staging / "site", origins)
        if problems:
            return problems
        names = ("docs", "site")
    names += _stage_manifest(staging, root, manifest)
    _swap_or_refuse(staging, root, names)
    return []


def _stage_manifest(staging: Path, root: Path, manifest: str | None) -> tuple[str, ...]:
    """Put the new published-links manifest next to the new site (if it changed), to swap in with it."""
    from .outputs.published_links import MANIFEST

    target = root / MANIFEST
    if manifest is None or (target.is_file() and target.read_text(encoding="utf-8") == manifest):
        return ()
    write_text_atomically(staging / MANIFEST, manifest)
    return (MANIFEST,)


def _swap_or_refuse(staging: Path, root: Path, names: tuple[str, ...]) -> None:
    try:
        swap_into_place(staging, root, names)
    except OSError as exc:
        raise machine_fault(exc, root, action="put the new site in place", staging=staging) from exc
