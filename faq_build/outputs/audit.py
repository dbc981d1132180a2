"""The last check before a site is swapped in: every published HTML page, as the browser gets it.

Content is escaped or allowlisted long before this (``sanitise.py``); this audit does not trust
that. It parses each page of the staging ``site/`` and refuses anything that could run code or
load something from another origin, whatever stage let it through: a ``<script>`` that is not
ours (ours: the theme's bundle and inline scripts, our ``assets/javascripts/*.js``, Pagefind,
JSON-LD and the theme's JSON config, the redirect pages' script), an ``on*`` event handler, a
``javascript:``/``data:``/``vbscript:`` URL, ``<base>``, ``<meta http-equiv>`` (a refresh only on
our own redirect pages), a resource from another origin, and two elements sharing an id.

Pages that pass get a Content-Security-Policy ``<meta>`` (the browser's own net): scripts and
resources from this origin only, inline scripts only by the sha256 of the ones accepted here.
Outbound ``<a href="https://...">`` links stay allowed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from ..diagnostics import Diagnostic, Position
from ..render import RenderedSite
from ..site_address import site_relative

THEME_INLINE_SCRIPTS = frozenset({
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374",  # __md_scope, __md_get, __md_set
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",  # the saved colour palette
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",  # open the tab named by #hash
    "7dc4db85fdbdb896fee9dceef9efd837d5b973f4409360bae98e017a5326d230",  # Zensical 0.0.73: the same
    # __md_scope/__md_get/__md_set, plus data-platform on <html> (the palette and tab scripts are the same)
    "be7c734af2fc281e0d4f823e5affe2875f9d3733286da8a93a0893167b3935d1",  # ours (overrides/partials/header.html):
    # the colour-scheme switch shown and the scheme matching the system setting, before the page is drawn
})
"""sha256 of Material 9.8's (and Zensical 0.0.73's) inline scripts, with the page's relative base path taken out (see
``_theme_key``). A theme upgrade that changes them fails the audit on every page, loudly."""

_BASE_RE = re.compile(r'new URL\("[^"]*",location\)')
_NOISE_RE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
BAD_SCHEMES = frozenset({"javascript", "data", "vbscript"})
URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "background",
    "ping", "cite", "manifest", "icon", "longdesc", "lowsrc", "dynsrc", "archive", "codebase",
})
NON_LOADING_LINKS = frozenset({"canonical", "prev", "next", "alternate", "author", "license", "help"})
"""<link rel> values that name an address without fetching it."""
CSP_STATIC = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "connect-src 'self'; worker-src 'none'; media-src 'self'; object-src 'none'; frame-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
"""``img-src data:`` is for the theme's CSS icons (``url("data:image/svg+xml...")`` in its own
stylesheet); content can never publish a ``data:`` URL (refused above)."""
CODE = "SITE-AUDIT"
HINT = "content must stay plain Markdown and plain text; see MARKDOWN-HTML and LINK-UNSAFE"


def audit_site(site_dir: Path, rendered: RenderedSite, content_dir: Path | None = None, *,
               base: str = "/") -> list[Diagnostic]:
    """Audit every HTML page of a built (staging) site; when all pass, add each page's CSP.

    Problems name the content file a page comes from and, where the page shows it, the field
    (a title in the navigation, a question's answer). ``base`` is the path the site is served
    under (``site_address.base_path``): the 404 page addresses its scripts from there."""
    problems, policies = audit_pages(site_dir, rendered, content_dir, base=base)
    if not problems:
        add_policies(site_dir, policies)
    return problems


def audit_pages(site_dir: Path, rendered: RenderedSite, content_dir: Path | None = None, *,
                base: str = "/") -> tuple[list[Diagnostic], dict[str, str]]:
    """The audit alone, nothing written: its problems, and each page's Content-Security-Policy
    (by path relative to the site) for ``add_policies``."""
    redirects = {name: text for name, text in rendered.files.items() if name.endswith(".html")}
    problems: list[Diagnostic] = []
    policies: dict[str, str] = {}
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir).as_posix()
        html = page.read_text(encoding="utf-8")
        scan = _Scan(site_dir, PurePosixPath(relative), redirect=redirects.get(relative) == html, base=base)
        scan.feed(html)
        scan.close()
        problems += [_diagnostic(relative, finding, content_dir) for finding in scan.findings]
        policies[relative] = content_security_policy(scan.inline_hashes)
    problems += _stylesheet_problems(site_dir)
    return sorted(set(problems), key=Diagnostic.sort_key), policies


def add_policies(site_dir: Path, policies: dict[str, str]) -> None:
    """Put each page's Content-Security-Policy ``<meta>`` into it (pages that passed the audit)."""
    for relative, policy in policies.items():
        page = site_dir / relative
        page.write_text(_with_policy(page.read_text(encoding="utf-8"), policy), encoding="utf-8")


def content_security_policy(inline_hashes: list[str]) -> str:
    hashes = "".join(f" 'sha256-{h}'" for h in sorted(set(inline_hashes)))
    # Pagefind compiles its WebAssembly search core in the page: 'wasm-unsafe-eval' allows
    # exactly that, not eval() of text.
    return f"{CSP_STATIC}; script-src 'self' 'wasm-unsafe-eval'{hashes}"


def _with_policy(html: str, policy: str) -> str:
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for anchor in ('<meta charset="utf-8">', "<head>"):
        at = html.find(anchor)
        if at >= 0:
            end = at + len(anchor)
            return html[:end] + "\n    " + tag + html[end:]
    return tag + html


@dataclass
class _Finding:
    what: str
    found: str
    page_field: str
    target: str | None = None
    """For a title shown in the navigation: the page the link goes to (its title is the field)."""


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]


