"""One rule for every text a reader sees: plain text is escaped, Markdown is allowlisted.

Plain-text fields (titles, terms, units, citation parts, site and crisis texts) are data:
``markdown_text`` and ``html_text`` make them print literally wherever they are rendered,
including what the theme prints from the navigation and front matter.

Markdown fields (answers, intros, page bodies, definitions, notes) may use a documented
subset: paragraphs, headings, emphasis, lists, quotes, code, rules, line breaks and links to
``https:``, ``mailto:``, ``tel:``, ``sms:`` or this site; ``attr_list`` may carry only ids
and classes. No raw HTML. The check converts each field *after references are resolved*
with Python-Markdown (the converter MkDocs uses), runs the HTML through the ``nh3``
allowlist sanitiser, and refuses the field with file:line when the sanitiser would change
anything. Refusing instead of silently cleaning keeps what the editor sees in the preview
equal to what is published; the site audit (``audit.py``) is the second net.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

import markdown
import nh3

from ..diagnostics import Diagnostic

ALLOWED_TAGS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br"]
)
GENERIC_ATTRIBUTES = frozenset({"id", "class"})
"""The only attributes ``attr_list`` may set on any element."""
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "*": set(GENERIC_ATTRIBUTES)}
LINK_SCHEMES = frozenset({"https", "mailto", "tel", "sms"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "background"})
VOID_TAGS = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])

_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]")
"""What a browser's URL parser drops or trims (tabs, newlines, controls, spaces): 'java\\tscript:'."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def markdown_text(text: str) -> str:
    """Plain text placed inside generated Markdown: printed literally, never markup or an entity."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")


def html_text(text: str) -> str:
    """Plain text placed where the theme prints HTML (navigation, page titles): escaped once."""
    # Quotes stay: these titles are printed as element text, and Material escapes them itself
    # where it puts a title in an attribute (the footer's aria-label).
    return html.escape(" ".join(text.split()), quote=False)


def markdown_url(url: str) -> str:
    """A URL from data placed as a Markdown link target: characters that could end the target or
    open markup (parentheses, brackets, quotes, angle brackets, spaces) are percent-encoded."""
    return quote(url, safe="/:?#@!$&'*+,;=%~-._")


def url_allowed(value: str, *, resource: bool = False) -> bool:
    """A link may go to ``https:``/``mailto:``/``tel:``/``sms:`` or stay on this site; a resource
    (image, media) must stay on this site. Checked on the decoded value the browser would use,
    so entities (``jav&#x61;script:``) and tabs (``java<TAB>script:``) do not hide a scheme."""
    url = _URL_NOISE_RE.sub("", html.unescape(value))
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # another host, written without a scheme
    scheme = _SCHEME_RE.match(url)
    if scheme is None:
        return True
    return not resource and scheme.group(1).lower() in LINK_SCHEMES


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES and not url_allowed(value, resource=attribute != "href"):
        return None
    return value


def sanitise(fragment: str) -> str:
    """The allowlist, applied by nh3 (Ammonia): what may be published from a Markdown field."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        attribute_filter=_attribute_filter,
        link_rel=None,
        strip_comments=True,
    )


Token = tuple[str, str, tuple[tuple[str, str], ...]]


class _Tokens(HTMLParser):
    """HTML as comparable events, so nh3's re-serialised output can be compared with the input."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS:
            self.tokens.append(("end", tag, ()))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data, ())
        else:
            self.tokens.append(("text", data, ()))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data, ()))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("comment", decl, ()))

    handle_pi = handle_decl
    unknown_decl = handle_decl


def tokens(fragment: str) -> list[Token]:
    parser = _Tokens()
    parser.feed(fragment)
    parser.close()
    return [t for t in parser.tokens if not (t[0] == "text" and not t[1].strip())]


@dataclass(frozen=True)
class Finding:
    """One thing the allowlist refuses: the code, what it is, and text to find it by in the source."""

    code: str
    message: str
    found: str
    needle: str
    hint: str | None = None
    """For a finding the Markdown hint does not fit (``HINT`` otherwise)."""


_converters = threading.local()

INLINE_PATTERN_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "backtick": (("`",),),
    "escape": (("\\",),),
    "reference": (("[",),),
    "link": (("[",),),
    "image_link": (("!", "["),),
    "image_reference": (("!", "["),),
    "short_reference": (("[",),),
    "short_image_ref": (("!", "["),),
    "autolink": (("<",),),
    "automail": (("<",),),
    "linebreak": (("  ",), ("\t",)),
    "html": (("<",),),
    "entity": (("&",),),
    "em_strong": (("*",), ("_",)),
}
"""Python-Markdown's inline patterns and the characters each one's expression cannot match
without: a pattern is kept when every string of one of its groups is in the field (a tab counts
for the two spaces of a line break, as tabs are expanded first). Inline processing tries every
pattern on every piece of text, about two thirds of a conversion; a pattern that cannot match
changes nothing, so leaving it out gives the same HTML faster. A pattern missing from this table
is always kept; ``tests/test_sanitise_converter.py`` checks the table names the installed
version's patterns and that the HTML is the same as with all of them."""


