"""Mutation testing of the validation and check modules: can the tests fail when a rule breaks?

mutmut (configured in ``[tool.mutmut]`` in pyproject.toml) copies the project into ``mutants/``,
makes one-line changes ("mutants") to the rule modules and runs the fast test tier against each.
A mutant the tests do not notice has *survived*: a rule could break that way and stay green.
This script runs mutmut, then writes ``bench/mutation.md``: the counts, the killed share and
every survivor with its one-line change. Survivors that cannot change behaviour (equivalent
mutants) are listed apart, with the reason written by hand in ``bench/mutation-equivalent.yml``.

A measured report, not a CI gate: the run takes long (see bench/mutation.md for the last one).

    python bench/mutation.py             # fresh run (mutants/ removed first), then the report
    python bench/mutation.py --keep      # reuse mutmut's results for unchanged functions
    python bench/mutation.py --report    # only rewrite the report from the last run
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "bench" / "mutation.md"
EQUIVALENT = ROOT / "bench" / "mutation-equivalent.yml"
MUTANTS = ROOT / "mutants"
SECONDS = MUTANTS / "run-seconds.txt"
SEPARATOR = "ǁ"  # mutmut's mangling: module.xǁClassǁmethod__mutmut_3, module.x_function__mutmut_3


@dataclass(frozen=True)
class Mutant:
    name: str
    status: str

    @property
    def module(self) -> str:
        return self.name.partition("__mutmut_")[0].rpartition(".")[0]

    @property
    def function(self) -> str:
        mangled = self.name.partition("__mutmut_")[0].rpartition(".")[2]
        if SEPARATOR in mangled:
            _, cls, method = mangled.split(SEPARATOR)
            return f"{cls}.{method}"
        return mangled.removeprefix("x_")


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``mutmut`` from the project folder, niced (other work shares the cores), its
    progress shown as it goes."""
    command = ["nice", "-n", "10", sys.executable, "-m", "mutmut", *args]
    return subprocess.run(command, cwd=ROOT, text=True, check=False)


def run(keep: bool, max_children: int | None) -> float:
    """``mutmut run``; the seconds it took. A fresh run unless ``keep``: mutmut keeps a survivor's
    verdict until the function changes, so tests added since would not be counted."""
    if not keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    started = time.monotonic()
    extra = ["--max-children", str(max_children)] if max_children else []
    result = mutmut("run", *extra)
    if result.returncode != 0:
        raise SystemExit(f"mutmut run failed (exit {result.returncode})")
    seconds = time.monotonic() - started
    SECONDS.write_text(f"{seconds:.0f}\n", encoding="utf-8")
    return seconds