class _Scan(HTMLParser):
    def __init__(self, site_dir: Path, page: PurePosixPath, *, redirect: bool, base: str = "/") -> None:
        super().__init__(convert_charrefs=True)
        self.site_dir, self.page, self.redirect, self.base = site_dir, page, redirect, base
        self.stack: list[_Open] = []
        self.findings: list[_Finding] = []
        self.inline_hashes: list[str] = []
        self.ids: set[str] = set()
        self.question = ""
        self.script: _Open | None = None
        self.script_text = ""

    # -- where on the page -------------------------------------------------------------------
    def _place(self) -> tuple[str, str | None]:
        tags = [o.tag for o in self.stack]
        if "title" in tags or "h1" in tags or "header" in tags:
            return "title", None
        for opened in reversed(self.stack):
            if opened.tag == "a" and "md-nav__link" in opened.attrs.get("class", ""):
                return "title (shown in the navigation)", opened.attrs.get("href")
        if "nav" in tags:
            return "title (shown in the navigation)", None
        if "article" in tags and self.question:
            return f"question '{self.question}'", None
        return "page text", None

    def _refuse(self, what: str, found: str) -> None:
        field_name, target = self._place()
        self.findings.append(_Finding(what, found[:120], field_name, target))

    # -- parser events -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.stack.append(_Open(tag, values))
        self._element(tag, values)
        if tag in {"br", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "area", "col", "embed", "base"}:
            self.stack.pop()
        elif tag == "script":
            self.script, self.script_text = self.stack[-1], ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1].tag == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self._script_end(self.script, self.script_text)
            self.script = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text += data

    # -- rules -------------------------------------------------------------------------------
    def _element(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "h2" and attrs.get("id"):
            self.question = attrs["id"]
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self._refuse(f"two elements with the id '{attrs['id']}'", f'id="{attrs["id"]}"')
            self.ids.add(attrs["id"])
        for name, value in attrs.items():
            if name.startswith("on"):
                self._refuse(f"an event handler attribute '{name}'", f"<{tag} {name}=...>")
            elif name == "srcdoc":
                self._refuse("an inline frame document (srcdoc)", f"<{tag} srcdoc=...>")
            elif name in URL_ATTRIBUTES or name.endswith(":href"):
                self._url(tag, name, value, attrs)
            elif name == "style" and re.search(r"url\s*\(|@import|expression\s*\(", value, re.I):
                self._refuse("a style attribute that loads something", f'<{tag} style="{value}">')
        if tag == "base":
            self._refuse("a <base> element", f"<base href={attrs.get('href', '')!r}>")
        if tag == "meta" and "http-equiv" in attrs and not (self.redirect and attrs["http-equiv"].lower() == "refresh"):
            self._refuse(f"<meta http-equiv=\"{attrs['http-equiv']}\">", f"content={attrs.get('content', '')!r}")

    def _url(self, tag: str, name: str, value: str, attrs: dict[str, str]) -> None:
        for url in (part.strip().split(" ")[0] for part in value.split(",")) if name == "srcset" else [value]:
            clean = _NOISE_RE.sub("", url)
            scheme = _SCHEME_RE.match(clean)
            if scheme and scheme.group(1).lower() in BAD_SCHEMES:
                self._refuse(f"a {scheme.group(1).lower()}: address", f"<{tag} {name}={url!r}>")
            elif _other_origin(clean) and _loads(tag, name, attrs) and tag not in {"base", "script"}:
                # (<base> and <script src> have their own, clearer findings)
                self._refuse(f"a resource from another origin (<{tag} {name}>)", url)

    def _script_end(self, script: _Open, text: str) -> None:
        kind = script.attrs.get("type", "").lower()
        if "src" in script.attrs:
            if not self._our_script_file(script.attrs["src"]):
                self._refuse("a <script> that is not ours", f"<script src={script.attrs['src']!r}>")
            return
        if kind == "application/ld+json" or (kind == "application/json" and script.attrs.get("id") == "__config"):
            try:
                json.loads(text)
                return
            except ValueError:
                pass
        elif kind in ("", "text/javascript", "module") and (_theme_key(text) in THEME_INLINE_SCRIPTS or self.redirect):
            self.inline_hashes.append(base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode())
            return
        self._refuse("a <script> that is not ours", "<script>" + text[:80])

    def _our_script_file(self, src: str) -> bool:
        """The theme's bundle and our scripts (directly in assets/javascripts/), or Pagefind's."""
        if _other_origin(src) or _SCHEME_RE.match(_NOISE_RE.sub("", src)):
            return False
        path = site_relative(src.split("?")[0].split("#")[0], self.base)
        if path is None:  # outside the folder the site is served from
            return False
        base = PurePosixPath("/") if path.startswith("/") else PurePosixPath("/", self.page.parent)
        parts: list[str] = []
        for part in (base / path.lstrip("/")).parts[1:]:
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        resolved = PurePosixPath(*parts) if parts else PurePosixPath(".")
        inside = str(resolved.parent) in ("assets/javascripts", "pagefind")
        return inside and resolved.suffix == ".js" and (self.site_dir / resolved).is_file()


def _theme_key(text: str) -> str:
    return hashlib.sha256(_BASE_RE.sub('new URL(BASE,location)', text).encode("utf-8")).hexdigest()


def _other_origin(url: str) -> bool:
    clean = _NOISE_RE.sub("", url).replace("\\", "/")
    return clean.startswith("//") or bool(_SCHEME_RE.match(clean))


def _loads(tag: str, name: str, attrs: dict[str, str]) -> bool:
    """Whether the browser fetches this address by itself (an <a> link waits for a click)."""
    if tag in {"a", "area"} and name in {"href", "xlink:href"}:
        return name == "ping"
    if tag == "link":
        rels = set(attrs.get("rel", "").lower().split())
        return not rels or not rels <= NON_LOADING_LINKS
    if tag == "form" or name in {"action", "formaction", "cite", "longdesc"}:
        return name != "cite" and name != "longdesc"
    return True


_CSS_REMOTE_RE = re.compile(r"""(?:@import\s*(?:url\()?|url\()\s*['"]?\s*(?:https?:)?//""", re.I)


def _stylesheet_problems(site_dir: Path) -> list[Diagnostic]:
    """Fonts and images named in a stylesheet load from there: only this origin."""
    return [
        Diagnostic(CODE, f"{css.relative_to(site_dir).as_posix()}: a stylesheet loads from another origin",
                   Position("overrides"), found=match.group(0), hint="keep fonts and images in overrides/assets")
        for css in sorted(site_dir.rglob("*.css"))
        for match in [_CSS_REMOTE_RE.search(css.read_text(encoding="utf-8", errors="replace"))] if match
    ]


def _source_file(page: str, content_dir: Path | None) -> str:
    """The content file a built page comes from (best effort; the page itself otherwise)."""
    stem = page.removesuffix("index.html").strip("/") if page.endswith("index.html") else page
    fixed = {"": "content/site.yml", "glossary": "content/glossary.yml", "sources": "content/sources.yml",
             "404.html": "content/crisis.yml"}
    if stem in fixed:
        return fixed[stem]
    for folder in ("topics", "pages"):
        if content_dir is not None and (content_dir / folder / f"{stem}.yml").is_file():
            return f"content/{folder}/{stem}.yml"
    return f"site/{page}"


def _diagnostic(page: str, finding: _Finding, content_dir: Path | None) -> Diagnostic:
    source, field_name = _source_file(page, content_dir), finding.page_field
    if finding.target is not None:
        target = (PurePosixPath("/", page).parent / finding.target).as_posix()
        parts: list[str] = []
        for part in PurePosixPath(target).parts[1:]:
            if part == "..":
                parts and parts.pop()
            elif part != ".":
                parts.append(part)
        source = _source_file("/".join(parts + ["index.html"]), content_dir)
    return Diagnostic(CODE, f"the published page /{page} contains {finding.what} (from the {field_name})",
                      Position(source), found=finding.found, hint=HINT)
