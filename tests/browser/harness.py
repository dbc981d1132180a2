"""Shared by the browser tests and the benchmark: build a fresh site, serve it, drive Chromium.

Kept free of pytest so ``bench/run.py`` can import it too.
"""

from __future__ import annotations

import gzip
import http.server
import os
import shutil
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from faq_build.report import text as report_text

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = os.environ.get("FAQ_CHROMIUM", "/usr/bin/chromium")
# pitfalls.md: Playwright cannot download its own browsers here; these flags make Debian's chromium
# run headless as root in a container.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    # Keep the browser's own traffic (component updates, sign-in) quiet, so that any request the
    # black-hole proxy sees comes from the site.
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AccountConsistency,ChromeSignin,SigninInterceptBubble,AutofillServerCommunication",
]
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_tools() -> None:
    """Fail loudly (never skip) when the browser or the npm tools are missing."""
    missing = [str(p) for p in (Path(CHROMIUM), AXE_JS, LIGHTHOUSE_CLI, VNU_JAR) if not p.exists()]
    if missing:
        raise RuntimeError(
            "browser test tools are missing: " + ", ".join(missing)
            + "\nRun `make test` (it installs chromium with apt-get and the npm tools with `npm ci`)."
        )


def content_root() -> Path:
    """The folder whose ``content/`` the browser tests build: the real one, unless
    ``FAQ_BROWSER_CONTENT`` names another (e.g. while content is half-written)."""
    return Path(os.environ.get("FAQ_BROWSER_CONTENT") or ROOT)


def make_project(target: Path, content_from: Path | None = None) -> Path:
    """A throwaway project with the real mkdocs.yml and theme overrides (as tests/conftest.py does)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree((content_from or content_root()) / "content", target / "content")
    return target


def build_site(project: Path, *, today: date | None = None, site_url: str | None = None) -> Path:
    """Build ``project/site`` from its content with the real pipeline; raise with the diagnostics on failure."""
    from faq_build.build import build
    from faq_build.fsutil import pinned_env

    with pinned_env(**({"FAQ_SITE_URL": site_url} if site_url is not None else {})):
        result = build(project, today=today or date.today())
    if not result.ok:
        raise RuntimeError("the site did not build:\n" + report_text(result.report.diagnostics))
    return project / "site"


def page_paths(site: Path) -> list[str]:
    """URL paths of every HTML page of a built site ('/', '/glossary/', '/404.html', ...)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if relative == "index.html":
            paths.append("/")
        elif relative.endswith("/index.html"):
            paths.append("/" + relative[: -len("index.html")])
        else:
            paths.append("/" + relative)
    return paths


@dataclass
class ServedFile:
    path: str
    status: int
    content_type: str
    bytes_sent: int
    encoding: str


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, optionally gzip-compressed like a production server, with a log of what was sent."""

    gzip_enabled = False
    log: list[ServedFile]
    lock: threading.Lock

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        if not self.gzip_enabled or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        ctype = self.guess_type(path)
        with open(path, "rb") as handle:
            raw = handle.read()
        compressible = ctype.startswith("text/") or ctype in {
            "application/javascript", "application/json", "image/svg+xml", "application/xml",
        }
        body = gzip.compress(raw, compresslevel=6, mtime=0) if compressible else raw
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if compressible:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        data = source.read()
        outputfile.write(data)
        with self.lock:
            self.log.append(ServedFile(
                path=urlsplit(self.path).path,
                status=200,
                content_type=(self._headers_buffer_type or ""),
                bytes_sent=len(data),
                encoding="gzip" if self._gzip_sent else "identity",
            ))

    _headers_buffer_type = ""
    _gzip_sent = False

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-type":
            self._headers_buffer_type = value
        if keyword.lower() == "content-encoding" and value == "gzip":
            self._gzip_sent = True
        super().send_header(keyword, value)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser or Lighthouse closing a connection early is not an error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@dataclass
class SiteServer:
    """``with SiteServer(site) as server:`` serves a folder on 127.0.0.1 at a free port."""

    root: Path
    gzip: bool = False
    port: int = 0
    log: list[ServedFile] = field(default_factory=list)

    def __post_init__(self) -> None:
        handler = type("Handler", (_Handler,), {"gzip_enabled": self.gzip, "log": self.log, "lock": threading.Lock()})
        self._httpd = _QuietServer(("127.0.0.1", self.port), partial(handler, directory=str(self.root)))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_chromium(playwright, proxy: BlackholeProxy | None = None):
    """Debian's chromium; with ``proxy``, every request to another origin goes to the black hole."""
    # Passed as a flag, not Playwright's ``proxy`` option, which also routes loopback through the
    # proxy; Chromium itself sends loopback (the site under test) directly.
    extra = [f"--proxy-server={proxy.server}"] if proxy is not None else []
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + extra, headless=True)


def same_origin(url: str, origin: str) -> bool:
    """True for the site itself and for URLs that never touch the network (data:, blob:, about:)."""
    scheme = urlsplit(url).scheme
    if scheme in {"data", "blob", "about"}:
        return True
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == origin


def lighthouse_command(url: str, output: Path, categories: list[str]) -> list[str]:
    flags = " ".join(CHROMIUM_ARGS)
    return [
        "node", str(LIGHTHOUSE_CLI), url,
        "--only-categories=" + ",".join(categories),
        "--output=json", f"--output-path={output}",
        f"--chrome-flags={flags}",
        "--quiet",
    ]


def lighthouse_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CHROME_PATH"] = CHROMIUM
    return env


# Chromium's own background services (component updater, network time, sign-in) that Debian's build
# contacts even with the flags above. They are requests of the browser, not of any page; the proxy
# log ignores exactly these hosts, and Playwright's request events (which see every request a page
# makes, whatever the host) still report them if a page ever loaded something from them.
BROWSER_SERVICE_HOSTS = frozenset({
    "update.googleapis.com", "clients2.google.com", "accounts.google.com", "content-autofill.googleapis.com",
})


def proxy_target_host(request_line: str) -> str:
    """'GET http://x.test/a HTTP/1.1' or 'CONNECT x.test:443 HTTP/1.1' -> 'x.test'."""
    parts = request_line.split()
    target = parts[1] if len(parts) > 1 else ""
    if parts and parts[0] == "CONNECT":
        return target.rsplit(":", 1)[0]
    return urlsplit(target).hostname or target


class BlackholeProxy:
    """An HTTP proxy on 127.0.0.1 that records every request sent to it and refuses it.

    Chromium is launched with this proxy, so a request to any origin other than the local
    site (which Chromium sends directly: loopback bypasses proxies) ends up here, from any
    page, dedicated worker, service worker or beacon. Nothing ever leaves the machine.
    """

    def __init__(self) -> None:
        import socketserver

        self.requests: list[str] = []
        lock = threading.Lock()
        requests = self.requests

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                try:
                    line = self.rfile.readline(65536).decode("latin-1").strip()
                    while self.rfile.readline(65536).strip():
                        pass
                except OSError:
                    return
                if line:
                    with lock:
                        requests.append(line)
                with suppress(OSError):
                    self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def site_requests(self) -> list[str]:
        """Requests that reached the proxy, less the browser's own background services."""
        return [r for r in list(self.requests) if proxy_target_host(r) not in BROWSER_SERVICE_HOSTS]

    def __enter__(self) -> BlackholeProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
