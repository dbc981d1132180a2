"""Work for a second core: one pure function run in a forked child while this process goes on.

Why fork: the function's argument is the validated content, a large object graph. A forked child
shares it as it is; a spawned worker would need it pickled and sent, which costs more than the
work. Only the child's result (a list of diagnostics) comes back, pickled through a pipe.

Used only where forking is safe and worth it (``can_fork``): Linux, no other thread running (a
fork copies a held lock but not the thread that would release it, so ``faq-build serve`` with its
watcher never forks) and more than one core to run on. Otherwise, or when the child fails in any
way, ``result`` computes in this process, so a bug still raises here with its usual traceback and
the answer is the same either way.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def cores() -> int:
    """Cores this process may run on (the scheduler's affinity, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1 and cores() > 1


class Forked(Generic[T]):
    """``with Forked(function, argument, run=...) as pending: ...; pending.result()``.

    ``run=False`` (or ``can_fork()`` false) starts nothing: ``result`` then calls the function
    here. Leaving the block reaps the child whether or not its result was asked for."""

    def __init__(self, function: Callable[..., T], *args: object, run: bool = True) -> None:
        self._function, self._args = function, args
        self._pid: int | None = None
        self._pipe: int | None = None
        self.forked = False
        """Whether the result was computed in a child (for tests and the bench)."""
        self._frozen = False
        """Whether this fork froze the collector's objects (``gc.freeze``) and must unfreeze them."""
        if run and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        # Objects alive at the fork are left out of garbage collection until the child is reaped:
        # a collection writes into every object it visits, and each page written is copied, in
        # the parent or the child, which slowed both (Python's gc.freeze documentation).
        # (When a caller has frozen objects already, as a build does, its own unfreeze ends this too.)
        self._frozen = gc.get_freeze_count() == 0
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(self._function(*self._args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        if self._pid is not None:
            chunks = []
            with os.fdopen(self._pipe, "rb") as pipe:
                self._pipe = None
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
            status = self._reap()
            if status == 0 and chunks:
                try:
                    value = pickle.loads(b"".join(chunks))
                except Exception:
                    pass
                else:
                    self.forked = True
                    return value
        return self._function(*self._args)

    def _reap(self) -> int | None:
        pid, self._pid = self._pid, None
        if self._frozen:
            self._frozen = False
            gc.unfreeze()
        if pid is None:
            return None
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pipe is not None:  # the result was not wanted: stop the child
            os.close(self._pipe)
            self._pipe = None
            if self._pid is not None:
                os.kill(self._pid, signal.SIGKILL)
        self._reap()
