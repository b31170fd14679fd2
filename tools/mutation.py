"""Mutation testing of the money, exactly-once and authentication code (`make mutate`).

One small bug at a time is put into a scratch copy of the repository and the suites that cover
the changed file are run against it; a mutant is *killed* when a test fails, *survived* when all
pass, *timeout* when the run takes longer than its limit (counted as killed, as mutmut does), and
*stillborn* when it does not compile (Solidity; left out of the rate).

- Python: mutmut (pinned in requirements.lock) creates the mutants of each module in
  `PYTHON_TARGETS` with its own operators (`mutmut.file_mutation.create_mutations`: numbers,
  strings, comparison and arithmetic operators, `and`/`or`, `True`/`False`/`None`, removed call
  arguments, assignments to `None`, `break`/`continue`...). mutmut's own runner is not used: it
  re-runs pytest in forked children of one process, which does not fit suites that start anvil
  nodes; here each mutant is one `pytest -x` process over the mutant's test files.
- Solidity: `tools/mutate_sol.py` (comparisons, arithmetic, require/revert paths) over
  `contracts/*.sol`; each mutant is compiled (`ape compile --force` through
  tools/contract_build.py, as tests/conftest.py does) and run against its contract's suite.

The machine is shared, so by default a seeded sample runs (`--sample-python`, `--sample-sol`,
`--seed`) within a time budget (`--budget-min`); mutants the budget did not reach are listed as
`not_run`. `--mutants all` runs every mutant (hours). Results: bench/results/mutation.json, with
the kill rate per language. Survivors judged equivalent are listed in `EQUIVALENT` with the
reason; they count as neither killed nor survived.

Usage: python tools/mutation.py [--mutants sample|all] [--seed N] [--budget-min M]
"""

import argparse
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import mutate_sol  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "mutation.json"

# Module -> the test files that cover it.
BULK_TESTS = ["tests/bulk/test_bulk.py"]
PORTAL_TESTS = ["tests/portal/test_portal.py"]
EXPORT_TESTS = ["tests/audit/test_audit_exports.py", "tests/audit/test_open_data.py"]
PYTHON_TARGETS: dict[str, list[str]] = {
    "py_client/bulk/journal.py": BULK_TESTS,
    "py_client/bulk/pipeline.py": BULK_TESTS,
    "py_client/bulk/engine.py": BULK_TESTS,
    "py_client/bulk/presign.py": BULK_TESTS,
    "py_client/portal/runtime.py": PORTAL_TESTS,
    "py_client/portal/pages_console.py": PORTAL_TESTS,
    "py_client/portal/siwe.py": PORTAL_TESTS,
    "py_client/portal/actions.py": PORTAL_TESTS,
    "py_client/salts.py": ["tests/client/test_client_salts.py"],
    "py_client/documents/envelope.py": [
        "tests/documents/test_documents_crypto.py",
        "tests/documents/test_documents.py",
    ],
    "py_client/interop/payments.py": EXPORT_TESTS,
    "py_client/interop/ocds.py": EXPORT_TESTS,
    "py_client/interop/epcis.py": EXPORT_TESTS,
}
SOL_TESTS: dict[str, list[str]] = {
    "contracts/Registry.sol": ["tests/contracts/test_registry.py"],
    "contracts/RupiahToken.sol": ["tests/contracts/test_rupiah_token.py"],
    "contracts/Tendering.sol": ["tests/contracts/test_tendering.py"],
    "contracts/OrderEscrow.sol": ["tests/contracts/test_order_escrow.py"],
    "contracts/ShipmentTracking.sol": ["tests/contracts/test_shipment_tracking.py"],
}
# Survivors that cannot be told apart from the real code by any test, keyed by mutant id.
EQUIVALENT: dict[str, str] = {
    "py_client/interop/ocds.py#144": (
        "compiled_releases passes money=None to releases(), which then reads the same payment"
        " rows from the index itself: the same releases, only one read per process"
    ),
}

