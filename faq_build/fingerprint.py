"""Fingerprints: what a remembered result was made from, so that it is used again only for exactly that.

A warm build (nothing changed) makes the same handouts and stages the same site as the build
before it, byte for byte (builds are reproducible). Two of its steps are pure functions of
inputs that are cheap to hash and costly to process again: the handout documents (Python-Markdown
over every answer) and the checks after the site engine (the audit, the link check, the search
index). Their results are remembered under a key that hashes every input the step reads, the
whole of faq_build itself (its code, templates and assets: a new rule changes the key) and the
versions of the libraries that shape the output. A different byte anywhere gives a different key,
and the step runs in full.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).parent
"""faq_build's own folder: its code, templates and assets."""


def digest(parts: Iterable[str | bytes]) -> str:
    """sha256 over ``parts``, each one length-prefixed, so that no two lists of parts collide."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big") + data)
    return sha.hexdigest()


def files_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """A fingerprint of named files (name and bytes; the order given is part of it)."""
    return digest(part for name, data in files for part in (name, hashlib.sha256(data).digest()))


def tree_digest(folder: Path) -> str:
    """Every regular file under ``folder``, by path relative to it (compiled ``__pycache__`` left out)."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files_digest((p.relative_to(folder).as_posix(), p.read_bytes()) for p in paths)


def package_digest() -> str:
    """faq_build's own files: any change to a rule, a template or a stylesheet changes every key."""
    return tree_digest(PACKAGE)


def versions(*distributions: str) -> str:
    """``name==version`` of each installed distribution (``name==missing`` when it is not installed)."""
    found = []
    for name in distributions:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}==missing")
    return " ".join(found)
