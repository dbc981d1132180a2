"""The orchestrator: a short, readable list of stage calls (load -> validate -> resolve -> render -> write).

Like MkDocs' own ``commands/build.py``: gather everything first, resolve, then write.
Every stage returns data; only ``load`` and ``write`` touch the file system.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostic, Report
from .load import RawDocument, load_content, load_published_links
from .model import Content
from .origins import Origins
from .outputs.published_links import manifest_text
from .render import RenderedSite, render
from .resolve import resolve
from .site_address import NO_ADDRESS_NOTE, address_of, release_refusal
from .validate import validate
from .write import FileCache, epoch_for, handout_cache, project_lock, publish


@dataclass
class BuildResult:
    report: Report
    content: Content | None = None
    rendered: RenderedSite | None = None
    stats: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Plain lines for the summary that are neither errors nor warnings (no public address yet)."""

    @property
    def ok(self) -> bool:
        return self.report.ok


def check(root: Path, *, today: date) -> BuildResult:
    """Load and validate; nothing is written."""
    documents, load_problems = load_content(root / "content")
    published = load_published_links(root)
    content, problems = validate(documents, today=today, published=published, load_problems=load_problems)
    report = Report(load_problems + problems)
    stats = _stats(content) if content is not None else _raw_stats(documents)
    return BuildResult(report=report, content=content if report.ok else None, stats=stats,
                       notes=content_notes(content) if content is not None else [])


def content_notes(content: Content) -> list[str]:
    """What the summary says about the site as readers see it: pages no clinician has checked yet,
    and a missing 'Report a problem' address (also the REPORT-ADDRESS-UNSET warning)."""
    notes = []
    pending = [t.id for t in content.topics if not t.review.is_reviewed]
    if pending:
        notes.append(
            f"{len(pending)} of {len(content.topics)} topics are pending clinical review; each tells readers "
            "'A doctor has not checked this page yet' and claims no reviewer."
        )
    if not content.site.report_problem:
        notes.append(
            "No 'Report a problem' address (report_problem in content/site.yml): pages tell readers to "
            "contact the service that gave them the link."
        )
    return notes


def generate(
    content: Content, *, with_handouts: bool = False, site_url: str | None = None, cache: FileCache | None = None
) -> RenderedSite:
    """Resolve references, render pages and, ``with_handouts``, the PDF handouts.

    ``site_url`` is the public address (``site_address.public_address``): printed on the
    handouts and in their QR code; ``None`` prints neither. Handouts are the slow part of a
    build, so an optional content-addressed cache skips the ones that did not change.
    """
    resolved = resolve(content)
    rendered = render(resolved)
    if with_handouts:
        from .outputs.handouts import handout_jobs, render_jobs

        jobs = handout_jobs(resolved, site_url=site_url)
        cached = {job.key: cache.get(job.key) for job in jobs} if cache else {}
        missing = [job for job in jobs if cached.get(job.key) is None]
        made = dict(zip((job.key for job in missing), render_jobs(missing), strict=True))  # in parallel
        for job in jobs:
            data = cached.get(job.key)
            if data is None:
                data = made[job.key]
                if cache:
                    cache.put(job.key, data)
            rendered.binary[job.path] = data
        if cache:
            cache.prune({job.key for job in jobs})
    return rendered


def build(root: Path, *, today: date, build_site: bool = True, release: bool = False) -> BuildResult:
    """Validate, generate ``docs/`` and build ``site/``; nothing changes on disk unless all succeed.

    A ``release`` build refuses to start without a real public address (``SITE-ADDRESS``): it
    then reads no content and writes nothing, not even the lock file. One build at a time per
    folder (a second one waits briefly, then raises ``PublishError``), so the published-links
    manifest read here is the one the new manifest extends."""
    if release:
        refusal = release_refusal(root)
        if refusal is not None:
            return BuildResult(report=Report([refusal]))
    with project_lock(root):
        return _build(root, today=today, build_site=build_site)


