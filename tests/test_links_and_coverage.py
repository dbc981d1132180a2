"""The real content as a whole: it passes every check today, covers the brief, and every
link and anchor resolves. The ``content`` tier: an overdue review or a broken link fails
here with the check's own message, as in ``make build``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RealSite, run_cli

from faq_build.build import BuildResult
from faq_build.commands.links import check_internal_links, network_available
from faq_build.report import text as report_text


@pytest.mark.content
def test_real_content_passes_every_check_today(real_check_today: BuildResult):
    report = real_check_today.report
    print(report_text(report))
    assert report.ok, report_text(report)
    # The one expected warning: the team has no 'Report a problem' address yet (never invented).
    assert [d.code for d in report.warnings] == ["REPORT-ADDRESS-UNSET"], report_text(report)


@pytest.mark.content
def test_every_internal_link_and_anchor_resolves(real_site: RealSite):
    assert check_internal_links(real_site.site) == []


def test_crawler_reports_broken_anchor_with_page_and_line(real_site: RealSite, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    page = site / "understanding-trd" / "index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace('href="#will-i-get-better"', 'href="#will-i-get-beter"', 1)
    html = html.replace('href="../glossary/#remission"', 'href="../glossry/#remission"', 1)
    page.write_text(html, encoding="utf-8")
    found = {(d.code, d.file) for d in check_internal_links(site)}
    assert found == {("ANCHOR-BROKEN", "site/understanding-trd/index.html"), ("LINK-BROKEN", "site/understanding-trd/index.html")}
    lines = [d.line for d in check_internal_links(site)]
    assert all(line > 0 for line in lines)


def test_links_command(real_site: RealSite):
    result = run_cli("links", cwd=real_site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_external_links_say_plainly_when_offline(real_site: RealSite):
    result = run_cli("links", "--external", cwd=real_site.root)
    if network_available():  # pragma: no cover - depends on where the tests run
        assert result.returncode in (0, 1)
        assert "external addresses" in result.stdout
    else:
        assert result.returncode == 2
        assert "Cannot reach the network" in result.stderr


# Subjects the product brief requires, with the stable ids of the answers that cover them.
REQUIRED = {
    "what TRD means": "what-is-trd",
    "why definitions differ": "why-definitions-differ",
    "staging": "trd-staging",
    "difficult-to-treat depression": "what-is-difficult-to-treat-depression",
    "how common": "how-common-is-trd",
    "is it my fault": "is-it-my-fault",
    "will I get better (STAR*D)": "will-i-get-better",
    "other conditions": "other-conditions-treatment-resistant",
    "adequate dose and time": "fair-trial-dose-and-time",
    "taking medicine as prescribed": "taking-medicine-as-prescribed",
    "pseudo-resistance": "what-is-pseudo-resistance",
    "another diagnosis": "different-diagnosis-bipolar",
    "other health problems": "physical-health-thyroid-medicines",
    "alcohol and drugs": "alcohol-drugs-and-treatment",
    "second opinion": "how-to-get-a-second-opinion",
    "which antidepressant works best": "strongest-antidepressant",
    "switching": "switching-antidepressants",
    "augmentation": "adding-a-medicine-augmentation",
    "psychotherapy": "talking-therapy-when-medicines-have-not-helped",
    "ECT": "what-is-ect",
    "ECT sessions": "how-many-ect-sessions",
    "ECT memory": "ect-memory-loss",
    "rTMS": "what-is-rtms",
    "esketamine": "what-is-esketamine",
    "ketamine": "ketamine-infusions",
    "psilocybin": "psilocybin-magic-mushrooms",
    "VNS and DBS": "vns-and-dbs",
    "experimental": "experimental-treatments-and-research-trials",
    "poop-out": "antidepressant-stopped-working",
    "not stopping suddenly": "should-i-stop-my-antidepressant",
    "anxiety definition": "what-is-treatment-resistant-anxiety",
    "anxiety options": "options-when-anxiety-not-improved",
    "therapist says resistant": "therapist-says-i-am-resistant",
    "skipping homework": "skipping-therapy-homework",
    "not knowing what to say": "dont-know-what-to-say-in-therapy",
    "doubting therapist": "doubting-my-therapist",
    "wanting to quit": "want-to-quit-therapy",
    "child does not want to go": "child-refuses-therapy",
    "bringing it up": "raise-a-problem-with-my-therapist",
    "ADA at work": "ada-help-at-work",
    "US benefits": "us-disability-benefits",
    "UK": "uk-rights-at-work",
    "questions for the care team": "questions-for-care-team",
    "family and friends": "how-family-can-help",
}


@pytest.mark.content
def test_content_covers_the_brief(real_check_today: BuildResult):
    assert real_check_today.ok, report_text(real_check_today.report)
    content = real_check_today.content
    assert len(content.topics) >= 7
    questions = {q.id: q for _, q in content.questions()}
    assert len(questions) >= 55
    missing = {subject: qid for subject, qid in REQUIRED.items() if qid not in questions}
    assert missing == {}
    assert {p.id for p in content.pages} >= {"about", "accessibility", "privacy"}


@pytest.mark.content
def test_every_question_has_lay_keywords_and_every_topic_a_review(real_check_today: BuildResult):
    assert real_check_today.ok, report_text(real_check_today.report)
    content = real_check_today.content
    for topic in content.topics:
        assert topic.review.status in {"reviewed", "pending"}
        assert bool(topic.review.reviewer and topic.review.reviewer_role) == topic.review.is_reviewed
        for question in topic.questions:
            assert len(question.also_called) >= 2, question.id


@pytest.mark.content
def test_lay_phrases_from_the_brief_appear_on_pages(real_check_today: BuildResult):
    assert real_check_today.ok, report_text(real_check_today.report)
    content = real_check_today.content
    words = " ".join(" ".join([q.question, *q.also_called]).lower() for _, q in content.questions())
    for phrase in ("shock therapy", "magic mushrooms", "my antidepressant stopped working"):
        assert phrase in words, phrase


@pytest.mark.content
@pytest.mark.slow
def test_real_content_is_in_canonical_format():
    result = run_cli("fmt", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
