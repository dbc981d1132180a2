"""The catalogue: every diagnostic code faq-build can emit, with its rule and why it protects readers.

One table, as ruff's ``codes.rs``: ``faq-build checks`` prints it, the README's table is
generated from it, each content check declares which of its codes it emits, and a
:class:`~faq_build.diagnostics.Diagnostic` with a code that is not here cannot be made (it raises:
a bug in faq-build, caught by the tests). A test reads the source and requires that the codes
emitted there are exactly these.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES: dict[str, str] = {
    "file": "content files and folders, before any YAML is read",
    "yaml": "YAML that hides or loses what a file says",
    "structure": "fields, types and values of each file (the models in model.py)",
    "references": "ids named by fields and {{ … }} references (checks/references.py)",
    "safety": "code and placeholders in content (checks/safety.py)",
    "markdown": "each Markdown field as it will be published, after references are resolved (text/sanitise.py)",
    "ids": "page ids, file names and aliases (checks/ids.py)",
    "review": "clinical review dates (checks/review.py)",
    "language": "how answers are worded (checks/language.py)",
    "facts": "numbers and the facts registry (checks/facts.py, checks/fact_frequency.py)",
    "readability": "reading level (checks/readability.py)",
    "published": "addresses clinics were given (checks/published.py)",
    "search": "crisis phrases and search words (checks/search_words.py)",
    "pages": "what every page shows: key points, the crisis box, reporting a problem (checks/pages.py)",
    "build": "building and publishing the site",
    "site": "the built site, checked before it replaces the published one",
    "links": "links in the built site (also `faq-build links`)",
    "editor": "editor tools: `faq-build fmt` and the live preview",
}
"""Each family and what it covers, in the order the catalogue is shown."""

CHECK_FAMILIES = ("references", "safety", "ids", "review", "language", "facts", "readability", "published",
                  "search", "pages")
"""Families whose codes come from the content checks in ``faq_build/checks/``: each of their codes
is declared by exactly one check."""


@dataclass(frozen=True)
class Code:
    """One diagnostic code: its default severity, family, a short title and the rule with its reason."""

    code: str
    family: str
    title: str
    rule: str
    severity: str = "error"


class UnknownCodeError(ValueError):
    """A diagnostic with a code that is not in the catalogue: a bug in faq-build, not in the content."""


def _catalogue(*entries: Code) -> dict[str, Code]:
    table: dict[str, Code] = {}
    for entry in entries:
        if entry.code in table or entry.family not in FAMILIES or entry.severity not in ("error", "warning"):
            raise ValueError(f"bad catalogue entry {entry.code}")
        table[entry.code] = entry
    return table


CODES: dict[str, Code] = _catalogue(
    # ------------------------------------------------------------------ file
    Code("CONTENT-MISSING", "file", "no content folder",
      "The project has a `content/` folder; without it there is nothing to check or build."),
    Code("CONTENT-FILE-MISSING", "file", "a required content file is missing",
      "`site.yml`, `crisis.yml`, `sources.yml`, `facts.yml`, `glossary.yml` and `thesaurus.yml` all exist: "
      "every page needs the crisis box, and every figure, term and citation needs its registry."),
    Code("CONTENT-UNKNOWN-FILE", "file", "a file that is not published",
      "Every file under `content/` is a topic, a page or one of the registries; anything else would "
      "never reach readers, so an editor's work there would be lost silently.", "warning"),
    Code("FILE-SYMLINK", "file", "a symbolic link under content/",
      "Links are never followed and their target is never shown, so content cannot pull in files "
      "from elsewhere on the machine."),
    Code("FILE-NOT-REGULAR", "file", "not a regular file",
      "A FIFO, socket or device, or a folder named like a content file (`topics/x.yml`), is refused "
      "instead of hanging the build or being skipped unnoticed."),
    Code("FILE-HIDDEN", "file", "a hidden file or folder",
      "A name starting with `.` is never published, so content hidden there would be lost."),
    Code("FILE-UNREADABLE", "file", "a file or folder that cannot be read",
      "A permissions problem is reported where it is, not as missing content."),
    Code("FILE-ENCODING", "file", "not UTF-8",
      "Text in another encoding would publish as garbled characters."),
    Code("FILE-BOM", "file", "a byte-order mark",
      "An invisible mark at the start of a file can change what its first key is."),
    Code("FILE-EMPTY", "file", "an empty file",
      "An empty file is almost always a mistake that would drop a whole topic or registry."),
    Code("FILE-TOO-LARGE", "file", "a file over 512 KiB",
      "No content file needs to be this large; the limit keeps a pasted mistake from stalling the build."),
    Code("FILE-CONTROL-CHARACTER", "file", "an invisible control character",
      "Control characters (`\\0`, `\\e`, NEL, U+2028, bidi overrides such as U+202E) in a file, written "
      "as an escape or as a character reference in Markdown (`&#x202e;`) can hide or reorder text readers see; "
      "tab and line breaks are fine."),
    # ------------------------------------------------------------------ yaml
    Code("YAML-SYNTAX", "yaml", "not valid YAML",
      "A file that cannot be parsed is reported with its line, never as a traceback."),
    Code("YAML-TAB", "yaml", "a tab used for indentation",
      "Tabs look like spaces in most editors but YAML refuses them or reads them differently."),
    Code("YAML-DUPLICATE-KEY", "yaml", "the same key twice in one block",
      "YAML would silently keep the last one, so half of what the editor wrote would disappear."),
    Code("YAML-IMPLICIT-BOOL", "yaml", "unquoted no/yes/on/off",
      "YAML 1.1 turns them into true/false, so a word an editor typed would change meaning."),
    Code("YAML-KEY", "yaml", "a key that is not a plain name",
      "A list or block used as a key has no field it could mean."),
    Code("YAML-ANCHOR", "yaml", "an anchor or alias",
      "`&name` and `*name` hide what a file says and can expand into an \"alias bomb\"; each is "
      "reported per line before anything is expanded."),
    Code("YAML-TAG", "yaml", "an explicit tag",
      "A tag (`!!str`, `!custom`) on a value, list or block changes what it means in ways a reader of "
      "the file cannot see."),
    Code("YAML-MULTIPLE-DOCUMENTS", "yaml", "more than one document in a file",
      "Only the first document would be read; everything after `---` would be lost."),
    Code("YAML-TOO-DEEP", "yaml", "nested more than 20 levels",
      "Content needs a handful of levels; deeper nesting is a mistake or an attack on the parser."),
    Code("NUMBER-NOT-FINITE", "yaml", "a number the site cannot print",
      "`1e309`, `.inf`, `.nan` or hundreds of digits cannot be a figure readers rely on "
      "(`\"inf\"`/`\"nan\"` typed as text in a number field are FIELD-VALUE)."),
    # ------------------------------------------------------------------ structure
    Code("FIELD-UNKNOWN", "structure", "an unknown field",
      "A misspelt field (with \"did you mean\") would otherwise be ignored and its text never shown."),
    Code("FIELD-MISSING", "structure", "a required field is missing",
      "Every page needs its title, answers, review and sources; nothing is filled in by guesswork."),
    Code("FIELD-TYPE", "structure", "the wrong kind of value",
      "Text where a number belongs (or a list where text belongs) is reported before it can print "
      "wrongly; a fact's figure written as true or \"36.8\" is refused too."),
    Code("FIELD-EMPTY", "structure", "an empty value",
      "An empty title, answer or list would publish as a blank."),
    Code("FIELD-VALUE", "structure", "an invalid value",
      "A value outside what the field allows (for example more than 5 key points) is refused with the reason."),
    Code("DATE-INVALID", "structure", "not a real date",
      "`2024-13-01` or `2025-02-30` would make review dates meaningless."),
    Code("ID-INVALID", "structure", "an id that is not a lowercase slug",
      "Ids become web addresses; capitals, spaces and punctuation break links clinics print."),
    Code("ID-DUPLICATE", "structure", "an id used twice",
      "Two answers sharing one id would share one `#anchor`, so a clinic's link could open the wrong one."),
    Code("SOURCE-DOI-INVALID", "structure", "a DOI that is not well formed",
      "A citation must lead to the real study; a malformed DOI leads nowhere."),
    Code("SOURCE-PMID-INVALID", "structure", "a PMID that is not well formed",
      "A PubMed id is digits only; anything else cannot identify the study."),
    Code("SOURCE-URL-INVALID", "structure", "a source address that is not https",
      "A source's address must be a real `https://` page readers can open."),
    Code("SOURCE-IDENTIFIER-MISSING", "structure", "a source with no DOI, PMID or URL",
      "Every claim must be traceable to a source a reader can find."),
    Code("FACT-VALUE-MISSING", "structure", "a fact without a value or a low–high range",
      "A fact is a figure; without one, every answer citing it would show nothing."),
    Code("REVIEW-STATUS", "structure", "review status and reviewer disagree",
      "A reviewed topic names its `reviewer` and `reviewer_role`; a pending one names neither, so a "
      "page never claims a clinical review it did not have."),
    Code("REPORT-ADDRESS-INVALID", "structure", "a report address that is not mailto: or https://",
      "\"Report a problem with this page\" must lead to a real address or form."),
    Code("SEARCH-WORD-INVALID", "structure", "a search word that is not one lowercase word",
      "Search words are compared as people type them; other text could never match."),
    # ------------------------------------------------------------------ references
    Code("REF-MISSING", "references", "a reference to an id that does not exist",
      "Every id in `related`, `sources`, `source`, `disputed_by` and `{{ … }}` exists (with \"did you "
      "mean\"): a dangling reference becomes a broken link or an uncited claim on a patient's screen."),
    Code("REF-SELF", "references", "a question related to itself, or a fact disputed by itself",
      "A link to the page the reader is on, or a fact disagreeing with itself, tells them nothing."),
    Code("REF-SYNTAX", "references", "a malformed {{ … }} reference",
      "An unknown kind or unfinished braces must never publish as raw braces or a missing number."),
    Code("REF-FACT-TEXT", "references", "a fact reference with its own words after |",
      "`{{ fact: id | 95% }}` would print the typed words in place of the registered value."),
    # ------------------------------------------------------------------ safety
    Code("MARKDOWN-UNSAFE", "safety", "scripts, event handlers, embeds or javascript: links",
      "Pages are trusted by distressed readers and printed by clinics; content must not run code or "
      "load anything from elsewhere (the early, friendly message)."),
    Code("PLACEHOLDER", "safety", "a TODO left from a scaffold",
      "Placeholders from `faq-build new-question` or `new-topic` are filled in before anything is published."),
    # ------------------------------------------------------------------ markdown
    Code("MARKDOWN-HTML", "markdown", "raw HTML in a Markdown field",
      "Once references are resolved, a field holds no raw HTML, HTML comment or `attr_list` attribute "
      "other than an id or a class (`{:onclick=…}`, `autofocus`), so no tag can be assembled from pieces."),
    Code("LINK-UNSAFE", "markdown", "a link that is not https:, mailto:, tel:, sms: or this site",
      "Checked after entities and tabs are decoded (`jav&#x61;script:`, `http:`, `//host`, `data:`, "
      "`file:`), also in `[name]: url` definitions, so no link runs code or leaves the site unencrypted."),
    # ------------------------------------------------------------------ ids
    Code("ID-RESERVED", "ids", "an id the site itself uses",
      "A topic or page id that is one of the site's own names (`checks/ids.RESERVED_PAGE_IDS`) or ends in "
      "`-short` (the short handouts) would overwrite, or be overwritten by, the site's own files."),
    Code("TOPIC-FILE-NAME", "ids", "a topic file not named after its id",
      "Editors find the page they want to change by its file name.", "warning"),
    Code("ALIAS-CLASH", "ids", "an alias that points two ways",
      "An alias that is a reserved name, another page's id or another topic's alias (reported at the "
      "second) would send an old address to the wrong page."),
    # ------------------------------------------------------------------ review
    Code("REVIEW-DATES", "review", "review dates out of order",
      "The last review is not in the future and the next is after it and at most 3 years later: "
      "out-of-date health information can harm."),
    Code("REVIEW-OVERDUE", "review", "a topic past its review date",
      "A clinician reviews the page before it is published again."),
    # ------------------------------------------------------------------ language
    Code("SHORT-ANSWER-LENGTH", "language", "a short answer longer than two sentences",
      "A worried reader gets the answer first; the detail goes in the body."),
    Code("DEFINITION-RESTATED", "language", "an answer restates a threshold definition",
      "\"At least two antidepressants…\", or a sentence that names or defines the condition, counts "
      "treatments and says they did not work: definitions live once in the glossary, so they cannot drift."),
    Code("LANGUAGE-STIGMA", "language", "blaming or stigmatising words",
      "\"Non-compliant\", \"resistant patient\", \"failed treatment\", \"suffers from\", \"committed "
      "suicide\"…: readers told they are \"treatment resistant\" often hear \"you failed\"; a kinder "
      "wording is suggested."),
    # ------------------------------------------------------------------ facts
    Code("NUMBER-BARE", "facts", "a number that is not a registered fact",
      "Every number a reader sees, in any field and written any way, is a `{{ fact: … }}` reference: a "
      "retyped number drifts from its source and loses its citation, and patients act on numbers."),
    Code("FACT-CONFLICT", "facts", "two facts measuring the same thing disagree",
      "Facts with one `measure` agree or point to each other with `disputed_by`, so readers learn that "
      "experts disagree instead of meeting two figures on two pages."),
    Code("FACT-DISPUTE-MEASURE", "facts", "a dispute with a fact that measures something else",
      "Only facts that measure the same thing can disagree; anything else tells a reader nothing true."),
    Code("FACT-DISPUTE-DUPLICATE", "facts", "the same fact listed twice in disputed_by",
      "A repeated entry would print the same claim twice."),
    Code("FACT-VALUE-RANGE", "facts", "an impossible figure",
      "Outside 0–100 %, below zero for weeks, sessions, hours or years, a ratio not above 0, not a "
      "calendar year, too large to print exactly, low above high, or a confidence interval without its "
      "estimate: a typo in a figure must not publish."),
    Code("FACT-FREQUENCY", "facts", "a natural frequency that says something else than the value",
      "\"About 1 in 3 people\" is typed by the editor, never computed, so it must match the value: the form "
      "\"[hedge] N in M words\", a denominator readers can picture, a hedge that fits; only for a "
      "percentage, and required by `show_value: false`."),
    # ------------------------------------------------------------------ readability
    Code("READABILITY", "readability", "an answer above grade 8",
      "Readers are often distressed and on a phone: each answer reads at Flesch–Kincaid grade 8 or below, "
      "unless `readability_override` gives the reason."),
    # ------------------------------------------------------------------ published
    Code("LINK-REMOVED", "published", "a published address would disappear",
      "Clinics print addresses in letters and on posters; a renamed answer or topic keeps its old address "
      "as an alias."),
    # ------------------------------------------------------------------ search
    Code("CRISIS-PHRASE", "search", "a crisis phrase that cannot match, or matches everything",
      "A phrase with punctuation never matches what people type, one made only of `ignore_words` shows "
      "the crisis card for every search (and teaches people to scroll past it), and a repeated one hides "
      "which entry an editor meant to change."),
    Code("SEARCH-WORD-DUPLICATE", "search", "a search word listed twice",
      "A word in two synonym groups, a stop word with synonyms or two `same_words` groups means one entry "
      "silently does nothing."),
    # ------------------------------------------------------------------ pages
    Code("KEY-POINTS", "pages", "not 3 to 5 key points, or key points above grade 8",
      "A long page needs a summary a reader can take away; more than five stops being one."),
    Code("CRISIS-LINK", "pages", "a mention of the crisis box that is not a link to it",
      "A person in danger who reads \"see the urgent help box\" must reach it in one tap (`{{ crisis: box }}`)."),
    Code("CRISIS-COUNTRY", "pages", "a crisis service or country that would be lost",
      "Each service region belongs to exactly one country, each country has a main option with a number "
      "to call or text, and each country is listed once, so a reader who picks theirs sees every service."),
    Code("REPORT-ADDRESS-UNSET", "pages", "no \"Report a problem\" address",
      "Readers can report a problem with a page; while the team has no address, pages say to tell the "
      "service that gave the link. Never invent one.", "warning"),
    # ------------------------------------------------------------------ build
    Code("SITE-BUILD", "build", "the site could not be built",
      "`mkdocs build --strict` failed, or the search index could not be made; nothing is published."),
    Code("SITE-ADDRESS", "build", "no real public address for a release",
      "A release (`make release`, `faq-build build --release`) prints its address on handouts and in QR "
      "codes, so `FAQ_SITE_URL` must be a real `http(s)://` address, not an example name; exit 2."),
    Code("BUILD-ENVIRONMENT", "build", "the machine, not the content (live preview)",
      "Another build is running, or the new site could not be put in place; the published site is unchanged."),
    Code("EDITOR-HOST", "build", "the published editor's git host is not set up right",
      "With `FAQ_EDITOR_REPO` set, the site carries the browser editor at /admin/, saving to that GitHub "
      "repository as pull requests; a malformed repository, branch or sign-in address, or missing editor "
      "files, stops the build rather than publish an editor that saves somewhere else."),
    # ------------------------------------------------------------------ site
    Code("SITE-AUDIT", "site", "the built site holds something that is not ours",
      "Before it is swapped in, no page has a foreign script, an `on…` handler, a `javascript:`/`data:` "
      "address, `<base>`, a refresh, something from another origin or an id used twice."),
    Code("SEARCH-INDEX", "site", "an incomplete search index",
      "The index written for the new site holds every answer and can be loaded, or nothing is published."),
    # ------------------------------------------------------------------ links
    Code("LINK-BROKEN", "links", "an internal link that does not resolve",
      "A link in a page that leads to a missing page (a build error, reported at the content line that holds it)."),
    Code("ANCHOR-BROKEN", "links", "an #anchor that does not exist",
      "A link to an answer that is not on the page would leave the reader at the top of a long page."),
    Code("LINK-EXTERNAL", "links", "an external address that does not answer",
      "`faq-build links --external`: a source or service address readers are sent to must still open."),
    # ------------------------------------------------------------------ editor
    Code("FMT-UNSAFE", "editor", "formatting would change what a file says",
      "`faq-build fmt` leaves a file as it is rather than change its meaning or lose a comment."),
    Code("FMT-SKIPPED", "editor", "a file that cannot be read safely was not formatted",
      "A file with a load problem is left for `faq-build check` to explain."),
    Code("FMT-UNKNOWN-FILE", "editor", "not a content file, so not formatted",
      "`faq-build fmt` only rewrites files it knows the shape of."),
    Code("INTERNAL", "editor", "the build stopped unexpectedly (live preview)",
      "A bug in faq-build, not in the content, shown on the preview's error page instead of stopping it."),
)


def check_known(code: str) -> None:
    """Raise for a code that is not in the catalogue (Diagnostic calls it for every diagnostic)."""
    if code not in CODES:
        raise UnknownCodeError(f"diagnostic code {code!r} is not in faq_build/codes.py")


def catalogue() -> list[Code]:
    """Every code, grouped by family in the order of FAMILIES, then in catalogue order."""
    order = {family: i for i, family in enumerate(FAMILIES)}
    return sorted(CODES.values(), key=lambda c: order[c.family])


def as_json() -> list[dict[str, str]]:
    """The catalogue as ``faq-build checks --json`` prints it: one object per code."""
    return [{"code": c.code, "severity": c.severity, "family": c.family, "title": c.title, "rule": c.rule}
            for c in catalogue()]


def as_text() -> str:
    """The catalogue for a terminal: one heading per family, then code, severity and title."""
    width = max(len(code) for code in CODES)
    lines: list[str] = []
    for family, about in FAMILIES.items():
        entries = [c for c in catalogue() if c.family == family]
        lines.append(f"{family}: {about}")
        lines.extend(f"  {c.code:<{width}}  {c.severity:<7}  {c.title}" for c in entries)
        lines.append("")
    lines.append(f"{len(CODES)} codes. `faq-build checks --json` adds each rule and why it protects readers.")
    return "\n".join(lines)


def as_markdown() -> str:
    """The README's table (between its ``<!-- codes:start -->`` and ``<!-- codes:end -->`` markers)."""
    rows = ["| code | severity | family | rule |", "| --- | --- | --- | --- |"]
    for c in catalogue():
        rule = f"{c.title}: {c.rule}".replace("|", "\\|")
        rows.append(f"| `{c.code}` | {c.severity} | {c.family} | {rule} |")
    return "\n".join(rows) + "\n"
