"""The record of the last staged site that passed every check after the engine.

After MkDocs (or Zensical) a build audits every page (``audit.py``), checks every link
(``commands/links.py``) and indexes every answer (``search_index.py``). These three steps read
only the staged site, the rendered redirect pages, the path the site is served under and
faq_build's own rules, and give the same answer for the same bytes. A warm build (nothing
changed) stages the same site byte for byte, so it would do this work again only to learn what it
already knew.

So a site that passed is remembered: the key (``site_key``) hashes every file of the staged site,
the redirect pages, the base path, faq_build's own files and Pagefind's version; the record
holds what the passing checks left behind, each page's Content-Security-Policy and Pagefind's
files. A build whose staged site has the same key puts these back (``replay``) and gets the very
site a full run would have made. A single different byte, a new rule or a new Pagefind runs all
three checks in full. A failure is never remembered, and a record that cannot be read, or whose
index is not complete, is ignored: it only ever costs time.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from ..fingerprint import digest, files_digest, package_digest, versions
from ..render import RenderedSite
from .audit import add_policies
from .search_index import INDEX_DIR, index_fault, remove_engine_indexes

RECORD_FOLDER = Path(".cache") / "checked-site"
"""Where the record is kept, in the project folder (one record: the last site that passed)."""
FORMAT = 1
RECORD_FILE = "record.json"


def site_key(site: Path, rendered: RenderedSite, served_from: str) -> str:
    """Everything the audit, the link check and the search index read, hashed."""
    redirects = sorted((name, text.encode("utf-8")) for name, text in rendered.files.items() if name.endswith(".html"))
    paths = sorted(p for p in site.rglob("*") if p.is_file())
    staged = files_digest((p.relative_to(site).as_posix(), p.read_bytes()) for p in paths)
    return digest([f"checked site {FORMAT}", package_digest(), versions("pagefind", "pagefind-bin"), served_from,
                   files_digest(redirects), staged])


class CheckedSite:
    """The record in ``folder`` (``RECORD_FOLDER`` of a project)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def replay(self, key: str, site: Path) -> bool:
        """When the recorded site has ``key``: put its policies and search index into ``site``
        (the staged site, as the engine left it) and return True; otherwise change nothing."""
        record = self._read(key)
        if record is None:
            return False
        policies, answers = record
        pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
        if set(policies) != pages or (site / INDEX_DIR).exists() or index_fault(self.folder, answers) is not None:
            return False
        remove_engine_indexes(site)
        shutil.copytree(self.folder / INDEX_DIR, site / INDEX_DIR)
        add_policies(site, policies)
        return True

    def remember(self, key: str, site: Path, policies: dict[str, str], answers: int) -> None:
        """Record a site that has just passed every check (its index in place, its policies added).

        Written beside the old record and swapped in, so a build stopped halfway leaves either
        record whole or none; a record that cannot be written only costs time."""
        with suppress(OSError):
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}-", dir=self.folder.parent))
            try:
                shutil.copytree(site / INDEX_DIR, fresh / INDEX_DIR)
                text = json.dumps({"format": FORMAT, "key": key, "answers": answers, "policies": policies},
                                  sort_keys=True)
                (fresh / RECORD_FILE).write_text(text, encoding="utf-8")
                shutil.rmtree(self.folder, ignore_errors=True)
                fresh.rename(self.folder)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)

    def _read(self, key: str) -> tuple[dict[str, str], int] | None:
        try:
            record = json.loads((self.folder / RECORD_FILE).read_text(encoding="utf-8"))
            if record["format"] != FORMAT or record["key"] != key:
                return None
            policies = {str(page): str(policy) for page, policy in record["policies"].items()}
            return policies, int(record["answers"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
