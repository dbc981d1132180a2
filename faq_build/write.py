"""Stage 5 - write: stage the pages, run MkDocs, swap the new site in (build.py calls each step).

Everything is generated and built inside a staging folder next to the project
(``staging_folder``; same file system, so the final moves are renames). Only when
``mkdocs build --strict`` and every later step (outputs/) have succeeded are the new ``docs/``
and ``site/`` swapped into place (``swap_or_refuse``). A failed build leaves the previous
``docs/`` and ``site/`` exactly as they were. Also here: one build at a time per folder
(``project_lock``), recovery from builds that were killed, and faults of the machine in plain
words (``PublishError``).

Builds are deterministic: ``SOURCE_DATE_EPOCH`` is set from the content (the newest
review date), which MkDocs uses for the sitemap and its gzip header.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import signal
import tempfile
import threading
import time as clock
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import Diagnostic, Position
from .fsutil import pinned_env
from .render import RenderedSite
from .template_cache import TEMPLATE_CACHE, CompiledTemplates


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
    site_url: str | None = None, *, compiled_templates: bool = True,
) -> list[Diagnostic]:
    """Run ``mkdocs build --strict`` in-process; MkDocs warnings come back as diagnostics.

    ``site_url`` is the public address as ``site_address.public_address`` decided it; it replaces
    mkdocs.yml's own, so a placeholder (``example.org``) never reaches a canonical link, ``og:url``
    or the sitemap. ``None``: MkDocs builds without an address (no canonical links).

    The theme's templates are compiled once and kept (``template_cache``); ``compiled_templates=False``
    builds as ``mkdocs build`` alone does, compiling every template (the benchmark's baseline)."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _captured_mkdocs_log() as collector, pinned_env(SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1"):
        failure = None
        try:
            config = load_config(
                str(config_file), strict=True, docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav,
                site_url=site_url or "",
            )
            templates = CompiledTemplates(config_file.parent / TEMPLATE_CACHE) if compiled_templates else None
            if templates is not None:
                _use_compiled_templates(config.theme, templates)
            build(config)
            if templates is not None:
                templates.prune()
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


def _use_compiled_templates(theme, templates: CompiledTemplates) -> None:
    """Give the Jinja environment MkDocs makes for this build the cache of compiled templates
    (MkDocs has no setting for it; a plugin's ``on_env`` could, but Zensical runs no plugins)."""
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = templates
        return env

    theme.get_env = get_env


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
    try:
        handle = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    except OSError as exc:
        raise machine_fault(exc, root, action=f"create {LOCK_FILE}") from exc
    try:
        _acquire(handle, root, wait)
        _held.roots = held | {root}
        try:
            recover_interrupted_builds(root)
            yield
        finally:
            _held.roots = held
    finally:
        os.close(handle)  # closing releases the lock


def _acquire(handle: int, root: Path, wait: float) -> None:
    deadline = clock.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if clock.monotonic() >= deadline:
                raise PublishError(
                    f"another build is running in {root} (it holds {LOCK_FILE}); waited {wait:g} s. "
                    "Wait for it to finish, then build again. Nothing was changed."
                ) from None
            clock.sleep(0.1)


@contextmanager
def staging_folder(root: Path) -> Iterator[Path]:
    """A new staging folder in ``root`` (same file system, so the swap is renames), removed afterwards.

    Everything the build writes goes in here first. A fault of the machine while writing it (full
    disk, read-only folder) becomes a ``PublishError`` in plain words; docs/ and site/ are untouched
    until ``swap_or_refuse``. On the way out the folder is settled: any half-done swap is rolled
    back, then the folder is deleted."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    except OSError as exc:
        if machine_cause(exc):
            raise machine_fault(exc, root, action="write the new site") from exc
        raise
    try:
        yield staging
    except OSError as exc:
        if machine_cause(exc):
            raise machine_fault(exc, root, action="write the new site", staging=staging) from exc
        raise
    finally:
        settle_staging(staging, root)


def swap_or_refuse(staging: Path, root: Path, names: tuple[str, ...]) -> None:
    """The last build step: put the staged ``names`` in place, or raise ``PublishError`` with all unchanged."""
    try:
        swap_into_place(staging, root, names)
    except OSError as exc:
        raise machine_fault(exc, root, action="put the new site in place", staging=staging) from exc
