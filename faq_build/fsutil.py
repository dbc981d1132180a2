"""The file system at the edges: atomic writes, a pinned environment, and the content walk.

One copy of each, so every command writes, pins and walks the same way:

* ``atomic_write_bytes`` / ``atomic_write_text``: a reader (a web server, git, an editor) sees the
  old file or the new one, never half of one; a failed write leaves the old file and no temporary;
* ``pinned_env``: environment variables set for a block (``SOURCE_DATE_EPOCH`` makes MkDocs and
  fontTools write the same bytes on every run) and restored exactly afterwards;
* ``scan_content`` / ``read_regular``: finding and reading the files under ``content/``, only real
  files, never through a link.

Everything the site publishes comes from the content files, so the walk is strict:

* a symbolic link (to a file or a folder, dangling or looping) is refused and never
  followed: its target could be anywhere on the machine, and the target's name or text
  would otherwise end up in a CI log or on the preview's error page;
* FIFOs, sockets and devices are refused without being opened (opening a FIFO blocks);
* a folder named like a content file (``topics/x.yml``) and hidden names (``.draft.yml``,
  ``.drafts/``) are refused, because they look like content but would never be published;
* a file that cannot be read is a diagnostic naming it, not a crash.

Files are opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked again with ``fstat``, so a
file swapped for a link or a FIFO between the walk and the read is still refused.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, time
from pathlib import Path

from .diagnostics import Diagnostic, Position

_CONTENT_SUFFIXES = (".yml", ".yaml")
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
)


def _problem(code: str, relative: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code=code, message=message, position=Position(relative, 0, 0), hint=hint)


def _symlink(relative: str) -> Diagnostic:
    return _problem("FILE-SYMLINK", relative, "is a symbolic link; content must be real files inside content/",
                    "replace the link with the file itself (copy it into content/); links are never followed")


def _special(relative: str, mode: int) -> Diagnostic:
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return _problem("FILE-NOT-REGULAR", relative, f"is {kind}, not a content file",
                    "remove it from content/; only ordinary files are read")


def _unreadable(relative: str, exc: OSError) -> Diagnostic:
    reason = exc.strerror or type(exc).__name__
    return _problem("FILE-UNREADABLE", relative, f"cannot be read ({reason})",
                    "check the file's permissions, e.g. 'chmod a+r' on it")


def scan_content(content_dir: Path) -> tuple[dict[str, Path], list[Diagnostic]]:
    """Every regular file under ``content_dir`` as ``{"content/...": path}``, and every refused entry.

    Iterative (no recursion limit), sorted, and based on ``lstat`` only: nothing is opened here.
    """
    root = content_dir.parent
    files: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    if content_dir.is_symlink():
        return files, [_symlink(content_dir.name)]
    folders = [content_dir]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(_unreadable(folder.relative_to(root).as_posix(), exc))
            continue
        for entry in entries:
            path = Path(entry.path)
            relative = path.relative_to(root).as_posix()
            if entry.name.startswith("."):
                problems.append(_problem(
                    "FILE-HIDDEN", relative, "hidden file or folder in content/ (its name starts with '.')",
                    "rename it without the leading '.' if it is content, or move it out of content/",
                ))
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                problems.append(_unreadable(relative, exc))
                continue
            if stat.S_ISLNK(mode):
                problems.append(_symlink(relative))
            elif stat.S_ISDIR(mode):
                if entry.name.endswith(_CONTENT_SUFFIXES):
                    problems.append(_problem(
                        "FILE-NOT-REGULAR", relative, "is a folder named like a content file",
                        "content files are ordinary files; rename or remove the folder",
                    ))
                else:
                    folders.append(path)
            elif stat.S_ISREG(mode):
                files[relative] = path
            else:
                problems.append(_special(relative, mode))
    return dict(sorted(files.items())), problems


def read_regular(path: Path, relative: str, limit: int) -> tuple[bytes | None, Diagnostic | None]:
    """At most ``limit`` bytes of a regular file, refusing links and special files that appeared since the scan."""
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if os.path.islink(path):
            return None, _symlink(relative)
        return None, _unreadable(relative, exc)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            return None, _special(relative, mode)
        chunks: list[bytes] = []
        remaining = limit
        while remaining > 0:
            chunk = os.read(handle, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks), None
    except OSError as exc:
        return None, _unreadable(relative, exc)
    finally:
        os.close(handle)


def read_content(
    content_dir: Path, limit: int, wanted: Callable[[str], bool]
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file under ``content_dir`` as ``{"content/...": bytes}``, and every refused entry.

    The one walk-and-read of the content (the build and ``faq-build diff`` read it the same way).
    Each ``wanted`` file is read up to ``limit`` bytes (one past the size cap is enough to report
    it); any other file is listed with no bytes and never opened, so a stray file costs nothing.
    A file that cannot be read is a diagnostic and is left out."""
    found, problems = scan_content(content_dir)
    files: dict[str, bytes] = {}
    for relative, path in found.items():
        if not wanted(relative):
            files[relative] = b""
            continue
        data, problem = read_regular(path, relative, limit)
        if problem is not None:
            problems.append(problem)
        else:
            files[relative] = data or b""
    return files, problems