DEFAULT_SEED = 20
DEFAULT_SAMPLE_PYTHON = 16
DEFAULT_SAMPLE_SOL = 12
MUTANT_TIMEOUT_S = 420
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    "node_modules",
    ".git",
    "out",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "__pycache__",
    "crytic-export",
    "mutants",
)


@dataclass
class Mutant:
    id: str
    language: str
    file: str
    line: int
    operator: str
    original: str
    mutated: str
    tests: list[str]
    source: str = field(repr=False, default="")
    status: str = "not_run"
    seconds: float = 0.0
    detail: str = ""

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        del data["source"]
        return data


# ------------------------------------------------------------------ Python mutants (mutmut)


def python_mutants(path: str) -> list[Mutant]:
    """Every mutmut mutant of one module inside functions and methods (as mutmut runs them),
    except on lines of logging calls (their text is not behaviour). The mutated source is made
    later, only for the mutants that run (`materialise`)."""
    from libcst.metadata import MetadataWrapper, PositionProvider
    from mutmut.file_mutation import create_mutations  # type: ignore[import-untyped]

    code = (ROOT / path).read_text()
    lines = code.splitlines()
    module, mutations = create_mutations(code)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found: list[Mutant] = []
    for index, mutation in enumerate(mutations):
        if mutation.contained_by_top_level_function is None:
            continue
        where = positions.get(mutation.original_node)
        line = where.start.line if where is not None else 0
        if line and "log." in lines[line - 1]:
            continue
        mutant = Mutant(
            id=f"{path}#{index}",
            language="python",
            file=path,
            line=line,
            operator=type(mutation.original_node).__name__,
            original=module.code_for_node(mutation.original_node).strip()[:200],
            mutated=module.code_for_node(mutation.mutated_node).strip()[:200],
            tests=PYTHON_TARGETS[path],
        )
        _PENDING[mutant.id] = (module, mutation)
        found.append(mutant)
    return found


_PENDING: dict[str, Any] = {}


def materialise(mutant: Mutant) -> None:
    """The whole mutated module of a Python mutant (mutmut's node swapped into the module)."""
    if mutant.source or mutant.language != "python":
        return
    from mutmut.file_mutation import deep_replace

    module, mutation = _PENDING[mutant.id]
    mutant.source = deep_replace(module, mutation.original_node, mutation.mutated_node).code
    _, before, after = _changed_line(module.code, mutant.source)
    mutant.original, mutant.mutated = before[:200], after[:200]


def _changed_line(old: str, new: str) -> tuple[int, str, str]:
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            before = "\n".join(old.splitlines()[i1:i2]).strip()
            after = "\n".join(new.splitlines()[j1:j2]).strip()
            return i1 + 1, before, after
    return 0, "", ""


def sol_mutants() -> list[Mutant]:
    found = []
    for path in sorted(SOL_TESTS):
        code = (ROOT / path).read_text()
        for m in mutate_sol.mutants(code):
            found.append(
                Mutant(
                    id=f"{path}#{m.line}:{m.column}:{m.operator}",
                    language="solidity",
                    file=path,
                    line=m.line,
                    operator=m.operator,
                    original=m.original_line.strip(),
                    mutated=m.mutated_line.strip(),
                    tests=SOL_TESTS[path],
                    source=m.source,
                )
            )
    return found


# ------------------------------------------------------------------ running


def scratch_copy(name: str) -> Path:
    """A copy of the repository to mutate (never the checkout itself)."""
    target = Path(tempfile.mkdtemp(prefix=f"rantai-mutation-{name}-"))
    shutil.copytree(ROOT, target / "repo", ignore=COPY_IGNORE, symlinks=True)
    repo = target / "repo"
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    return repo


