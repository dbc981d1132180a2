"""Live preview: build, serve ``site/`` on localhost, rebuild whenever content changes.

Uses MkDocs' own live-reload server (the same one ``mkdocs serve`` uses) but our
pipeline as the builder, so a content mistake prints the usual diagnostics in the
terminal and the last good site stays up; fixing the file rebuilds by itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from . import build as pipeline


def serve(root: Path, *, host: str, port: int, today: Callable[[], date]) -> int:
    from mkdocs.livereload import LiveReloadServer

    def rebuild() -> None:
        result = pipeline.build(root, today=today())
        if result.report.diagnostics:
            print(result.report.render())
        print(pipeline.summary_line(result) + ("" if result.ok else " - showing the last good build"), flush=True)

    rebuild()
    (root / "site").mkdir(exist_ok=True)
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(root / "site"))
    for watched in ("content", "overrides", "mkdocs.yml"):
        if (root / watched).exists():
            server.watch(str(root / watched))
    print(f"Serving on http://{host}:{port}/ - press Ctrl+C to stop", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
