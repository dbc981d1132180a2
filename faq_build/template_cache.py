"""Compiled theme templates kept between MkDocs builds, so a build does not compile them again.

MkDocs makes a new Jinja environment for every build, and Jinja compiles each of the theme's
templates (Material's and our overrides, 36 on the real content) to Python code before it renders
a page, the same work every time: keeping them took the mkdocs step of a build in a new process
from 0.92 s to 0.77 s on the real content (5 December 2026). Jinja's
own answer is a bytecode cache (``jinja2.BytecodeCache``); this one keeps the compiled code in the
process (the preview server and the test suite build many times) and in ``.cache/templates`` of
the project it was compiled for (the next ``faq-build build`` there).

Nothing can go stale: an entry's key hashes the template's name and its source, and Jinja itself
refuses code compiled by another Jinja or Python version (the magic number in each entry), so
an edited template or an upgraded library is simply compiled again. A cache that cannot be read
or written only costs time."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from .fsutil import FileCache

TEMPLATE_CACHE = Path(".cache") / "templates"
"""Where compiled templates are kept between builds, in the project folder."""

_IN_PROCESS: dict[str, bytes] = {}
"""Compiled templates already read or made by this process, by key: the same template source
compiles to the same code in any project (the test suite builds dozens of copies of one)."""


class CompiledTemplates(jinja2.BytecodeCache):
    """A bytecode cache for one project's theme: in this process first, then on disk."""

    def __init__(self, folder: Path) -> None:
        self.files = FileCache(folder)
        self.used: set[str] = set()
        """The keys this build asked for: ``prune`` forgets the rest."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        # By name and source rather than by file path (Jinja's default): a project that is
        # copied or moved keeps its compiled templates, and an edit gives a new key.
        checksum = self.get_source_checksum(source)
        key = hashlib.sha256(f"{name}\0{checksum}".encode()).hexdigest()
        self.used.add(key)
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = _IN_PROCESS.get(bucket.key)
        if data is not None:
            if not self.files.holds(bucket.key):  # compiled for another project
                self.files.put(bucket.key, data)
        else:
            data = self.files.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # leaves the bucket empty if Jinja or Python differ
            if bucket.code is not None:
                _IN_PROCESS[bucket.key] = data

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        _IN_PROCESS[bucket.key] = data
        self.files.put(bucket.key, data)

    def prune(self) -> None:
        """Forget compiled templates this build did not use (edited or removed templates)."""
        self.files.prune(self.used)
