"""What a warm build remembers (fingerprint.py, outputs/checked_site.py, build.add_handouts): the
record of the last site that passed the audit, the link check and the search index, and the list of
handouts made from the same content. Remembered results are used only for exactly the same inputs,
give the same bytes as a full run, and a failure is never remembered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, tree_bytes

import faq_build.outputs.checked_site as checked_site
from faq_build.build import SHARED_HANDOUT_CACHE, build, handout_list_key
from faq_build.fingerprint import digest, files_digest, tree_digest, versions
from faq_build.outputs.checked_site import RECORD_FILE, RECORD_FOLDER, CheckedSite, site_key
from faq_build.render import RenderedSite
from faq_build.report import text as report_text

TOPIC = "content/topics/example-topic.yml"

# ------------------------------------------------------------------ fingerprints


def test_parts_of_a_digest_cannot_run_together() -> None:
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest(["ab", "c"]) == digest([b"ab", b"c"])
    assert files_digest([("a", b"1")]) != files_digest([("a", b"2")]) != files_digest([("b", b"1")])


def test_a_tree_digest_holds_every_name_and_byte_but_compiled_files(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "rule.py").write_text("A = 1\n")
    first = tree_digest(tmp_path / "pkg")
    (tmp_path / "pkg" / "__pycache__" / "rule.cpython-311.pyc").write_bytes(b"compiled")
    assert tree_digest(tmp_path / "pkg") == first
    (tmp_path / "pkg" / "rule.py").write_text("A = 2\n")
    changed = tree_digest(tmp_path / "pkg")
    (tmp_path / "pkg" / "rule.py").rename(tmp_path / "pkg" / "rules.py")
    assert len({first, changed, tree_digest(tmp_path / "pkg")}) == 3


def test_versions_name_each_distribution_and_a_missing_one() -> None:
    from importlib.metadata import version

    assert versions("pagefind", "no-such-distribution-here") == (
        f"pagefind=={version('pagefind')} no-such-distribution-here==missing")


def test_a_build_keeps_the_collector_off_older_objects() -> None:
    import gc

    from faq_build.build import _older_objects_frozen

    assert gc.get_freeze_count() == 0
    with _older_objects_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


# ------------------------------------------------------------------ the record of a checked site (no build)


def _staged(site: Path) -> RenderedSite:
    """A small staged site as an engine leaves it, and the rendered pages it came from."""
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text('<html><head><meta charset="utf-8"></head><body>home</body></html>')
    (site / "topic" / "index.html").parent.mkdir()
    (site / "topic" / "index.html").write_text('<html><head><meta charset="utf-8"></head><body>topic</body></html>')
    (site / "assets" / "site.css").write_text("body { color: black }")
    (site / "old" / "index.html").parent.mkdir()
    (site / "old" / "index.html").write_text("<html><head></head><body>moved</body></html>")
    return RenderedSite(files={"old/index.html": "<html><head></head><body>moved</body></html>", "topic.md": "# x"},
                        nav=[])


def _index(folder: Path, answers: int = 2) -> None:
    """Pagefind's files, complete as ``search_index.index_fault`` checks them."""
    (folder / "fragment").mkdir(parents=True)
    (folder / "index").mkdir()
    for name in ("pagefind.js", "wasm.en.pagefind", "pagefind.en_1.pf_meta", "fragment/en_a.pf_fragment",
                 "fragment/en_b.pf_fragment", "index/en_c.pf_index"):
        (folder / name).write_bytes(f"data of {name}".encode())
    (folder / "pagefind-entry.json").write_text(json.dumps({"languages": {"en": {"hash": "en_1", "page_count": answers}}}))


POLICIES = {"index.html": "default-src 'self'; script-src 'self'", "topic/index.html": "default-src 'none'",
            "old/index.html": "default-src 'self'; script-src 'sha256-x'"}


def _checked(staged: Path, target: Path) -> Path:
    """The staged site as the passing checks leave it: the index in, each page's policy added."""
    shutil.copytree(staged, target)
    _index(target / "pagefind")
    checked_site.add_policies(target, POLICIES)
    return target


