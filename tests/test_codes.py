"""The code catalogue (faq_build/codes.py) against everything that uses codes: the source that emits
them, the checks that declare them, `faq-build checks`, the README table and the rule tests.

The source is read as syntax, not searched as text: a code counts as emitted only where it is
handed to something that makes a diagnostic (a callable whose first parameter or field is
``code``), directly, through a module constant (``CODE = "SITE-AUDIT"``) or as the code of a
code map (``{"doi_format": ("SOURCE-DOI-INVALID", "doi")}``). Codes compared with a
diagnostic's code are references, ``startswith`` arguments are prefixes, and the arguments of
``check(...)`` (the registration call) are declarations. Any other code-shaped string is reported as not understood, so
nothing can slip past the scan unseen (and a lowercase CSS class never looks like a code).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field

import pytest
from conftest import ROOT, TODAY, fixture_files

from faq_build import checks, codes
from faq_build.checks.base import Check, check
from faq_build.cli import main
from faq_build.codes import CHECK_FAMILIES, CODES, FAMILIES, UnknownCodeError
from faq_build.diagnostics import Diagnostic, Position, Severity
from faq_build.load import parse_files
from faq_build.validate import validate

CODE_SHAPE = re.compile(r"^[A-Z]+(?:-[A-Z]+)+$")
"""What a code looks like; a one-word code (INTERNAL, PLACEHOLDER) is recognised by name."""


def looks_like_code(text: str) -> bool:
    return bool(CODE_SHAPE.match(text)) or text in CODES
PACKAGE = ROOT / "faq_build"


# --------------------------------------------------------------------------- the scanner


@dataclass
class Uses:
    """How a body of source uses codes; each entry is (module, line, code)."""

    emitted: set[tuple[str, int, str]] = field(default_factory=set)
    referenced: set[tuple[str, int, str]] = field(default_factory=set)
    prefixes: set[tuple[str, int, str]] = field(default_factory=set)
    declared: set[tuple[str, int, str]] = field(default_factory=set)
    warnings: set[str] = field(default_factory=set)
    """Codes emitted with ``severity=Severity.WARNING``."""
    not_understood: set[tuple[str, int, str]] = field(default_factory=set)

    def codes(self, kind: str) -> set[str]:
        return {code for _, _, code in getattr(self, kind)}


def code_takers(trees: dict[str, ast.Module]) -> set[str]:
    """Names of the callables whose first parameter (or first dataclass field) is ``code``."""
    names: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
                if params[:1] == ["code"]:
                    names.add(node.name)
            elif isinstance(node, ast.ClassDef):
                fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                if fields[:1] == ["code"]:
                    names.add(node.name)
    return names


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            found[node.target.id] = node.value
    return found


def _strings(node: ast.expr | None, constants: dict[str, ast.expr]) -> list[ast.Constant]:
    """The string constants an expression stands for: itself, a module constant it names, or the
    members of a literal set, tuple or list (also inside ``frozenset(...)``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Name) and node.id in constants:
        return _strings(constants[node.id], {})
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
        return [c for element in node.elts for c in _strings(element, constants)]
    if isinstance(node, ast.Call) and _callee(node) in ("frozenset", "set", "tuple") and node.args:
        return _strings(node.args[0], constants)
    return []


def scan(trees: dict[str, ast.Module]) -> Uses:
    """Classify every code-shaped string in the modules (see the module docstring)."""
    takers = code_takers(trees)
    uses = Uses()
    for module, tree in trees.items():
        constants = _module_constants(tree)
        seen: set[int] = set()

        def record(kind: str, nodes: list[ast.Constant], *, any_string: bool = False,
                   module: str = module, seen: set[int] = seen) -> None:
            for node in nodes:
                if any_string or looks_like_code(node.value):
                    getattr(uses, kind).add((module, node.lineno, node.value))
                    seen.add(id(node))

        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _callee(node)
                if name in takers:
                    given = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
                    record("emitted", _strings(given, constants), any_string=True)
                    severity = next((k.value for k in node.keywords if k.arg == "severity"), None)
                    if isinstance(severity, ast.Attribute) and severity.attr == "WARNING":
                        uses.warnings |= {c.value for c in _strings(given, constants)}
                elif name == "check":
                    record("declared", [a for a in node.args if isinstance(a, ast.Constant)])
                elif name == "startswith":
                    record("prefixes", _strings(node.args[0], constants) if node.args else [])
            elif isinstance(node, ast.Compare):
                for operand in [node.left, *node.comparators]:
                    record("referenced", _strings(operand, constants))
            elif isinstance(node, ast.Dict):
                for value in node.values:  # a code map: pydantic error type -> (code, field)
                    if isinstance(value, ast.Tuple) and value.elts:
                        record("emitted", _strings(value.elts[0], {}))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in seen
                    and looks_like_code(node.value) and not _is_docstring(tree, node)):
                uses.not_understood.add((module, node.lineno, node.value))
    return uses


