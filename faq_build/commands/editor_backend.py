"""The browser editor's local backend: Decap CMS's proxy protocol, answered by the preview server.

Decap CMS talks to a "local backend" with one JSON request per action (``POST /api/v1``:
``{"action": "getEntry", "params": {...}}``), the protocol of its own ``decap-server`` in
file-system mode. ``faq-build serve --editor`` (``make edit``) answers it itself, on the
preview's own origin (127.0.0.1), for three reasons:

* a save is formatted by the same rules as ``faq-build fmt`` before it reaches the disk, so
  ``fmt --check`` stays clean, and a save the strict loader cannot read is refused with the
  loader's own message instead of being written (nothing the editor sends can corrupt a file);
* only content files can be read or written: a path outside ``content/``, a hidden file, a
  link or a file the build does not read is refused (``decap-server`` writes anywhere in the
  repository, images included);
* no second server, port or Node process for an editor to start.

Saving writes the file; the preview server's watcher then rebuilds, exactly as when a file is
saved in a text editor, and the editor's preview shows that build's problems.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..fsutil import atomic_write_text
from ..load import kind_for
from ..model import DOCUMENT_MODELS
from ..validate import model_at
from .fmt import format_text

API_PATH = "/api/v1"


@dataclass(frozen=True)
class Answer:
    """One reply: HTTP status and JSON body."""

    status: int
    body: Any


class Refused(Exception):
    """A request the backend will not carry out; the message is shown to the editor."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def drop_cleared_fields(text: str, kind: str) -> str:
    """The file without the optional fields an editor cleared in the form.

    Decap writes a cleared text box as ``""`` and an emptied list as ``[]``; for an optional
    field that means "not given", and the check would otherwise call the empty value a
    mistake (FIELD-EMPTY) the editor cannot see in the form. Required fields stay, empty, for
    the check to report. Text the loader cannot read is returned as it is (the save is then
    refused with the loader's message)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True  # as fmt reads it: only the cleared fields change
    try:
        data = yaml.load(text)
    except YAMLError:
        return text
    changed = _drop(data, DOCUMENT_MODELS[kind], ())
    if not changed:
        return text
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _drop(node: Any, root: type[BaseModel], path: tuple[str | int, ...]) -> bool:
    changed = False
    if isinstance(node, CommentedMap):
        owner = model_at(root, path)
        for key in list(node):
            info = owner.model_fields.get(key) if owner is not None and isinstance(key, str) else None
            value = node[key]
            if info is not None and not info.is_required() and (value == "" or value == [] or value is None):
                del node[key]
                changed = True
            else:
                changed |= _drop(value, root, (*path, key))
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            changed |= _drop(item, root, (*path, index))
    return changed


def _file_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class EditorBackend:
    """Reads and writes the content files of one project, as Decap CMS asks."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    # ----------------------------------------------------------------------- paths

    def content_path(self, relative: Any, *, must_exist: bool = True) -> tuple[Path, str, str]:
        """The file a request names, if it is a content file the build reads; else ``Refused``."""
        if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
            raise Refused("not a file name")
        parts = relative.split("/")
        if relative.startswith("/") or any(part in ("", ".", "..") or part.startswith(".") for part in parts):
            raise Refused(f"{relative}: only files inside content/ can be edited")
        kind = kind_for(relative)
        if kind is None:
            raise Refused(f"{relative}: not a content file (content/*.yml, content/topics/*.yml, content/pages/*.yml)")
        path = self.root / relative
        for parent in [path, *path.parents]:
            if parent == self.root:
                break
            if parent.is_symlink():
                raise Refused(f"{relative}: a link, not a file; links are never followed")
        if must_exist and not path.is_file():
            raise Refused(f"{relative}: no such file", status=404)
        return path, relative, kind

    def _entry(self, relative: str) -> dict[str, Any]:
        path, relative, _ = self.content_path(relative, must_exist=False)
        try:
            data = path.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": relative, "id": None}}
        return {"data": data.decode("utf-8", "replace"), "file": {"path": relative, "id": _file_id(data)}}

    # ----------------------------------------------------------------------- actions

    def answer(self, request: Any) -> Answer:
        """Carry out one request; a refused or malformed one gets a 4xx answer with the reason."""
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            return Answer(422, {"error": "expected {\"action\": ..., \"params\": {...}}"})
        params = request.get("params") if isinstance(request.get("params"), dict) else {}
        name = ACTIONS.get(request["action"])
        if name is None:
            return Answer(422, {"error": f"Unknown action {request['action']}"})
        handler = getattr(self, name)
        try:
            return Answer(200, handler(params))
        except Refused as exc:
            return Answer(exc.status, {"error": str(exc)})

    def _info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _entries_by_folder(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = params.get("folder")
        if not isinstance(folder, str) or kind_for(f"{folder}/example.yml") is None:
            raise Refused(f"{folder}: not a content folder")
        listed = sorted(p.name for p in (self.root / folder).glob("*.yml") if p.is_file() and not p.is_symlink())
        return [self._entry(f"{folder}/{name}") for name in listed if not name.startswith(".")]

    def _entries_by_files(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        files = params.get("files")
        if not isinstance(files, list):
            raise Refused("expected a list of files")
        return [self._entry(item.get("path") if isinstance(item, dict) else None) for item in files]

    def _get_entry(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._entry(params.get("path"))

    def _persist_entry(self, params: dict[str, Any]) -> dict[str, str]:
        """Format every file of the save with ``fmt``'s rules, then write them (all or none)."""
        files = params.get("dataFiles") or [params.get("entry")]
        if params.get("assets"):
            raise Refused("this site has no images or uploads; remove the file from the form")
        planned = []
        for item in files:
            if not isinstance(item, dict) or not isinstance(item.get("raw"), str):
                raise Refused("expected the file's text")
            if item.get("newPath") and item.get("newPath") != item.get("path"):
                raise Refused("a content file keeps its name: its id is its address; change the id with an alias")
            path, relative, kind = self.content_path(item.get("path"), must_exist=False)
            formatted, problems = format_text(drop_cleared_fields(item["raw"], kind), relative, kind)
            if formatted is None:
                reasons = "; ".join(f"line {d.position.line}: {d.message}" for d in problems[1:] or problems)
                raise Refused(f"{relative} was not saved, because it could not be read back: {reasons}")
            planned.append((path, formatted))
        for path, text in planned:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
        return {"message": "entry persisted"}

    def _get_media(self, params: dict[str, Any]) -> list[Any]:
        return []

    def _get_deploy_preview(self, params: dict[str, Any]) -> None:
        return None

    def _refuse(self, params: dict[str, Any]) -> None:
        raise Refused("content files are removed with git, not from the editor (published addresses must keep working)")


ACTIONS = {
    "info": "_info", "entriesByFolder": "_entries_by_folder", "entriesByFiles": "_entries_by_files",
    "getEntry": "_get_entry", "persistEntry": "_persist_entry", "getMedia": "_get_media",
    "getDeployPreview": "_get_deploy_preview",
    "deleteFile": "_refuse", "deleteFiles": "_refuse", "persistMedia": "_refuse", "getMediaFile": "_refuse",
}
"""Decap's file-system proxy actions this backend knows, and the method for each (the
editorial-workflow actions belong to a git host's backend, not to the local preview)."""
