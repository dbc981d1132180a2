"""``faq-build diff BASE [HEAD]``: a change summary a clinical reviewer can trust and paste.

Why: a line diff of YAML tells a reviewer that text moved, not what a patient will see
differently. This compares the *content* of two git revisions (parsed and validated by
the same loader and model as the build) and says, in Markdown: which questions were
added, removed or renamed and whether old links still work, which facts changed value,
source or population (old -> new), which sources came or went, which definitions
changed, and how each changed answer's reading level moved.

This module reads both sides and compares them; ``diff_report`` writes the Markdown, one
section at a time. Files are read with ``git show REV:path``; nothing in the working folder
changes. Without HEAD the working folder is compared (like ``git diff BASE``), so an editor
can see the summary before committing.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..fsutil import read_regular, scan_content
from ..load import MAX_FILE_BYTES, kind_for, parse_files
from ..model import Fact, FactsFile, GlossaryFile, Question, Source, SourcesFile, Term, Topic
from ..source import RawDocument
from ..text.readability import fk_grade
from ..validate import check_structure, validate
from .diff_report import fact_value, render_markdown

SUMMARIZED_KINDS = {"topic", "facts", "sources", "glossary"}
"""The kinds of file the summary reports on; a problem elsewhere (site wording) does not make it incomplete."""

WORKING = None
"""``head=None`` means the files in the working folder."""


class DiffError(Exception):
    """A usage problem: not a git repository, unknown revision."""


# --------------------------------------------------------------------------- reading revisions


def _git(root: Path, *args: str) -> bytes:
    try:
        completed = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise DiffError("git is not installed, so revisions cannot be compared") from None
    if completed.returncode != 0:
        raise DiffError(completed.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return completed.stdout


def revision_files(root: Path, revision: str) -> dict[str, bytes]:
    """Every file under ``content/`` at a revision, as ``{"content/...": bytes}``."""
    if revision.startswith("-"):
        raise DiffError(f"'{revision}' is not a revision")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except DiffError:
        raise DiffError(
            f"'{revision}' is not a revision of this repository (try a branch name, a tag or a commit id)"
        ) from None
    listing = _git(root, "ls-tree", "-r", "-z", "--name-only", revision, "--", "content")
    names = [name for name in listing.decode("utf-8").split("\0") if name]
    return {name: _git(root, "show", f"{revision}:./{name}") for name in sorted(names)}


def working_files(root: Path) -> dict[str, bytes]:
    """The working folder's content files, read as the build reads them (no links, no special files)."""
    found, _ = scan_content(root / "content")
    files: dict[str, bytes] = {}
    for relative, path in found.items():
        data, problem = read_regular(path, relative, MAX_FILE_BYTES + 1)
        if problem is None and data is not None:
            files[relative] = data
    return files


# --------------------------------------------------------------------------- snapshots


@dataclass
class Snapshot:
    """What one revision says, keyed by id, in topic order."""

    label: str
    topics: dict[str, Topic] = field(default_factory=dict)
    questions: dict[str, tuple[str, int, Question]] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    topic_files: dict[str, str] = field(default_factory=dict)

    @property
    def unreadable(self) -> set[str]:
        """Files this side could not read: their items are neither 'added' nor 'removed' (we do not know)."""
        return {d.file for d in self.problems}


def snapshot(files: dict[str, bytes], label: str, *, today: date) -> Snapshot:
    """Parse and validate one revision's files (pure).

    Cross-reference errors do not stop the summary (an old revision may have an overdue
    review by today's clock); files whose structure is broken are left out and listed.
    """
    documents, load_problems = parse_files(files)
    content, problems = validate(documents, today=today, load_problems=load_problems)
    snap = Snapshot(label=label)
    snap.problems = [
        d for d in load_problems + problems
        if d.severity is Severity.ERROR and _blocks_reading(d) and kind_for(d.file) in SUMMARIZED_KINDS
    ]
    if content is not None:
        topics = list(content.topics)
        snap.topic_files = {t.id: content.where[f"topic:{t.id}"][0].path for t in topics if f"topic:{t.id}" in content.where}
        snap.facts, snap.sources, snap.terms = dict(content.facts), dict(content.sources), dict(content.terms)
    else:
        topics = []
        for doc, model in _structural_models(documents):
            if isinstance(model, Topic):
                topics.append(model)
                snap.topic_files.setdefault(model.id, doc.path)
            elif isinstance(model, FactsFile):
                snap.facts.update({fact.id: fact for fact in model.facts})
            elif isinstance(model, SourcesFile):
                snap.sources.update({source.id: source for source in model.sources})
            elif isinstance(model, GlossaryFile):
                snap.terms.update({term.id: term for term in model.terms})
        topics.sort(key=lambda t: (t.order, t.id))
    for topic in topics:
        snap.topics.setdefault(topic.id, topic)
        for index, question in enumerate(topic.questions):
            snap.questions.setdefault(question.id, (topic.id, index, question))
    return snap


