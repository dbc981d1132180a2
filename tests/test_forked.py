"""The allowlist check on a second core (faq_build/forked.py): same answer as in one process."""

from __future__ import annotations

import os
import threading

import pytest
from conftest import TODAY, TOPIC, fixture_files, fixture_text, line_of

from faq_build import forked as forked_module
from faq_build import validate as validate_module
from faq_build.forked import Forked, can_fork
from faq_build.load import parse_files
from faq_build.validate import validate


@pytest.fixture
def alone(monkeypatch):
    """This process as the build runs it: one thread. (In the whole suite the browser tests'
    server and proxy threads, idle for the rest of the session, are running too.)"""
    monkeypatch.setattr(forked_module.threading, "active_count", lambda: 1)


def test_this_machine_forks(alone):
    """Linux and two cores: CI's machine. Every test below relies on it."""
    assert can_fork()


def _raises() -> None:
    raise ValueError("from the function")


def test_the_result_is_computed_in_a_child(alone):
    with Forked(os.getpid) as pending:
        assert pending.result() != os.getpid()
        assert pending.forked


def test_without_run_or_when_the_child_fails_the_result_is_computed_here(alone):
    with Forked(os.getpid, run=False) as pending:
        assert pending.result() == os.getpid() and not pending.forked
    with Forked(lambda: lambda: 1) as pending:  # a function cannot be pickled back
        assert pending.result()() == 1 and not pending.forked
    with Forked(_raises) as pending, pytest.raises(ValueError, match="from the function"):
        pending.result()  # raised here, with its own traceback, not lost in the child


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        with Forked(os.getpid) as pending:
            assert pending.result() == os.getpid() and not pending.forked
    finally:
        stop.set()
        thread.join()


def test_the_objects_frozen_for_the_fork_are_given_back_once_the_child_is_reaped(alone):
    import gc

    assert gc.get_freeze_count() == 0
    with Forked(os.getpid) as pending:
        assert gc.get_freeze_count() > 0
        pending.result()
        assert gc.get_freeze_count() == 0
    with Forked(os.getpid):  # never asked: given back when the block ends
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a caller that froze first (a build) keeps its objects frozen
    try:
        with Forked(os.getpid) as pending:
            pending.result()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_result_never_asked_for_leaves_no_child(alone):
    with Forked(threading.Event().wait, 60) as pending:
        child = pending._pid
        assert child is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


def test_validate_on_two_cores_reports_exactly_what_one_core_reports(alone, monkeypatch):
    """A problem for the allowlist (raw HTML), one for the other checks (a bare number), one for a
    check the second core runs with the allowlist (a stigmatising word, SECOND_CORE_CHECKS), and a
    line the early check reports, which the allowlist then leaves out; and a hard answer for a check
    that runs after the moved one (READABILITY), so the moved check's place in the order shows."""
    text = fixture_text(TOPIC).replace(
        "      A course lasts",
        "      <div>raw</div>\n\n      About 45 people\n\n      <script>x</script>\n\n"
        "      She was non-compliant.\n\n      Pharmacological augmentation methodologies necessitate comprehensive "
        "interdisciplinary evaluation considerations regarding individualised therapeutic optimisation.\n\n"
        "      A course lasts", 1)
    documents, _ = parse_files({**fixture_files(), TOPIC: text.encode("utf-8")})
    started: list[Forked] = []

    class Recorded(Forked):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(validate_module, "Forked", Recorded)
    _, serial = validate(documents, today=TODAY, parallel=False)
    _, forked = validate(documents, today=TODAY, parallel=True)
    _, default = validate(documents, today=TODAY)  # a handful of questions: below PARALLEL_FROM
    assert [pending.forked for pending in started] == [False, True, False]
    assert forked == serial == default
    assert sorted((d.code, d.line) for d in serial) == [
        ("LANGUAGE-STIGMA", line_of(text, "non-compliant")), ("MARKDOWN-HTML", line_of(text, "<div>raw")),
        ("MARKDOWN-UNSAFE", line_of(text, "<script>x")), ("NUMBER-BARE", line_of(text, "About 45")),
        ("READABILITY", line_of(text, "short_answer: >-")),
    ]
    assert validate_module.SECOND_CORE_CHECKS == ("check_stigmatising_language",)
    monkeypatch.setattr(validate_module, "SECOND_CORE_CHECKS", ())  # every check here, in its own order
    assert validate(documents, today=TODAY, parallel=True)[1] == serial
