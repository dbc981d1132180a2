"""The ``faq-build diff`` summary as Markdown: one small renderer per section, in the order a
clinical reviewer reads them (what changed overall, pages, questions, facts, sources, glossary,
reading level, what could not be compared).

Each section returns its lines, ending with a blank line, or nothing when it has nothing to
say, so a section can be read, changed and tested on its own. The comparison itself is in
``diff.py``; this module only presents it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Fact
from ..resolve import format_fact

if TYPE_CHECKING:
    from .diff import Changes, Snapshot


def fact_value(fact: Fact) -> str:
    """A fact as the reviewer compares it: the value as printed, with its confidence interval."""
    shown = format_fact(fact)
    if fact.ci_low is not None and fact.ci_high is not None:
        shown += f" (95% CI {fact.ci_low:g} to {fact.ci_high:g})"
    return shown


def _cell(text: str, limit: int = 300) -> str:
    """Text safe inside a Markdown table cell or list item: one line, pipes escaped."""
    one_line = re.sub(r"\s+", " ", str(text)).strip()
    if len(one_line) > limit:
        one_line = one_line[: limit - 1].rstrip() + "…"
    return one_line.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def _question_line(snap: Snapshot, qid: str) -> str:
    topic, _, question = snap.questions[qid]
    return f"`{qid}` on `{topic}`: {_cell(question.question)}"


def _plural_phrase(count: int, phrase: str) -> str:
    """'1 fact changed', '2 facts changed' (the first word takes the plural)."""
    noun, _, rest = phrase.partition(" ")
    if " " in rest and rest.split(" ")[0] == "term":  # 'glossary term added'
        noun, rest = f"{noun} {rest.split(' ')[0]}", " ".join(rest.split(" ")[1:])
    return f"{count} {noun}{'' if count == 1 else 's'} {rest}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _broken_links(changes: Changes) -> int:
    """Old links to an answer that no longer reach it: renamed or moved without an alias, or removed."""
    broken = sum(1 for r in changes.renamed_questions if not r.link_works)
    return broken + sum(1 for m in changes.moved_questions if not m[3]) + len(changes.removed_questions)


def _counts(changes: Changes) -> list[tuple[int, str]]:
    """How many of each kind of change, in the order the summary line names them."""
    return [
        (len(changes.added_topics), "page added"),
        (len(changes.removed_topics), "page removed"),
        (len(changes.added_questions), "question added"),
        (len(changes.renamed_questions), "question renamed"),
        (len(changes.moved_questions), "question moved"),
        (len(changes.removed_questions), "question removed"),
        (len(changes.reworded_questions), "question reworded"),
        (len({c[0] for c in changes.fact_changes}), "fact changed"),
        (len(changes.added_facts), "fact added"),
        (len(changes.removed_facts), "fact removed"),
        (len(changes.added_sources), "source added"),
        (len(changes.removed_sources), "source removed"),
        (len({c[0] for c in changes.source_changes}), "source changed"),
        (len(changes.definition_changes), "definition changed"),
        (len(changes.added_terms), "glossary term added"),
        (len(changes.removed_terms), "glossary term removed"),
        (sum(1 for row in changes.readability if row[1] is not None), "answer changed"),
    ]


def overview_section(changes: Changes) -> list[str]:
    """The title, then one line of counts and one about broken links: what a reviewer reads first."""
    out = [f"## Content changes: {changes.base.label} → {changes.head.label}", ""]
    if changes.empty:
        out.append("No content changes: every question, fact, source and definition is the same.")
    parts = [_plural_phrase(count, phrase) for count, phrase in _counts(changes) if count]
    if parts:
        out.append("**Summary:** " + ", ".join(parts) + ".")
    broken = _broken_links(changes)
    if broken:
        out.append(f"**Links:** {_plural(broken, 'old link')} to an answer no longer work (see below).")
    return out + [""]


def pages_section(changes: Changes) -> list[str]:
    """Topic pages added or removed, and whether a removed page's address still redirects."""
    if not (changes.added_topics or changes.removed_topics):
        return []
    base, head = changes.base, changes.head
    out = ["### Pages", ""]
    out += [f"- Added page `{t}`: {_cell(head.topics[t].title)}" for t in changes.added_topics]
    for t in changes.removed_topics:
        works = any(t in topic.aliases for topic in head.topics.values())
        note = "old address redirects" if works else "**old address breaks** (`/" + t + "/`)"
        out.append(f"- Removed page `{t}`: {_cell(base.topics[t].title)}; {note}")
    return out + [""]


def _renamed_lines(changes: Changes) -> list[str]:
    lines = []
    for r in changes.renamed_questions:
        link = (
            "old link still works (alias)" if r.link_works
            else f"**old link breaks**: `/{r.old_topic}/#{r.old_id}` (add `{r.old_id}` to the question's `aliases`)"
        )
        lines.append(f"- Renamed `{r.old_id}` → `{r.new_id}` on `{r.new_topic}` ({r.reason}); {link}")
    return lines


def _moved_lines(changes: Changes) -> list[str]:
    lines = []
    for qid, old_topic, new_topic, works in changes.moved_questions:
        link = "old link still works" if works else f"**old link breaks**: `/{old_topic}/#{qid}`"
        lines.append(f"- Moved `{qid}` from `{old_topic}` to `{new_topic}`; {link}")
    return lines


