"""Finding and reading the files under ``content/``: only real files, never through a link.

Everything the site publishes comes from these files, so the walk is strict:

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
import stat
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
