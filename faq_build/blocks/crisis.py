"""The crisis box, from content/crisis.yml: the same help in the same place on every page and handout.

Three forms of one box: ``crisis_block`` at the top of every web page, ``crisis_card`` inside
answers about safety, and ``crisis_print_block`` for paper, where nothing can be tapped or opened.
"""

from __future__ import annotations

from html import escape

from ..model import Crisis, CrisisService
from ..resolve import CRISIS_BOX_ANCHOR
from . import SEARCH_EXCLUDE_CLASS


def service_contact(service: CrisisService) -> str:
    """How to reach one service, as HTML: the number as a tap-to-call link, and a tap-to-text link
    when the service takes texts ("text SHOUT to 85258", "988, or text")."""
    contact = escape(service.contact)
    if service.sms and service.sms_body and not service.tel:
        link = f"sms:{escape(service.sms)}?body={escape(service.sms_body)}"
        return f'text {escape(service.sms_body)} to <a href="{link}">{contact}</a>'
    if service.tel:
        contact = f'<a href="tel:{escape(service.tel)}">{contact}</a>'
    if service.sms:
        contact += f', or <a href="sms:{escape(service.sms)}">text {escape(service.sms)}</a>'
    return contact


def crisis_groups(crisis: Crisis) -> list[tuple[str, str, list[CrisisService]]]:
    """(country id, name, services) in reading order; one group of every service when no country is set."""
    if not crisis.countries:
        return [("all", "", list(crisis.services))]
    return [
        (country.id, country.name, [s for s in crisis.services if s.region in country.regions])
        for country in crisis.countries
    ]


def _main_options(services: list[CrisisService]) -> list[CrisisService]:
    """A country's main options: its services with a button; else its first two that can be called."""
    chosen = [s for s in services if s.button]
    return chosen or [s for s in services if s.tel or s.sms][:2]


def _button(service: CrisisService) -> str:
    """One full-width button: the whole label is the link (tap to call, or to text)."""
    label = escape(service.button or f"{service.name}: {service.contact}")
    if service.tel:
        href = f"tel:{escape(service.tel)}"
    elif service.sms:
        href = f"sms:{escape(service.sms)}" + (f"?body={escape(service.sms_body)}" if service.sms_body else "")
    else:
        return f'<p class="faq-crisis__button faq-crisis__button--text">{label}</p>'
    return f'<a class="faq-crisis__button" href="{href}">{label}</a>'


def _main_buttons(crisis: Crisis) -> list[str]:
    """The main options of every country; all but the first are hidden until the reader picks
    theirs (faq-crisis.js), so without JavaScript the first country's buttons show."""
    lines = []
    for index, (country, _, services) in enumerate(crisis_groups(crisis)):
        hidden = " hidden" if index else ""
        lines.append(f'<div class="faq-crisis__main" data-country="{escape(country)}"{hidden}>')
        lines += [_button(service) for service in _main_options(services)]
        lines.append("</div>")
    return lines


def _service_list(crisis: Crisis) -> list[str]:
    items = []
    for service in crisis.services:
        note = f" ({escape(service.note)})" if service.note else ""
        items.append(
            f"<li><strong>{escape(service.region)}:</strong> {escape(service.name)}: {service_contact(service)}{note}</li>"
        )
    return ['<ul class="faq-crisis__list">', *items, "</ul>"]


OTHER_HELP = "Other countries and ways to get help"


def crisis_block(crisis: Crisis) -> str:
    """The one crisis box, from content/crisis.yml, in the same place on every page (WCAG 3.2.6).

    Compact on a phone: the title and the main options as full-width buttons; every other service
    and country sits behind a disclosure that works without JavaScript. Printing shows the full
    list of every region (``faq-crisis__print``), never only the reader's country."""
    countries = crisis_groups(crisis)
    choose = []
    if len(countries) > 1:
        buttons = " ".join(
            f'<button type="button" class="faq-crisis__country" data-country="{escape(cid)}" aria-pressed="false">'
            f"{escape(name)}</button>"
            for cid, name, _ in countries
        )
        choose = [f'<p class="faq-crisis__choose" hidden>Show first the help for: {buttons}</p>']
    return "\n".join(
        [
            f'<aside class="faq-crisis {SEARCH_EXCLUDE_CLASS}" id="{CRISIS_BOX_ANCHOR}" tabindex="-1" aria-label="Urgent help">',
            f'<p class="faq-crisis__title"><strong>{escape(crisis.title)}</strong></p>',
            *_main_buttons(crisis),
            '<details class="faq-crisis__more">',
            f"<summary>{OTHER_HELP}</summary>",
            f"<p>{escape(crisis.lead)}</p>",
            *choose,
            *_service_list(crisis),
            "</details>",
            '<div class="faq-crisis__print">',
            f"<p>{escape(crisis.lead)}</p>",
            *_service_list(crisis),
            "</div>",
            "</aside>",
        ]
    )


def crisis_print_block(crisis: Crisis) -> str:
    """The crisis box for paper (PDF handouts): every region's services in full, no buttons and no
    disclosure, since paper cannot open one."""
    return "\n".join(
        [
            f'<aside class="faq-crisis" id="{CRISIS_BOX_ANCHOR}" aria-label="Urgent help">',
            f'<p class="faq-crisis__title"><strong>{escape(crisis.title)}</strong></p>',
            f"<p>{escape(crisis.lead)}</p>",
            *_service_list(crisis),
            "</aside>",
        ]
    )


def crisis_card(crisis: Crisis) -> str:
    """The compact card repeated inside answers about crisis, suicide, self-harm or worry for
    someone's safety: the main options, and a link to the full box on the same page."""
    return "\n".join(
        [
            # Not a landmark: the page's one "Urgent help" landmark is the box (axe landmark-unique).
            f'<div class="faq-crisis faq-crisis--inline {SEARCH_EXCLUDE_CLASS}">',
            f'<p class="faq-crisis__title"><strong>{escape(crisis.title)}</strong></p>',
            *_main_buttons(crisis),
            f'<p class="faq-crisis__link"><a href="#{CRISIS_BOX_ANCHOR}">{OTHER_HELP}</a></p>',
            "</div>",
        ]
    )
