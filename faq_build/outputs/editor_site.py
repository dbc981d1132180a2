"""The browser editor in the published site, for a git host: ``site/admin/``.

``make edit`` runs the editor on this machine, saving into the working folder. A team that keeps
the content on GitHub can also publish the editor with the site, so a clinician edits in the
browser with no clone at all. Then every save goes through Decap CMS's editorial workflow: a
change is a branch and a pull request ("Draft", "In review", "Ready"), which CI checks with the
whole test suite and summarises for the reviewer with ``faq-build diff``
(``.github/workflows/content-review.yml``); nothing reaches the published site until a reviewer
merges it.

It is switched on by the environment, like the public address: ``FAQ_EDITOR_REPO`` names the
repository (``owner/name``), ``FAQ_EDITOR_BRANCH`` the branch the site is built from (``main``
unless set) and ``FAQ_EDITOR_AUTH_URL`` the address of the OAuth helper that signs editors in to
GitHub (Decap's ``base_url``; without it Decap uses Netlify's). A value that is not what it should
be is an ``EDITOR-HOST`` error and nothing is built, never an editor that saves somewhere else.

The folder holds the same page, additions and Decap files as ``make edit`` serves, all from the
site's own origin, with a configuration that differs only in its backend (``editor_config``).
The page's Content-Security-Policy allows it to talk to this origin and to GitHub's API, and to
nothing else. The editor is added after the audit and the link check, which are about what
patients read: no page links to it, the sitemap and the search index leave it out, and it asks
search engines not to index it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Position
from ..model import Content
from ..resolve import format_fact
from ..site_address import public_address

REPO_VARIABLE = "FAQ_EDITOR_REPO"
BRANCH_VARIABLE = "FAQ_EDITOR_BRANCH"
AUTH_VARIABLE = "FAQ_EDITOR_AUTH_URL"
CODE = "EDITOR-HOST"

ADMIN_DIR = "admin"
DECAP_FILES = Path("node_modules") / "decap-cms" / "dist"
"""Decap CMS's built files, installed from the npm registry (pinned in ``package-lock.json``)."""
DECAP_FILE_RE = re.compile(r"^(?:[0-9]+\.)?decap-cms\.js$")
"""Decap's bundle and the chunks it loads on demand (``123.decap-cms.js``)."""
DECAP_LICENSE = "decap-cms.js.LICENSE.txt"
OWN_FILES = ("editor.js", "editor.css")
"""Our additions to Decap, from the project's ``admin/`` folder (``index.html`` is adapted, below)."""

_REPO_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_BRANCH_RE = re.compile(r"^(?!/)(?!.*(?:\.\.|//|@\{|\.lock$|/$|\.$))[A-Za-z0-9._/-]{1,200}$")

GITHUB_API = "https://api.github.com"
GITHUB_AVATARS = "https://avatars.githubusercontent.com"
BACKEND_META = '<meta name="faq-editor-backend" content="git-host">'
"""Tells ``editor.js`` that there is no preview server behind the page: no local backend, no
draft preview (the pull request's checks take its place)."""


@dataclass(frozen=True)
class GitHost:
    """Where the published editor saves: a GitHub repository and the branch the site is built from."""

    repo: str
    branch: str = "main"
    auth_url: str | None = None
    """The OAuth helper's address (Decap's ``base_url``), or ``None`` for Decap's default."""

    def backend(self) -> dict[str, Any]:
        settings: dict[str, Any] = {"name": "github", "repo": self.repo, "branch": self.branch}
        if self.auth_url:
            settings["base_url"] = self.auth_url.rstrip("/")
        return settings


def configured_host(environ: Mapping[str, str] | None = None) -> tuple[GitHost | None, list[Diagnostic]]:
    """The git host from the environment: ``(None, [])`` when the published editor is off, the
    host when every setting is sound, else ``(None, problems)`` naming each wrong setting."""
    environ = os.environ if environ is None else environ
    repo = environ.get(REPO_VARIABLE, "").strip()
    branch = environ.get(BRANCH_VARIABLE, "").strip() or "main"
    auth = environ.get(AUTH_VARIABLE, "").strip()
    if not repo:
        stray = [name for name in (BRANCH_VARIABLE, AUTH_VARIABLE) if environ.get(name, "").strip()]
        return None, [_setting_problem(name, f"{name} is set but {REPO_VARIABLE} is not, so there is no editor to set up",
                               f"{REPO_VARIABLE}=owner/name as well, or neither", environ[name])
                      for name in stray]
    problems = []
    if not _REPO_RE.fullmatch(repo):
        problems.append(_setting_problem(REPO_VARIABLE, "not a GitHub repository name",
                                         "owner/name, as in github.com/owner/name", repo))
    if not _BRANCH_RE.fullmatch(branch):
        problems.append(_setting_problem(BRANCH_VARIABLE, "not a branch name", "a branch such as main", branch))
    if auth and not (public_address(auth) and auth.lower().startswith("https://")):
        problems.append(_setting_problem(AUTH_VARIABLE, "not the https:// address of a real server",
                                         "the https:// address of your GitHub sign-in helper", auth))
    if problems:
        return None, problems
    return GitHost(repo=repo, branch=branch, auth_url=auth or None), []