def inline_patterns_needed(text: str) -> frozenset[str]:
    """The inline patterns that could match somewhere in ``text`` (``INLINE_PATTERN_NEEDS``)."""
    return frozenset(name for name, groups in INLINE_PATTERN_NEEDS.items()
                     if any(all(part in text for part in group) for group in groups))


def _converter(needed: frozenset[str]) -> markdown.Markdown:
    """This thread's converter without the inline patterns that are not ``needed``: building a
    ``Markdown`` instance (its extensions and pattern tables) costs more than converting a short
    answer, so each set of patterns is built once."""
    cache: dict[frozenset[str], markdown.Markdown] | None = getattr(_converters, "by_patterns", None)
    if cache is None:
        cache = _converters.by_patterns = {}
    converter = cache.get(needed)
    if converter is None:
        converter = cache[needed] = markdown.Markdown(extensions=["attr_list"], output_format="html")
        for name in INLINE_PATTERN_NEEDS.keys() - needed:
            converter.inlinePatterns.deregister(name, strict=False)
    return converter


def to_html(text: str) -> tuple[str, dict[str, str]]:
    """Python-Markdown with the site's extensions; also the reference-style link targets it
    consumed (``[x]: url`` defines a link another field could use). The converter leaves out the
    inline patterns that cannot match in ``text`` (``INLINE_PATTERN_NEEDS``) and is reset before
    each field."""
    converter = _converter(inline_patterns_needed(text))
    fragment = converter.reset().convert(text)
    return fragment, {name: url for name, (url, _title) in converter.references.items()}


MARKUP_OPENERS = frozenset("<[{")
"""Without one of these a field cannot leave the allowlist: raw HTML and autolinks start with
'<', links, images and link definitions with '[', attributes (``attr_list``) with '{'. Everything
else Python-Markdown makes of text is p, h1-h6, em, strong, code, pre, blockquote, ul, ol (and its
allowed ``start``), li, hr or br, with the text escaped (tested with generated texts), and the
numeric character references ``&#...;`` that it passes through (``CHARACTER_REFERENCE``)."""
CHARACTER_REFERENCE = "&#"
"""Where a field writes a character by its number: ``&#x202e;`` is a bidi override the loader
refuses when it is typed (FILE-CONTROL-CHARACTER), so such a field is converted and checked too."""
_NUMERIC_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
CONTROL_REFERENCE_HINT = ("remove the character reference: it writes an invisible control character, which can "
                          "hide or reorder the text readers see")


def may_hold_markup(text: str) -> bool:
    """Whether converting ``text`` could give anything the allowlist refuses (the shortcut of ``findings``)."""
    return not MARKUP_OPENERS.isdisjoint(text) or CHARACTER_REFERENCE in text


def findings(text: str) -> list[Finding]:
    """Everything in one resolved Markdown field that the allowlist would not publish unchanged."""
    if not may_hold_markup(text):
        return []
    return converted_findings(text)


def _invisible(match: re.Match[str]) -> bool:
    """A numeric character reference to a character the loader refuses as typed text (or to none).
    128 to 159 are not C1 controls here: HTML reads them as Windows-1252 (``&#128;`` is a euro sign)."""
    number = int(match[1], 16) if match[1] else int(match[2])
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return True
    if 0x80 <= number <= 0x9F:
        return False
    from ..strict_yaml import refused_in_values

    return refused_in_values(chr(number))


def converted_findings(text: str) -> list[Finding]:
    """``findings`` without the shortcut: the field converted and compared with the allowlist."""
    fragment, references = to_html(text)
    found = [
        Finding("LINK-UNSAFE", f"a link to '{url}'", url, url)
        for url in references.values() if not url_allowed(url)
    ]
    invisible = [match for match in _NUMERIC_REFERENCE_RE.finditer(fragment) if _invisible(match)]
    found += [
        Finding("FILE-CONTROL-CHARACTER", f"a character reference to an invisible control character "
                f"('{match.group(0)}')", match.group(0), match.group(0)[:-1], CONTROL_REFERENCE_HINT)
        for match in invisible
    ]
    if invisible:  # reported above; the allowlist is compared on the rest
        fragment = _NUMERIC_REFERENCE_RE.sub(lambda m: "" if _invisible(m) else m.group(0), fragment)
    cleaned = sanitise(fragment)
    if cleaned != fragment:  # the same text has the same tokens; only a changed one is parsed
        before, after = tokens(fragment), tokens(cleaned)
        if before != after:
            found.append(_describe(before, after))
    return found