def _is_docstring(tree: ast.Module, constant: ast.Constant) -> bool:
    return any(isinstance(n, ast.Expr) and n.value is constant for n in ast.walk(tree))


def package_trees() -> dict[str, ast.Module]:
    return {
        path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "codes.py"
    }


@pytest.fixture(scope="module")
def uses() -> Uses:
    return scan(package_trees())


# --------------------------------------------------------------------------- the scanner itself


def scan_text(text: str) -> Uses:
    return scan({"m.py": ast.parse(text)})


SCANNER_SAMPLE = '''
class Diagnostic:
    code: str
    message: str

CODE = "SITE-AUDIT"
UNUSED = "NOT-A-CODE"
SKIP = frozenset({"REF-MISSING", "ID-DUPLICATE"})
MAP = {"doi_format": ("SOURCE-DOI-INVALID", "doi")}
CSS = "md-nav-item"

def _error(code, path, message):
    return Diagnostic(code=code, message=message, position=path)

@check("REF-SELF", "REF-SYNTAX")
def rule(content, ctx):
    yield Diagnostic("REF-SELF", "x", p)
    yield _error("FILE-BOM", "a", "b")
    yield Diagnostic(CODE, "x", p, severity=Severity.WARNING)
    yield Diagnostic("INTERNAL", "x", p)
    if d.code == "MARKDOWN-UNSAFE" or d.code in SKIP:
        pass
    if d.code.startswith(("YAML-", "CONTENT-FILE")):
        pass
    label = "LOOKS-LIKE-A-CODE"
    method = "HEAD"
    if d.code != "PLACEHOLDER":
        pass
'''


def test_scanner_classifies_every_use_exactly():
    found = scan_text(SCANNER_SAMPLE)
    assert found.codes("emitted") == {"SITE-AUDIT", "SOURCE-DOI-INVALID", "REF-SELF", "FILE-BOM", "INTERNAL"}
    assert found.codes("declared") == {"REF-SELF", "REF-SYNTAX"}
    assert found.codes("referenced") == {"MARKDOWN-UNSAFE", "REF-MISSING", "ID-DUPLICATE", "PLACEHOLDER"}
    assert found.codes("prefixes") == {"CONTENT-FILE"}
    assert found.warnings == {"SITE-AUDIT"}
    assert found.codes("not_understood") == {"NOT-A-CODE", "LOOKS-LIKE-A-CODE"}


# --------------------------------------------------------------------------- (a) source == catalogue


@pytest.mark.source
def test_codes_emitted_by_the_source_are_exactly_the_catalogue(uses: Uses):
    assert uses.codes("emitted") == set(CODES)


@pytest.mark.source
def test_every_code_shaped_string_in_the_source_is_understood(uses: Uses):
    assert sorted(uses.not_understood) == []


@pytest.mark.source
def test_codes_the_source_compares_with_are_in_the_catalogue(uses: Uses):
    assert uses.codes("referenced") - set(CODES) == set()
    assert [p for p in sorted(uses.codes("prefixes")) if not any(c.startswith(p) for c in CODES)] == []


@pytest.mark.source
def test_warning_codes_are_the_catalogue_warnings(uses: Uses):
    assert uses.warnings == {c.code for c in CODES.values() if c.severity == "warning"}
    assert {c.severity for c in CODES.values()} == {s.value for s in Severity}


def test_catalogue_entries_are_complete():
    assert list(CODES) == [c.code for c in CODES.values()]
    assert [c.code for c in CODES.values() if not re.fullmatch(r"[A-Z]+(?:-[A-Z]+)*", c.code)] == []
    assert [c.code for c in CODES.values() if not c.title or not c.rule.endswith((".", ")"))] == []
    assert {c.family for c in CODES.values()} == set(FAMILIES)