def _setting_problem(variable: str, message: str, expected: str, found: str) -> Diagnostic:
    return Diagnostic(code=CODE, message=message, position=Position(variable), expected=expected, found=repr(found),
                      hint="the published editor saves to this repository; see 'The editor in the published site' "
                      "in the README")


def editor_policy(*, images: str = "", connect: str = "") -> str:
    """The editor page's Content-Security-Policy: code from this origin only, and nothing loaded
    or asked for elsewhere but ``images`` and ``connect`` (origins, space-separated). 'unsafe-eval'
    and inline styles are Decap's needs: its bundle compiles templates, and its UI sets styles at
    run time. One policy for both editors: the preview's (``editor_web``) and the published one."""
    return (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob:{' ' + images if images else ''}; "
        f"connect-src 'self'{' ' + connect if connect else ''}; frame-src 'self'; "
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


POLICY = editor_policy(images=GITHUB_AVATARS, connect=GITHUB_API)
"""The published editor may also talk to GitHub's API and show its avatars. Signing in happens in
a window of the sign-in service's own, which this policy does not govern."""


def editor_config(host: GitHost, site_url: str | None) -> dict[str, Any]:
    """``admin/config.yml`` with the git host as its backend: the same collections and fields,
    no local backend, and changes as pull requests (the editorial workflow)."""
    from ..commands.cms_config import config

    settings = {key: value for key, value in config().items() if key != "local_backend"}
    settings["backend"] = host.backend()
    settings["publish_mode"] = "editorial_workflow"
    if site_url:
        settings["site_url"] = site_url
    return settings


def references_record(content: Content | None) -> dict[str, Any]:
    """What the picker offers: every fact, glossary word and question, with what an editor
    recognises it by (a fact as readers will see it, and whom it is about)."""
    if content is None:
        return {"facts": [], "terms": [], "questions": []}
    return {
        "facts": [{"id": f.id, "label": f"{format_fact(f)}: {f.population}"} for f in content.facts.values()],
        "terms": [{"id": t.id, "label": t.term} for t in content.terms.values()],
        "questions": [{"id": q.id, "label": q.question} for _, q in content.questions()],
    }


def editor_page(index_html: str) -> str:
    """``admin/index.html`` with its Content-Security-Policy and the git-host marker after the charset."""
    anchor = '<meta charset="utf-8">'
    if anchor not in index_html:
        raise ValueError(f"admin/index.html has no {anchor}")
    policy = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    return index_html.replace(anchor, f"{anchor}\n  {policy}\n  {BACKEND_META}", 1)


def editor_files(root: Path, host: GitHost, content: Content, site_url: str | None) -> dict[str, bytes]:
    """Every file of ``site/admin/``, by name; ``OSError`` when one of them cannot be read."""
    from ..commands.cms_config import render

    admin, decap = root / ADMIN_DIR, root / DECAP_FILES
    files = {
        "index.html": editor_page((admin / "index.html").read_text(encoding="utf-8")).encode("utf-8"),
        "config.yml": render(editor_config(host, site_url)).encode("utf-8"),
        "references.json": json.dumps(references_record(content), ensure_ascii=False, indent=1).encode("utf-8"),
    }
    files.update({name: (admin / name).read_bytes() for name in OWN_FILES})
    bundle = sorted(path.name for path in decap.iterdir() if DECAP_FILE_RE.fullmatch(path.name))
    if "decap-cms.js" not in bundle:
        raise FileNotFoundError(f"{decap / 'decap-cms.js'} is missing")
    files.update({name: (decap / name).read_bytes() for name in [*bundle, DECAP_LICENSE]})
    return files


def add_editor(site: Path, root: Path, host: GitHost, content: Content, site_url: str | None) -> list[Diagnostic]:
    """Write ``site/admin/`` into the (staging) site; a problem when the editor's files are missing."""
    try:
        files = editor_files(root, host, content, site_url)
    except OSError as exc:
        return [Diagnostic(code=CODE, message=f"the editor's files could not be read: {exc}",
                           position=Position(REPO_VARIABLE),
                           hint="'make build' installs Decap CMS (npm ci) when FAQ_EDITOR_REPO is set")]
    target = site / ADMIN_DIR
    if target.exists():
        return [Diagnostic(code=CODE, message="the site already has a page at /admin/, where the editor goes",
                           position=Position(REPO_VARIABLE), hint="give that page another id")]
    target.mkdir(parents=True)
    for name, data in files.items():
        (target / name).write_bytes(data)
    return []
