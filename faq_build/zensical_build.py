"""The write stage's other site engine: Zensical, the successor of Material for MkDocs.

Material 9.8 reaches end of life on 5 May 2027 (security fixes stop). Zensical, by the same team,
reads ``mkdocs.yml`` and renders the same theme, so the generated ``docs/`` and ``overrides/``
build with either engine; ``faq-build build --engine zensical`` (``make build ENGINE=zensical``)
swaps this step in for ``mkdocs build`` and keeps every later step (sitemap date, 404 page,
search index, audit, links) unchanged, so the published site passes the same checks.

What differs and why this module exists: Zensical takes no settings from the caller (MkDocs is
called in-process with the generated navigation, the staging folders and the public address), so
this writes a config file next to the staged ``docs/``: ``mkdocs.yml`` with those four values
filled in. Zensical requires ``docs_dir`` inside the folder of its config file, which the staging
folder is. It runs as a subprocess (``python -m zensical build --strict``), so its own cache
stays in the staging folder and is thrown away with it. It ignores ``hooks:`` and plugins outside
its own list without a warning, so the site uses neither.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Position

CONFIG_NAME = "zensical.yml"
"""The config file written into the staging folder (never published)."""
TIMEOUT_SECONDS = 600


class _MkDocsConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for the tags it uses: ``!ENV [NAME, default]``."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    values = (loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
              else [loader.construct_scalar(node)])  # type: ignore[arg-type]
    names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    return next((os.environ[name] for name in names if name in os.environ), default)


_MkDocsConfigLoader.add_constructor("!ENV", _env)


def zensical_config(config_file: Path, nav: list[dict[str, str]], site_url: str | None) -> dict:
    """mkdocs.yml with what MkDocs is given in-process: the navigation, the staged folders, the
    public address and the theme overrides' absolute path."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_MkDocsConfigLoader)
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((config_file.parent / theme["custom_dir"]).resolve())
    return {**config, "theme": theme, "docs_dir": "docs", "site_dir": "site", "nav": nav,
            "site_url": site_url or ""}


def zensical_build(
    config_file: Path, docs_dir: Path, site_dir: Path, nav: list[dict[str, str]], epoch: int,
    site_url: str | None = None,
) -> list[Diagnostic]:
    """Build ``site_dir`` from ``docs_dir`` with Zensical in strict mode (a warning fails the
    build); its problems come back as diagnostics, as ``write.mkdocs_build``'s do. ``docs_dir``
    and ``site_dir`` are ``docs`` and ``site`` of the same staging folder."""
    staging = docs_dir.parent
    if site_dir != staging / "site":
        raise ValueError("Zensical builds docs/ into site/ of the same folder")
    (staging / CONFIG_NAME).write_text(
        yaml.safe_dump(zensical_config(config_file, nav, site_url), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "zensical", "build", "--config-file", CONFIG_NAME, "--strict"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    try:
        done = subprocess.run(command, cwd=staging, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return [_engine_failure(f"Zensical did not finish within {TIMEOUT_SECONDS} s")]
    output = (done.stdout + done.stderr).replace(str(staging) + os.sep, "")
    if done.returncode == 0 and (site_dir / "index.html").is_file():
        return []
    if "No module named zensical" in output:
        return [_engine_failure("Zensical is not installed",
                         hint="`make build ENGINE=zensical` installs the pinned Zensical into .venv")]
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return [_engine_failure(f"Zensical failed (exit {done.returncode}): " + " / ".join(lines[-8:]))]


def _engine_failure(message: str, hint: str = "pages in docs/ are generated from content/; fix the content "
                                       "file the page comes from") -> Diagnostic:
    return Diagnostic(code="SITE-BUILD", message=message, position=Position("mkdocs.yml"), hint=hint)