def test_the_key_is_the_same_for_the_same_site(tmp_path: Path) -> None:
    rendered = _staged(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    assert site_key(tmp_path / "a", rendered, "/") == site_key(tmp_path / "b", rendered, "/")


@pytest.mark.parametrize("change", [
    "a byte of a page", "a new file", "a file renamed", "a file removed", "the base path", "a redirect page",
    "faq_build's files", "Pagefind's version",
])
def test_the_key_changes_with_everything_the_checks_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         change: str) -> None:
    site = tmp_path / "site"
    rendered = _staged(site)
    before = site_key(site, rendered, "/")
    served_from = "/"
    if change == "a byte of a page":
        (site / "topic" / "index.html").write_text('<html><head><meta charset="utf-8"></head><body>Topic</body></html>')
    elif change == "a new file":
        (site / "assets" / "extra.js").write_text("")
    elif change == "a file renamed":
        (site / "assets" / "site.css").rename(site / "assets" / "main.css")
    elif change == "a file removed":
        (site / "assets" / "site.css").unlink()
    elif change == "the base path":
        served_from = "/kb/"
    elif change == "a redirect page":
        rendered = RenderedSite(files={**rendered.files, "old/index.html": "<html>elsewhere</html>"}, nav=[])
    elif change == "faq_build's files":
        monkeypatch.setattr(checked_site, "package_digest", lambda: "another faq_build")
    else:
        monkeypatch.setattr(checked_site, "versions", lambda *names: "pagefind==0.0.1")
    assert site_key(site, rendered, served_from) != before


def test_a_replay_gives_the_site_the_checks_left(tmp_path: Path) -> None:
    rendered = _staged(tmp_path / "staged")
    key = site_key(tmp_path / "staged", rendered, "/")
    checked = _checked(tmp_path / "staged", tmp_path / "checked")
    record = CheckedSite(tmp_path / "project" / RECORD_FOLDER)
    record.remember(key, checked, POLICIES, answers=2)
    assert sorted(p.name for p in record.folder.parent.iterdir()) == ["checked-site"]  # no scratch left
    assert sorted(tree_bytes(record.folder)) == [
        "pagefind/fragment/en_a.pf_fragment", "pagefind/fragment/en_b.pf_fragment", "pagefind/index/en_c.pf_index",
        "pagefind/pagefind-entry.json", "pagefind/pagefind.en_1.pf_meta", "pagefind/pagefind.js",
        "pagefind/wasm.en.pagefind", RECORD_FILE,
    ]
    # a later build stages the same site again
    shutil.rmtree(tmp_path / "staged")
    _staged(tmp_path / "staged")
    (tmp_path / "staged" / "search").mkdir()
    (tmp_path / "staged" / "search" / "search_index.json").write_text("{}")  # the engine's own index goes
    assert record.replay(key, tmp_path / "staged")
    assert tree_bytes(tmp_path / "staged") == tree_bytes(checked)


@pytest.mark.parametrize("fault", [
    "another key", "an unreadable record", "an older format", "an incomplete index", "a page with no policy",
    "an index already there",
])
def test_a_replay_that_cannot_be_trusted_changes_nothing(tmp_path: Path, fault: str) -> None:
    staged = tmp_path / "staged"
    rendered = _staged(staged)
    key = site_key(staged, rendered, "/")
    record = CheckedSite(tmp_path / "project" / RECORD_FOLDER)
    record.remember(key, _checked(staged, tmp_path / "checked"), POLICIES, answers=2)
    asked = key
    if fault == "another key":
        asked = "0" * 64
    elif fault == "an unreadable record":
        (record.folder / RECORD_FILE).write_text('{"format": 1, "key": ')
    elif fault == "an older format":
        data = json.loads((record.folder / RECORD_FILE).read_text())
        (record.folder / RECORD_FILE).write_text(json.dumps({**data, "format": 0}))
    elif fault == "an incomplete index":
        (record.folder / "pagefind" / "pagefind-entry.json").write_text("")
    elif fault == "a page with no policy":
        (staged / "new" / "index.html").parent.mkdir()
        (staged / "new" / "index.html").write_text("<html></html>")
    else:
        (staged / "pagefind").mkdir()
    before = tree_bytes(staged)
    assert not record.replay(asked, staged)
    assert tree_bytes(staged) == before


def test_a_new_record_replaces_the_old_one(tmp_path: Path) -> None:
    _staged(tmp_path / "staged")
    checked = _checked(tmp_path / "staged", tmp_path / "checked")
    record = CheckedSite(tmp_path / "project" / RECORD_FOLDER)
    record.remember("1" * 64, checked, POLICIES, answers=2)
    record.remember("2" * 64, checked, {**POLICIES, "index.html": "default-src 'none'"}, answers=2)
    assert sorted(p.name for p in record.folder.parent.iterdir()) == ["checked-site"]
    assert json.loads((record.folder / RECORD_FILE).read_text()) == {
        "format": 1, "key": "2" * 64, "answers": 2, "policies": {**POLICIES, "index.html": "default-src 'none'"}}
    assert not record.replay("1" * 64, tmp_path / "staged")
    assert record.replay("2" * 64, tmp_path / "staged")


