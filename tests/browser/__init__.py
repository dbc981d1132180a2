"""Browser tests: real headless Chromium against a built site. A package so its conftest does not shadow tests/conftest.py."""
