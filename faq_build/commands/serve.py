"""Live preview: build, serve ``site/`` on localhost, rebuild whenever content changes.

Uses MkDocs' own live-reload server (the same one ``mkdocs serve`` uses) with our
pipeline as the builder. When a change breaks the content, every page the browser asks
for is replaced by an error page listing the problems (file:line, message, expected,
found, hint), and the terminal prints the same list. Browsers reload by themselves after
every rebuild, so fixing the file brings the real page back; nothing needs restarting.

Why the error page lives only in memory: the published ``site/`` (and ``docs/``) must
never contain an error page. A failed build leaves them exactly as they were (as with
``faq-build build``); the preview server decides, per request, whether to answer with
the last good file or with the error page. Stylesheets, scripts and images are always
served from the last good site.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import watchdog.events
from mkdocs.livereload import _SCRIPT_TEMPLATE_STR, LiveReloadServer, _timestamp

from .. import build as pipeline
from .. import report, summary
from ..diagnostics import Diagnostic, Position, Report
from ..exit_codes import ExitCode
from ..model import Content
from ..outputs.editor_site import DECAP_FILES
from ..write import PublishError
from .editor_web import ADMIN, EditorWeb

LIVERELOAD_PATH = "/_preview/livereload.js"
"""MkDocs' reload poller as a file of this origin. MkDocs adds it to each page as an inline
script, which the pages' own Content-Security-Policy (rightly) refuses, so browsers never
reloaded; a same-origin file is allowed by ``script-src 'self'``."""
_LIVERELOAD_CALL = "livereload(${epoch}, ${request_id});"
if _LIVERELOAD_CALL not in _SCRIPT_TEMPLATE_STR:  # pragma: no cover - a new MkDocs changed its poller
    raise ImportError("mkdocs.livereload changed its script; update faq_build/commands/serve.py")
LIVERELOAD_JS = _SCRIPT_TEMPLATE_STR.replace(
    _LIVERELOAD_CALL, "livereload(+document.currentScript.dataset.epoch, +document.currentScript.dataset.request);"
).encode("utf-8")

WATCHED = ("content", "overrides", "mkdocs.yml")
"""What the preview rebuilds for, by name in the project folder."""
WATCHED_FOLDERS = ("content", "overrides")
"""Watched recursively; each is re-armed when it (re)appears, since a watch ends with its folder."""


class Preview:
    """The state of the live preview: rebuilds on demand and remembers whether the last one failed."""

    def __init__(self, root: Path, *, today: Callable[[], date], out: TextIO | None = None) -> None:
        self.root = root
        self.today = today
        self.out = out
        self.error_page: bytes | None = None
        """The HTML shown instead of every page while the content has errors; None when it builds."""
        self.last: pipeline.BuildResult | None = None
        """The last build's result (the browser editor shows its problems)."""
        self.last_good: Content | None = None
        """The content of the last build that succeeded (the browser editor's reference picker)."""

    def rebuild(self) -> pipeline.BuildResult:
        """Build once; print the result; set or clear the error page. Never raises.

        A builder that raises would leave MkDocs' server "stuck" until restart, so an
        internal failure is turned into a diagnostic and shown like a content error.
        """
        try:
            result = pipeline.build(self.root, today=self.today())
        except PublishError as exc:  # the machine, not the content (another build running, a full or read-only disk)
            result = pipeline.BuildResult(report=Report([Diagnostic(
                "BUILD-ENVIRONMENT", str(exc), Position("faq-build"),
                hint="the published site was not changed; save again once the cause is dealt with",
            )]))
        except Exception as exc:  # an internal bug must not stop the preview
            if os.environ.get("FAQ_BUILD_DEBUG"):
                traceback.print_exc()
            result = pipeline.BuildResult(report=Report([Diagnostic(
                "INTERNAL", f"the build stopped unexpectedly: {type(exc).__name__}: {exc}", Position("faq-build"),
                hint="this is a bug in faq-build, not in your content; set FAQ_BUILD_DEBUG=1 for details",
            )]))
        out = self.out or sys.stdout
        if result.report.diagnostics:
            print(report.text(result.report), file=out)
        status = "" if result.ok else " - the browser shows these errors until they are fixed"
        print(summary.summary_line(result) + status, file=out, flush=True)
        self.error_page = None if result.ok else error_page(result).encode("utf-8")
        self.last = result
        if result.ok and result.content is not None:
            self.last_good = result.content
        return result


def error_page(result: pipeline.BuildResult) -> str:
    """A self-contained HTML page (no external files) listing every problem of a failed build."""
    return report.html_page(result.report, summary=summary.summary_line(result))


_ASSET_RE = re.compile(r"\.(?!html?$)[A-Za-z0-9]+$")