def test_a_record_that_cannot_be_written_costs_only_time(tmp_path: Path) -> None:
    _staged(tmp_path / "staged")
    checked = _checked(tmp_path / "staged", tmp_path / "checked")
    (tmp_path / ".cache").write_text("a file where the cache folder would go")
    record = CheckedSite(tmp_path / RECORD_FOLDER)
    record.remember("1" * 64, checked, POLICIES, answers=2)  # no exception
    assert not record.replay("1" * 64, tmp_path / "staged")


# ------------------------------------------------------------------ real builds


FULL_CHECKS = ["site key", "replay checks", "audit", "links", "search index", "remember checks"]


def _steps(result) -> list[str]:
    """The steps from the site key to the end of the checks."""
    names = [name for name, _ in result.steps]
    end = names.index("published links") if "published links" in names else len(names)
    return names[names.index("site key"):end]


def test_a_warm_build_replays_the_checks_and_publishes_the_same_bytes(project: Path) -> None:
    first = build(project, today=TODAY)
    assert first.ok, report_text(first.report)
    assert _steps(first) == FULL_CHECKS
    site = tree_bytes(project / "site")
    second = build(project, today=TODAY)
    assert second.ok, report_text(second.report)
    assert _steps(second) == ["site key", "replay checks"]
    assert tree_bytes(project / "site") == site
    # one changed answer: every check runs again
    text = (project / TOPIC).read_text(encoding="utf-8")
    (project / TOPIC).write_text(text.replace("A course lasts", "A full course lasts", 1), encoding="utf-8")
    third = build(project, today=TODAY)
    assert third.ok, report_text(third.report)
    assert _steps(third) == FULL_CHECKS
    assert tree_bytes(project / "site") != site


def test_a_site_that_fails_a_check_is_never_remembered(project: Path) -> None:
    template = project / "overrides" / "main.html"
    good = template.read_text(encoding="utf-8")
    foreign = good.replace('<meta charset="utf-8">', '<meta charset="utf-8"><script src="https://evil.example/x.js"></script>')
    assert foreign != good
    template.write_text(foreign, encoding="utf-8")
    for _ in range(2):  # the second time too: the failure was not remembered
        result = build(project, today=TODAY)
        assert {d.code for d in result.report.errors} == {"SITE-AUDIT"}
        assert _steps(result)[:4] == ["site key", "replay checks", "audit", "search index"]
        assert not (project / RECORD_FOLDER).exists()
    template.write_text(good, encoding="utf-8")
    assert build(project, today=TODAY).ok
    assert (project / RECORD_FOLDER / RECORD_FILE).is_file()
    template.write_text(foreign, encoding="utf-8")  # a good site remembered does not let a bad one through
    assert {d.code for d in build(project, today=TODAY).report.errors} == {"SITE-AUDIT"}


def test_a_warm_build_takes_its_handouts_from_the_remembered_list(project: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import faq_build.outputs.handouts as handouts

    monkeypatch.delenv(SHARED_HANDOUT_CACHE)  # the project's own cache
    first = build(project, today=TODAY)
    assert first.ok, report_text(first.report)
    pdfs = tree_bytes(project / "site" / "handouts")
    cache = project / ".cache" / "handouts"
    listed = cache / f"{handout_list_key(first.content_digest, None)}.bin"
    assert listed.is_file()

    def no_documents(*args, **kwargs):
        raise AssertionError("the handout documents were made again")

    with monkeypatch.context() as patched:
        patched.setattr(handouts, "handout_jobs", no_documents)
        second = build(project, today=TODAY)
        assert second.ok, report_text(second.report)
        assert tree_bytes(project / "site" / "handouts") == pdfs
        # a PDF gone from the cache: the documents are made again (and fail here)
        next(p for p in cache.glob("*.bin") if p != listed).unlink()
        with pytest.raises(AssertionError, match="made again"):
            build(project, today=TODAY)
    third = build(project, today=TODAY)  # made again, the same bytes, the list kept
    assert third.ok, report_text(third.report)
    assert tree_bytes(project / "site" / "handouts") == pdfs
    assert len(list(cache.glob("*.bin"))) == 4 and listed.is_file()


def test_the_handout_list_key_holds_the_content_the_address_and_faq_build(monkeypatch: pytest.MonkeyPatch) -> None:
    import faq_build.build as build_module

    keys = {handout_list_key("content", None), handout_list_key("other content", None),
            handout_list_key("content", "https://example.org/")}
    monkeypatch.setattr(build_module, "package_digest", lambda: "another faq_build")
    keys.add(handout_list_key("content", None))
    monkeypatch.setattr(build_module, "versions", lambda *names: "markdown==0.1")
    keys.add(handout_list_key("content", None))
    assert len(keys) == 5 and all(key.startswith("handouts-") for key in keys)
