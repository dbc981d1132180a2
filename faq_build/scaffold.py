"""``faq-build new-question``: add a question skeleton that fails the check until filled in.

The skeleton is appended with ruamel.yaml's round-trip mode, so the editor's comments,
key order and block style in the topic file are kept. Its id and texts are ``TODO``
placeholders that the PLACEHOLDER check rejects, so an unfinished question can never
be published by accident.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .model import SLUG_RE


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
        raise ScaffoldError(f"{path.relative_to(root)} cannot be read ({type(exc).__name__}); run 'make check' first")
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
    handle, temp = tempfile.mkstemp(prefix=".new-question-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(buffer.getvalue())
    os.replace(temp, path)
    return path, question_id
