"""Citations and dates as a reader reads them, on the Sources page and in the printed handouts."""

from __future__ import annotations

from datetime import date

from ..model import Source
from ..resolve import escape_markdown
from ..text.sanitise import markdown_url

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def human_date(value: date) -> str:
    """'20 November 2026': unambiguous for readers in the UK and the US alike."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_citation(source: Source) -> str:
    """A Vancouver-style citation line with links to DOI, PubMed and the web page."""
    bits = []
    if source.authors:
        bits.append(f"{escape_markdown(source.authors)}.")
    bits.append(f"{escape_markdown(source.title.rstrip('.'))}.")
    where = escape_markdown(source.container or "")
    details = ""
    if source.year:
        details = str(source.year)
    if source.volume:
        details += f";{escape_markdown(str(source.volume))}"
        if source.issue:
            details += f"({escape_markdown(str(source.issue))})"
    if source.pages:
        details += f":{escape_markdown(str(source.pages))}"
    if where or details:
        bits.append(f"*{where}*{'.' if where else ''} {details}".strip() + ".")
    links = []
    if source.doi:
        links.append(f"DOI: [{escape_markdown(source.doi)}]({markdown_url('https://doi.org/' + source.doi)})")
    if source.pmid:
        links.append(f"PubMed: [{escape_markdown(str(source.pmid))}]({markdown_url(f'https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/')})")
    if source.url:
        links.append(f"[Web page]({markdown_url(source.url)})")
    status = "Checked against a public record." if source.verified else "**Not yet verified.**"
    if source.as_of:
        status += f" Information as of {human_date(source.as_of)}; rules and approvals change."
    return " ".join(bits) + "\n\n" + " · ".join(links) + f"\n\n{status}"
