"""The browser editor in the published site for a git host (``outputs/editor_site.py``), and the
pull-request review that its editorial workflow leads to (``.ci/review-summary``, the workflow)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, TODAY, TOPIC, git, make_project, run_cli, tree_bytes
from ruamel.yaml import YAML

from faq_build.build import build
from faq_build.commands.cms_config import config, render
from faq_build.fsutil import pinned_env
from faq_build.load import load_content
from faq_build.outputs.editor_site import (
    BACKEND_META,
    DECAP_FILE_RE,
    DECAP_FILES,
    POLICY,
    GitHost,
    configured_host,
    editor_config,
    editor_page,
)

HOST = GitHost(repo="my-clinic/faq", branch="main", auth_url="https://auth.my-clinic.org/")
EDITOR_ENV = {"FAQ_EDITOR_REPO": "my-clinic/faq", "FAQ_EDITOR_BRANCH": None, "FAQ_EDITOR_AUTH_URL": None}


def _problems(environ: dict[str, str]) -> list[tuple[str, str, str]]:
    host, problems = configured_host(environ)
    assert host is None
    return [(d.code, d.position.file, d.message) for d in problems]


# --------------------------------------------------------------------------- settings


def test_no_repository_means_no_published_editor():
    assert configured_host({}) == (None, [])
    assert configured_host({"FAQ_EDITOR_REPO": "  "}) == (None, [])


def test_sound_settings_give_the_git_host():
    assert configured_host({"FAQ_EDITOR_REPO": "my-clinic/faq"}) == (GitHost("my-clinic/faq", "main", None), [])
    environ = {"FAQ_EDITOR_REPO": " my-clinic/faq.site ", "FAQ_EDITOR_BRANCH": "content/live",
               "FAQ_EDITOR_AUTH_URL": "https://auth.my-clinic.org/"}
    assert configured_host(environ) == (GitHost("my-clinic/faq.site", "content/live", "https://auth.my-clinic.org/"), [])


@pytest.mark.parametrize("repo", ["my-clinic", "my clinic/faq", "-clinic/faq", "a/b/c", "clinic/", "https://github.com/a/b"])
def test_a_malformed_repository_is_refused(repo: str):
    assert _problems({"FAQ_EDITOR_REPO": repo}) == [("EDITOR-HOST", "FAQ_EDITOR_REPO", "not a GitHub repository name")]


@pytest.mark.parametrize("branch", ["a..b", "/main", "main/", "main.lock", "ma in", "x@{1}", "a//b", "main."])
def test_a_malformed_branch_is_refused(branch: str):
    environ = {"FAQ_EDITOR_REPO": "my-clinic/faq", "FAQ_EDITOR_BRANCH": branch}
    assert _problems(environ) == [("EDITOR-HOST", "FAQ_EDITOR_BRANCH", "not a branch name")]


@pytest.mark.parametrize("auth", ["http://auth.my-clinic.org/", "https://localhost/", "https://auth.example.org/",
                                  "auth.my-clinic.org", "ftp://auth.my-clinic.org/"])
def test_a_sign_in_address_that_is_not_a_real_https_server_is_refused(auth: str):
    environ = {"FAQ_EDITOR_REPO": "my-clinic/faq", "FAQ_EDITOR_AUTH_URL": auth}
    assert _problems(environ) == [("EDITOR-HOST", "FAQ_EDITOR_AUTH_URL", "not the https:// address of a real server")]


def test_every_wrong_setting_is_reported_at_once_and_stray_settings_too():
    environ = {"FAQ_EDITOR_REPO": "x", "FAQ_EDITOR_BRANCH": "a..b", "FAQ_EDITOR_AUTH_URL": "http://a.org/"}
    assert [p[1] for p in _problems(environ)] == ["FAQ_EDITOR_REPO", "FAQ_EDITOR_BRANCH", "FAQ_EDITOR_AUTH_URL"]
    stray = {"FAQ_EDITOR_BRANCH": "main", "FAQ_EDITOR_AUTH_URL": "https://auth.my-clinic.org/"}
    message = "is set but FAQ_EDITOR_REPO is not, so there is no editor to set up"
    assert _problems(stray) == [("EDITOR-HOST", "FAQ_EDITOR_BRANCH", f"FAQ_EDITOR_BRANCH {message}"),
                                ("EDITOR-HOST", "FAQ_EDITOR_AUTH_URL", f"FAQ_EDITOR_AUTH_URL {message}")]


# --------------------------------------------------------------------------- what the folder holds


def test_the_published_configuration_differs_from_the_local_one_only_in_its_backend():
    local, published = config(), editor_config(HOST, "https://faq.my-clinic.org/")
    assert local["local_backend"] is True and "local_backend" not in published
    assert published["backend"] == {"name": "github", "repo": "my-clinic/faq", "branch": "main",
                                    "base_url": "https://auth.my-clinic.org"}
    assert published["publish_mode"] == "editorial_workflow"
    assert published["site_url"] == "https://faq.my-clinic.org/"
    same = set(local) - {"local_backend", "backend"}
    assert set(published) == same | {"backend", "site_url"}
    assert {key: published[key] for key in same} == {key: local[key] for key in same}
    without = editor_config(GitHost("my-clinic/faq"), None)
    assert without["backend"] == {"name": "github", "repo": "my-clinic/faq", "branch": "main"}
    assert "site_url" not in without


def test_the_page_gets_its_policy_and_the_git_host_marker_after_the_charset():
    page = '<html>\n<head>\n  <meta charset="utf-8">\n  <title>x</title>\n</head>\n</html>\n'
    policy = POLICY
    assert editor_page(page) == (
        '<html>\n<head>\n  <meta charset="utf-8">\n'
        f'  <meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"  {BACKEND_META}\n  <title>x</title>\n</head>\n</html>\n"
    )
    assert policy == (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob: https://avatars.githubusercontent.com; connect-src 'self' https://api.github.com; "
        "frame-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    with pytest.raises(ValueError, match="no <meta charset"):
        editor_page("<html></html>")


# --------------------------------------------------------------------------- in a real build


def _editor_project(tmp_path: Path, *, decap: bool = True) -> Path:
    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "admin", project / "admin")
    if decap:
        (project / "node_modules").mkdir()
        (project / "node_modules" / "decap-cms").symlink_to(ROOT / "node_modules" / "decap-cms")
    return project


def _build(project: Path, **env: str | None):
    with pinned_env(**{**EDITOR_ENV, **env}):
        return build(project, today=TODAY)


@pytest.mark.slow
def test_the_build_puts_the_editor_into_site_admin_with_the_git_host(tmp_path: Path):
    project = _editor_project(tmp_path)
    result = _build(project, FAQ_SITE_URL="https://faq.my-clinic.org/")
    assert result.ok, result.report.diagnostics
    admin = project / "site" / "admin"
    decap = ROOT / DECAP_FILES
    bundle = {path.name for path in decap.iterdir() if DECAP_FILE_RE.fullmatch(path.name)}
    assert "decap-cms.js" in bundle and len(bundle) > 10
    expected = bundle | {"index.html", "config.yml", "references.json", "editor.js", "editor.css",
                         "decap-cms.js.LICENSE.txt"}
    assert {path.name for path in admin.iterdir()} == expected
    assert (admin / "decap-cms.js").read_bytes() == (decap / "decap-cms.js").read_bytes()
    assert (admin / "editor.js").read_bytes() == (ROOT / "admin" / "editor.js").read_bytes()
    host = GitHost("my-clinic/faq")
    assert (admin / "config.yml").read_text(encoding="utf-8") == render(editor_config(host, "https://faq.my-clinic.org/"))
    assert (admin / "index.html").read_text(encoding="utf-8") == editor_page(
        (ROOT / "admin" / "index.html").read_text(encoding="utf-8"))
    assert "admin" not in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert ("editor", True) in [(name, seconds >= 0) for name, seconds in result.steps]


@pytest.mark.slow
def test_the_picker_lists_in_the_published_editor_are_the_contents(tmp_path: Path):
    import json

    from faq_build.outputs.editor_site import references_record

    project = _editor_project(tmp_path)
    result = _build(project)
    assert result.ok and result.content is not None
    listed = json.loads((project / "site" / "admin" / "references.json").read_text(encoding="utf-8"))
    assert listed == references_record(result.content)
    documents, _ = load_content(FIXTURE / "content")
    ids = sorted(q["id"] for d in documents if d.kind == "topic" for q in d.data["questions"])
    assert sorted(q["id"] for q in listed["questions"]) == ids


@pytest.mark.slow
def test_without_a_repository_the_site_has_no_editor(tmp_path: Path):
    project = _editor_project(tmp_path)
    assert _build(project, FAQ_EDITOR_REPO=None).ok
    assert not (project / "site" / "admin").exists()
    assert "editor" not in [name for name, _ in _build(project, FAQ_EDITOR_REPO=None).steps]


@pytest.mark.slow
@pytest.mark.parametrize(("env", "decap"), [({"FAQ_EDITOR_REPO": "not a repo"}, True), ({}, False)],
                         ids=["malformed repository", "editor files missing"])
def test_a_bad_editor_setting_publishes_nothing(tmp_path: Path, env: dict[str, str], decap: bool):
    project = _editor_project(tmp_path, decap=decap)
    assert _build(project, FAQ_EDITOR_REPO=None).ok
    before = tree_bytes(project / "site"), tree_bytes(project / "docs")
    result = _build(project, **env)
    assert [d.code for d in result.report.errors] == ["EDITOR-HOST"]
    assert (tree_bytes(project / "site"), tree_bytes(project / "docs")) == before


@pytest.mark.slow
def test_the_command_reports_a_bad_setting_with_its_variable_and_exit_1(tmp_path: Path):
    project = _editor_project(tmp_path)
    completed = run_cli("build", cwd=project, env={"FAQ_EDITOR_REPO": "my-clinic/faq", "FAQ_EDITOR_BRANCH": "a..b"})
    assert completed.returncode == 1, completed.stderr
    assert "FAQ_EDITOR_BRANCH: error EDITOR-HOST: not a branch name" in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (project / "site").exists()


# --------------------------------------------------------------------------- review on the pull request


def test_the_workflow_runs_the_whole_suite_and_posts_the_summary_on_pull_requests():
    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "content-review.yml").read_text(encoding="utf-8"))
    assert set(workflow["on"]) == {"pull_request", "push"}
    assert workflow["permissions"] == {"contents": "read"}
    test_job, summary_job = workflow["jobs"]["test"], workflow["jobs"]["summary"]
    assert [step.get("run") for step in test_job["steps"]][-1] == ".ci/run"
    assert summary_job["permissions"] == {"contents": "read", "pull-requests": "write"}
    runs = [step["run"] for step in summary_job["steps"] if "run" in step]
    assert runs == [
        'make .venv/.installed PYTHON=python && .ci/review-summary "$BASE" HEAD > summary.md',
        'gh pr comment "$PR" --edit-last --body-file summary.md || gh pr comment "$PR" --body-file summary.md',
    ]
    # Values from the event reach the scripts through the environment, never pasted into a script.
    assert all("${{" not in run for job in workflow["jobs"].values() for step in job["steps"] for run in [step.get("run", "")])
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()[-1] == "make test"


@pytest.mark.slow
def test_the_review_summary_is_faq_build_diff_with_a_marker_for_updating_it(project: Path):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "content", "mkdocs.yml")
    git(project, "commit", "-q", "-m", "base")
    topic = project / TOPIC
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("The second answer.", "The second answer, said again.", 1), encoding="utf-8")
    git(project, "commit", "-q", "-am", "edit a short answer")
    env = {**os.environ, "FAQ_BUILD": str(Path(sys.executable).parent / "faq-build")}
    completed = subprocess.run([str(ROOT / ".ci" / "review-summary"), "main~1", "main"], cwd=project, env=env,
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    diff = run_cli("diff", "main~1", "main", cwd=project)
    assert diff.returncode == 0 and diff.stdout.strip()
    assert completed.stdout == (
        "<!-- faq-build diff -->\n" + diff.stdout.rstrip("\n") + "\n\n"
        "The whole test suite runs as the 'test' check of this pull request; nothing is published until a "
        "reviewer merges it.\n"
    )
    failed = subprocess.run([str(ROOT / ".ci" / "review-summary"), "no-such-revision"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode != 0 and failed.stdout == ""

