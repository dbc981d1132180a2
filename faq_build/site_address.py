"""The site's public address: the one place that decides whether there is one.

A handout is printed once and read for months; its address and QR code must lead to the
real site, never to a placeholder. So every part of the build that prints or encodes the
address (PDF handouts, the page's canonical link, ``og:url``, the JSON-LD ``url``, the
sitemap) asks :func:`public_address`, and gets ``None`` while no real address is set.

The address comes from ``site_url`` in ``mkdocs.yml``, which reads ``FAQ_SITE_URL``.
Reserved names that can never be a public site count as unset (RFC 2606 and RFC 6761):
``example.com``, ``example.net``, ``example.org`` and their subdomains, the top-level
names ``.example``, ``.test``, ``.invalid``, ``.localhost``, and ``localhost`` itself.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .diagnostics import Diagnostic, Position

ENV_VARIABLE = "FAQ_SITE_URL"
CODE = "SITE-ADDRESS"
"""Diagnostic code of a release build refused for want of a real address."""

RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
"""Second-level names reserved for documentation (RFC 2606 section 3); subdomains included."""
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")
"""Top-level names that never resolve on the public internet (RFC 2606 section 2, RFC 6761)."""

NO_ADDRESS_NOTE = (
    f"No public web address is set ({ENV_VARIABLE} is unset or a placeholder): handouts are printed "
    "without a QR code or web address, and pages have no canonical address or sitemap. "
    f"Set {ENV_VARIABLE}=https://<your site>/ to add them; 'make release' refuses to run without it."
)
"""The build summary's line while there is no address (cli prints it; tests read it)."""


def public_address(raw: str | None) -> str | None:
    """``raw`` as the site's public address ending in ``/``, or ``None`` when it is not a real one.

    ``None`` for: nothing or blanks; not ``http://``/``https://`` with a host name; a host
    reserved for examples, tests or this machine (see the module docstring)."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # a malformed port or bracketed host
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or _is_reserved(host):
        return None
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, parts.query, parts.fragment))


def _is_reserved(host: str) -> bool:
    labels = host.lower().rstrip(".").split(".")
    if not labels or not labels[-1]:
        return True
    if labels[-1] in RESERVED_TOP_LEVEL:
        return True
    return ".".join(labels[-2:]) in RESERVED_DOMAINS


def configured_site_url(root: Path) -> str:
    """``site_url`` as written in ``root/mkdocs.yml``, read with MkDocs' own YAML loader so that
    ``!ENV [FAQ_SITE_URL, ...]`` works exactly as in the site build ("" when absent).

    Not ``load_config``: it insists that docs/ already exists."""
    from mkdocs.utils.yaml import yaml_load

    with (root / "mkdocs.yml").open(encoding="utf-8") as handle:
        data = yaml_load(handle) or {}
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value or "")


def base_path(raw: str | None) -> str:
    """The path the site is served under, as MkDocs takes it from ``site_url`` for pages whose
    links must work at any depth (the 404 page): ``/kb/`` for ``https://trust.example/kb``,
    ``/`` without one. An address need not be public for this (an intranet one counts)."""
    try:
        path = urlsplit((raw or "").strip()).path
    except ValueError:
        return "/"
    if not path.startswith("/"):
        return "/"
    return path if path.endswith("/") else f"{path}/"


def site_relative(path: str, base: str) -> str | None:
    """An absolute URL path (``/kb/assets/x.js``) as a path from the site's root (``/assets/x.js``),
    or ``None`` when it is outside the folder the site is served from; a relative path as it is."""
    if base == "/" or not path.startswith("/"):
        return path
    if path.startswith(base):
        return "/" + path[len(base):]
    return "/" if path == base.rstrip("/") else None


def site_base_of(root: Path) -> str:
    """The project's ``base_path`` (see :func:`base_path`)."""
    return base_path(configured_site_url(root))


def address_of(root: Path) -> str | None:
    """The project's public address, or ``None`` (see :func:`public_address`)."""
    return public_address(configured_site_url(root))


def release_refusal(root: Path) -> Diagnostic | None:
    """Why a release build must not run here (no real address), or ``None`` when it may."""
    raw = configured_site_url(root)
    if public_address(raw) is not None:
        return None
    return Diagnostic(
        code=CODE,
        message="a release needs the site's real public web address; handouts would print none",
        position=Position("mkdocs.yml"),
        expected="an https:// address of the published site (not example.org, .test, localhost...)",
        found=repr(raw) if raw else f"{ENV_VARIABLE} is not set",
        hint=f"run again with the address set: '{ENV_VARIABLE}=https://<your site>/ make release'; "
        "nothing was built or changed",
    )
