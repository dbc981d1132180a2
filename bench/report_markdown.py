"""bench/report.md from the measurements of bench/run.py (report.json holds the same numbers)."""

from __future__ import annotations

KIB = 1024


def fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "not measured"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _shown(row: dict) -> str:
    value = row["value"]
    if value is None:
        return "not measured"
    if row["budget"] in ("ours_vs_mkdocs", "handouts_share"):
        return f"{value:.0%}"
    if row["budget"] == "warm_vs_mkdocs":
        return f"{value:.2f} x"
    if row["budget"].endswith("_s"):
        return f"{value:.2f} s"
    if row["budget"].endswith("_kib"):
        return f"{value:.1f} KiB"
    if row["budget"].endswith("_ms"):
        return f"{value:.0f} ms"
    return fmt(value)


def markdown(report: dict) -> str:
    s = report["stages"]
    cal = report["calibration_s"]
    lines = [
        "# Benchmark report",
        "",
        f"Generated {report['generated']} by `make bench` on {report['machine']}"
        + (" (`--quick`)." if report.get("quick") else "."),
        f"Content: {s['content']['topics']} topics, {s['content']['questions']} questions. "
        f"Calibration workload: {cal * 1000:.1f} ms (every time below is also given as a multiple of it, "
        "so machines can be compared). Every figure comes from this one run.",
        "",
        "## Budgets",
        "",
        "| budget | measured | result |",
        "| --- | --- | --- |",
    ]
    for row in report["budgets"]:
        result = {True: "pass", False: "**FAIL**", None: "not measured"}[row["pass"]]
        lines.append(f"| {row['label']} | {_shown(row)} | {result} |")
    lines += _build_steps(report, cal) + _before_after(report) + _corpora(report, cal)
    lines += _browser(report) + _zensical(report)
    return "\n".join(lines) + "\n"


def _build_steps(report: dict, cal: float) -> list[str]:
    s = report["stages"]
    full = s["full_median_s"]
    lines = [
        "",
        f"## Build steps on the real content (warm: median of {s['repeats']} rebuilds; cold: the first build)",
        "",
        "A warm build (nothing changed) remembers two results: the handout list and the record of the checked "
        "site (`faq_build/outputs/checked_site.py`). The middle column is the same rebuild with both "
        "forgotten, every check and the search index made in full: what a build after a change to a page does.",
        "",
        "| step | warm s | warm, checks in full s | cold s | warm x calibration |",
        "| --- | --- | --- | --- | --- |",
    ]
    steps = {**s["median_s"], **{name: 0.0 for name in full if name not in s["median_s"]}}
    for step in steps:
        seconds = s["median_s"].get(step, 0.0)
        lines.append(f"| {step} | {seconds:.3f} | {full.get(step, 0.0):.3f} | {s['cold_s'].get(step, 0.0):.3f} | "
                     f"{seconds / cal:.1f} |")
    lines += [
        f"| **all steps, wall clock** | **{s['warm_wall_s']:.3f}** | **{s['full_wall_s']:.3f}** | "
        f"**{s['cold_wall_s']:.3f}** | {s['warm_wall_s'] / cal:.1f} |",
        "",
        f"`mkdocs build` alone on the same docs/ (in-process, median): {s['mkdocs_alone_s']:.3f} s. "
        f"A warm build is {s['warm_wall_s'] / s['mkdocs_alone_s']:.2f} times that; our steps (the wall clock "
        f"less the mkdocs step, the search index included) take {s['ours_s']:.3f} s, "
        f"{s['ours_s'] / s['mkdocs_alone_s']:.0%} of it. With every check in full they take {s['ours_full_s']:.3f} s, "
        f"{s['ours_full_s'] / s['mkdocs_alone_s']:.0%} (not a budget). The steps are those of `faq_build.build.build`, "
        "timed by the build itself (`BuildResult.steps`); the search index runs alongside the audit and the link "
        "check, so the column adds up to more than the wall clock; every build but the cold one takes the PDF "
        "handouts from the cache.",
    ]
    return lines


def _before_after(report: dict) -> list[str]:
    i, h = report["index"], report["handouts"]
    return [
        "",
        "## Before and after: search index and handouts",
        "",
        "| step | before | after | after / before | same bytes |",
        "| --- | --- | --- | --- | --- |",
        f"| search index, {i['answers']} answers (Pagefind's Python API, then the batch) | {i['api_s']:.2f} s | "
        f"{i['batch_s']:.2f} s | {i['batch_s'] / i['api_s']:.0%} | {'yes' if i['same_bytes'] else '**no**'} |",
        f"| {h['handouts']} PDF handouts, cold (one by one, then across {h['cores']} cores) | {h['serial_s']:.1f} s | "
        f"{h['parallel_s']:.1f} s | {h['parallel_s'] / h['serial_s']:.0%} | {'yes' if h['same_bytes'] else '**no**'} |",
    ]


