"""``faq-build review-due``: every topic with its review dates and status, sorted by date."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from conftest import TOPIC, run_cli

from faq_build.commands.review_due import Status, status_for

TODAY = "2026-06-01"


def add_topic(project: Path, topic_id: str, last: str, due: str, role: str) -> None:
    """A copy of the example topic with its own id, question ids and review dates."""
    text = (project / TOPIC).read_text()
    text = text.replace("id: example-topic", f"id: {topic_id}")
    text = text.replace("first-question", f"{topic_id}-first").replace("second-question", f"{topic_id}-second")
    text = text.replace("last_reviewed: 2026-01-10", f"last_reviewed: {last}")
    text = text.replace("next_review_due: 2027-01-10", f"next_review_due: {due}")
    text = text.replace("reviewer_role: Test reviewer", f"reviewer_role: {role}")
    (project / "content" / "topics" / f"{topic_id}.yml").write_text(text)


def test_status_boundaries():
    today = date(2026, 6, 1)
    assert status_for(date(2026, 5, 31), today=today, within_days=30) is Status.OVERDUE
    assert status_for(date(2026, 6, 1), today=today, within_days=30) is Status.DUE_SOON  # due today: not yet overdue
    assert status_for(date(2026, 7, 1), today=today, within_days=30) is Status.DUE_SOON
    assert status_for(date(2026, 7, 2), today=today, within_days=30) is Status.FINE


def test_table_sorted_by_next_review_with_statuses(project: Path):
    add_topic(project, "overdue-topic", "2025-01-01", "2026-05-01", "GP")
    add_topic(project, "soon-topic", "2025-12-01", "2026-06-20", "Clinical psychologist")
    result = run_cli("--today", TODAY, "review-due", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr  # something is overdue
    rows = [re.split(r"\s{2,}", line.strip()) for line in result.stdout.splitlines()[1:4]]
    assert rows == [
        ["OVERDUE", "2026-05-01", "2025-01-01", "overdue-topic", "GP"],
        ["due soon", "2026-06-20", "2025-12-01", "soon-topic", "Clinical psychologist"],
        ["fine", "2027-01-10", "2026-01-10", "example-topic", "Test reviewer"],
    ]
    assert "Clinical psychologist" in result.stdout and "Test reviewer" in result.stdout
    assert "1 overdue, 1 due soon, 1 fine" in result.stdout


def test_within_widens_due_soon_and_json_output(project: Path):
    add_topic(project, "soon-topic", "2025-12-01", "2026-06-20", "Clinical psychologist")
    result = run_cli("--today", TODAY, "review-due", "--within", "365", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["today"] == TODAY and report["within_days"] == 365
    assert [(t["topic"], t["status"], t["days_left"]) for t in report["topics"]] == [
        ("soon-topic", "due soon", 19),
        ("example-topic", "due soon", 223),
    ]
    first = report["topics"][0]
    assert first["reviewer_role"] == "Clinical psychologist"
    assert first["last_reviewed"] == "2025-12-01" and first["next_review_due"] == "2026-06-20"
    assert first["file"] == "content/topics/soon-topic.yml"


def test_clock_from_environment(project: Path):
    result = run_cli("review-due", "--json", cwd=project, env={"FAQ_BUILD_TODAY": "2027-02-01"})
    assert json.loads(result.stdout)["topics"][0]["status"] == "overdue"
    assert result.returncode == 1


def test_works_while_other_content_is_broken_and_reports_unreadable_topics(project: Path):
    (project / "content/facts.yml").write_text("facts: [\n")
    add_topic(project, "broken-topic", "2025-01-01", "2026-05-01", "GP")
    broken = project / "content/topics/broken-topic.yml"
    broken.write_text(broken.read_text().replace("order: 1", "order: first"))
    result = run_cli("--today", TODAY, "review-due", cwd=project)
    assert "example-topic" in result.stdout and "broken-topic" not in result.stdout
    assert "content/topics/broken-topic.yml:" in result.stderr and "FIELD-TYPE" in result.stderr
    assert "facts.yml" not in result.stderr
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_usage_errors(project: Path):
    assert run_cli("review-due", "--within", "-3", cwd=project).returncode == 2
    assert run_cli("review-due", "--within", "soon", cwd=project).returncode == 2
    assert run_cli("--today", "2026-02-30", "review-due", cwd=project).returncode == 2
