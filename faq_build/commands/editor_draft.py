"""The browser editor's preview of an edit that is not saved yet (``POST /admin/draft``).

Why: an editor should see the figure with its number and citation, and any mistake, while
typing, not only after saving. The form's current values are laid out exactly as a save
would write them (the cleared optional fields left out, then ``fmt``'s layout), put in place
of the file among the project's other content files, and checked by the same stages as a
build (load, validate, resolve, render), in memory: nothing is written. The answer is the
check's problems (their lines are the lines the file will have once saved) and, only when
there is no error, the page's HTML, which has then passed the same content checks as
anything published (no raw HTML, no unsafe links). The check is the build's own
(``build.check`` with the file overridden), so nothing here can drift from it.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import markdown
from ruamel.yaml import YAML

from .. import report
from ..build import check
from ..render import render
from ..resolve import Resolved, resolve
from .editor_backend import drop_cleared_fields
from .fmt import format_text

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc"]
"""The Markdown extensions mkdocs.yml turns on, so the preview reads the page as MkDocs does."""


def draft_text(data: Any, relative: str, kind: str) -> str:
    """The form's values as the file a save would write."""
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(json.loads(json.dumps(data)), out)  # plain lists and dicts, whatever the browser sent
    text = drop_cleared_fields(out.getvalue(), kind)
    formatted, _ = format_text(text, relative, kind)
    return formatted if formatted is not None else text


def _page_for(resolved: Resolved, kind: str, data: Any) -> str | None:
    identifier = data.get("id") if isinstance(data, dict) else None
    if kind == "topic":
        return next((t.page for t in resolved.topics if t.topic.id == identifier), None)
    if kind == "page":
        return next((p.file for p in resolved.pages if p.page.id == identifier), None)
    return None


def _front_matter_removed(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def draft_preview(root: Path, relative: str, kind: str, data: Any, *, today: date) -> dict[str, Any]:
    """``{"ok", "problems", "html"}`` for the project with the content file ``relative`` (of
    ``kind``, already accepted by ``EditorBackend.content_path``) replaced by the form's values."""
    result = check(root, today=today, overrides={relative: draft_text(data, relative, kind).encode("utf-8")})
    answer: dict[str, Any] = {
        "ok": result.ok,
        "problems": [report.record(d) for d in result.report.diagnostics],
        "html": None,
    }
    if result.content is None:
        return answer
    resolved = resolve(result.content)
    page = _page_for(resolved, kind, data)
    if page is not None:
        text = render(resolved).files[page]
        html = markdown.markdown(_front_matter_removed(text), extensions=MARKDOWN_EXTENSIONS)
        answer["html"] = _PAGE_LINK_RE.sub(_page_address, html)
    return answer


_PAGE_LINK_RE = re.compile(r'href="([a-z0-9-]+)\.md(#[^"]*)?"')


def _page_address(match: re.Match[str]) -> str:
    """``sources.md#x`` -> ``/sources/#x``, as MkDocs writes the links of the built page."""
    name, anchor = match.group(1), match.group(2) or ""
    return f'href="{"/" if name == "index" else f"/{name}/"}{anchor}"'
