"""The tools that keep the suite repeatable and measure it: tools/contract_build.py (a second run
in the same checkout, every changed source compiled) and tools/mutate_sol.py (Solidity mutants),
and the rule that keeps the test files independent of their order (parallel workers).
No chain: these run on files in a temporary folder or read the test sources."""

import ast
from pathlib import Path

import pytest

from tools import contract_build, mutate_sol

pytestmark = pytest.mark.no_contract_trace


def project(root: Path) -> Path:
    """A project folder shaped like this repository's: two sources, config, a build manifest."""
    (root / "contracts" / "interfaces").mkdir(parents=True)
    (root / "contracts" / "A.sol").write_text("contract A {}\n")
    (root / "contracts" / "interfaces" / "IA.sol").write_text("interface IA {}\n")
    (root / "ape-config.yaml").write_text("name: p\n")
    (root / "package-lock.json").write_text("{}\n")
    (root / ".build").mkdir()
    (root / ".build" / "__local__.json").write_text("{}\n")
    return root


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records the full compiles instead of running Ape; each leaves a dependency copy behind,
    as ape-solidity does in a checkout under $TMPDIR."""
    calls: list[Path] = []

    def fake_compile(root: Path) -> None:
        calls.append(root)
        copy = root / "contracts" / ".cache" / "openzeppelin" / "5.7.0"
        copy.mkdir(parents=True, exist_ok=True)
        (copy / "ERC20.sol").write_text("contract ERC20 {}\n")

    monkeypatch.setattr(contract_build, "compile_all", fake_compile)
    return calls


def test_the_dependency_copy_in_contracts_is_removed_before_ape_scans(
    tmp_path: Path, compiles: list[Path]
) -> None:
    root = project(tmp_path)
    cache = root / "contracts" / ".cache" / "openzeppelin" / "5.7.0"
    cache.mkdir(parents=True)
    for n in range(510):  # more than Ape's 500-file scan limit
        (cache / f"F{n}.sol").write_text("contract F {}\n")

    assert contract_build.ensure_current(root) is True  # never compiled: compile
    assert not (root / "contracts" / ".cache").exists()  # also the copy the compile made
    assert contract_build.ensure_current(root) is False  # current: nothing to do
    assert compiles == [root]


def test_two_changed_sources_make_one_full_compile_and_a_hidden_copy_changes_nothing(
    tmp_path: Path, compiles: list[Path]
) -> None:
    root = project(tmp_path)
    contract_build.ensure_current(root)
    digest = contract_build.sources_digest(root)
    (root / "contracts" / ".cache").mkdir()
    (root / "contracts" / ".cache" / "X.sol").write_text("contract X {}\n")
    assert contract_build.sources_digest(root) == digest  # outside the sources
    assert contract_build.is_current(root)

    (root / "contracts" / "A.sol").write_text("contract A { uint x; }\n")
    (root / "contracts" / "interfaces" / "IA.sol").write_text("interface IA { }\n")
    assert not contract_build.is_current(root)
    assert contract_build.ensure_current(root) is True
    assert len(compiles) == 2  # the first build and one full compile for both changes
    assert contract_build.is_current(root)
    (root / "ape-config.yaml").write_text("name: p\nsolidity:\n  optimize: false\n")
    assert not contract_build.is_current(root)  # settings count too


def test_a_missing_build_is_never_current(tmp_path: Path, compiles: list[Path]) -> None:
    root = project(tmp_path)
    contract_build.ensure_current(root)
    (root / ".build" / "__local__.json").unlink()
    assert not contract_build.is_current(root)
    assert contract_build.ensure_current(root, force=False) is True


SOURCE = """// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice Fees: a < b in prose is not code.
contract Fees {
    /* a block comment: x + y */
    string private constant _NAME = "a+b<c";
    mapping(address => uint256) private _paid;

    function pay(uint256 a, uint256 b) external returns (uint256) {
        if (a > b) revert TooMuch(a, b); // a + b in a comment
        require(a != 0, "zero");
        for (uint256 i; i < b; ++i) a += i;
        return a * b - 1;
    }
}
"""


def test_solidity_mutants_change_code_only_one_token_at_a_time() -> None:
    found = mutate_sol.mutants(SOURCE)
    lines = SOURCE.split("\n")
    by_kind: dict[str, list[str]] = {}
    for m in found:
        by_kind.setdefault(m.operator, []).append(m.mutated_line.strip())
        changed = [i for i, line in enumerate(m.source.split("\n")) if line != lines[i]]
        assert changed == [m.line - 1]  # exactly one line differs
    assert by_kind["cmp"] == [
        "if (a >= b) revert TooMuch(a, b); // a + b in a comment",
        'require(a == 0, "zero");',
        "for (uint256 i; i <= b; ++i) a += i;",
    ]
    assert by_kind["arith"] == ["return a / b - 1;", "return a * b + 1;"]
    assert by_kind["revert"] == [
        "if (false) revert TooMuch(a, b); // a + b in a comment",
        'require(true, "zero");',
    ]
    assert by_kind["guard"] == ["if (!(a > b)) revert TooMuch(a, b); // a + b in a comment"]
    # Not mutated: comments, NatSpec, string literals, `=>` of mappings, `++` and `+=`.
    assert all(m.line not in (1, 2, 4, 6, 7, 8) for m in found)


# ------------------------------------------------------------------ test files stay independent

TESTS = Path(__file__).resolve().parents[1]
# Ape's fixtures that reach the session's chain (`project` only compiles and reads types).
APE_CHAIN_FIXTURES = {"accounts", "chain", "networks", "Contract"}


def fixtures_of(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Every fixture a test source defines: name -> (scope, the fixtures it requests)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if not (isinstance(target, ast.Attribute) and target.attr == "fixture"):
                continue
            scope = "function"
            for keyword in call.keywords if call else []:
                if keyword.arg == "scope" and isinstance(keyword.value, ast.Constant):
                    scope = str(keyword.value.value)
            found[node.name] = (scope, [a.arg for a in node.args.args])
    return found


def on_the_chain(fixtures: dict[str, tuple[str, list[str]]], known: set[str]) -> set[str]:
    """The fixtures that reach the session's chain, directly or through one another."""
    reached = set(known)
    changed = True
    while changed:
        changed = False
        for name, (_, requested) in fixtures.items():
            if name not in reached and reached.intersection(requested):
                reached.add(name)
                changed = True
    return reached


