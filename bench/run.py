"""Performance benchmark (`make bench`): a script, not a timed test; timings on this machine are noisy.

Writes bench/report.json and bench/report.md:

1. time of each step of a real build (``faq_build.build.build``, as timed in ``BuildResult.steps``: load, validate,
   resolve, render, handouts, stage docs, mkdocs, sitemap, 404 page, search index, audit, links, published links,
   swap) on the real content: one cold build, then the median of several rebuilds;
2. validate+render (validate, resolve, render) on synthetic corpora of 100, 1,000 and 10,000
   questions, with the 10k/1k scaling ratio;
3. search index size, raw and gzipped;
4. transfer size of the home page and a topic page (HTML+CSS+JS, gzipped, as loaded by chromium
   from a gzip-serving local server), with and without the search index;
5. Lighthouse performance (mobile preset) with the site served gzipped;
6. a Zensical build of the generated docs/ in a throwaway virtual environment.

Every time is also given as a multiple of a fixed pure-Python calibration workload run in the same
process, so runs on different machines (or a busy one) can be compared.

Options: --quick (fewer repetitions, no 10k corpus, one Lighthouse run), --no-zensical, --out DIR.
Set FAQ_BROWSER_CONTENT=/path to benchmark another project's content/ folder.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402
import yaml  # noqa: E402  (PyYAML, installed with MkDocs)

from faq_build.build import HANDOUT_CACHE, build  # noqa: E402
from faq_build.fsutil import read_content  # noqa: E402
from faq_build.load import MAX_FILE_BYTES, load_content, parse_files  # noqa: E402
from faq_build.render import render  # noqa: E402
from faq_build.report import text as report_text  # noqa: E402
from faq_build.resolve import resolve  # noqa: E402
from faq_build.validate import validate  # noqa: E402

KIB = 1024
BUDGETS = {
    "faq_build_share_of_build": ("faq_build stages <= 10% of total build time (real content)", 0.10),
    "validate_render_10k_s": ("10,000 questions validate+render <= 10 s", 10.0),
    "ratio_10k_1k": ("10k/1k validate+render time ratio <= 12", 12.0),
    "topic_page_kib": ("topic page <= 90 KiB gzipped, HTML+CSS+JS, without search index", 90.0),
    "search_index_gz_kib": ("search index <= 100 KiB gzipped (real content)", 100.0),
    "lighthouse_performance": ("Lighthouse performance >= 95 (mobile, gzip)", 95),
}


def now() -> float:
    return time.perf_counter()


def calibration() -> float:
    """A fixed CPU workload (string and dict work, like the build); median seconds of 5 runs."""

    def work() -> int:
        table: dict[str, int] = {}
        for i in range(200_000):
            key = f"question-{i % 5000}-{i % 7}"
            table[key] = table.get(key, 0) + len(key.split("-"))
        return len(table)

    runs = []
    for _ in range(5):
        start = now()
        work()
        runs.append(now() - start)
    return statistics.median(runs)


def timed(function, *args, **kwargs):
    start = now()
    value = function(*args, **kwargs)
    return value, now() - start


# --------------------------------------------------------------------------- real content stages


TOOL_STEPS = ("mkdocs", "search index")
"""Build steps that are other tools' work (MkDocs, Pagefind); every other step is faq_build's own."""


def build_steps(project: Path) -> tuple[list[tuple[str, float]], dict]:
    """One real ``faq_build.build.build`` of ``project``: its steps as timed by the build itself."""
    result = build(project, today=date.today())
    if not result.ok:
        raise SystemExit("the build failed:\n" + report_text(result.report.errors[:20]))
    assert result.content is not None
    content = {"topics": len(result.content.topics), "questions": sum(1 for _ in result.content.questions())}
    return result.steps, content


def stage_times(project: Path, repeats: int) -> dict:
    """Time ``build.py``'s own steps: one cold build (every PDF handout rendered, the cache empty),
    then ``repeats`` rebuilds of unchanged content (handouts from the cache, as in ``make build``)."""
    shutil.rmtree(project / HANDOUT_CACHE, ignore_errors=True)
    cold, content = build_steps(project)
    samples: dict[str, list[float]] = {}
    for _ in range(repeats):
        steps, content = build_steps(project)
        for name, seconds in steps:
            samples.setdefault(name, []).append(seconds)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    faq = sum(seconds for name, seconds in medians.items() if name not in TOOL_STEPS)
    total = sum(medians.values())
    return {
        "repeats": repeats,
        "content": content,
        "median_s": medians,
        "cold_s": dict(cold),
        "faq_build_s": faq,
        "total_s": total,
        "faq_build_share": faq / total,
        "cold_build_s": sum(seconds for _, seconds in cold),
    }


# --------------------------------------------------------------------------- synthetic corpora


def content_files(content_dir: Path) -> dict[str, bytes]:
    """Every file of the content, read as the build reads it (``fsutil.read_content``)."""
    return read_content(content_dir, MAX_FILE_BYTES + 1, lambda relative: True)[0]


QUESTION_REF = re.compile(r"(\{\{\s*question:\s*)([a-z0-9-]+)(\s*(?:\|[^}]*)?\}\})")


def letters(number: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': a label without digits (digits in prose must be facts)."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = "abcdefghijklmnopqrstuvwxyz"[digit] + text
        if number == 0:
            return text


def synthetic_files(content_dir: Path, questions: int, per_topic: int = 50) -> dict[str, bytes]:
    """The real content with its topics replaced by ``questions`` cloned questions.

    Copy k of every real question gets the id '<id>-s<k>'; question links and 'related' lists
    point at the same copy when it exists, otherwise at copy 0, so every reference resolves.
    """
    files = content_files(content_dir)
    documents, _ = load_content(content_dir)
    topics = sorted((d for d in documents if d.kind == "topic"), key=lambda d: d.data.get("order", 0))
    pool = [q for d in topics for q in d.data["questions"]]
    template = copy.deepcopy(topics[0].data)
    copies = math.ceil(questions / len(pool))
    included = {f"{q['id']}-s{k}" for k in range(copies) for q in pool}
    made = []
    for k in range(copies):
        for q in pool:
            if len(made) == questions:
                break
            clone = copy.deepcopy(q)

            def target(ref: str, k: int = k) -> str:
                name = f"{ref}-s{k}"
                return name if name in included and len(made) < questions else f"{ref}-s0"

            clone["id"] = f"{q['id']}-s{k}"
            if k:
                clone["question"] = f"{q['question'].rstrip('?')} (copy {letters(k)})?"
            for field in ("body", "short_answer"):
                if isinstance(clone.get(field), str):
                    clone[field] = QUESTION_REF.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), clone[field])
            if clone.get("related"):
                clone["related"] = [target(r) for r in clone["related"]]
            made.append(clone)
    made_ids = {q["id"] for q in made}

    def existing(ref: str) -> str:
        return ref if ref in made_ids else re.sub(r"-s\d+$", "-s0", ref)

    for q in made:  # a reference into the unfinished last copy falls back to copy 0
        for field in ("body", "short_answer"):
            if isinstance(q.get(field), str):
                q[field] = QUESTION_REF.sub(lambda m: m.group(1) + existing(m.group(2)) + m.group(3), q[field])
        if q.get("related"):
            q["related"] = [existing(r) for r in q["related"]]
    synthetic = {k: v for k, v in files.items() if not k.startswith("content/topics/")}
    for index in range(math.ceil(len(made) / per_topic)):
        topic = copy.deepcopy(template)
        topic["id"] = f"synthetic-topic-{index + 1:04d}"
        topic["title"] = f"Synthetic topic {letters(index)}"
        topic["order"] = index + 1
        topic["questions"] = made[index * per_topic:(index + 1) * per_topic]
        text = yaml.safe_dump(topic, sort_keys=False, allow_unicode=True, width=10_000)
        synthetic[f"content/topics/{topic['id']}.yml"] = text.encode("utf-8")
    return synthetic


def corpus_times(content_dir: Path, sizes: list[int], repeats: dict[int, int]) -> dict:
    today = date.today()
    results = {}
    for size in sizes:
        files = synthetic_files(content_dir, size)
        runs = []
        for _ in range(repeats.get(size, 1)):
            (documents, problems), t_load = timed(parse_files, files)
            (content, more), t_validate = timed(validate, documents, today=today)
            errors = [d for d in problems + more if getattr(d.severity, "value", d.severity) == "error"]
            if content is None or errors:
                raise SystemExit(f"synthetic corpus of {size} does not validate:\n" + report_text(errors[:10]))
            rendered, t_render = timed(lambda content=content: render(resolve(content)))
            runs.append((t_load, t_validate, t_render))
            count = sum(len(t.questions) for t in content.topics)
            assert count == size, (count, size)
        load, val, ren = (statistics.median(r[i] for r in runs) for i in range(3))
        results[str(size)] = {
            "questions": size,
            "repeats": len(runs),
            "load_s": load,
            "validate_s": val,
            "resolve_render_s": ren,
            "validate_render_s": val + ren,
            "pages": len(rendered.files),
        }
        print(f"  {size:>6} questions: validate+render {val + ren:.3f} s (load {load:.3f} s)", flush=True)
    return results


# --------------------------------------------------------------------------- sizes in a browser


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


# --------------------------------------------------------------------------- Zensical


def zensical_attempt(project: Path) -> dict:
    """pip install zensical into a throwaway venv under /tmp and build the generated docs/ with it."""
    venv = Path(tempfile.gettempdir()) / "faq-bench-zensical-venv"
    result: dict = {"attempted": True}
    try:
        if not (venv / "bin" / "zensical").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
            install = subprocess.run(
                [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", "zensical"],
                capture_output=True, text=True, timeout=600,
            )
            if install.returncode != 0:
                return {**result, "ok": False, "stage": "install", "output": install.stderr[-2000:]}
        version = subprocess.run([str(venv / "bin" / "zensical"), "--version"], capture_output=True, text=True)
        result["version"] = version.stdout.strip()
        work = Path(tempfile.mkdtemp(prefix="bench-zensical-"))
        shutil.copy2(project / "mkdocs.yml", work / "mkdocs.yml")
        shutil.copytree(project / "overrides", work / "overrides")
        shutil.copytree(project / "docs", work / "docs")
        start = now()
        build = subprocess.run(
            [str(venv / "bin" / "zensical"), "build", "--config-file", "mkdocs.yml", "--clean"],
            cwd=work, capture_output=True, text=True, timeout=600,
        )
        result["seconds"] = now() - start
        result["returncode"] = build.returncode
        result["output"] = (build.stdout + build.stderr)[-3000:]
        site = work / "site"
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) if site.exists() else []
        expected = sorted(
            "index.html" if p.name == "index.md" and p.parent == work / "docs"
            else p.relative_to(work / "docs").with_suffix("").as_posix() + "/index.html"
            for p in (work / "docs").rglob("*.md")
        )
        result["pages_built"] = len(pages)
        result["missing_pages"] = [p for p in expected if p not in pages]
        result["ok"] = build.returncode == 0 and bool(pages) and not result["missing_pages"]
        shutil.rmtree(work, ignore_errors=True)
    except (OSError, subprocess.SubprocessError) as exc:
        result.update(ok=False, stage="run", output=f"{type(exc).__name__}: {exc}")
    return result


# --------------------------------------------------------------------------- report


def budgets(report: dict) -> list[dict]:
    topic = report["transfer"]["topic"]["html_css_js_kib"]
    lighthouse = report.get("lighthouse_performance") or {}
    lh_scores = [v["median_score"] for v in lighthouse.values() if "median_score" in v]
    corpora = report["corpora"]
    values = {
        "faq_build_share_of_build": report["stages"]["faq_build_share"],
        "validate_render_10k_s": corpora.get("10000", {}).get("validate_render_s"),
        "ratio_10k_1k": report["scaling"].get("ratio_10k_1k"),
        "topic_page_kib": topic,
        "search_index_gz_kib": report["search_index"]["gzip6_kib"],
        "lighthouse_performance": min(lh_scores) if lh_scores else None,
    }
    rows = []
    for key, (label, limit) in BUDGETS.items():
        value = values[key]
        if value is None:
            passed = None
        elif key == "lighthouse_performance":
            passed = value >= limit
        else:
            passed = value <= limit
        rows.append({"budget": key, "label": label, "limit": limit, "value": value, "pass": passed})
    return rows


def fmt(value: object, digits: int = 3) -> str:
    if value is None:
        return "not measured"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(report: dict) -> str:
    s = report["stages"]
    cal = report["calibration_s"]
    lines = [
        "# Benchmark report",
        "",
        f"Generated {report['generated']} by `make bench` on {report['machine']}.",
        f"Content: {s['content']['topics']} topics, {s['content']['questions']} questions. "
        f"Calibration workload: {cal * 1000:.1f} ms (every time below is also given as a multiple of it, "
        "so machines can be compared).",
        "",
        "## Budgets",
        "",
        "| budget | value | result |",
        "| --- | --- | --- |",
    ]
    for row in report["budgets"]:
        result = {True: "pass", False: "**FAIL**", None: "not measured"}[row["pass"]]
        value = row["value"]
        shown = f"{value:.1%}" if row["budget"] == "faq_build_share_of_build" and value is not None else fmt(value, 2)
        lines.append(f"| {row['label']} | {shown} | {result} |")
    lines += [
        "",
        f"## Build steps on the real content (median of {s['repeats']} rebuilds)",
        "",
        "| step | seconds | x calibration |",
        "| --- | --- | --- |",
    ]
    labels = {"mkdocs": "mkdocs build", "handouts": "handouts (cached, as in a rebuild)",
              "search index": "search index (Pagefind)"}
    for stage, seconds in s["median_s"].items():
        lines.append(f"| {labels.get(stage, stage)} | {seconds:.4f} | {seconds / cal:.1f} |")
    cold_handouts = s["cold_s"].get("handouts", 0.0)
    lines.append(f"| handouts, cold (not in the totals) | {cold_handouts:.4f} | {cold_handouts / cal:.1f} |")
    lines += [
        f"| **faq_build total** | {s['faq_build_s']:.4f} | {s['faq_build_s'] / cal:.1f} |",
        f"| **build total** | {s['total_s']:.4f} | {s['total_s'] / cal:.1f} |",
        "",
        f"The steps are those of `faq_build.build.build`, timed by the build itself (`BuildResult.steps`). "
        f"faq_build share of the build: {s['faq_build_share']:.1%} (faq_build's own steps against MkDocs and "
        f"Pagefind). A cold build, which renders every PDF handout, takes {s['cold_build_s']:.1f} s.",
        "",
        "## Synthetic corpora: validate + resolve + render",
        "",
        "| questions | pages | load (parse) s | validate s | resolve+render s | validate+render s | x calibration |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report["corpora"].values():
        lines.append(
            f"| {row['questions']:,} | {row['pages']} | {row['load_s']:.3f} | {row['validate_s']:.3f} | "
            f"{row['resolve_render_s']:.3f} | {row['validate_render_s']:.3f} | {row['validate_render_s'] / cal:.1f} |"
        )
    sc = report["scaling"]
    lines += ["", f"Scaling: 1k/100 = {fmt(sc.get('ratio_1k_100'), 2)}, 10k/1k = {fmt(sc.get('ratio_10k_1k'), 2)} "
              "(10 would be linear).", ""]
    si = report["search_index"]
    lines += [
        "## Search index",
        "",
        f"{si['engine']}: {si['documents']} answers; index {si['raw_kib']:.1f} KiB raw, "
        f"{si['gzip6_kib']:.1f} KiB as served (gzip); search code {si['code_kib']:.1f} KiB, loaded on first use; "
        f"a search loads the word index once plus about {si['fragment_mean_kib']:.1f} KiB per result shown.",
        "",
        "## Transfer size (gzip, as loaded by chromium on a phone-sized screen)",
        "",
        "| page | HTML | CSS | JS | HTML+CSS+JS | + search index | other (images) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("home", "topic"):
        t = report["transfer"][name]
        b = t["bytes_by_kind"]
        lines.append(
            f"| {name} (`{t['path']}`) | {b.get('html', 0) / KIB:.1f} KiB | {b.get('css', 0) / KIB:.1f} KiB | "
            f"{b.get('js', 0) / KIB:.1f} KiB | {t['html_css_js_kib']:.1f} KiB | "
            f"{t['html_css_js_plus_search_index_kib']:.1f} KiB | {b.get('other', 0) / KIB:.1f} KiB |"
        )
    lines += ["", f"Requests to other origins while loading: {len(report['transfer']['third_party_requests'])}.", ""]
    lh = report.get("lighthouse_performance")
    lines += ["## Lighthouse performance (mobile preset, site served with gzip)", ""]
    if not lh:
        lines.append("Not run.")
    else:
        lines += ["| page | median score | runs | FCP ms | LCP ms | TBT ms | CLS | Speed Index ms |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, row in lh.items():
            if "error" in row:
                lines.append(f"| {name} | error: {row['error'][:200]} | | | | | | |")
                continue
            m = row["median_metrics"]
            lines.append(
                f"| {name} (`{row['path']}`) | {row['median_score']} | {row['scores']} | {m['first-contentful-paint']:.0f} | "
                f"{m['largest-contentful-paint']:.0f} | {m['total-blocking-time']:.0f} | "
                f"{m['cumulative-layout-shift']:.3f} | {m['speed-index']:.0f} |"
            )
    lines += ["", "## Zensical portability", ""]
    z = report.get("zensical")
    if not z:
        lines.append("Not attempted (--no-zensical).")
    else:
        status = "builds" if z.get("ok") else "**does not build**"
        lines.append(f"Zensical {z.get('version', '?')}: {status} the generated `docs/` with our `mkdocs.yml`"
                     + (f" in {z['seconds']:.1f} s, {z.get('pages_built', 0)} pages." if "seconds" in z else "."))
        if z.get("missing_pages"):
            lines.append(f"Pages missing from its output: {', '.join(z['missing_pages'])}.")
        lines += ["", "Last lines of its output:", "", "```text", (z.get("output") or "").strip()[-1500:], "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 10k corpus, one Lighthouse run")
    parser.add_argument("--no-zensical", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    harness.require_tools()

    report: dict = {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "quick": args.quick,
    }
    print("calibration ...", flush=True)
    report["calibration_s"] = calibration()

    work = Path(tempfile.mkdtemp(prefix="faq-bench-"))
    try:
        project = harness.make_project(work / "project")
        print("build stages on the real content ...", flush=True)
        report["stages"] = stage_times(project, repeats=2 if args.quick else 5)

        print("synthetic corpora ...", flush=True)
        sizes = [100, 1000] if args.quick else [100, 1000, 10000]
        report["corpora"] = corpus_times(project / "content", sizes, {100: 5, 1000: 3, 10000: 1})
        c = report["corpora"]
        report["scaling"] = {
            "ratio_1k_100": c["1000"]["validate_render_s"] / c["100"]["validate_render_s"],
            "ratio_10k_1k": c["10000"]["validate_render_s"] / c["1000"]["validate_render_s"] if "10000" in c else None,
        }

        print("building the site ...", flush=True)
        site = harness.build_site(project)
        report["search_index"] = search_index_size(site)
        topic_pages = [p for p in harness.page_paths(site) if p.count("/") == 2 and p not in {"/glossary/", "/sources/"}]
        topic = "/understanding-trd/" if "/understanding-trd/" in topic_pages else topic_pages[0]
        paths = {"home": "/", "topic": topic}
        print("transfer sizes in chromium ...", flush=True)
        report["transfer"] = transfer_sizes(site, paths)
        print("Lighthouse performance ...", flush=True)
        report["lighthouse_performance"] = lighthouse_performance(site, paths, runs=1 if args.quick else 3)
        if not args.no_zensical:
            print("Zensical ...", flush=True)
            report["zensical"] = zensical_attempt(project)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report["budgets"] = budgets(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    text = markdown(report)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    failed = [row["label"] for row in report["budgets"] if row["pass"] is False]
    if failed:
        print("budgets not met: " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