def _blocks_reading(diagnostic: Diagnostic) -> bool:
    """Problems that leave something out of the summary (not e.g. an overdue review)."""
    return diagnostic.code.startswith(("YAML-", "FILE-", "FIELD-", "DATE-", "ID-INVALID", "CONTENT-FILE", "SOURCE-", "FACT-"))


def _structural_models(documents: list[RawDocument]) -> Iterable[tuple[RawDocument, Any]]:
    for doc in documents:
        model, _ = check_structure(doc)
        if model is not None:
            yield doc, model


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Rename:
    old_id: str
    new_id: str
    old_topic: str
    new_topic: str
    reason: str
    link_works: bool


@dataclass
class Changes:
    base: Snapshot
    head: Snapshot
    added_questions: list[str] = field(default_factory=list)
    removed_questions: list[str] = field(default_factory=list)
    renamed_questions: list[Rename] = field(default_factory=list)
    moved_questions: list[tuple[str, str, str, bool]] = field(default_factory=list)
    reworded_questions: list[tuple[str, str, str]] = field(default_factory=list)
    added_topics: list[str] = field(default_factory=list)
    removed_topics: list[str] = field(default_factory=list)
    fact_changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    added_facts: list[str] = field(default_factory=list)
    removed_facts: list[str] = field(default_factory=list)
    added_sources: list[str] = field(default_factory=list)
    removed_sources: list[str] = field(default_factory=list)
    source_changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    added_terms: list[str] = field(default_factory=list)
    removed_terms: list[str] = field(default_factory=list)
    definition_changes: list[tuple[str, str, str]] = field(default_factory=list)
    readability: list[tuple[str, float | None, float]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            getattr(self, name) for name in self.__dataclass_fields__ if name not in ("base", "head")
        )


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _link_works(old_id: str, old_topic: str, new_question: Question, new_topic: Topic) -> bool:
    """An old link ``/<old_topic>/#<old_id>`` still reaches the answer only through aliases."""
    same_page = old_topic == new_topic.id or old_topic in new_topic.aliases
    return same_page and (old_id == new_question.id or old_id in new_question.aliases)


def _answer_text(question: Question) -> str:
    return question.short_answer + "\n\n" + question.body


