"""``faq-build new-topic``: a valid skeleton that fails the check until every TODO is filled in."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, run_cli


def test_new_topic_skeleton_is_valid_formatted_and_fails_only_on_placeholders(project: Path):
    result = run_cli("--today", TODAY.isoformat(), "new-topic", "ect-explained", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "content/topics/ect-explained.yml"
    text = path.read_text()
    assert "id: ect-explained" in text and "order: 2" in text  # after the fixture's order 1
    assert f"last_reviewed: {TODAY.isoformat()}" in text
    assert run_cli("fmt", "--check", "content/topics/ect-explained.yml", cwd=project).returncode == 0  # canonical layout

    check = run_cli("--today", TODAY.isoformat(), "check", cwd=project)
    assert check.returncode == 1
    codes = {line.split()[2].rstrip(":") for line in check.stdout.splitlines() if " error " in line}
    assert codes == {"PLACEHOLDER"}, check.stdout
    assert "content/topics/ect-explained.yml:" in check.stdout

    filled = (
        text.replace("TODO: the page heading, in plain words", "ECT explained")
        .replace("TODO: one line for the home page: what this page answers", "What ECT is and how it helps.")
        .replace("TODO: what a reader should take away, in one plain sentence", "ECT can help severe depression.")
        .replace("TODO: a second key point", "You can change your mind at any time.")
        .replace("TODO: the main thing to do, e.g. Ask your doctor ...", "Ask your care team about it.")
        .replace("todo-new-question-1", "what-is-ect")
        .replace("TODO: the question, in the words a patient would use", "What is ECT?")
        .replace("TODO: one or two sentences that answer the question.", "ECT is a treatment for severe depression.")
        .replace("TODO: the detail, then what you can do.", "Ask your care team about it.")
        .replace("TODO: words people type when they search", "shock therapy")
    )
    assert "TODO" not in filled.split("\n", 2)[2]  # only the header comment mentions TODO
    path.write_text(filled)
    after = run_cli("--today", TODAY.isoformat(), "check", cwd=project)
    assert after.returncode == 0, after.stdout


def test_new_topic_refuses_bad_ids_and_never_overwrites(project: Path):
    existing = project / "content/topics/example-topic.yml"
    before = existing.read_bytes()
    for bad in ("example-topic", "Not A Slug", "glossary", "x"):
        result = run_cli("new-topic", bad, cwd=project)
        assert result.returncode == 2, bad
        assert "Traceback" not in result.stdout + result.stderr
    assert existing.read_bytes() == before
    assert sorted(p.name for p in (project / "content/topics").iterdir()) == ["example-topic.yml"]