def _describe(before: list[Token], after: list[Token]) -> Finding:
    index = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    if index >= len(before):
        return Finding("MARKDOWN-HTML", "HTML that the allowlist would change", "", "<")
    kind, name, attrs = before[index]
    if kind == "comment":
        return Finding("MARKDOWN-HTML", "an HTML comment or declaration", f"<!--{name}-->"[:60], "<!")
    if kind != "start":
        return Finding("MARKDOWN-HTML", f"raw HTML '{'</' + name + '>' if kind == 'end' else name[:60]}'",
                       name[:60], "<")
    if name not in ALLOWED_TAGS:
        return Finding("MARKDOWN-HTML", f"the HTML tag <{name}>", f"<{name}>", f"<{name}")
    allowed = ALLOWED_ATTRIBUTES.get(name, set()) | GENERIC_ATTRIBUTES
    for attribute, value in attrs:
        if attribute not in allowed:
            return Finding("MARKDOWN-HTML", f"the attribute '{attribute}' on <{name}>",
                           f"{attribute}={value!r}"[:80], attribute)
        if attribute in URL_ATTRIBUTES and not url_allowed(value):
            return Finding("LINK-UNSAFE", f"a link to '{value[:80]}'", value[:80], value[:20] or attribute)
    return Finding("MARKDOWN-HTML", f"raw HTML in <{name}> that the allowlist would change", f"<{name}>", f"<{name}")


HINT = (
    "use plain Markdown: no raw HTML; {: #id .class } only; links to https:, mailto:, tel:, sms: "
    "or a page of this site"
)


def field_diagnostics(field, resolved: str) -> Iterator[Diagnostic]:
    """Diagnostics for one Markdown field, placed on the line of the source that holds the problem."""
    for finding in findings(resolved):
        yield Diagnostic(
            finding.code, f"content contains {finding.message}", field.at(_source_offset(field.text, resolved, finding.needle)),
            found=finding.found or None, hint=finding.hint or HINT,
        )


def _source_offset(source: str, resolved: str, needle: str) -> int:
    """Where in the editor's text the problem is: the needle itself, else a line that holds it once
    entities and URL noise are taken out, else the same line as in the resolved text (references
    rarely span lines). Markdown images have no '<img' in the source: their '![' is the needle."""
    needles = [needle, "!["] if needle == "<img" else [needle]
    starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
    for wanted in needles:
        at = source.lower().find(wanted.lower())
        if at >= 0:
            return at
    for wanted in needles:
        key = _normal(wanted)
        for number, line in enumerate(source.split("\n")):
            if key and key in _normal(line):
                return starts[number]
    found = resolved.lower().find(needle.lower())
    line = resolved.count("\n", 0, found) if found >= 0 else 0
    return starts[min(line, len(starts) - 1)]


def _normal(text: str) -> str:
    return _URL_NOISE_RE.sub("", html.unescape(text)).lower()


NEEDS_VALID_REFERENCES = frozenset({"REF-MISSING", "REF-SYNTAX", "FACT-VALUE-MISSING", "ID-DUPLICATE"})
"""Errors after which references cannot be resolved, so the allowlist waits for the fix."""


def check_resolved(content, earlier: list[Diagnostic] = (), problems=None) -> list[Diagnostic]:
    """MARKDOWN-HTML and LINK-UNSAFE on every Markdown field as it will be published: after
    references are resolved, so ``<scr{{ term: x | ipt }}>`` cannot assemble a tag.

    Lines that MARKDOWN-UNSAFE already reported (the early, friendlier message) are not reported twice.
    ``problems`` (optional) gives ``resolved_problems(content)``, perhaps computed on another core."""
    if any(d.code in NEEDS_VALID_REFERENCES for d in earlier):
        return []
    reported = {(d.file, d.line) for d in earlier if d.code == "MARKDOWN-UNSAFE"}
    found = problems() if problems is not None else resolved_problems(content)
    return [d for d in found if (d.file, d.line) not in reported]


def resolved_problems(content) -> list[Diagnostic]:
    """Every allowlist problem of the resolved fields, before ``check_resolved`` filters them; it
    cannot be computed while a reference is broken (``NEEDS_VALID_REFERENCES``)."""
    from ..checks.fields import text_fields
    from ..resolve import protect_prose, resolve

    fields = {(f.doc.path, tuple(f.path)): f for f in text_fields(content)}
    resolved = resolve(content)
    problems: list[Diagnostic] = []

    def run(key: str, path: tuple, text: str) -> None:
        doc, base = content.where[key]
        field = fields.get((doc.path, tuple(base) + path))
        if field is not None and text:
            problems.extend(field_diagnostics(field, text))

    for topic in resolved.topics:
        key = f"topic:{topic.topic.id}"
        run(key, ("intro",), topic.intro)
        for i, item in enumerate(topic.questions):
            run(key, ("questions", i, "short_answer"), item.short_answer)
            run(key, ("questions", i, "body"), item.body)
    for page in resolved.pages:
        run(f"topic:{page.page.id}", ("body",), page.body)
    for item in resolved.terms:
        run(f"term:{item.term.id}", ("definition",), item.term.definition)
        for j, (text, _source) in enumerate(item.alternatives):
            run(f"term:{item.term.id}", ("alternative_definitions", j, "definition"), text)
    for fact in content.facts.values():
        for j, dispute in enumerate(fact.disputed_by):
            run(f"fact:{fact.id}", ("disputed_by", j, "note"), protect_prose(dispute.note.strip()))
    run("site:site", ("home_intro",), resolved.site_texts["home_intro"])
    return problems