def is_page_request(path: str) -> bool:
    """True for addresses that show a page (``/``, ``/topic/``, ``/x.html``), not for assets or polling."""
    if path.startswith("/livereload/"):
        return False
    last = path.rsplit("/", 1)[-1]
    return not _ASSET_RE.search(last)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers page requests with the error page while the build is broken."""

    def __init__(self, preview: Preview, *, host: str, port: int, polling_interval: float = 0.5,
                 editor: EditorWeb | None = None) -> None:
        self.preview = preview
        self.editor = editor
        """The browser editor (``/admin/`` and its local backend), when started with ``--editor``."""
        self._bound = self._activated = False
        super().__init__(builder=preview.rebuild, host=host, port=port, root=str(preview.root / "site"),
                         polling_interval=polling_interval)

    def server_bind(self) -> None:
        """Idempotent, so callers (and tests) can bind first to learn the port, then call ``serve()``."""
        if not self._bound:
            super().server_bind()
            self._bound = True

    def server_activate(self) -> None:
        if not self._activated:
            super().server_activate()
            self._activated = True

    def serve(self, *, open_in_browser: bool = False) -> None:
        if not self._watched_paths:  # MkDocs starts the poller only for watch() paths; the project watch needs it too
            self.observer.start()
        super().serve(open_in_browser=open_in_browser)

    def watch_project(self) -> None:
        """Watch the project folder itself (one level) for content/, overrides/ and mkdocs.yml.

        A watch on ``content/`` ends for good when the folder is moved away or deleted (the poller
        stops), so on its own the preview would never rebuild again once it came back. The watch
        on the project folder sees the folder leave and return, asks for a rebuild each time
        (so the error page says content/ is missing, then clears) and re-arms the folder's own
        recursive watch. Everything else in the project folder (site/, docs/, staging) is ignored."""
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self.on_project_event  # type: ignore[method-assign]
        self.observer.schedule(handler, str(self.preview.root), recursive=False)
        self.rearm()

    def on_project_event(self, event: watchdog.events.FileSystemEvent) -> None:
        """One change directly in the project folder: re-arm and rebuild if it concerns a watched name."""
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        names = {os.path.basename(os.fsdecode(path)) for path in paths if path}
        if not names & set(WATCHED):
            return
        in_place = event.event_type in (watchdog.events.EVENT_TYPE_MODIFIED, watchdog.events.EVENT_TYPE_ATTRIB)
        if in_place and event.is_directory:  # content/ got or lost an entry: its own watch reports that
            return
        if not in_place:  # created, deleted or moved: the folder's own watch ended or must start
            self.rearm(names)
        self.request_rebuild()

    def rearm(self, names: Iterable[str] = WATCHED_FOLDERS) -> None:
        """Give each named folder that exists now a fresh recursive watch; drop the watch of a folder gone.

        Always followed by a rebuild, so a change made while the watch was being replaced is not lost."""
        for name in WATCHED_FOLDERS:
            if name not in names:
                continue
            path = str(self.preview.root / name)
            if path in self._watched_paths:
                self.unwatch(path)
            if os.path.isdir(path):
                self.watch(path)

    def request_rebuild(self) -> None:
        """What MkDocs' own watch callback does: wake the build loop (it waits for changes to settle)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        """Like MkDocs, but the poller is a script file with its numbers as data attributes."""
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        tag = f'<script src="{LIVERELOAD_PATH}" data-epoch="{epoch}" data-request="{_timestamp()}"></script>'
        return content[:end] + tag.encode("ascii") + content[end:]

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path == LIVERELOAD_PATH:
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Content-Length", str(len(LIVERELOAD_JS))),
                                      ("Cache-Control", "no-store")])
            return [LIVERELOAD_JS]
        if self.editor is not None and self.editor.handles(path):
            reply = self.editor.answer(environ)
            start_response(reply.status, reply.headers())
            return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else reply.body]
        if self.preview.error_page is not None and is_page_request(path):
            with self._epoch_cond:  # like the base class: never answer in the middle of a rebuild
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
            page = self.preview.error_page
            if page is not None:
                content = self._inject_js_into_html(page, epoch)
                start_response("200 OK", [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(content))),
                    ("Cache-Control", "no-store"),
                ])
                return [content]
        return super()._serve_request(environ, start_response)


def create_server(root: Path, *, host: str, port: int, today: Callable[[], date],
                  out: TextIO | None = None, polling_interval: float = 0.5,
                  editor: bool = False, decap_files: Path | None = None) -> PreviewServer:
    """Build once, then set up (but do not start) a preview server watching the content;
    ``editor`` adds the browser editor (``decap_files``: Decap CMS's ``dist`` folder, by
    default the project's ``node_modules/decap-cms/dist``)."""
    preview = Preview(root, today=today, out=out)
    preview.rebuild()
    (root / "site").mkdir(exist_ok=True)
    web = None
    if editor:
        web = EditorWeb(root, decap_files=decap_files or root / DECAP_FILES, last=lambda: preview.last,
                        last_good=lambda: preview.last_good, today=today)
    server = PreviewServer(preview, host=host, port=port, polling_interval=polling_interval, editor=web)
    server.watch_project()
    return server


def serve(root: Path, *, host: str, port: int, today: Callable[[], date], editor: bool = False) -> int:
    if editor and host not in ("127.0.0.1", "localhost"):
        print("faq-build: error: the editor writes content files, so it listens on 127.0.0.1 only", file=sys.stderr)
        return ExitCode.USAGE
    server = create_server(root, host=host, port=port, today=today, editor=editor)
    try:
        server.server_bind()
        server.server_activate()
    except OSError as exc:
        print(f"faq-build: error: cannot listen on {host}:{port} ({exc.strerror}); try --port", file=sys.stderr)
        return ExitCode.USAGE
    print(f"Serving on http://{host}:{server.server_address[1]}/ - press Ctrl+C to stop", flush=True)
    if editor:
        print(f"Editor on http://{host}:{server.server_address[1]}{ADMIN}", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return ExitCode.OK
