"""The search index's batch client (faq_build/outputs/pagefind_service.py): the same index as
Pagefind's own Python API, byte for byte, and a clear error when the binary fails or hangs."""

from __future__ import annotations

import asyncio
import base64
import json
import stat
import threading
from pathlib import Path

import pytest
from conftest import tree_bytes

from faq_build.outputs.pagefind_service import PagefindError, write_index
from faq_build.outputs.search_index import published_index_files

pytestmark = pytest.mark.slow  # runs Pagefind's binary

CONFIG = {"force_language": "en", "write_playground": False}
DOCUMENTS = [
    ("/b/#second", '<html lang="en"><body><h1>Second question</h1><p>sleep and tiredness</p></body></html>'),
    ("/a/#first", '<html lang="en"><body><h1>First question</h1><p>sleep well, medicines</p></body></html>'),
    ("/a/#third", '<html lang="en"><body><h1>Third question</h1><p>talking therapy and sleep</p></body></html>'),
]


def test_the_batch_writes_the_same_index_as_pagefinds_python_api(tmp_path: Path):
    """The page order decides ties in ranking: the batch keeps the order sent, as the API did."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def through_the_api(output: Path) -> None:
        async with PagefindIndex(config=IndexConfig(**CONFIG, output_path=str(output))) as index:
            for url, html in DOCUMENTS:
                await index.add_html_file(content=html, url=url)

    # In its own thread: Playwright's sync API (the browser tests) may leave an event loop running in this one.
    thread = threading.Thread(target=asyncio.run, args=(through_the_api(tmp_path / "api"),))
    thread.start()
    thread.join()
    assert write_index(DOCUMENTS, tmp_path / "batch", CONFIG) == 3
    # The files the site publishes: the ones search_index removes are left out, because the API's
    # service is stopped 5 s after its last reply and, on a busy machine, has been seen to leave the
    # last of them (wasm.unknown.pagefind) half written: the flaw that made the batch necessary.
    api, batch = published_index_files(tree_bytes(tmp_path / "api")), published_index_files(tree_bytes(tmp_path / "batch"))
    assert sorted(batch) == sorted(api)
    assert [name for name in api if api[name] != batch[name]] == []
    assert len([name for name in batch if name.startswith("fragment/")]) == 3


def test_an_error_reply_is_raised_with_pagefinds_message(tmp_path: Path):
    """Pagefind rejects a configuration it cannot read; its own words reach the build's report."""
    with pytest.raises(PagefindError) as raised:
        write_index(DOCUMENTS, tmp_path / "out", {"force_language": 7})
    assert str(raised.value) == "Pagefind: invalid type: integer `7`, expected a string at line 1 column 83"
    assert not (tmp_path / "out").exists()


def _fake_binary(tmp_path: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for the binary (PAGEFIND_BINARY_PATH is how Pagefind's wrapper finds it)."""
    binary = tmp_path / "pagefind"
    binary.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))


def test_a_binary_that_stops_early_is_an_error_not_a_half_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fake_binary(tmp_path, "exit 4", monkeypatch)
    with pytest.raises(PagefindError) as raised:
        write_index(DOCUMENTS, tmp_path / "out", CONFIG)
    assert str(raised.value) == "Pagefind stopped before it finished (exit 4)"
    assert not (tmp_path / "out").exists()


def test_a_binary_that_never_answers_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fake_binary(tmp_path, "exec sleep 30", monkeypatch)
    with pytest.raises(PagefindError) as raised:
        write_index(DOCUMENTS, tmp_path / "out", CONFIG, timeout=0.5)
    assert str(raised.value) == "Pagefind did not answer within 0.5 s"


def test_a_reply_to_the_wrong_request_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A reply that does not belong to the request waiting for it (here: a NewIndex reply to
    request 9 when request 0 was sent) stops the batch rather than pairing the wrong replies."""
    reply = base64.b64encode(json.dumps({"message_id": 9, "payload": {"type": "NewIndex", "index_id": 0}}).encode())
    _fake_binary(tmp_path, f"printf '%s,' '{reply.decode()}'; exec sleep 30", monkeypatch)
    with pytest.raises(PagefindError) as raised:
        write_index(DOCUMENTS, tmp_path / "out", CONFIG, timeout=5)
    assert str(raised.value) == "Pagefind replied 'NewIndex' to request 9, expected 'NewIndex' to request 0"
