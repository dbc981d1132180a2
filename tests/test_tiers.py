"""The test tiers themselves: what marks a test slow, and what keeps the fast tier fast."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SLOW_FIXTURES

from faq_build.build import SHARED_HANDOUT_CACHE, handout_cache


def test_a_fast_test_cannot_start_a_subprocess(request: pytest.FixtureRequest):
    assert request.node.get_closest_marker("slow") is None
    with pytest.raises(AssertionError) as refused:
        subprocess.run([sys.executable, "-c", "pass"], check=False)
    assert str(refused.value) == f"{request.node.nodeid} starts a subprocess: mark it @pytest.mark.slow"


@pytest.mark.slow
def test_a_slow_test_can():
    assert subprocess.run([sys.executable, "-c", "print('ran')"], capture_output=True, text=True).stdout == "ran\n"


def test_a_test_that_uses_a_building_fixture_is_marked_slow(project: Path, request: pytest.FixtureRequest):
    """Marked by the hook in conftest.py, with no mark written here (``project`` is in SLOW_FIXTURES)."""
    assert "project" in SLOW_FIXTURES
    assert [mark.name for mark in request.node.iter_markers()] == ["slow"]


def test_every_project_in_the_session_shares_one_handout_cache(tmp_path: Path):
    cache = handout_cache(tmp_path / "any-project")
    assert (cache.folder, cache.shared) == (Path(os.environ[SHARED_HANDOUT_CACHE]), True)