def _build(root: Path, *, today: date, build_site: bool) -> BuildResult:
    result = check(root, today=today)
    if not result.ok or result.content is None:
        return result
    address = address_of(root)
    cache = handout_cache(root)
    result.rendered = generate(result.content, with_handouts=True, site_url=address, cache=cache)
    newest_review = max(t.review.last_reviewed for t in result.content.topics)
    manifest = manifest_text(result.content, load_published_links(root))
    problems: list[Diagnostic] = publish(
        root, result.rendered, epoch=epoch_for(newest_review), build_site=build_site, manifest=manifest,
        origins=Origins(result.content), site_url=address,
    )
    result.report.extend(problems)
    if address is None:
        result.notes.append(NO_ADDRESS_NOTE)
    return result


def _raw_stats(documents: list[RawDocument]) -> dict[str, object]:
    """Best-effort counts when the content did not validate, so the summary still orients the editor."""

    def items(kind: str, key: str) -> int:
        return sum(
            len(d.data.get(key) or []) for d in documents
            if d.kind == kind and isinstance(d.data, dict) and isinstance(d.data.get(key) or [], list)
        )

    topics = [d for d in documents if d.kind == "topic"]
    return {
        "topics": len(topics),
        "questions": items("topic", "questions"),
        "facts": items("facts", "facts"),
        "sources": items("sources", "sources"),
        "unverified_sources": "?",
        "terms": items("glossary", "terms"),
    }


def _stats(content: Content) -> dict[str, object]:
    lengths = [len(q.short_answer.split()) for _, q in content.questions()]
    from .checks import crisis_numbers, text_fields
    from .text.numbers import scan

    allowed_numbers = 0
    crisis = crisis_numbers(content)
    for text_field in text_fields(content):
        allowed_numbers += sum(scan(text_field.text, crisis)[1].values())
    from .checks import answer_grade, answer_text

    grades = sorted(((answer_grade(answer_text(q)), q.id) for _, q in content.questions()), reverse=True)
    return {
        "grade_median": statistics.median(g for g, _ in grades) if grades else 0.0,
        "grade_worst": grades[:5],
        "disputed_facts": sum(1 for f in content.facts.values() if f.disputed_by),
        "allowed_numbers": allowed_numbers,
        "topics": len(content.topics),
        "questions": len(lengths),
        "facts": len(content.facts),
        "terms": len(content.terms),
        "sources": len(content.sources),
        "unverified_sources": sum(1 for s in content.sources.values() if not s.verified),
        "median_short_answer_words": statistics.median(lengths) if lengths else 0,
    }


def readability_line(result: BuildResult) -> str | None:
    """'Reading level: median 5.1; hardest: a 7.9, b 7.5, ...' (Flesch-Kincaid grade)."""
    stats = result.stats
    if "grade_median" not in stats:
        return None
    worst = ", ".join(f"{qid} {grade:.1f}" for grade, qid in stats["grade_worst"])
    return f"Reading level (Flesch-Kincaid grade): median {stats['grade_median']:.1f}; hardest: {worst}"


def summary_line(result: BuildResult) -> str:
    """The one-line summary every command ends with."""
    stats = result.stats
    parts = []
    if stats:
        parts += [
            _plural(stats["topics"], "topic"),
            _plural(stats["questions"], "question"),
            _plural(stats["facts"], "fact") + (f" ({stats['disputed_facts']} disputed)" if "disputed_facts" in stats else ""),
            _plural(stats["sources"], "source") + f" ({stats['unverified_sources']} unverified)",
            _plural(stats["terms"], "term"),
        ]
        if "allowed_numbers" in stats:
            parts.append(_plural(stats["allowed_numbers"], "allowlisted number"))
    parts += [_plural(len(result.report.errors), "error"), _plural(len(result.report.warnings), "warning")]
    return ", ".join(parts)


def _plural(count: object, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
