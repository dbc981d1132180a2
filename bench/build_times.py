"""Build times on the real content, all measured in one run so that they can be compared as ratios:
the build's own steps (``BuildResult.steps``), ``mkdocs build`` alone on the same docs/, the search
index before (Pagefind's Python API) and after (the batch), the handouts one by one and in parallel."""

from __future__ import annotations

import asyncio
import gc
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from faq_build.build import HANDOUT_CACHE, build
from faq_build.forked import cores
from faq_build.fsutil import epoch_for
from faq_build.outputs.checked_site import RECORD_FOLDER
from faq_build.outputs.handouts import handout_jobs, render_jobs
from faq_build.outputs.pagefind_service import write_index
from faq_build.outputs.search_index import PAGEFIND_CONFIG, published_index_files, question_records
from faq_build.report import text as report_text
from faq_build.write import mkdocs_build

TOOL_STEPS = ("mkdocs", "zensical")
"""The site engine's step; every other step (the search index included) is faq_build's own work."""


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


def build_once(project: Path, engine: str = "mkdocs"):
    """One real ``faq_build.build.build`` of ``project``; its result, and the wall-clock seconds."""
    start = now()
    result = build(project, today=date.today(), engine=engine)
    seconds = now() - start
    if not result.ok:
        raise SystemExit("the build failed:\n" + report_text(result.report.errors[:20]))
    return result, seconds


def stage_times(project: Path, repeats: int) -> dict:
    """One cold build (every PDF handout rendered, the cache empty), then ``repeats`` warm
    rebuilds of unchanged content, each followed by ``mkdocs build`` alone on the docs/ it wrote
    (into a throwaway folder) and by a rebuild with nothing remembered but the PDFs
    (``forget_remembered``): what a build after a change to a page does, every check in full."""
    shutil.rmtree(project / HANDOUT_CACHE, ignore_errors=True)
    shutil.rmtree(project / RECORD_FOLDER, ignore_errors=True)
    cold, cold_wall = build_once(project)
    warm: dict[str, list] = {"walls": [], "runs": []}
    full: dict[str, list] = {"walls": [], "runs": []}
    alone = []
    for _ in range(repeats):
        for kind in (warm, full):
            if kind is full:
                forget_remembered(project)
            result, wall = build_once(project)
            kind["walls"].append(wall)
            kind["runs"].append(result.steps)
            if kind is warm:
                alone.append(mkdocs_alone(project, result))
    assert result.content is not None
    return {
        "repeats": repeats,
        "content": {"topics": len(result.content.topics), "questions": sum(1 for _ in result.content.questions())},
        "median_s": _medians(warm["runs"]),
        "full_median_s": _medians(full["runs"]),
        "cold_s": dict(cold.steps),
        "cold_wall_s": cold_wall,
        "warm_wall_s": statistics.median(warm["walls"]),
        "full_wall_s": statistics.median(full["walls"]),
        "mkdocs_alone_s": statistics.median(alone),
        "ours_s": _ours(warm),
        "ours_full_s": _ours(full),
    }


def forget_remembered(project: Path) -> None:
    """Forget what a warm build reuses but the PDFs: the record of the checked site and the
    handout list (``build.add_handouts``)."""
    shutil.rmtree(project / RECORD_FOLDER, ignore_errors=True)
    for listed in (project / HANDOUT_CACHE).glob("handouts-*.bin"):
        listed.unlink()


def _medians(runs: list[list[tuple[str, float]]]) -> dict[str, float]:
    """Each step's median over the runs that took it, in the order of the first run that did."""
    samples: dict[str, list[float]] = {}
    for steps in runs:
        for name, seconds in steps:
            samples.setdefault(name, []).append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


def _ours(kind: dict[str, list]) -> float:
    """Wall clock less the engine's step: the search index runs alongside the audit and the link
    check, so adding up the steps would count that time twice."""
    engine_s = statistics.median(sum(s for name, s in steps if name in TOOL_STEPS) for steps in kind["runs"])
    return statistics.median(kind["walls"]) - engine_s


def mkdocs_alone(project: Path, result) -> float:
    """``mkdocs build`` alone (in-process, as the build calls it) on the docs/ just written,
    compiling every template as ``mkdocs build`` does (the build keeps them compiled)."""
    assert result.rendered is not None and result.content is not None
    epoch = epoch_for(max(t.review.last_reviewed for t in result.content.topics))
    # The same collector setting as the build's (build._older_objects_frozen): neither is slowed
    # by walking the objects the benchmark still holds.
    gc.freeze()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-mkdocs-") as folder:
            start = now()
            problems = mkdocs_build(project / "mkdocs.yml", project / "docs", Path(folder) / "site",
                                    result.rendered.nav, epoch, None, compiled_templates=False)
            seconds = now() - start
    finally:
        gc.unfreeze()
    if problems:
        raise SystemExit("mkdocs alone failed:\n" + report_text(problems))
    return seconds


def index_before_after(site: Path) -> dict:
    """The same records indexed through Pagefind's Python API (the old path: it waits 0.1 s after
    each record) and through the batch; whether the two indexes are the same bytes."""
    from pagefind.index import IndexConfig, PagefindIndex

    records = question_records(site)
    documents = [("/" + r.url, r.html()) for r in records]

    async def through_the_api(output: Path) -> None:
        async with PagefindIndex(config=IndexConfig(**PAGEFIND_CONFIG, output_path=str(output))) as index:
            for url, html in documents:
                await index.add_html_file(content=html, url=url)

    with tempfile.TemporaryDirectory(prefix="bench-index-") as folder:
        api, batch = Path(folder) / "api", Path(folder) / "batch"
        start = now()
        asyncio.run(through_the_api(api))
        api_s = now() - start
        start = now()
        write_index(documents, batch, PAGEFIND_CONFIG)
        batch_s = now() - start
        # Only the published files: the API's service, stopped 5 s after its last reply, has been
        # seen to leave the last unpublished file half written on a busy machine.
        same = published_index_files(_files(api)) == published_index_files(_files(batch))
    return {"answers": len(records), "api_s": api_s, "batch_s": batch_s, "same_bytes": same}


def handouts_before_after(result) -> dict:
    """Every PDF handout of the real content rendered one after the other, then across the cores,
    as a cold build renders them; whether both give the same bytes."""
    from faq_build.resolve import resolve

    assert result.content is not None
    jobs = handout_jobs(resolve(result.content), site_url=None)
    start = now()
    serial = render_jobs(jobs, workers=1)
    serial_s = now() - start
    start = now()
    parallel = render_jobs(jobs)
    parallel_s = now() - start
    return {"handouts": len(jobs), "cores": cores(), "serial_s": serial_s,
            "parallel_s": parallel_s, "same_bytes": serial == parallel}


def zensical_times(project: Path, repeats: int) -> dict:
    """Warm builds with Zensical as the engine (``faq-build build --engine zensical``)."""
    build_once(project, engine="zensical")
    walls, engine = [], []
    for _ in range(repeats):
        result, wall = build_once(project, engine="zensical")
        walls.append(wall)
        engine.append(dict(result.steps)["zensical"])
    from importlib.metadata import version

    build_once(project)  # leave the project built with MkDocs, as the other measurements expect
    return {"version": version("zensical"), "warm_wall_s": statistics.median(walls),
            "engine_s": statistics.median(engine)}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