def test_a_diagnostic_with_an_unknown_code_cannot_be_made():
    with pytest.raises(UnknownCodeError):
        Diagnostic("REF-TEXT", "the old name of a check", Position("content/facts.yml", 1))
    assert Diagnostic("REF-SYNTAX", "fine", Position("content/facts.yml", 1)).code == "REF-SYNTAX"


# --------------------------------------------------------------------------- (b) checks declare their codes


def family_checks() -> list[Check]:
    """Every Check object defined in the family modules of faq_build/checks/."""
    modules = [getattr(checks, path.stem) for path in sorted((PACKAGE / "checks").glob("*.py"))
               if path.stem not in ("__init__", "base")]
    return [value for module in modules for value in vars(module).values() if isinstance(value, Check)]


def test_registry_lists_every_check_once():
    assert sorted(c.name for c in checks.REGISTRY) == sorted(c.name for c in family_checks())
    assert len(set(checks.REGISTRY)) == len(checks.REGISTRY)


def test_declared_codes_are_in_the_catalogue_and_cover_each_check_family_once():
    declared = [code for registered in checks.REGISTRY for code in registered.codes]
    assert sorted(set(declared) - set(CODES)) == []
    family_codes = sorted(c.code for c in CODES.values() if c.family in CHECK_FAMILIES)
    assert sorted(code for code in declared if CODES[code].family in CHECK_FAMILIES) == family_codes


@pytest.mark.source
def test_declared_codes_are_the_codes_the_check_modules_emit(uses: Uses):
    """A check module emits only what its checks declare, and every declared code is emitted somewhere
    (LINK-REMOVED by outputs/published_links.py, which its check calls)."""
    for module in [p.stem for p in (PACKAGE / "checks").glob("*.py") if p.stem not in ("__init__", "base", "fields")]:
        emitted = {code for where, _, code in uses.emitted if where == f"faq_build/checks/{module}.py"}
        declared = {code for c in checks.REGISTRY if c.func.__module__.endswith(f".{module}") for code in c.codes}
        assert emitted - declared == set(), module
    assert {code for c in checks.REGISTRY for code in c.codes} - uses.codes("emitted") == set()


def test_run_checks_refuses_a_code_the_check_did_not_declare():
    documents, problems = parse_files(fixture_files())
    content, found = validate(documents, today=TODAY, load_problems=problems)
    assert (problems, found) == ([], [])

    @check("REF-MISSING")
    def check_wrongly_declared(content, ctx):
        yield Diagnostic("REF-SELF", "not what it declared", Position("content/facts.yml", 1))

    with pytest.raises(checks.UndeclaredCodeError):
        checks.run_checks(content, today=TODAY, checks=(check_wrongly_declared,))
    assert checks.run_checks(content, today=TODAY) == []


# --------------------------------------------------------------------------- (c) faq-build checks, (d) README


def expected_json() -> list[dict[str, str]]:
    order = list(FAMILIES)
    entries = sorted(CODES.values(), key=lambda c: order.index(c.family))
    return [{"code": c.code, "severity": c.severity, "family": c.family, "title": c.title, "rule": c.rule}
            for c in entries]


def test_checks_json_prints_the_catalogue(capsys):
    assert main(["checks", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == expected_json()
    assert sorted(entry["code"] for entry in printed) == sorted(CODES)


def test_checks_markdown_prints_the_readme_table(capsys):
    assert main(["checks", "--markdown"]) == 0
    assert capsys.readouterr().out == codes.as_markdown()


def test_readme_table_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- codes:start -->\n(.*?)<!-- codes:end -->", readme, re.S)
    assert block is not None
    assert block.group(1) == codes.as_markdown(), "run `faq-build checks --markdown` and paste it between the markers"
    rows = re.findall(r"^\| `([A-Z-]+)` \| (error|warning) \| ([a-z]+) \|", block.group(1), re.M)
    assert rows == [(e["code"], e["severity"], e["family"]) for e in expected_json()]


# --------------------------------------------------------------------------- (e) one rule test per code


def test_every_code_has_a_rule_test():
    """Each code is written as a literal in some test under tests/rules/ (its one exact case)."""
    folder = ROOT / "tests" / "rules"
    tested: set[str] = set()
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tested |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert sorted(set(CODES) - tested) == []
