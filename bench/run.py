"""Performance benchmark (`make bench`): a script, not a timed test. Every budget is checked in one
run, as ratios or sizes measured in that run, so a busy or slower machine moves both sides.

Writes bench/report.json and bench/report.md:

1. the real content: one cold build and warm rebuilds, each step as ``faq_build.build.build`` times
   it (``BuildResult.steps``), next to ``mkdocs build`` alone on the same docs/ (build_times.py);
2. the search index before (Pagefind's Python API) and after (the batch) on the same records, and
   the PDF handouts one by one and across the cores, with a check that each pair is the same bytes;
3. synthetic corpora of 100, 1,000 and 10,000 questions through validate + render in memory, and
   1,000 and 10,000 through the whole pipeline on disk (corpora.py);
4. in Chromium (browser_metrics.py): the bytes of a page and of a first search (real content,
   1,000 and 10,000 questions), and Lighthouse performance (mobile) on the home and every topic page;
5. warm builds with Zensical as the engine.

Every time is also given as a multiple of a fixed pure-Python calibration workload run in the same
process, so runs on different machines can be compared.

Options: --quick (fewer repetitions, no 10k corpus, Lighthouse on two pages), --out DIR.
Set FAQ_BROWSER_CONTENT=/path to benchmark another project's content/ folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import browser_metrics  # noqa: E402
import build_times  # noqa: E402
import corpora  # noqa: E402
import harness  # noqa: E402
import yaml  # noqa: E402  (PyYAML, installed with MkDocs)

KIB = 1024
BUDGETS = {
    "warm_vs_mkdocs": ("warm build (nothing changed) <= 2.5 x mkdocs build alone", 2.5, "max"),
    "ours_vs_mkdocs": ("warm build: our stages plus the search index <= 50% of mkdocs build alone", 0.5, "max"),
    "index_s": ("search index of the real content <= 0.5 s (made in full)", 0.5, "max"),
    "handouts_share": ("cold handout step <= 60% of rendering one by one", 0.6, "max"),
    "validate_render_10k_s": ("10,000 questions validate+render <= 10 s", 10.0, "max"),
    "ratio_10k_1k": ("10k/1k validate+render time ratio <= 12", 12.0, "max"),
    "first_search_10k_kib": ("first search at 10,000 questions <= 150 KiB gzipped", 150.0, "max"),
    "topic_page_kib": ("topic page <= 90 KiB gzipped, HTML+CSS+JS, without search", 90.0, "max"),
    "lighthouse_performance": ("Lighthouse performance >= 98 on the home and every topic page (mobile)", 98, "min"),
    "lighthouse_tbt_ms": ("Lighthouse total blocking time < 100 ms on every page measured", 100, "below"),
}


def budget_values(report: dict) -> dict:
    s = report["stages"]
    lighthouse = [v for v in (report.get("lighthouse_performance") or {}).values() if "median_score" in v]
    e2e = report.get("end_to_end", {})
    return {
        "warm_vs_mkdocs": s["warm_wall_s"] / s["mkdocs_alone_s"],
        "ours_vs_mkdocs": s["ours_s"] / s["mkdocs_alone_s"],
        "index_s": s["full_median_s"]["search index"],
        "handouts_share": report["handouts"]["parallel_s"] / report["handouts"]["serial_s"],
        "validate_render_10k_s": report["corpora"].get("10000", {}).get("validate_render_s"),
        "ratio_10k_1k": report["scaling"].get("ratio_10k_1k"),
        "first_search_10k_kib": e2e.get("10000", {}).get("first_search", {}).get("kib"),
        "topic_page_kib": report["transfer"]["topic"]["html_css_js_kib"],
        "lighthouse_performance": min((v["median_score"] for v in lighthouse), default=None),
        "lighthouse_tbt_ms": max((v["median_metrics"]["total-blocking-time"] for v in lighthouse), default=None),
    }


def budgets(report: dict) -> list[dict]:
    values = budget_values(report)
    rows = []
    for key, (label, limit, kind) in BUDGETS.items():
        value = values[key]
        if value is None:
            passed = None
        elif kind == "min":
            passed = value >= limit
        elif kind == "below":
            passed = value < limit
        else:
            passed = value <= limit
        rows.append({"budget": key, "label": label, "limit": limit, "value": value, "pass": passed})
    return rows


def first_query() -> str:
    """A real lay query (the first of the search tests' file), typed for the first-search bytes."""
    queries = yaml.safe_load((ROOT / "tests" / "browser" / "search_queries.yml").read_text(encoding="utf-8"))
    return queries["queries"][0]["query"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 10k corpus, Lighthouse on two pages")
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.pop("FAQ_SITE_URL", None)
    harness.require_tools()

    report: dict = {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "quick": args.quick,
    }
    print("calibration ...", flush=True)
    report["calibration_s"] = build_times.calibration()
    query = first_query()
    work = Path(tempfile.mkdtemp(prefix="faq-bench-"))
    try:
        project = harness.make_project(work / "project")
        print("build steps on the real content ...", flush=True)
        report["stages"] = build_times.stage_times(project, repeats=2 if args.quick else 5)
        site = project / "site"
        print("search index before and after ...", flush=True)
        report["index"] = build_times.index_before_after(site)
        print("handouts one by one and in parallel ...", flush=True)
        result, _ = build_times.build_once(project)
        report["handouts"] = build_times.handouts_before_after(result)
        print("Zensical ...", flush=True)
        report["zensical"] = build_times.zensical_times(project, repeats=2 if args.quick else 3)

        print("synthetic corpora, validate + render ...", flush=True)
        sizes = [100, 1000] if args.quick else [100, 1000, 10000]
        report["corpora"] = corpora.corpus_times(project / "content", sizes, {100: 5, 1000: 3, 10000: 1})
        c = report["corpora"]
        report["scaling"] = {
            "ratio_1k_100": c["1000"]["validate_render_s"] / c["100"]["validate_render_s"],
            "ratio_10k_1k": c["10000"]["validate_render_s"] / c["1000"]["validate_render_s"] if "10000" in c else None,
        }
        report["end_to_end"] = {}
        for size in [1000] if args.quick else [1000, 10000]:
            print(f"synthetic corpus of {size}, the whole pipeline ...", flush=True)
            target = work / f"corpus-{size}"
            row = corpora.end_to_end(project / "content", size, target, project)
            row["first_search"] = browser_metrics.first_search_bytes(target / "site", "/", query)
            report["end_to_end"][str(size)] = row
            shutil.rmtree(target, ignore_errors=True)

        report["search_index"] = browser_metrics.search_index_size(site)
        topic_pages = [p for p in harness.page_paths(site) if p.count("/") == 2 and p not in {"/glossary/", "/sources/"}
                       and (site / p.strip("/") / "index.html").read_text(encoding="utf-8").count("faq-review")]
        topic = "/understanding-trd/" if "/understanding-trd/" in topic_pages else topic_pages[0]
        print("transfer sizes and a first search in chromium ...", flush=True)
        report["transfer"] = browser_metrics.transfer_sizes(site, {"home": "/", "topic": topic})
        report["first_search"] = browser_metrics.first_search_bytes(site, "/", query)
        print("Lighthouse performance ...", flush=True)
        pages = {"home": "/", "topic": topic} if args.quick else {"home": "/", **{p.strip("/"): p for p in topic_pages}}
        report["lighthouse_performance"] = browser_metrics.lighthouse_performance(site, pages, runs=1)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report["budgets"] = budgets(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    from report_markdown import markdown

    text = markdown(report)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    failed = [row["label"] for row in report["budgets"] if row["pass"] is False]
    if failed:
        print("budgets not met: " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
