"""The ``faq-build`` command: parse the arguments, call a command, show its report, return the exit code.

The work lives in the stages (:mod:`faq_build.build`) and in :mod:`faq_build.commands`;
the ways to show a report live in :mod:`faq_build.report`; the exit codes in
:mod:`faq_build.exit_codes` (0 ok, 1 content errors, 2 usage or environment, 3 a bug in
faq-build). A content mistake never produces a Python traceback; an unexpected internal
failure prints one short line (set ``FAQ_BUILD_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from . import build as pipeline
from . import report as formats
from . import summary
from .commands.review_due import DEFAULT_WITHIN_DAYS
from .diagnostics import Report
from .exit_codes import ExitCode
from .write import PublishError, machine_cause

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = ExitCode.OK, ExitCode.CONTENT, ExitCode.USAGE, ExitCode.INTERNAL


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


def _human(fmt: str) -> TextIO:
    """Where the lines for people go: stdout for text; stderr otherwise, so stdout parses."""
    return sys.stdout if fmt == "text" else sys.stderr


def _show(report: Report, fmt: str = "text", out: TextIO | None = None) -> None:
    """Print a report in the format asked for. JSON always prints (``[]`` when empty); text and
    GitHub annotations print nothing for an empty report."""
    if report.diagnostics or fmt == "json":
        print(formats.render(report, fmt), file=out or sys.stdout)


def _finish(result: pipeline.BuildResult, fmt: str = "text") -> int:
    """The report, then the reading level, notes and summary line; the exit code of the result."""
    human = _human(fmt)
    _show(result.report, fmt)
    if result.report.diagnostics and fmt == "text":
        print()
    reading = summary.readability_line(result)
    if reading:
        print(reading, file=human)
    for note in result.notes:
        print(note, file=human)
    print(summary.summary_line(result), file=human)
    return EXIT_OK if result.ok else EXIT_CONTENT


def cmd_check(args: argparse.Namespace) -> int:
    return _finish(pipeline.check(_find_root(args.root, needs_site_config=False), today=_today(args.today)), args.format)


def cmd_build(args: argparse.Namespace) -> int:
    """``build``; with ``--release``, first insist on a real public address (else exit 2, nothing written)."""
    from .site_address import CODE as SITE_ADDRESS

    root = _find_root(args.root)
    result = pipeline.build(root, today=_today(args.today), release=args.release, engine=args.engine)
    human = _human(args.format)
    if any(d.code == SITE_ADDRESS for d in result.report.errors):
        _show(result.report, args.format, sys.stderr if args.format == "text" else sys.stdout)
        print("Nothing was built: docs/ and site/ are unchanged.", file=sys.stderr)
        return EXIT_USAGE
    code = _finish(result, args.format)
    if code == EXIT_OK:
        print(f"Site built in {root / 'site'}", file=human)
    else:
        print("Nothing was published: docs/ and site/ are unchanged.", file=human)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from .commands.serve import serve

    return serve(_find_root(args.root), host=args.host, port=args.port, today=lambda: _today(args.today),
                 editor=args.editor)


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
    from .commands.links import NoSite, check_links

    root = _find_root(args.root)
    try:
        run = check_links(root, external=args.external, today=_today(args.today))
    except NoSite as exc:
        return _usage_error(str(exc))
    if run.content_check is not None:
        return _finish(run.content_check)
    _show(run.report)
    if run.offline:
        print("Cannot reach the network: external links were NOT checked. Run again where the web is reachable.",
              file=sys.stderr)
        return EXIT_USAGE
    print(f"Checked {run.checked}: {len(run.report.errors)} broken.")
    return EXIT_OK if run.report.ok else EXIT_CONTENT


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
    _show(Report(result.diagnostics))
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


def cmd_cms_config(args: argparse.Namespace) -> int:
    from .commands.cms_config import CONFIG_FILE, write_config

    root = _find_root(args.root, needs_site_config=False)
    result = write_config(root, check=args.check)
    if args.check and result.stale:
        print(f"out of date: {CONFIG_FILE}\nRun 'faq-build cms-config' and commit {CONFIG_FILE}.")
        return EXIT_CONTENT
    print(f"written: {CONFIG_FILE}" if result.written else f"{CONFIG_FILE} is up to date.")
    return EXIT_OK


def cmd_review_due(args: argparse.Namespace) -> int:
    from .commands.review_due import review_due

    if args.within < 0:
        return _usage_error("--within must be 0 or more days")
    root = _find_root(args.root, needs_site_config=False)
    run = review_due(root, today=_today(args.today), within_days=args.within, as_json=args.json)
    print(run.output)
    if run.problems:
        _show(Report(run.problems), out=sys.stderr)
        print("Some topic files could not be read; they are missing from this report.", file=sys.stderr)
    return EXIT_CONTENT if run.overdue or run.problems else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .commands.diff import DiffError, summarize

    root = _find_root(args.root, needs_site_config=False)
    try:
        markdown, changes = summarize(root, args.base, args.head, today=_today(args.today))
    except DiffError as exc:
        return _usage_error(str(exc))
    print(markdown, end="")
    return EXIT_CONTENT if changes.base.problems or changes.head.problems else EXIT_OK


def cmd_handouts(args: argparse.Namespace) -> int:
    """Validate the content, then write one PDF per topic (A4 and US Letter) for a clinic to print."""
    from .commands.handouts import HandoutsUsageError, clinic_from, write_handouts
    from .site_address import NO_ADDRESS_NOTE

    try:
        clinic = clinic_from(args.clinic_name, args.clinic_phone)
    except HandoutsUsageError as exc:
        return _usage_error(str(exc))
    root = _find_root(args.root)
    run = write_handouts(root, today=_today(args.today), clinic=clinic,
                         out=Path(args.out).resolve() if args.out else None)
    if run.folder is None:
        code = _finish(run.check)
        print("No handouts were written.")
        return code
    if run.site_url is None:
        print(NO_ADDRESS_NOTE)
    where = run.site_url or "no public address"
    print(f"Wrote {run.written} handouts ({where}) to {run.folder} in {run.seconds:.1f} s.")
    return EXIT_OK


def _add_format_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=formats.FORMATS, default="text",
                         help="how to show the problems: text (default), json (a list on stdout; the summary goes "
                              "to stderr) or github (GitHub Actions annotations)")


def _add_site_commands(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="validate content only; write nothing")
    _add_format_option(check)
    check.set_defaults(func=cmd_check)
    build = commands.add_parser("build", help="validate, generate docs/ and build site/")
    build.add_argument("--release", action="store_true",
                       help="refuse to build (exit 2) unless FAQ_SITE_URL / site_url is the real public address")
    build.add_argument("--engine", choices=sorted(pipeline.ENGINES), default="mkdocs",
                       help="the site engine: mkdocs (Material for MkDocs, the default) or zensical (its successor)")
    _add_format_option(build)
    build.set_defaults(func=cmd_build)
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild when content changes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--editor", action="store_true",
                       help="also serve the browser editor on /admin/ (writes content files; 127.0.0.1 only)")
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
    cms = commands.add_parser("cms-config", help="write the browser editor's configuration (admin/config.yml) from the model")
    cms.add_argument("--check", action="store_true", help="change nothing; exit 1 when admin/config.yml is out of date")
    cms.set_defaults(func=cmd_cms_config)
    due = commands.add_parser("review-due", help="list topics by next review date: overdue, due soon, fine")
    due.add_argument("--within", type=int, default=DEFAULT_WITHIN_DAYS, metavar="DAYS",
                     help=f"'due soon' window in days (default {DEFAULT_WITHIN_DAYS})")
    due.add_argument("--json", action="store_true", help="print JSON instead of a table")
    due.set_defaults(func=cmd_review_due)
    diff = commands.add_parser("diff", help="Markdown summary of content changes between two git revisions")
    diff.add_argument("base", help="git revision to compare from, e.g. main")
    diff.add_argument("head", nargs="?", help="git revision to compare to (default: the working folder)")
    diff.set_defaults(func=cmd_diff)


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
    _add_site_commands(commands)
    _add_editor_commands(commands)
    _add_handouts_command(commands)
    return main


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Call one command and turn whatever escapes it into an exit code (never a traceback)."""
    try:
        return command(args)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `faq-build checks | head`: the reader has what it wanted
        # Point stdout at nothing, so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args.func, args)


def _internal_error(exc: BaseException) -> int:
    """A bug in faq-build: its own exit code, so a script never mistakes it for a usage error."""
    if os.environ.get("FAQ_BUILD_DEBUG"):
        traceback.print_exc()
    print(f"faq-build: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("This is a bug in faq-build, not in your content. Set FAQ_BUILD_DEBUG=1 for details.", file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "parser", "run"]