def compare(base: Snapshot, head: Snapshot) -> Changes:
    """What changed from ``base`` to ``head`` (pure)."""
    changes = Changes(base=base, head=head)

    def comparable(path: str | None) -> bool:
        """Both sides could read this file, so 'added' and 'removed' are real changes."""
        return path not in base.unreadable and path not in head.unreadable

    removed = [qid for qid in base.questions if qid not in head.questions]
    added = [qid for qid in head.questions if qid not in base.questions]
    for old_id in list(removed):
        old_topic, old_index, old_q = base.questions[old_id]
        match = next((a for a in added if _norm(head.questions[a][2].question) == _norm(old_q.question)), None)
        reason = "same question text"
        if match is None:
            match = next((a for a in added if head.questions[a][:2] == (old_topic, old_index)), None)
            reason = "same place on the same page"
        if match is None:
            continue
        new_topic_id, _, new_q = head.questions[match]
        works = _link_works(old_id, old_topic, new_q, head.topics[new_topic_id])
        changes.renamed_questions.append(Rename(old_id, match, old_topic, new_topic_id, reason, works))
        removed.remove(old_id)
        added.remove(match)
    # A question "removed" because the other side's file could not be read is not news; leave it out.
    changes.added_questions = [q for q in added if comparable(head.topic_files.get(head.questions[q][0]))]
    changes.removed_questions = [q for q in removed if comparable(base.topic_files.get(base.questions[q][0]))]

    pairs = [(qid, qid) for qid in base.questions if qid in head.questions]
    pairs += [(r.old_id, r.new_id) for r in changes.renamed_questions]
    for old_id, new_id in pairs:
        old_topic, _, old_q = base.questions[old_id]
        new_topic, _, new_q = head.questions[new_id]
        if old_id == new_id and old_topic != new_topic:
            works = _link_works(old_id, old_topic, new_q, head.topics[new_topic])
            changes.moved_questions.append((new_id, old_topic, new_topic, works))
        if _norm(old_q.question) != _norm(new_q.question):
            changes.reworded_questions.append((new_id, old_q.question, new_q.question))
        if _answer_text(old_q) != _answer_text(new_q):
            changes.readability.append((new_id, fk_grade(_answer_text(old_q)), fk_grade(_answer_text(new_q))))
    for qid in changes.added_questions:
        changes.readability.append((qid, None, fk_grade(_answer_text(head.questions[qid][2]))))
    order = list(head.questions)
    changes.readability.sort(key=lambda row: order.index(row[0]))

    changes.added_topics = [t for t in head.topics if t not in base.topics and comparable(head.topic_files.get(t))]
    changes.removed_topics = [t for t in base.topics if t not in head.topics and comparable(base.topic_files.get(t))]
    _compare_facts(changes, comparable("content/facts.yml"))
    _compare_sources(changes, comparable("content/sources.yml"))
    _compare_terms(changes, comparable("content/glossary.yml"))
    return changes


def _compare_facts(changes: Changes, comparable: bool) -> None:
    base, head = changes.base, changes.head
    if comparable:
        changes.added_facts = sorted(set(head.facts) - set(base.facts))
        changes.removed_facts = sorted(set(base.facts) - set(head.facts))
    for fid in sorted(set(base.facts) & set(head.facts)):
        old, new = base.facts[fid], head.facts[fid]
        for label, before, after in (
            ("value", fact_value(old), fact_value(new)),
            ("source", old.source, new.source),
            ("population", old.population, new.population),
            ("where in the source", old.locator, new.locator),
            ("measure", old.measure, new.measure),
        ):
            if before != after:
                changes.fact_changes.append((fid, label, before, after))


def _compare_sources(changes: Changes, comparable: bool) -> None:
    base, head = changes.base, changes.head
    if comparable:
        changes.added_sources = sorted(set(head.sources) - set(base.sources))
        changes.removed_sources = sorted(set(base.sources) - set(head.sources))
    for sid in sorted(set(base.sources) & set(head.sources)):
        old_s, new_s = base.sources[sid], head.sources[sid]
        for label in ("doi", "pmid", "url", "verified", "title", "year"):
            before, after = getattr(old_s, label), getattr(new_s, label)
            if before != after:
                changes.source_changes.append((sid, label, _shown(before), _shown(after)))


def _compare_terms(changes: Changes, comparable: bool) -> None:
    base, head = changes.base, changes.head
    if comparable:
        changes.added_terms = sorted(set(head.terms) - set(base.terms))
        changes.removed_terms = sorted(set(base.terms) - set(head.terms))
    for tid in sorted(set(base.terms) & set(head.terms)):
        if _norm(base.terms[tid].definition) != _norm(head.terms[tid].definition):
            changes.definition_changes.append((tid, base.terms[tid].definition, head.terms[tid].definition))


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def summarize(root: Path, base: str, head: str | None, *, today: date) -> tuple[str, Changes]:
    """Read both sides, compare them and render the Markdown summary."""
    base_snap = snapshot(revision_files(root, base), f"`{base}`", today=today)
    if head is WORKING:
        head_snap = snapshot(working_files(root), "working folder", today=today)
    else:
        head_snap = snapshot(revision_files(root, head), f"`{head}`", today=today)
    changes = compare(base_snap, head_snap)
    return render_markdown(changes), changes