def _run_in(
    repo: Path, env: dict[str, str], command: list[str]
) -> subprocess.CompletedProcess[str]:
    """``command`` in the scratch copy ``repo``, its output captured, bounded by the timeout."""
    return subprocess.run(
        command,
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=MUTANT_TIMEOUT_S,
        check=False,
    )


def run_mutant(repo: Path, mutant: Mutant) -> None:
    """Apply, test, restore; sets the mutant's status."""
    path = repo / mutant.file
    original = path.read_text()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(repo)  # also for the CLI subprocesses of the suites
    env["PATH"] = os.pathsep.join(
        [str(ROOT / "tools" / "solc"), str(ROOT / "node_modules" / ".bin"), env.get("PATH", "")]
    )
    env["SOLCX_BINARY_PATH"] = str(ROOT / ".solcx")
    started = time.monotonic()
    materialise(mutant)
    try:
        path.write_text(mutant.source)
        if mutant.language == "solidity":
            compiled = _run_in(repo, env, [sys.executable, "tools/contract_build.py"])
            if compiled.returncode != 0:
                mutant.status = "stillborn"
                mutant.detail = (compiled.stdout + compiled.stderr).strip().splitlines()[-1:][0]
                return
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            *mutant.tests,
        ]
        try:
            result = _run_in(repo, env, command)
        except subprocess.TimeoutExpired:
            mutant.status = "timeout"
            return
        lines = [x for x in result.stdout.splitlines() if x.strip()]
        failed = [x for x in lines if x.startswith(("FAILED", "ERROR"))]
        if result.returncode == 0:
            mutant.status = "survived"
        elif result.returncode in (1, 2) and failed:
            mutant.status = "killed"
            mutant.detail = failed[0][:300]
        else:
            mutant.status = "error"
            mutant.detail = (lines[-1] if lines else result.stderr[-300:])[:300]
    finally:
        path.write_text(original)
        mutant.seconds = round(time.monotonic() - started, 1)


def summary(mutants: list[Mutant]) -> dict[str, Any]:
    for m in mutants:
        if m.status == "survived" and m.id in EQUIVALENT:
            m.status = "equivalent"
            m.detail = EQUIVALENT[m.id]
    counts: dict[str, int] = {}
    for m in mutants:
        counts[m.status] = counts.get(m.status, 0) + 1
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    judged = killed + counts.get("survived", 0)
    return {
        "counts": counts,
        "kill_rate": round(killed / judged, 3) if judged else None,
        "survivors": [m.public() for m in mutants if m.status == "survived"],
        "equivalent": [m.public() for m in mutants if m.status == "equivalent"],
    }