# --------------------------------------------------------------------------- writing


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it over ``path``.

    The rename is atomic on one file system, so nobody ever reads a half-written file. The new
    file gets the mode a plain ``open(path, "w")`` would give it: the old file's mode when there
    is one, else the umask's default; a failure removes the temporary file and leaves ``path``
    as it was. No fsync: these are build outputs and editor files that a rerun makes again."""
    temp, handle = _temporary_next_to(path)
    try:
        with os.fdopen(handle, "wb") as out:
            _keep_mode(out.fileno(), path)
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """``atomic_write_bytes`` of UTF-8 text, written exactly as given (no newline translation)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _temporary_next_to(path: Path) -> tuple[Path, int]:
    """A new hidden file in ``path``'s folder (same file system, so the rename is atomic).

    Created with mode 0o666 so the kernel applies the umask, as for any ordinary new file
    (``mkstemp`` would make it 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue


def _keep_mode(handle: int, path: Path) -> None:
    """Give the temporary file the mode of the file it replaces (a missing file: nothing to keep)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        os.fchmod(handle, stat.S_IMODE(mode))



class FileCache:
    """A content-addressed cache of generated files (the PDF handouts), e.g. in ``.cache/handouts``.

    Here rather than in ``outputs/`` because it is plain file IO (keyed bytes, written atomically)
    that knows nothing of what it stores, which keeps the handout renderer pure. A missing or
    unreadable cache only costs time, never correctness, since keys hash everything a file is
    made from."""

    def __init__(self, folder: Path, *, shared: bool = False) -> None:
        self.folder = folder
        self.shared = shared
        """Several projects use the folder, so ``prune`` leaves the others' files alone."""

    def get(self, key: str) -> bytes | None:
        """The stored file for ``key``, or None (missing or unreadable: it is made again)."""
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def holds(self, key: str) -> bool:
        """Whether a file is stored for ``key`` (without reading it)."""
        return self._path(key).is_file()

    def put(self, key: str, data: bytes) -> None:
        """Store a made file; a cache that cannot be written only costs time."""
        with suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self._path(key), data)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.bin"

    def prune(self, keep: set[str]) -> None:
        """Forget files no current job needs, so the cache does not grow without end (a shared
        folder is left as it is: the other projects' files are in it)."""
        if self.shared:
            return
        for path in self.folder.glob("*.bin") if self.folder.is_dir() else []:
            if path.stem not in keep:
                with suppress(OSError):  # a cache that cannot be cleaned only costs disk space
                    path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- environment


def epoch_for(day: date) -> int:
    """Midnight UTC at the start of ``day`` as a Unix time: the build's ``SOURCE_DATE_EPOCH``."""
    return int(datetime.combine(day, time(0, 0), tzinfo=UTC).timestamp())


@contextmanager
def pinned_env(**values: str | None) -> Iterator[None]:
    """Set (or, given ``None``, unset) environment variables for the block, then restore them exactly.

    A variable that was unset before is unset again afterwards, not set to an empty string, so a
    build leaves the environment of the process (a test run, the preview server) as it found it."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            _set_env(name, value)
        yield
    finally:
        for name, old in saved.items():
            _set_env(name, old)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
