"""Lighthouse 12.8.2 (npm) with Debian's chromium, mobile preset: 100 for accessibility, best
practices and SEO on the home page and a topic page. (Performance is measured by `make bench`.)"""

from __future__ import annotations

import json
import subprocess

import pytest

from . import harness

CATEGORIES = ["accessibility", "best-practices", "seo"]


def first_topic(pages: list[str]) -> str:
    topics = [p for p in pages if p.count("/") == 2 and p not in {"/glossary/", "/sources/"}]
    assert topics, pages
    return "/understanding-trd/" if "/understanding-trd/" in topics else topics[0]


@pytest.mark.parametrize("which", ["home", "topic"])
def test_lighthouse_scores_100(server, pages, tmp_path, which):
    path = "/" if which == "home" else first_topic(pages)
    report = tmp_path / "lighthouse.json"
    run = subprocess.run(
        harness.lighthouse_command(server.url(path), report, CATEGORIES),
        env=harness.lighthouse_env(), capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["configSettings"]["formFactor"] == "mobile"
    assert not result.get("runtimeError"), result.get("runtimeError")
    failing = {}
    for name in CATEGORIES:
        category = result["categories"][name]
        if category["score"] != 1:
            failing[name] = {
                "score": category["score"],
                "audits": [
                    (ref["id"], result["audits"][ref["id"]]["title"])
                    for ref in category["auditRefs"]
                    if ref["weight"] > 0 and result["audits"][ref["id"]]["score"] not in (None, 1)
                ],
            }
    assert not failing, f"Lighthouse on {path}: {json.dumps(failing, indent=1)}"