def _corpora(report: dict, cal: float) -> list[str]:
    lines = [
        "",
        "## Synthetic corpora: validate + resolve + render, in memory",
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
    lines += ["", f"Scaling: 1k/100 = {fmt(sc.get('ratio_1k_100'))}, 10k/1k = {fmt(sc.get('ratio_10k_1k'))} "
              "(10 would be linear)."]
    e2e = report.get("end_to_end") or {}
    if e2e:
        sizes = list(e2e)
        steps = list(next(iter(e2e.values()))["steps_s"])
        lines += [
            "",
            "## Synthetic corpora through the whole pipeline (a build on disk; handouts from a pre-filled cache)",
            "",
            "| step | " + " | ".join(f"{int(n):,} questions s" for n in sizes) + " |",
            "| --- |" + " --- |" * len(sizes),
        ]
        for step in steps:
            lines.append(f"| {step} | " + " | ".join(f"{e2e[n]['steps_s'].get(step, 0.0):.2f}" for n in sizes) + " |")
        lines.append("| **wall clock** | " + " | ".join(f"**{e2e[n]['wall_s']:.1f}**" for n in sizes) + " |")
        lines.append("| topics (pages) | " + " | ".join(str(e2e[n]["topics"]) for n in sizes) + " |")
        lines.append("| handouts (placeholders in the cache) | " + " | ".join(str(e2e[n]["handouts"]) for n in sizes) + " |")
        for label, key in (("first search, gzipped", "kib"), ("of which Pagefind", "pagefind_kib")):
            lines.append(f"| {label} | " + " | ".join(f"{e2e[n]['first_search'][key]:.1f} KiB" for n in sizes) + " |")
    return lines


def _browser(report: dict) -> list[str]:
    si, fs = report["search_index"], report["first_search"]
    lines = [
        "",
        "## Search on the real content",
        "",
        f"{si['engine']}: {si['documents']} answers; index {si['raw_kib']:.1f} KiB raw, "
        f"{si['gzip6_kib']:.1f} KiB as served with every answer's fragment; search code {si['code_kib']:.1f} KiB. "
        f"A first search (\"{fs['query']}\", typed on the home page) downloads {fs['kib']:.1f} KiB gzipped in "
        f"{fs['files']} files ({fs['pagefind_kib']:.1f} KiB of it Pagefind's engine and index; the theme's bundle, "
        "loaded by the same first key press, is not counted); the largest: "
        + ", ".join(f"`{path}` {size / KIB:.1f} KiB" for path, size in fs["largest"]) + ".",
        "",
        "## Transfer size (gzip, as loaded by chromium on a phone-sized screen)",
        "",
        "| page | HTML | CSS | JS | HTML+CSS+JS | other (images) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("home", "topic"):
        t = report["transfer"][name]
        b = t["bytes_by_kind"]
        lines.append(
            f"| {name} (`{t['path']}`) | {b.get('html', 0) / KIB:.1f} KiB | {b.get('css', 0) / KIB:.1f} KiB | "
            f"{b.get('js', 0) / KIB:.1f} KiB | {t['html_css_js_kib']:.1f} KiB | {b.get('other', 0) / KIB:.1f} KiB |"
        )
    lines += ["", f"Requests to other origins while loading: {len(report['transfer']['third_party_requests'])}.", ""]
    lh = report.get("lighthouse_performance")
    lines += ["## Lighthouse performance (mobile preset: simulated slow 4G, 4x CPU; site served with gzip)", ""]
    if not lh:
        return lines + ["Not run."]
    lines += ["| page | score | FCP ms | LCP ms | TBT ms | CLS | Speed Index ms |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, row in lh.items():
        if "error" in row:
            lines.append(f"| {name} | error: {row['error'][:200]} | | | | | |")
            continue
        m = row["median_metrics"]
        lines.append(
            f"| {name} (`{row['path']}`) | {row['median_score']} | {m['first-contentful-paint']:.0f} | "
            f"{m['largest-contentful-paint']:.0f} | {m['total-blocking-time']:.0f} | "
            f"{m['cumulative-layout-shift']:.3f} | {m['speed-index']:.0f} |"
        )
    return lines


def _zensical(report: dict) -> list[str]:
    z = report.get("zensical")
    if not z:
        return []
    return ["", "## Zensical", "",
            f"Zensical {z['version']} as the engine (`faq-build build --engine zensical`): a warm build takes "
            f"{z['warm_wall_s']:.2f} s, its engine step {z['engine_s']:.2f} s (MkDocs: "
            f"{report['stages']['median_s'].get('mkdocs', 0.0):.2f} s)."]
