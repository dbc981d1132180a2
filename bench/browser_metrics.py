"""What a reader's browser downloads and how fast a page is, measured in Chromium against a
gzip-serving local server: transfer sizes, the bytes a first search downloads, Lighthouse."""

from __future__ import annotations

import gzip
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import harness
import search_ui

KIB = 1024


def kind_of(served: harness.ServedFile) -> str:
    path, ctype = served.path, served.content_type
    if "/pagefind/" in path or path.endswith("/search/search_index.json"):
        return "search_index"
    if "html" in ctype:
        return "html"
    if "css" in ctype:
        return "css"
    if "javascript" in ctype:
        return "js"
    return "other"


def transfer_sizes(site: Path, paths: dict[str, str]) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with harness.SiteServer(site, gzip=True) as server, harness.BlackholeProxy() as proxy, sync_playwright() as pw:
        browser = harness.launch_chromium(pw, proxy)
        for name, path in paths.items():
            server.log.clear()
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(server.url(path))
            page.wait_for_load_state("networkidle")
            time.sleep(0.5)
            context.close()
            by_kind: dict[str, int] = {}
            for served in list(server.log):
                by_kind[kind_of(served)] = by_kind.get(kind_of(served), 0) + served.bytes_sent
            code = sum(by_kind.get(k, 0) for k in ("html", "css", "js"))
            results[name] = {
                "path": path,
                "bytes_by_kind": by_kind,
                "html_css_js_kib": code / KIB,
                "html_css_js_plus_search_index_kib": (code + by_kind.get("search_index", 0)) / KIB,
                "search_index_loaded": "search_index" in by_kind,
                "files": sorted({s.path for s in server.log}),
            }
        browser.close()
        results["third_party_requests"] = proxy.site_requests()
    return results


def search_index_size(site: Path) -> dict:
    """The Pagefind index as served (its files are already gzip-compressed), plus raw size."""
    from faq_build.outputs.search_index import INDEX_DIR, index_size

    sizes = index_size(site)
    raw = 0
    for path in (site / INDEX_DIR).rglob("*"):
        if path.is_file() and path.suffix not in {".js", ".pagefind"}:
            data = path.read_bytes()
            raw += len(gzip.decompress(data)) if data[:2] == b"\x1f\x8b" else len(data)
    return {
        "engine": "Pagefind",
        "documents": sizes["answers"],
        "raw_kib": raw / KIB,
        "gzip6_kib": sizes["index_kib"],
        "code_kib": sizes["code_kib"],
        "fragment_mean_kib": sizes["fragment_mean_kib"],
    }


def lighthouse_performance(site: Path, paths: dict[str, str], runs: int) -> dict:
    results = {}
    with harness.SiteServer(site, gzip=True) as server:
        for name, path in paths.items():
            scores, metrics = [], []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "lh.json"
                    run = subprocess.run(
                        harness.lighthouse_command(server.url(path), out, ["performance"]),
                        env=harness.lighthouse_env(), capture_output=True, text=True, timeout=300,
                    )
                    if run.returncode != 0:
                        results[name] = {"error": run.stderr[-1000:]}
                        break
                    data = json.loads(out.read_text(encoding="utf-8"))
                scores.append(round(data["categories"]["performance"]["score"] * 100))
                metrics.append({
                    key: data["audits"][key]["numericValue"]
                    for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                "cumulative-layout-shift", "speed-index")
                })
            if scores:
                results[name] = {
                    "path": path,
                    "runs": len(scores),
                    "scores": scores,
                    "median_score": statistics.median(scores),
                    "median_metrics": {k: statistics.median(m[k] for m in metrics) for k in metrics[0]},
                }
    return results


SEARCH_FILES = ("/pagefind/", "/assets/faq-search-data.json")
"""What a search downloads on first use: Pagefind's engine and index, and the box's word lists (the
box's own scripts load with the page)."""


def first_search_bytes(site: Path, path: str, query: str) -> dict:
    """What a first search downloads, as served gzipped: open the page, wait until it is loaded,
    then open the search box, type ``query`` and wait for the answers; every search file asked for
    from then on (``SEARCH_FILES``: Pagefind's engine, its entry and metadata, the word index
    chunks of the query's words and one fragment per answer shown, the box's word lists). The
    theme's bundle, which the first key press also loads, is not search and is not counted."""
    from playwright.sync_api import sync_playwright

    with harness.SiteServer(site, gzip=True) as server, harness.BlackholeProxy() as proxy, sync_playwright() as pw:
        browser = harness.launch_chromium(pw, proxy)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(server.url(path))
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        server.log.clear()
        search_ui.open_search(page)
        search_ui.type_query(page, query)
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        served = list(server.log)
        context.close()
        browser.close()
    by_file = {s.path: s.bytes_sent for s in served if any(part in s.path for part in SEARCH_FILES)}
    return {
        "query": query,
        "kib": sum(by_file.values()) / KIB,
        "pagefind_kib": sum(b for p, b in by_file.items() if "/pagefind/" in p) / KIB,
        "files": len(by_file),
        "largest": sorted(by_file.items(), key=lambda item: -item[1])[:6],
    }