def test_no_test_file_keeps_chain_state_in_the_session_layer() -> None:
    """A session-scoped fixture of a test file that transacts leaves its transactions on the chain
    for every file after it (Ape reverts only module and test snapshots): the suite would pass in
    one file order and fail in another, as pytest-xdist workers run the files. Such fixtures are
    module-scoped; the session layer holds only the root conftest's pilot (docs/testing.md). The
    folders' conftest.py files count as test sources here: their fixtures are the folder's."""
    root_conftest = TESTS / "conftest.py"
    chain_fixtures = on_the_chain(fixtures_of(root_conftest), APE_CHAIN_FIXTURES)
    assert {"governor", "registry", "participants", "system", "rpc_url"} <= chain_fixtures
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        if path == root_conftest:
            continue
        fixtures = fixtures_of(path)
        reached = on_the_chain(fixtures, chain_fixtures)
        offenders += [
            f"{path.relative_to(TESTS)}::{name}"
            for name, (scope, _) in fixtures.items()
            if scope == "session" and name in reached
        ]
    assert offenders == []


# ------------------------------------------------------------------ the test tree mirrors the code

TEST_FOLDERS = {
    "contracts",
    "client",
    "ops",
    "bulk",
    "audit",
    "documents",
    "cli",
    "portal",
    "e2e",
    "tooling",
}


def test_test_files_live_in_the_folder_of_their_package() -> None:
    """No test file at the top of tests/; each folder is a package with its own conftest.py, and
    tests/support/ (plain helpers, no fixtures) holds no test (docs/testing.md)."""
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == []
    folders = {p.parent.name for p in TESTS.glob("*/test_*.py")}
    assert folders == TEST_FOLDERS
    for folder in TEST_FOLDERS | {"support"}:
        assert (TESTS / folder / "__init__.py").is_file(), folder
    for folder in TEST_FOLDERS - {
        "contracts",
        "client",
        "ops",
        "cli",
        "documents",
        "e2e",
        "tooling",
    }:
        assert (TESTS / folder / "conftest.py").is_file(), folder
    assert not list((TESTS / "support").rglob("test_*.py"))
    for path in sorted((TESTS / "support").rglob("*.py")):
        assert fixtures_of(path) == {}, f"{path.relative_to(TESTS)}: fixtures go in a conftest.py"


def test_no_star_imports_and_no_test_module_imports_another() -> None:
    """Fixtures reach a test through conftest.py, helpers through ``tests.support``: no
    ``import *``, no ``from conftest import`` (ambiguous with one conftest per folder), no test
    module importing another test module (its fixtures would run twice)."""
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or node.module is None:
                continue
            last = node.module.split(".")[-1]
            if any(alias.name == "*" for alias in node.names):
                offenders.append(f"{path.relative_to(TESTS)}: from {node.module} import *")
            if last == "conftest" or last.startswith("test_"):
                offenders.append(f"{path.relative_to(TESTS)}: from {node.module} import ...")
    assert offenders == []
