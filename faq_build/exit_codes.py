"""The exit codes of every ``faq-build`` command, in one place.

Why one place: CI, ``make`` and editors' scripts branch on these numbers, and a script
must be able to tell "the content has a mistake" from "the command was used wrongly"
from "faq-build itself has a bug". The README's "Exit codes" table lists the same.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Done; warnings allowed."""
    CONTENT = 1
    """The content has errors (or a ``--check`` tool found files to change); nothing was published."""
    USAGE = 2
    """Wrong arguments or a problem of the machine: no content/ folder, a full disk, no network."""
    INTERNAL = 3
    """A bug in faq-build, not in the content: one line on stderr (``FAQ_BUILD_DEBUG=1`` for the traceback)."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C (the shell's convention: 128 + SIGINT)."""
