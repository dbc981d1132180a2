"""Browser tests (issue 7). A package so its conftest does not shadow tests/conftest.py."""
