"""The search box's pure module (overrides/assets/javascripts/faq-search-core.js) under Node's own
test runner: runs every tests/js/*.test.mjs with `node --test`, so `make test` covers the JavaScript
too, and checks that every test declared in those files ran and passed (a file that stops loading,
or a test that is skipped, fails here rather than going quiet). Both scripts must also parse."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import ROOT

NODE = shutil.which("node")
TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"

pytestmark = pytest.mark.slow


def declared_tests() -> int:
    """How many top-level test(...) calls the files declare (the files use no subtests)."""
    return sum(len(re.findall(r"^test\(", path.read_text(encoding="utf-8"), flags=re.M)) for path in TESTS)


def tap_counts(output: str) -> dict[str, int]:
    """The summary lines of Node's TAP report ("# pass 25") as {name: count}."""
    return {name: int(count) for name, count in re.findall(r"^# (\w+) (\d+)$", output, flags=re.M) if name != "duration_ms"}


def test_node_test_runner_passes_every_declared_test():
    assert NODE, "node is needed for the search tests (Debian's nodejs; `make test` needs it for npm too)"
    assert [path.name for path in TESTS] == ["ranking.test.mjs", "reading.test.mjs"]
    result = subprocess.run([NODE, "--test", "--test-reporter=tap", *map(str, TESTS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    total = declared_tests()
    assert tap_counts(result.stdout) == {
        "tests": total, "suites": 0, "pass": total, "fail": 0, "cancelled": 0, "skipped": 0, "todo": 0,
    }, result.stdout
    assert result.stderr == ""  # no warning either (for example a module type Node had to guess)


@pytest.mark.parametrize("script", ["faq-search-core.js", "faq-search.js", "faq-crisis.js"])
def test_script_parses(script):
    assert NODE, "node is needed for the search tests"
    result = subprocess.run([NODE, "--check", str(SCRIPTS / script)], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
