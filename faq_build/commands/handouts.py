"""``faq-build handouts``: validate the content, then write every topic's PDFs for a clinic to print.

The PDFs themselves come from :mod:`faq_build.outputs.handouts` (pure: content in, bytes
out); this command decides where they go and what the clinic's footer says. Nothing is
written unless the content passes the same check as the build.
"""

from __future__ import annotations

import time as clock
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import build as pipeline
from ..outputs.handouts import Clinic, handouts
from ..resolve import resolve
from ..site_address import address_of


class HandoutsUsageError(Exception):
    """The command was asked for something it cannot do (a usage error, not a content error)."""


@dataclass(frozen=True)
class HandoutsRun:
    """What one run did: the check, and (when it passed) how many PDFs went where."""

    check: pipeline.BuildResult
    folder: Path | None = None
    written: int = 0
    site_url: str | None = None
    seconds: float = 0.0


def clinic_from(name: str | None, phone: str | None) -> Clinic | None:
    """The footer's clinic: both given, or neither (a name without a phone helps no reader)."""
    name, phone = (" ".join((value or "").split()) for value in (name, phone))
    if bool(name) != bool(phone):
        raise HandoutsUsageError("give both --clinic-name and --clinic-phone (or neither)")
    return Clinic(name, phone) if name else None


def write_handouts(root: Path, *, today: date, clinic: Clinic | None, out: Path | None) -> HandoutsRun:
    """Check the content; if it passes, render every handout into ``out`` (default ``handouts/``)."""
    result = pipeline.check(root, today=today)
    if not result.ok or result.content is None:
        return HandoutsRun(check=result)
    site_url = address_of(root)
    started = clock.monotonic()
    files = handouts(resolve(result.content), site_url=site_url, clinic=clinic)
    out = out or root / "handouts"
    out.mkdir(parents=True, exist_ok=True)
    for relative, data in sorted(files.items()):
        target = out / Path(relative).name
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(data)
        partial.replace(target)
    return HandoutsRun(check=result, folder=out, written=len(files), site_url=site_url,
                       seconds=clock.monotonic() - started)
