"""``faq-build new-question`` and ``new-topic``: skeletons that fail the check until filled in.

The skeleton is appended with ruamel.yaml's round-trip mode, so the editor's comments,
key order and block style in the topic file are kept. Its id and texts are ``TODO``
placeholders that the PLACEHOLDER check rejects, so an unfinished question can never
be published by accident.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..fsutil import atomic_write_text
from ..model import SLUG_RE

REVIEW_INTERVAL_DAYS = 365
"""A new topic's first review is due a year after it was drafted (the check allows up to three)."""


class ScaffoldError(Exception):
    """A usage problem: unknown topic, unreadable topic file."""


def new_question(root: Path, topic_id: str, *, today: date) -> tuple[Path, str]:
    if not SLUG_RE.match(topic_id):
        raise ScaffoldError(f"'{topic_id}' is not a topic id (lowercase letters, digits and hyphens)")
    path = root / "content" / "topics" / f"{topic_id}.yml"
    if not path.is_file():
        known = sorted(p.stem for p in (root / "content" / "topics").glob("*.yml"))
        raise ScaffoldError(f"no topic '{topic_id}' in content/topics/ (topics: {', '.join(known) or 'none'})")
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except Exception as exc:  # the topic file itself is broken; 'make check' explains where
        raise ScaffoldError(f"{path.relative_to(root)} cannot be read ({type(exc).__name__}); run 'make check' first") from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise ScaffoldError(f"{path.relative_to(root)} has no 'questions' list; run 'make check' first")
    questions: CommentedSeq = data["questions"]
    existing = {q.get("id") for q in questions if isinstance(q, dict)}
    number = 1
    while f"todo-new-question-{number}" in existing:
        number += 1
    question_id = f"todo-new-question-{number}"
    item = CommentedMap()
    item["id"] = question_id
    item["question"] = "TODO: the question, in the words a patient would use"
    item["short_answer"] = "TODO: one or two sentences that answer the question."
    item["body"] = LiteralScalarString("TODO: the detail, then what you can do.\n")
    item["also_called"] = CommentedSeq(["TODO: words people type when they search"])
    item["related"] = CommentedSeq()
    item["sources"] = CommentedSeq()
    item.yaml_set_start_comment(f"drafted {today.isoformat()}: a clinician reviews it and updates the topic's review dates")
    questions.append(item)
    buffer = StringIO()
    yaml.dump(data, buffer)
    atomic_write_text(path, buffer.getvalue())
    return path, question_id


def _topic_skeleton(topic_id: str, order: int, today: date) -> str:
    """The text of a new topic file: valid YAML and valid structure, but every TODO fails PLACEHOLDER.

    Written as text rather than built with ruamel so the guiding comments sit exactly
    where an editor needs them; ``faq-build fmt`` keeps them (a test checks the skeleton
    is already formatted).
    """
    due = today + timedelta(days=REVIEW_INTERVAL_DAYS)
    return f"""\
# Topic drafted {today.isoformat()}. Replace every TODO, then run 'make check'.
# Write for patients: short sentences, no blame, numbers only as {{{{ fact: id }}}}.
id: {topic_id}
title: "TODO: the page heading, in plain words"
summary: "TODO: one line for the home page: what this page answers"
order: {order}
review:
  # 'pending' until a clinician has checked the page; then status: reviewed, with
  # reviewer (their name) and reviewer_role, and the date of their review.
  status: pending
  last_reviewed: {today.isoformat()}
  next_review_due: {due.isoformat()}
key_points:
  - "TODO: what a reader should take away, in one plain sentence"
  - "TODO: a second key point"
  - "TODO: the main thing to do, e.g. Ask your doctor ..."
questions:
  - id: todo-new-question-1
    question: "TODO: the question, in the words a patient would use"
    short_answer: "TODO: one or two sentences that answer the question."
    body: |
      TODO: the detail, then what you can do.
    also_called:
      - "TODO: words people type when they search"
    related: []
    sources: []
"""


def new_topic(root: Path, topic_id: str, *, today: date) -> Path:
    """Create ``content/topics/<id>.yml`` from the skeleton, placed last in the menu."""
    from ..checks.ids import RESERVED_PAGE_IDS
    from ..load import parse_document

    if not SLUG_RE.match(topic_id) or len(topic_id) < 2:
        raise ScaffoldError(
            f"'{topic_id}' is not a topic id (lowercase letters, digits and single hyphens, e.g. 'ect-explained')"
        )
    if topic_id in RESERVED_PAGE_IDS:
        raise ScaffoldError(f"'{topic_id}' is reserved for a site page; choose another id")
    folder = root / "content" / "topics"
    path = folder / f"{topic_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists; use 'faq-build new-question {topic_id}' to add a question")
    orders = [0]
    for existing in sorted(folder.glob("*.yml")):
        doc, _ = parse_document(existing.read_bytes(), existing.name, "topic")
        if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("order"), int):
            orders.append(doc.data["order"])
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, _topic_skeleton(topic_id, max(orders) + 1, today))
    return path