def write_results(
    args: argparse.Namespace, totals: dict[str, int], runs: dict[str, list[Mutant]], done: bool
) -> None:
    data = {
        "tool": "tools/mutation.py (make mutate)",
        "complete": done,
        "mode": args.mutants,
        "seed": args.seed,
        "sample": {"python": args.sample_python, "solidity": args.sample_sol},
        "budget_min": args.budget_min,
        "population": totals,
        "python": summary(runs["python"]),
        "solidity": summary(runs["solidity"]),
        "mutants": [m.public() for lang in ("python", "solidity") for m in runs[lang]],
        "how_to_run_all": "make mutate MUTANTS=all (every mutant; hours on a shared machine)",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")


def rerun_survivors() -> int:
    """Runs the survivors of the last results again with today's tests; a survivor a new test
    kills becomes ``killed`` (detail: the failing test), the rates are recomputed."""
    data = json.loads(RESULTS.read_text())
    wanted = {
        m["id"] for m in data["mutants"] if m["status"] == "survived" and m["id"] not in EQUIVALENT
    }
    if not wanted:
        print("no survivors to run again")
    population = (
        {
            m.id: m
            for m in [
                *(m for path in PYTHON_TARGETS for m in python_mutants(path)),
                *sol_mutants(),
            ]
            if m.id in wanted
        }
        if wanted
        else {}
    )
    repos: dict[str, Path] = {}
    try:
        for record in data["mutants"]:
            mutant = population.get(record["id"])
            if mutant is None:
                continue
            if mutant.language not in repos:
                repos[mutant.language] = scratch_copy(mutant.language)
            run_mutant(repos[mutant.language], mutant)
            print(f"{mutant.status:10} {mutant.seconds:6.1f}s {mutant.id} (rerun)", flush=True)
            record.update(status=mutant.status, seconds=mutant.seconds, rerun=True)
            record["detail"] = mutant.detail
    finally:
        for repo in repos.values():
            shutil.rmtree(repo.parent, ignore_errors=True)
    for lang in ("python", "solidity"):
        mutants = [
            Mutant(**{k: v for k, v in m.items() if k != "rerun"})
            for m in data["mutants"]
            if m["language"] == lang
        ]
        data[lang] = summary(mutants)
        records = [r for r in data["mutants"] if r["language"] == lang]
        for m, record in zip(mutants, records, strict=True):
            record["status"], record["detail"] = m.status, m.detail
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    return 0


def stratified_sample(mutants: list[Mutant], size: int, rng: random.Random) -> list[Mutant]:
    """``size`` mutants, spread over the files: each file's mutants shuffled with ``rng``, then
    taken one file after the other in turn (so a large module does not crowd out a small one)."""
    by_file: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        by_file.setdefault(mutant.file, []).append(mutant)
    queues = []
    for name in sorted(by_file):
        items = list(by_file[name])
        rng.shuffle(items)
        queues.append(items)
    chosen: list[Mutant] = []
    while len(chosen) < size and any(queues):
        for queue in queues:
            if queue and len(chosen) < size:
                chosen.append(queue.pop())
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", choices=("sample", "all"), default="sample")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sample-python", type=int, default=DEFAULT_SAMPLE_PYTHON)
    parser.add_argument("--sample-sol", type=int, default=DEFAULT_SAMPLE_SOL)
    parser.add_argument("--budget-min", type=float, default=24.0)
    parser.add_argument("--language", choices=("python", "solidity", "both"), default="both")
    parser.add_argument(
        "--rerun-survivors",
        action="store_true",
        help="run the survivors of bench/results/mutation.json again (after new tests)",
    )
    args = parser.parse_args(argv)
    if args.rerun_survivors:
        return rerun_survivors()

    population = {
        "python": [m for path in PYTHON_TARGETS for m in python_mutants(path)],
        "solidity": sol_mutants(),
    }
    totals = {lang: len(ms) for lang, ms in population.items()}
    rng = random.Random(args.seed)  # noqa: S311 (a reproducible sample, not a secret)
    runs: dict[str, list[Mutant]] = {}
    for lang, size in (("python", args.sample_python), ("solidity", args.sample_sol)):
        chosen = population[lang]
        if args.mutants == "sample":
            chosen = stratified_sample(chosen, size, rng)
        if args.language not in (lang, "both"):
            chosen = []
        runs[lang] = chosen
    print(f"mutants: {totals}; running {[(k, len(v)) for k, v in runs.items()]}", flush=True)
    deadline = time.monotonic() + args.budget_min * 60
    lock = threading.Lock()

    def worker(lang: str) -> None:
        if not runs[lang]:
            return
        repo = scratch_copy(lang)
        try:
            for mutant in runs[lang]:
                if time.monotonic() > deadline:
                    break
                run_mutant(repo, mutant)
                print(f"{mutant.status:10} {mutant.seconds:6.1f}s {mutant.id}", flush=True)
                with lock:
                    write_results(args, totals, runs, done=False)
        finally:
            shutil.rmtree(repo.parent, ignore_errors=True)

    threads = [threading.Thread(target=worker, args=(lang,)) for lang in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    write_results(args, totals, runs, done=True)
    for lang in ("python", "solidity"):
        print(lang, json.dumps({k: v for k, v in summary(runs[lang]).items() if k != "survivors"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