def _removed_lines(changes: Changes) -> list[str]:
    base, head = changes.base, changes.head
    lines = []
    for qid in changes.removed_questions:
        topic = base.questions[qid][0]
        replaced_by = next((q for q, (_, _, item) in head.questions.items() if qid in item.aliases), None)
        link = f"old link now opens `{replaced_by}`" if replaced_by else f"**old link breaks**: `/{topic}/#{qid}`"
        lines.append(f"- Removed {_question_line(base, qid)}; {link}")
    return lines


def questions_section(changes: Changes) -> list[str]:
    """Questions added, renamed, moved, removed or reworded, each with what happens to its old link."""
    if not (changes.added_questions or changes.removed_questions or changes.renamed_questions
            or changes.moved_questions or changes.reworded_questions):
        return []
    out = ["### Questions", ""]
    out += [f"- Added {_question_line(changes.head, qid)}" for qid in changes.added_questions]
    out += _renamed_lines(changes) + _moved_lines(changes) + _removed_lines(changes)
    out += [f"- Reworded `{qid}`: {_cell(before)} → {_cell(after)}" for qid, before, after in changes.reworded_questions]
    return out + [""]


def facts_section(changes: Changes) -> list[str]:
    """Changed facts as a before/after table, then facts added and removed."""
    if not (changes.fact_changes or changes.added_facts or changes.removed_facts):
        return []
    base, head = changes.base, changes.head
    out = ["### Facts", ""]
    if changes.fact_changes:
        out += ["| fact | what changed | before | after |", "| --- | --- | --- | --- |"]
        out += [
            f"| `{fid}` | {label} | {_cell(before)} | {_cell(after)} |"
            for fid, label, before, after in changes.fact_changes
        ]
        out.append("")
    out += [f"- Added fact `{fid}`: {_cell(fact_value(head.facts[fid]))} ({_cell(head.facts[fid].population)}; "
            f"source `{head.facts[fid].source}`)" for fid in changes.added_facts]
    out += [f"- Removed fact `{fid}`: {_cell(fact_value(base.facts[fid]))}" for fid in changes.removed_facts]
    if changes.added_facts or changes.removed_facts:
        out.append("")
    return out


def sources_section(changes: Changes) -> list[str]:
    """Sources added (and whether they are verified), removed or changed."""
    if not (changes.added_sources or changes.removed_sources or changes.source_changes):
        return []
    base, head = changes.base, changes.head
    out = ["### Sources", ""]
    for sid in changes.added_sources:
        source = head.sources[sid]
        verified = "verified" if source.verified else "**not verified**"
        name = _cell(source.short_label) if source.short_label == source.title else \
            f"{_cell(source.short_label)}, {_cell(source.title, 120)}"
        out.append(f"- Added `{sid}`: {name} ({verified})")
    out += [f"- Removed `{sid}`: {_cell(base.sources[sid].short_label)}" for sid in changes.removed_sources]
    out += [
        f"- Changed `{sid}` {label}: {_cell(before)} → {_cell(after)}"
        for sid, label, before, after in changes.source_changes
    ]
    return out + [""]


def glossary_section(changes: Changes) -> list[str]:
    """Glossary terms added or removed, and definitions that changed (before → after)."""
    if not (changes.definition_changes or changes.added_terms or changes.removed_terms):
        return []
    out = ["### Glossary", ""]
    out += [f"- Added `{tid}`: {_cell(changes.head.terms[tid].definition)}" for tid in changes.added_terms]
    out += [f"- Removed `{tid}`" for tid in changes.removed_terms]
    out += [
        f"- Definition of `{tid}` changed: {_cell(before)} → {_cell(after)}"
        for tid, before, after in changes.definition_changes
    ]
    return out + [""]


def readability_section(changes: Changes) -> list[str]:
    """The reading grade of each changed or new answer, before and after."""
    if not changes.readability:
        return []
    out = [
        "### Reading level of changed answers",
        "",
        "Flesch-Kincaid grade of the short answer and body together (lower is easier; aim for about 8 or less).",
        "",
        "| answer | before | after | change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for qid, before, after in changes.readability:
        shown_before = "new" if before is None else f"{before:.1f}"
        delta = "" if before is None else f"{after - before:+.1f}"
        out.append(f"| `{qid}` | {shown_before} | {after:.1f} | {delta} |")
    return out + [""]


def problems_section(changes: Changes) -> list[str]:
    """Files either side could not read: what the summary could not say anything about."""
    problems = [(snap.label, d) for snap in (changes.base, changes.head) for d in snap.problems]
    if not problems:
        return []
    out = ["### Could not be compared", ""]
    out += [f"- {label}: `{d.position}` {d.code}: {_cell(d.message)}" for label, d in problems]
    return out + [""]


SECTIONS = (
    overview_section, pages_section, questions_section, facts_section, sources_section,
    glossary_section, readability_section, problems_section,
)
"""The summary's sections, in reading order."""


def render_markdown(changes: Changes) -> str:
    """The summary as Markdown, in the order a clinical reviewer reads it."""
    out = [line for section in SECTIONS for line in section(changes)]
    return "\n".join(out).rstrip() + "\n"
