"""The ``faq-build`` command: the one edge where diagnostics are printed and exit codes chosen.

Exit codes: 0 ok (warnings allowed), 1 content errors, 2 usage or environment errors.
A content mistake never produces a Python traceback; an unexpected internal failure
prints one short line (set ``FAQ_BUILD_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from datetime import date
from pathlib import Path

from . import build as pipeline
from . import summary
from .diagnostics import Report
from .write import PublishError, machine_cause

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _today(value: str | None) -> date:
    """The build's clock. Injectable (``--today`` or ``FAQ_BUILD_TODAY``) so tests can move it."""
    value = value or os.environ.get("FAQ_BUILD_TODAY")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(_usage_error(f"--today must be a date written YYYY-MM-DD, not '{value}'")) from None


def _usage_error(message: str) -> int:
    print(f"faq-build: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _find_root(value: str | None, *, needs_site_config: bool = True) -> Path:
    root = Path(value or os.environ.get("FAQ_BUILD_ROOT") or ".").resolve()
    if not (root / "content").is_dir():
        raise SystemExit(_usage_error(f"{root} has no content/ folder; run from the project folder or use --root"))
    if needs_site_config and not (root / "mkdocs.yml").is_file():
        raise SystemExit(_usage_error(f"{root} has no mkdocs.yml; run from the project folder or use --root"))
    return root


def _finish(result: pipeline.BuildResult, out=sys.stdout) -> int:
    if result.report.diagnostics:
        print(result.report.render(), file=out)
        print(file=out)
    reading = summary.readability_line(result)
    if reading:
        print(reading, file=out)
    for note in result.notes:
        print(note, file=out)
    print(summary.summary_line(result), file=out)
    return EXIT_OK if result.ok else EXIT_CONTENT


def cmd_check(args: argparse.Namespace) -> int:
    return _finish(pipeline.check(_find_root(args.root, needs_site_config=False), today=_today(args.today)))


def cmd_build(args: argparse.Namespace) -> int:
    """``build``; with ``--release``, first insist on a real public address (else exit 2, nothing written)."""
    from .site_address import CODE as SITE_ADDRESS

    root = _find_root(args.root)
    result = pipeline.build(root, today=_today(args.today), release=args.release)
    if any(d.code == SITE_ADDRESS for d in result.report.errors):
        print(result.report.render(), file=sys.stderr)
        print("Nothing was built: docs/ and site/ are unchanged.", file=sys.stderr)
        return EXIT_USAGE
    code = _finish(result)
    if code == EXIT_OK:
        print(f"Site built in {root / 'site'}")
    else:
        print("Nothing was published: docs/ and site/ are unchanged.")
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from .commands.serve import serve

    return serve(_find_root(args.root), host=args.host, port=args.port, today=lambda: _today(args.today))


def cmd_new_question(args: argparse.Namespace) -> int:
    from .commands.scaffold import ScaffoldError, new_question

    root = _find_root(args.root, needs_site_config=False)
    try:
        path, question_id = new_question(root, args.topic_id, today=_today(args.today))
    except ScaffoldError as exc:
        return _usage_error(str(exc))
    print(f"Added question '{question_id}' to {path.relative_to(root)}.")
    print("Fill in every TODO, choose a real id, then run 'make check'.")
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    """Internal links and anchors of the built site; with --external, every outside address too."""
    from .commands.links import check_external_links, check_internal_links, external_urls, network_available
    from .diagnostics import Report

    root = _find_root(args.root)
    site = root / "site"
    if not (site / "index.html").is_file():
        return _usage_error("no built site in site/; run 'make build' first")
    report = Report(check_internal_links(site))
    checked = "internal links"
    if args.external:
        result = pipeline.check(root, today=_today(args.today))
        if result.content is None:
            return _finish(result)
        if not network_available():
            if report.diagnostics:
                print(report.render())
            print("Cannot reach the network: external links were NOT checked. Run again where the web is reachable.",
                  file=sys.stderr)
            return EXIT_USAGE
        urls = external_urls(result.content)
        report.extend(check_external_links(urls))
        checked += f" and {len(urls)} external addresses"
    if report.diagnostics:
        print(report.render())
    print(f"Checked {checked}: {len(report.errors)} broken.")
    return EXIT_OK if report.ok else EXIT_CONTENT


def cmd_checks(args: argparse.Namespace) -> int:
    """Print the code catalogue: grouped for a terminal, as JSON, or as the README's Markdown table."""
    import json

    from . import codes

    if args.json:
        print(json.dumps(codes.as_json(), indent=2, ensure_ascii=False))
    elif args.markdown:
        print(codes.as_markdown(), end="")
    else:
        print(codes.as_text())
    return EXIT_OK


# --------------------------------------------------------------------------- editors' workflow


def cmd_new_topic(args: argparse.Namespace) -> int:
    from .commands.scaffold import ScaffoldError, new_topic

    root = _find_root(args.root, needs_site_config=False)
    try:
        path = new_topic(root, args.topic_id, today=_today(args.today))
    except ScaffoldError as exc:
        return _usage_error(str(exc))
    print(f"Created {path.relative_to(root)}.")
    print("Fill in every TODO (title, summary, reviewer, the first question), then run 'make check'.")
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from .commands.fmt import format_files

    root = _find_root(args.root, needs_site_config=False)
    paths = [Path(p).resolve() for p in args.files] if args.files else None
    missing = [str(p) for p in paths or [] if not p.is_file()]
    if missing:
        return _usage_error(f"no such file: {', '.join(missing)}")
    result = format_files(root, paths, check=args.check)
    if result.diagnostics:
        print(Report(result.diagnostics).render())
    for name in result.changed:
        print(f"{'not formatted' if args.check else 'formatted'}: {name}")
    if args.check and result.changed:
        print(f"{len(result.changed)} file(s) need 'faq-build fmt'.")
    elif not result.changed and not result.diagnostics:
        print(f"All {len(result.unchanged)} content files are formatted.")
    return EXIT_CONTENT if result.diagnostics or (args.check and result.changed) else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .commands.schema import write_schemas

    root = _find_root(args.root, needs_site_config=False)
    result = write_schemas(root, check=args.check)
    for name in result.stale:
        print(f"{'out of date' if args.check else 'written'}: {name}")
    if args.check and result.stale:
        print("Run 'faq-build schema' and commit schemas/.")
        return EXIT_CONTENT
    if not result.stale:
        print("schemas/ is up to date.")
    return EXIT_OK


def cmd_review_due(args: argparse.Namespace) -> int:
    from .commands.review_due import Status, load_topics, render_json, render_table, review_items

    if args.within < 0:
        return _usage_error("--within must be 0 or more days")
    root = _find_root(args.root, needs_site_config=False)
    today = _today(args.today)
    topics, problems = load_topics(root)
    items = review_items(topics, today=today, within_days=args.within)
    print(render_json(items, today=today, within_days=args.within) if args.json
          else render_table(items, today=today, within_days=args.within))
    if problems:
        print(Report(problems).render(), file=sys.stderr)
        print("Some topic files could not be read; they are missing from this report.", file=sys.stderr)
    overdue = any(item.status is Status.OVERDUE for item in items)
    return EXIT_CONTENT if overdue or problems else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .commands.diff import DiffError, summarize

    root = _find_root(args.root, needs_site_config=False)
    try:
        markdown, changes = summarize(root, args.base, args.head, today=_today(args.today))
    except DiffError as exc:
        return _usage_error(str(exc))
    print(markdown, end="")
    return EXIT_CONTENT if changes.base.problems or changes.head.problems else EXIT_OK


def _add_editor_commands(commands: argparse._SubParsersAction) -> None:
    new_topic = commands.add_parser("new-topic", help="create a topic file skeleton (fails the check until filled in)")
    new_topic.add_argument("topic_id")
    new_topic.set_defaults(func=cmd_new_topic)
    fmt = commands.add_parser("fmt", help="rewrite content files into the one canonical layout (keeps comments)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 and list files that are not formatted")
    fmt.add_argument("files", nargs="*", help="content files (default: all)")
    fmt.set_defaults(func=cmd_fmt)
    schema = commands.add_parser("schema", help="write the JSON Schemas for editors into schemas/")
    schema.add_argument("--check", action="store_true", help="change nothing; exit 1 when schemas/ is out of date")
    schema.set_defaults(func=cmd_schema)
    due = commands.add_parser("review-due", help="list topics by next review date: overdue, due soon, fine")
    due.add_argument("--within", type=int, default=60, metavar="DAYS", help="'due soon' window in days (default 60)")
    due.add_argument("--json", action="store_true", help="print JSON instead of a table")
    due.set_defaults(func=cmd_review_due)
    diff = commands.add_parser("diff", help="Markdown summary of content changes between two git revisions")
    diff.add_argument("base", help="git revision to compare from, e.g. main")
    diff.add_argument("head", nargs="?", help="git revision to compare to (default: the working folder)")
    diff.set_defaults(func=cmd_diff)


# --------------------------------------------------------------------------- printable handouts


def cmd_handouts(args: argparse.Namespace) -> int:
    """Validate the content, then write one PDF per topic (A4 and US Letter) for a clinic to print."""
    import time as clock

    from .fsutil import atomic_write_bytes
    from .outputs.handouts import Clinic, handouts
    from .resolve import resolve

    name, phone = (" ".join((v or "").split()) for v in (args.clinic_name, args.clinic_phone))
    if bool(name) != bool(phone):
        return _usage_error("give both --clinic-name and --clinic-phone (or neither)")
    root = _find_root(args.root)
    result = pipeline.check(root, today=_today(args.today))
    if not result.ok or result.content is None:
        code = _finish(result)
        print("No handouts were written.")
        return code
    from .site_address import NO_ADDRESS_NOTE, address_of

    site_url = address_of(root)
    started = clock.monotonic()
    files = handouts(resolve(result.content), site_url=site_url, clinic=Clinic(name, phone) if name else None)
    out = Path(args.out).resolve() if args.out else root / "handouts"
    out.mkdir(parents=True, exist_ok=True)
    for relative, data in sorted(files.items()):
        atomic_write_bytes(out / Path(relative).name, data)
    if site_url is None:
        print(NO_ADDRESS_NOTE)
    where = site_url or "no public address"
    print(f"Wrote {len(files)} handouts ({where}) to {out} in {clock.monotonic() - started:.1f} s.")
    return EXIT_OK


def _add_handouts_command(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("handouts", help="write printable PDF handouts (full A4 and US Letter, short A4) for every topic")
    sub.add_argument("--clinic-name", metavar="NAME", help="printed in the footer of every page, with the phone number")
    sub.add_argument("--clinic-phone", metavar="PHONE", help="the clinic's phone number (give with --clinic-name)")
    sub.add_argument("--out", metavar="DIR", help="folder for the PDFs (default: handouts/ in the project folder)")
    sub.set_defaults(func=cmd_handouts)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="faq-build", description="Validate content and build the knowledge-base site.")
    main.add_argument("--root", help="project folder (default: current folder)")
    main.add_argument("--today", help="pretend today is this date (YYYY-MM-DD), for review-date checks")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("check", help="validate content only; write nothing").set_defaults(func=cmd_check)
    build = commands.add_parser("build", help="validate, generate docs/ and build site/")
    build.add_argument("--release", action="store_true",
                       help="refuse to build (exit 2) unless FAQ_SITE_URL / site_url is the real public address")
    build.set_defaults(func=cmd_build)
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild when content changes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)
    new = commands.add_parser("new-question", help="add a question skeleton to a topic")
    new.add_argument("topic_id")
    new.set_defaults(func=cmd_new_question)
    checks = commands.add_parser("checks", help="list every diagnostic code: severity, family, title (and rule)")
    shown = checks.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the catalogue as JSON, with each rule")
    shown.add_argument("--markdown", action="store_true", help="print the README's table of codes")
    checks.set_defaults(func=cmd_checks)
    links = commands.add_parser("links", help="check the built site's internal links and #anchors")
    links.add_argument("--external", action="store_true", help="also check every external address (needs the network)")
    links.set_defaults(func=cmd_links)
    _add_editor_commands(commands)
    _add_handouts_command(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except PublishError as exc:  # the machine, not the content: exit 2 in plain words
        return _usage_error(str(exc))
    except OSError as exc:  # a full or read-only disk met outside the publish step: still not a bug
        cause = machine_cause(exc)
        if cause is None:
            return _internal_error(exc)
        where = f" at {os.fsdecode(exc.filename)}" if exc.filename else ""
        return _usage_error(f"stopped{where}: {cause}. This is a problem of the machine, not of faq-build "
                            "or your content.")
    except Exception as exc:  # an internal bug: one line, not a traceback
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    if os.environ.get("FAQ_BUILD_DEBUG"):
        traceback.print_exc()
    print(f"faq-build: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("This is a bug in faq-build, not in your content. Set FAQ_BUILD_DEBUG=1 for details.", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["Report", "main", "parser"]
