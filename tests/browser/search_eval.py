"""Search evaluation (not a test): type every query of search_queries.yml into the built site's search
box in Chromium and record the first 3 answers shown, as a Markdown table.

    PYTHONPATH=tests .venv/bin/python -m browser.search_eval [--site DIR] [--width 390] [--label NAME] [--out FILE]

Without ``--site`` it builds the real content into a temporary project, as the browser tests do.
Used to fill bench/search-eval.md; the pass/fail gate is test_search.py.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml

from . import harness, search_ui
from .test_search import NOT_ANSWERS

QUERIES_FILE = Path(__file__).parent / "search_queries.yml"


def evaluate(site: Path, width: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    queries = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]
    rows = []
    with harness.SiteServer(site) as server, sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        context = browser.new_context(viewport={"width": width, "height": 844 if width < 960 else 900})
        page = context.new_page()
        page.goto(server.url("/"))
        search_ui.open_search(page)
        for entry in queries:
            shown = search_ui.top_anchors(page, entry["query"], count=3)
            found = [a.split("#", 1)[1] for a in shown if not a.startswith(NOT_ANSWERS)]
            rows.append({
                "query": entry["query"],
                "expect": list(entry["expect"]),
                "shown": shown,
                "hit": bool(set(found) & set(entry["expect"])),
            })
        browser.close()
    return rows


def markdown(rows: list[dict], label: str) -> str:
    hits = sum(r["hit"] for r in rows)
    lines = [
        f"### {label}: {hits}/{len(rows)} in the top 3 ({100 * hits / len(rows):.0f}%)",
        "",
        "| query | expected (any) | first 3 answers shown | hit |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        shown = ", ".join(a.split("#", 1)[1] if "#" in a else a for a in r["shown"]) or "(none)"
        lines.append(f"| {r['query']} | {', '.join(r['expect'])} | {shown} | {'yes' if r['hit'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path)
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--label", default="search")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    site = args.site
    if site is None:
        project = harness.make_project(Path(tempfile.mkdtemp(prefix="search-eval-")) / "project")
        site = harness.build_site(project)
    text = markdown(evaluate(site, args.width), f"{args.label} ({args.width} px)")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
