"""The Nu HTML Checker (vnu-jar from npm, run with the system Java) on every built page.

0 errors, except the few listed in vnu_theme_errors.yml that come from the theme's own markup.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

from . import harness

ALLOWED = yaml.safe_load((Path(__file__).parent / "vnu_theme_errors.yml").read_text(encoding="utf-8"))["errors"]


def _theme_error(message: dict) -> dict | None:
    for entry in ALLOWED:
        if entry["message"] in message.get("message", "") and re.search(entry["extract"], message.get("extract", "")):
            return entry
    return None


def test_every_page_is_valid_html(site):
    files = sorted(str(p) for p in Path(site).rglob("*.html"))
    assert len(files) >= 4
    run = subprocess.run(
        ["java", "-jar", str(harness.VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    messages = json.loads(run.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    ours = [m for m in errors if _theme_error(m) is None]
    assert not ours, "HTML errors in our templates or content:\n" + "\n".join(
        f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in ours[:30]
    )
