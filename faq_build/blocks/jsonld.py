"""schema.org data for each page's front matter: the ``MedicalWebPage`` that search engines read."""

from __future__ import annotations

from datetime import date

from ..model import Review, Source
from ..resolve import Resolved, ResolvedTopic, plain_markdown_text


def _citation(source: Source) -> dict[str, str]:
    item = {"@type": "CreativeWork", "name": source.title}
    if source.doi:
        item["url"] = f"https://doi.org/{source.doi}"
    elif source.pmid:
        item["url"] = f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
    elif source.url:
        item["url"] = source.url
    return item


def medical_web_page(
    *,
    name: str,
    description: str,
    reviewed: date,
    reviews: list[Review],
    about: list[str] = (),
    citations: list[Source] = (),
    parts: list[tuple[str, str, str]] = (),
) -> dict:
    """schema.org MedicalWebPage: the health-page schema search engines still read
    (FAQPage rich results were withdrawn for most sites).

    Honest by construction: ``reviewedBy`` and ``lastReviewed`` are claimed only when every review
    behind the page is a clinician's (``status: reviewed``); a page pending clinical review gives
    ``dateModified`` instead and names no reviewer."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": name,
        "description": description,
        "inLanguage": "en",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    if reviews and all(review.is_reviewed for review in reviews):
        data["lastReviewed"] = reviewed.isoformat()
        people = sorted({(review.reviewer, review.reviewer_role) for review in reviews})
        data["reviewedBy"] = [{"@type": "Person", "name": who, "jobTitle": role} for who, role in people]
    else:
        data["dateModified"] = reviewed.isoformat()
    if about:
        data["about"] = [{"@type": "MedicalEntity", "name": name} for name in about]
    if citations:
        data["citation"] = [_citation(source) for source in citations]
    if parts:
        data["hasPart"] = [
            {"@type": "WebPageElement", "@id": f"#{anchor}", "name": heading, "description": text}
            for anchor, heading, text in parts
        ]
    return data


def newest_review(resolved: Resolved) -> date:
    """The date of the newest topic review: when a page about the whole site was last reviewed."""
    return max(t.topic.review.last_reviewed for t in resolved.topics)


def _reviews(resolved: Resolved) -> list[Review]:
    return [t.topic.review for t in resolved.topics]


def site_page_jsonld(name: str, description: str, resolved: Resolved, **extra) -> dict:
    """A page about the whole site (home, glossary, sources): reviewed when its newest topic was, and
    only claimed as reviewed by clinicians when every topic is."""
    return medical_web_page(
        name=name, description=description, reviewed=newest_review(resolved), reviews=_reviews(resolved), **extra
    )


def topic_page_jsonld(topic: ResolvedTopic, resolved: Resolved) -> dict:
    """A topic page: its own review, the glossary terms it is about, its sources and one part per question."""
    sources = list({s.id: s for q in topic.questions for s in q.sources}.values())
    return medical_web_page(
        name=topic.topic.title,
        description=topic.summary,
        reviewed=topic.topic.review.last_reviewed,
        reviews=[topic.topic.review],
        about=[resolved.terms_by_id[t].term for t in topic.terms],
        citations=sources,
        parts=[(q.question.id, q.question.question, plain_markdown_text(q.short_answer)) for q in topic.questions],
    )
