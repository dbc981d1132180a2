"""Checks for what a reader meets on every page: key points, the crisis box and its countries,
links to the box from answers, and the 'Report a problem' route.

Listed in ``faq_build.checks.REGISTRY`` with the other content checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..model import Content
from ..text.references import REFERENCE_RE
from .base import CheckContext, check
from .fields import text_fields
from .readability import MAX_GRADE, answer_grade

MIN_KEY_POINTS, MAX_KEY_POINTS = 3, 5

_BOX_MENTION_RE = re.compile(
    r"\b(?:urgent[- ]help box|help box|crisis box|need help now\??\W{0,3} box|box at the top of (?:this|the) page)\b",
    re.IGNORECASE,
)


def check_key_points(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every topic has 3 to 5 key points, each one sentence, read at grade 8 or below.

    A page of 5-15 phone screens needs a summary a reader can take away (PEMAT item 11); more
    than five stops being a summary."""
    for topic in content.topics:
        doc, base = content.where[f"topic:{topic.id}"]
        count = len(topic.key_points)
        if count < MIN_KEY_POINTS:
            yield Diagnostic(
                "KEY-POINTS", f"topic '{topic.id}' has {count} key point(s)", doc.position(base + ("id",)),
                expected=f"{MIN_KEY_POINTS} to {MAX_KEY_POINTS} key points", found=str(count),
                hint="add key_points: short sentences with what a reader should take away from the page",
            )
        elif (grade := answer_grade("\n\n".join(topic.key_points))) > MAX_GRADE:
            yield Diagnostic(
                "KEY-POINTS", f"the key points of '{topic.id}' read at grade {grade:.1f}",
                doc.position(base + ("key_points",)),
                expected=f"Flesch-Kincaid grade {MAX_GRADE:.0f} or below", found=f"grade {grade:.1f}",
                hint="use shorter sentences and everyday words",
            )
check_key_points = check("KEY-POINTS")(check_key_points)


def check_crisis_mentions(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Text that sends a reader to the crisis box links to it with ``{{ crisis: box }}``.

    A person in danger who reads "see the urgent help box" deep in a long page must reach it in one
    tap, not by scrolling back fifteen screens."""
    for field in text_fields(content):
        spans = [(m.start(), m.end()) for m in REFERENCE_RE.finditer(field.text)]
        for match in _BOX_MENTION_RE.finditer(field.text):
            if any(start <= match.start() < end for start, end in spans):
                continue
            yield Diagnostic(
                "CRISIS-LINK", "this mention of the crisis box is not a link to it", field.at(match.start()),
                expected="{{ crisis: box | words }}", found=match.group(0),
                hint="write e.g. 'use the {{ crisis: box | urgent help box on this page }}'",
            )
check_crisis_mentions = check("CRISIS-LINK")(check_crisis_mentions)


def check_crisis_countries(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """With countries set, each service's region belongs to exactly one country, and each country
    has at least one main option (a service with ``button``) that can be called or texted.

    Otherwise a reader who picks their country could lose a service, or see no button at all."""
    crisis = content.crisis
    if not crisis.countries:
        return
    doc, base = content.where["crisis:crisis"]
    owners: dict[str, list[str]] = {}
    for country in crisis.countries:
        for region in country.regions:
            owners.setdefault(region, []).append(country.id)
    seen: set[str] = set()
    for i, country in enumerate(crisis.countries):
        if country.id in seen:
            yield Diagnostic("CRISIS-COUNTRY", f"country '{country.id}' is listed twice",
                             doc.position(base + ("countries", i, "id")), hint="give each country its own id")
        seen.add(country.id)
        mains = [s for s in crisis.services if s.region in country.regions and s.button]
        if not any(s.tel or s.sms for s in mains):
            yield Diagnostic(
                "CRISIS-COUNTRY", f"country '{country.id}' has no main option", doc.position(base + ("countries", i)),
                expected="at least one of its services with a button and a tel or sms number",
                hint="add button: to its emergency number and its main helpline",
            )
    for i, service in enumerate(crisis.services):
        countries = owners.get(service.region, [])
        if len(countries) != 1:
            yield Diagnostic(
                "CRISIS-COUNTRY",
                f"region '{service.region}' belongs to {len(countries)} countries",
                doc.position(base + ("services", i, "region")),
                expected="exactly one country lists this region", found=", ".join(countries) or "none",
                hint="add the region to one country's regions",
            )
        if service.button and not (service.tel or service.sms):
            yield Diagnostic(
                "CRISIS-COUNTRY", "a main option needs a number to call or text",
                doc.position(base + ("services", i, "button")), expected="tel: or sms:",
                hint="add tel, or remove button",
            )
check_crisis_countries = check("CRISIS-COUNTRY")(check_crisis_countries)


def check_report_address(content: Content, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A reader can report a problem with a page: ``report_problem`` in content/site.yml is set.

    A warning, not an error, while the team has no address: pages then say to tell the service
    that gave the link. Never invent an address."""
    if content.site.report_problem:
        return
    doc, base = content.where["site:site"]
    yield Diagnostic(
        "REPORT-ADDRESS-UNSET", "no 'Report a problem with this page' address is set", doc.position(base),
        expected="report_problem: mailto:... or https://...",
        hint="set report_problem in content/site.yml to the team's real address or form",
        severity=Severity.WARNING,
    )
check_report_address = check("REPORT-ADDRESS-UNSET")(check_report_address)