def results() -> list[Mutant]:
    """Every mutant with mutmut's verdict, read as ``mutmut results --all True`` reads them."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    os.chdir(ROOT)  # mutmut reads pyproject.toml and mutants/ from the current folder
    found = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        found += [Mutant(name, status_by_exit_code[code]) for name, code in data.exit_code_by_key.items()]
    return sorted(found, key=lambda m: m.name)


def change(mutant: Mutant) -> str:
    """The mutant as one line, ``old`` → ``new``: the changed lines of ``mutmut show``."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(mutant.name).splitlines()
    removed = [line[1:].strip() for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return f"`{_cell(' / '.join(removed))}` → `{_cell(' / '.join(added))}`"


def _cell(code: str) -> str:
    """Code inside a Markdown table cell: a pipe or a backtick would end the cell or the span."""
    return code.replace("|", "\\|").replace("`", "'")


def equivalent_reasons() -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour, as written by hand."""
    if not EQUIVALENT.is_file():
        return {}
    data = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8")) or {}
    return {str(name): str(reason).strip() for name, reason in data.items()}


NOT_KILLED = ("survived", "no tests")
"""Verdicts no test produced: "no tests" means no test of the fast tier even calls the function."""


def report(mutants: list[Mutant], seconds: float | None) -> str:
    counts = Counter(m.status for m in mutants)
    generated = len(mutants)
    unchecked = counts["not checked"]
    skipped = counts["skipped"]
    killed = counts["killed"]
    checked = generated - unchecked - skipped
    share = killed / checked if checked else 0.0
    reasons = equivalent_reasons()
    not_killed = [m for m in mutants if m.status in NOT_KILLED]
    equivalent = [m for m in not_killed if m.name in reasons]
    survivors = [m for m in not_killed if m.name not in reasons]
    stale = sorted(set(reasons) - {m.name for m in equivalent})
    lines = [
        "# Mutation testing: can the tests fail when a rule breaks?",
        "",
        f"Run on {date.today().isoformat()} with mutmut {version('mutmut')} over `[tool.mutmut] only_mutate` in",
        "`pyproject.toml` (`load.py`, `strict_yaml.py`, `validate.py`, `model/`, `checks/`, `text/references.py`),",
        "against the fast test tier less the tests that read the package's source text",
        "(`-m \"not slow and not content and not browser and not source\"`).",
        f"Made by `make mutation` (`bench/mutation.py`){_took(seconds)}.",
        "",
        f"**{share:.0%} killed** (killed / (generated - not checked - skipped) = {killed} / {checked}).",
        "",
    ]
    if unchecked:
        lines += [
            f"**A partial run**: {unchecked} of {generated} mutants were not checked yet (the run was stopped),",
            "so this share is over the mutants checked so far, which mutmut takes module by module in its own",
            "order; `python bench/mutation.py --keep` finishes the run.",
            "",
        ]
    lines += [
        "| mutants | count |",
        "| --- | ---: |",
        f"| generated | {generated} |",
        f"| killed | {killed} |",
        f"| survived | {counts['survived']} |",
        f"| no test reaches the function (counted as survived below) | {counts['no tests']} |",
        f"| timed out (not counted as killed) | {counts['timeout']} |",
        f"| suspicious | {counts['suspicious']} |",
        f"| skipped | {skipped} |",
        f"| not checked yet (a partial run) | {unchecked} |",
    ]
    other = sorted(set(counts) - {"killed", "survived", "no tests", "timeout", "suspicious", "skipped", "not checked"})
    lines += [f"| {status} | {counts[status]} |" for status in other]
    lines += ["", f"## Surviving mutants ({len(survivors)})", ""]
    lines += _table(survivors) if survivors else ["None."]
    lines += ["", f"## Equivalent mutants ({len(equivalent)})", "",
              "Survivors that cannot change what the code does, with the reason from `bench/mutation-equivalent.yml`.", ""]
    if equivalent:
        lines += ["| mutant | function | change | why it is equivalent |", "| --- | --- | --- | --- |"]
        lines += [f"| `{m.name}` | `{m.function}` | {change(m)} | {reasons[m.name]} |" for m in equivalent]
    else:
        lines.append("None.")
    if stale:
        lines += ["", "Listed in `bench/mutation-equivalent.yml` but no longer surviving (remove them):", ""]
        lines += [f"- `{name}`" for name in stale]
    return "\n".join(lines) + "\n"


def _took(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(round(seconds), 60)
    return f" in {minutes} min {rest:02d} s on {os.cpu_count()} cores"


def _table(mutants: list[Mutant]) -> list[str]:
    rows = ["| module | function | mutant | change |", "| --- | --- | --- | --- |"]
    for m in mutants:
        note = " (no test reaches it)" if m.status == "no tests" else ""
        rows.append(f"| `{m.module}` | `{m.function}` | `{m.name.rpartition('__mutmut_')[2]}`{note} | {change(m)} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ and mutmut's cached verdicts")
    parser.add_argument("--report", action="store_true", help="only rewrite bench/mutation.md from the last run")
    parser.add_argument("--max-children", type=int, help="parallel mutmut workers (default: every core)")
    parser.add_argument("--partial", action="store_true",
                        help="with --report: write the report of a stopped run, saying how much was not checked")
    args = parser.parse_args(argv)
    seconds = run(args.keep, args.max_children) if not args.report else _last_seconds()
    mutants = results()
    if not mutants:
        raise SystemExit("no mutmut results: run without --report first")
    unchecked = sum(1 for m in mutants if m.status == "not checked")
    if unchecked and not args.partial:  # an interrupted run: its share would count every unchecked mutant as not killed
        raise SystemExit(f"{unchecked} of {len(mutants)} mutants were not checked (interrupted run?): "
                         "run `python bench/mutation.py --keep` to finish; bench/mutation.md is unchanged")
    text = report(mutants, seconds)
    REPORT.write_text(text, encoding="utf-8")
    share = next(line for line in text.splitlines() if line.endswith("killed** (") or " killed** (" in line)
    print(f"wrote {REPORT.relative_to(ROOT)}: {share}")
    return 0


def _last_seconds() -> float | None:
    try:
        return float(SECONDS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


if __name__ == "__main__":
    sys.exit(main())
