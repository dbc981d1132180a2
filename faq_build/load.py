"""Stage 1 - load: read content files into raw documents that remember where every value came from.

Only this stage (and ``write``) touches the file system. This module checks what a content
file is as bytes and where it sits; ``strict_yaml`` parses its text strictly, and the
resulting ``RawDocument`` (``source``) keeps the line and column of every value:

* invalid UTF-8, a byte-order mark, an empty file and an over-large file are errors;
* a file outside the known layout is a warning (it would not be published);
* a required file that is missing is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity
from .fingerprint import files_digest
from .fsutil import read_content, scan_content
from .source import RawDocument
from .strict_yaml import error_at, parse_text

__all__ = [
    "CONTENT_FILES", "MAX_FILE_BYTES", "PAGES_DIR", "TOPICS_DIR", "kind_for", "load_content", "load_content_digest",
    "parse_document", "parse_files",
]

MAX_FILE_BYTES = 512 * 1024
"""A content file larger than this is almost certainly a mistake (a pasted PDF, a data dump)."""

CONTENT_FILES = {
    "site.yml": "site",
    "crisis.yml": "crisis",
    "sources.yml": "sources",
    "facts.yml": "facts",
    "glossary.yml": "glossary",
    "thesaurus.yml": "thesaurus",
}
TOPICS_DIR = "topics"
PAGES_DIR = "pages"


def parse_document(data: bytes, path: str, kind: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    """Parse one content file's bytes. Pure: no file access, so tests feed bytes directly."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            error_at("FILE-TOO-LARGE", path, 1, 1, "file is larger than a content file should be",
                     expected=f"at most {MAX_FILE_BYTES // 1024} KiB", found=f"{len(data) // 1024} KiB",
                     hint="split the topic into several files, or check that nothing was pasted by mistake")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            error_at("FILE-BOM", path, 1, 1, "file starts with a byte-order mark (BOM)",
                     hint="save the file as 'UTF-8' (without BOM) in your editor")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error_at("FILE-ENCODING", path, line, col, "file is not valid UTF-8",
                     found=f"byte 0x{data[exc.start]:02x}",
                     hint="save the file as UTF-8; this often happens after pasting from a word processor")
        ]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [error_at("FILE-EMPTY", path, 1, 1, "file is empty", hint="add content or delete the file")]
    return parse_text(text, path, kind)


def kind_for(relative: str) -> str | None:
    """The kind of a content file from its path (``content/topics/x.yml`` -> ``topic``)."""
    parts = relative.split("/")
    if len(parts) == 2 and parts[0] == "content" and parts[1] in CONTENT_FILES:
        return CONTENT_FILES[parts[1]]
    if len(parts) == 3 and parts[:2] == ["content", TOPICS_DIR] and parts[2].endswith(".yml"):
        return "topic"
    if len(parts) == 3 and parts[:2] == ["content", PAGES_DIR] and parts[2].endswith(".yml"):
        return "page"
    return None


def parse_files(
    files: dict[str, bytes], *, refused: Iterable[str] = ()
) -> tuple[list[RawDocument], list[Diagnostic]]:
    """Parse a whole content tree given as ``{"content/...": bytes}``. Pure, for tests and tools.

    ``refused`` names files already reported by the file walk (a link, an unreadable file):
    they are not reported a second time as missing.
    """
    documents: list[RawDocument] = []
    diagnostics: list[Diagnostic] = []
    refused = set(refused)
    for name in CONTENT_FILES:
        if f"content/{name}" not in files and f"content/{name}" not in refused:
            diagnostics.append(
                error_at("CONTENT-FILE-MISSING", f"content/{name}", 0, 0, f"required content file '{name}' is missing")
            )
    for relative in sorted(files):
        kind = kind_for(relative)
        if kind is None:
            diagnostics.append(
                Diagnostic(
                    code="CONTENT-UNKNOWN-FILE",
                    message="file is not part of the content and will not be published",
                    position=Position(relative, 0, 0),
                    severity=Severity.WARNING,
                    hint="topic files go in content/topics/, site pages in content/pages/; both end in .yml",
                )
            )
            continue
        doc, problems = parse_document(files[relative], relative, kind)
        diagnostics.extend(problems)
        if doc is not None:
            documents.append(doc)
    return documents, diagnostics


def load_content(
    content_dir: Path, overrides: Mapping[str, bytes] | None = None
) -> tuple[list[RawDocument], list[Diagnostic]]:
    """Read every content file under ``content/`` and parse it. Reports all problems; never raises for bad content.

    Only regular files are read (see ``fsutil.read_content``); a file with no content kind is listed but
    not opened, and each file is read up to one byte past the size limit, enough to report it.
    ``overrides`` (``{"content/...": bytes}``) are parsed in place of those files, or as new ones:
    the browser editor's unsaved form, checked with everything else as it is on disk.
    """
    documents, problems, _digest = load_content_digest(content_dir, overrides)
    return documents, problems


def load_content_digest(
    content_dir: Path, overrides: Mapping[str, bytes] | None = None
) -> tuple[list[RawDocument], list[Diagnostic], str]:
    """``load_content``, and a fingerprint of exactly the bytes it parsed (``fingerprint.files_digest``;
    empty when no folder was read).

    What a build makes from the content (the handout documents) is remembered under this key; it
    is taken from the bytes read, never from a second read of the folder, which an editor saving
    meanwhile could have changed."""
    if not content_dir.is_dir() and not content_dir.is_symlink():
        return [], [error_at("CONTENT-MISSING", content_dir.name, 0, 0, "content folder not found")], ""
    if content_dir.is_symlink():
        return [], scan_content(content_dir)[1], ""
    files, problems = read_content(content_dir, MAX_FILE_BYTES + 1, lambda relative: kind_for(relative) is not None)
    files.update(overrides or {})
    refused = {problem.file for problem in problems}
    documents, diagnostics = parse_files(files, refused=refused)
    return documents, problems + diagnostics, files_digest(sorted(files.items()))

