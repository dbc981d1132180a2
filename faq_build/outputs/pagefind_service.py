"""Pagefind's indexing service, spoken to in one batch: the whole index in well under a second.

Why not Pagefind's Python API: its reply loop sleeps 0.1 s before reading each reply, so adding
116 answers one by one took about 8 s, while the binary itself needs about 0.3 s. Why not the
command line on written files: it reads them in the order the file system lists them, and the
order of pages in the index decides ties in ranking, so search results would depend on the
disk. The service takes the documents in the order they are sent, exactly as the Python API
did, so the index is the same, byte for byte; only the waiting is gone.

The protocol is the one Pagefind's own Python and Node wrappers use (``pagefind --service``):
each message is base64-encoded JSON followed by a comma, on stdin; each reply the same on
stdout, carrying the ``message_id`` of its request. The service reads stdin on its own thread
into an unbounded queue, so every request can be written before any reply is read. It exits at
the end of stdin, even with work pending, so stdin is closed only after the last reply.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import selectors
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

TIMEOUT_SECONDS = 300.0
"""How long the whole batch may take before the service is stopped (10,000 answers take a few
seconds; a stuck binary must not hang a build for ever)."""


class PagefindError(RuntimeError):
    """The service replied with an error, stopped early or took too long."""


def _encode(message_id: int, payload: dict) -> bytes:
    message = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(message).encode("utf-8")) + b","


class _Replies:
    """Reads comma-separated replies from the service's stdout, with one deadline for all."""

    def __init__(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        self._process = process
        self._buffer = b""
        self._timeout = timeout
        self._deadline = time.monotonic() + timeout
        self._selector = selectors.DefaultSelector()
        assert process.stdout is not None
        self._selector.register(process.stdout, selectors.EVENT_READ)

    def next(self) -> dict:
        assert self._process.stdout is not None
        while b"," not in self._buffer:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0 or not self._selector.select(remaining):
                raise PagefindError(f"Pagefind did not answer within {self._timeout:g} s")
            chunk = os.read(self._process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise _stopped(self._process)
            self._buffer += chunk
        reply, _, self._buffer = self._buffer.partition(b",")
        return json.loads(base64.b64decode(reply))

    def close(self) -> None:
        self._selector.close()


def _stopped(process: subprocess.Popen[bytes]) -> PagefindError:
    return PagefindError(f"Pagefind stopped before it finished (exit {process.wait()})")


def write_index(documents: Iterable[tuple[str, str]], output: Path, config: dict,
                timeout: float = TIMEOUT_SECONDS) -> int:
    """Index ``(url, html)`` documents in their order and write the index to ``output``; the
    number of documents indexed. ``config`` is Pagefind's service configuration
    (``force_language``, ``write_playground``, ...)."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise PagefindError("the pagefind binary is not installed")
    process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None
    replies = _Replies(process, timeout)

    def send(message_id: int, payload: dict) -> None:
        process.stdin.write(_encode(message_id, payload))

    try:
        send(0, {"type": "NewIndex", "config": config})
        process.stdin.flush()
        index_id = _expect(replies.next(), 0, "NewIndex")["index_id"]
        sent = 0
        for url, html in documents:
            sent += 1
            send(sent, {"type": "AddFile", "index_id": index_id, "url": url, "file_path": None,
                        "file_contents": html})
        last = sent + 1
        send(last, {"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})
        process.stdin.flush()
        for message_id in range(1, last + 1):
            _expect(replies.next(), message_id, "IndexedFile" if message_id < last else "WriteFiles")
    except BrokenPipeError:  # a write or flush after the service had already exited
        raise _stopped(process) from None
    except BaseException:
        process.kill()  # a failed or interrupted batch leaves no service behind
        process.wait()
        raise
    finally:
        replies.close()
    with contextlib.suppress(BrokenPipeError):
        process.stdin.close()  # the service exits at the end of its input
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return sent


def _expect(reply: dict, message_id: int, kind: str) -> dict:
    """The reply's payload, if it is the ``kind`` of reply to request ``message_id``."""
    payload = reply.get("payload") or {}
    if payload.get("type") == "Error":
        raise PagefindError(f"Pagefind: {payload.get('message', 'unknown error')}")
    if reply.get("message_id") != message_id or payload.get("type") != kind:
        raise PagefindError(f"Pagefind replied {payload.get('type')!r} to request {reply.get('message_id')!r}, "
                            f"expected {kind!r} to request {message_id}")
    return payload
