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
from .diagnostics import Report

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _today(value: str | None) -> date:
    """The build's clock. Injectable (``--today`` or ``FAQ_BUILD_TODAY``) so tests can move it."""
    value = value or os.environ.get("FAQ_BUILD_TODAY")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(_usage_error(f"--today must be a date written YYYY-MM-DD, not '{value}'"))


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
    print(pipeline.summary_line(result), file=out)
    return EXIT_OK if result.ok else EXIT_CONTENT


def cmd_check(args: argparse.Namespace) -> int:
    return _finish(pipeline.check(_find_root(args.root, needs_site_config=False), today=_today(args.today)))


def cmd_build(args: argparse.Namespace) -> int:
    root = _find_root(args.root)
    result = pipeline.build(root, today=_today(args.today))
    code = _finish(result)
    if code == EXIT_OK:
        print(f"Site built in {root / 'site'}")
    else:
        print("Nothing was published: docs/ and site/ are unchanged.")
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_find_root(args.root), host=args.host, port=args.port, today=lambda: _today(args.today))


def cmd_new_question(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_question

    root = _find_root(args.root, needs_site_config=False)
    try:
        path, question_id = new_question(root, args.topic_id, today=_today(args.today))
    except ScaffoldError as exc:
        return _usage_error(str(exc))
    print(f"Added question '{question_id}' to {path.relative_to(root)}.")
    print("Fill in every TODO, choose a real id, then run 'make check'.")
    return EXIT_OK


def cmd_checks(args: argparse.Namespace) -> int:
    from .checks import REGISTRY

    for registered in REGISTRY:
        first_line = registered.doc.splitlines()[0] if registered.doc else ""
        print(f"{registered.code:24} {first_line}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="faq-build", description="Validate content and build the knowledge-base site.")
    main.add_argument("--root", help="project folder (default: current folder)")
    main.add_argument("--today", help="pretend today is this date (YYYY-MM-DD), for review-date checks")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("check", help="validate content only; write nothing").set_defaults(func=cmd_check)
    commands.add_parser("build", help="validate, generate docs/ and build site/").set_defaults(func=cmd_build)
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild when content changes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)
    new = commands.add_parser("new-question", help="add a question skeleton to a topic")
    new.add_argument("topic_id")
    new.set_defaults(func=cmd_new_question)
    commands.add_parser("checks", help="list the content checks and their codes").set_defaults(func=cmd_checks)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an internal bug or broken environment: one line, not a traceback
        if os.environ.get("FAQ_BUILD_DEBUG"):
            traceback.print_exc()
        print(f"faq-build: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("This is a bug in faq-build, not in your content. Set FAQ_BUILD_DEBUG=1 for details.", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "parser", "Report"]
