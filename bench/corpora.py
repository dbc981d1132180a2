"""Synthetic corpora: the real content's questions cloned to 100, 1,000 or 10,000, timed through
validate + resolve + render in memory, and through the whole pipeline (check, generate, MkDocs,
search index, audit, links) as a project on disk."""

from __future__ import annotations

import copy
import math
import re
import statistics
import time
from datetime import date
from pathlib import Path

import yaml
from build_times import build_once

from faq_build.fsutil import read_content
from faq_build.load import MAX_FILE_BYTES, load_content, parse_files
from faq_build.render import render
from faq_build.report import text as report_text
from faq_build.resolve import resolve
from faq_build.validate import validate


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


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

    def existing(ref: str) -> str | None:
        """The reference if that copy was made, else copy 0 of it, else None (a corpus smaller than
        the real content leaves some questions out altogether)."""
        for candidate in (ref, re.sub(r"-s\d+$", "-s0", ref)):
            if candidate in made_ids:
                return candidate
        return None

    def linked(match: re.Match[str]) -> str:
        target = existing(match.group(2))
        return match.group(1) + target + match.group(3) if target else "another answer"

    for q in made:  # a reference into the unfinished last copy falls back to copy 0
        for field in ("body", "short_answer"):
            if isinstance(q.get(field), str):
                q[field] = QUESTION_REF.sub(linked, q[field])
        if q.get("related"):
            q["related"] = [target for target in map(existing, q["related"]) if target] or None
            if q["related"] is None:
                del q["related"]
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


PLACEHOLDER_PDF = b"%PDF-1.7\n% bench placeholder: handouts are timed on the real content\n%%EOF\n"


def end_to_end(content_dir: Path, size: int, project: Path, template: Path) -> dict:
    """``size`` questions built as a real project (``template``'s mkdocs.yml and overrides): every
    step of a build, timed by the build. The PDF handouts come from a pre-filled cache (a
    placeholder file per handout, as a rebuild takes them from the cache): at 50 questions a topic
    each handout is long, and rendering them all (600 at 10,000 questions) would take most of an
    hour on 2 cores; their rendering is measured on the real content instead (build_times)."""
    import shutil

    from faq_build.build import check, handout_cache
    from faq_build.outputs.handouts import handout_jobs

    project.mkdir(parents=True)
    shutil.copy2(template / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(template / "overrides", project / "overrides")
    for relative, data in synthetic_files(content_dir, size).items():
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    checked = check(project, today=date.today())
    if not checked.ok or checked.content is None:
        raise SystemExit(f"the synthetic corpus of {size} does not pass the check:\n" + report_text(checked.report.errors[:10]))
    cache = handout_cache(project)
    jobs = handout_jobs(resolve(checked.content), site_url=None)
    for job in jobs:
        cache.put(job.key, PLACEHOLDER_PDF)
    result, wall = build_once(project)
    assert result.content is not None
    return {"questions": sum(1 for _ in result.content.questions()), "topics": len(result.content.topics),
            "handouts": len(jobs), "steps_s": dict(result.steps), "wall_s": wall}
