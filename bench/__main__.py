"""Run every benchmark module of bench/ and index the results (`make bench`).

Each result records its own run (``"run"``: wall seconds, load average before and after), and
the index (results/README.md) lists each benchmark's time and their total against
:data:`BUDGET_S` (issue 19: ``make bench`` within ten minutes).
"""

import importlib
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
BUDGET_S = 600  # the whole of `make bench`, seconds


def registered() -> list[str]:
    """The benchmark names, one per ``bench/bench_<name>.py``."""
    return sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))


def timed(name: str) -> dict[str, Any]:
    """Run benchmark ``name``; its result with ``"run"``: wall seconds, load average."""
    module = importlib.import_module(f"bench.bench_{name}")
    load_before, started = os.getloadavg()[0], time.perf_counter()
    result: dict[str, Any] = module.run(RESULTS_DIR)
    result["run"] = {
        "seconds": round(time.perf_counter() - started, 1),
        "load_average": {"before": round(load_before, 1), "after": round(os.getloadavg()[0], 1)},
        "at": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
    }
    return result


def index(names: list[str]) -> str:
    """results/README.md: every result on disk, each benchmark's time and the total."""
    lines = [f"# Benchmark results\n\nLast run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"]
    times: dict[str, Any] = {}
    for path in sorted(RESULTS_DIR.glob("*.json")):
        result = json.loads(path.read_text())
        lines.append(f"- `{path.name}`: {result.get('summary', '')}")
        if path.stem in names:
            times[path.stem] = result.get("run")
    lines.append(f"\n## Time (`make bench`, budget {BUDGET_S} s)\n")
    total = 0.0
    for name in names:
        run = times.get(name)
        if not run:
            lines.append(f"- {name}: not timed yet")
            continue
        total += run["seconds"]
        load = run["load_average"]
        lines.append(
            f"- {name}: {run['seconds']:.0f} s (load average {load['before']:.1f} → "
            f"{load['after']:.1f}, {run['at']})"
        )
    untimed = [n for n in names if not times.get(n)]
    if untimed:  # a partial sum says nothing about the budget
        verdict = f"incomplete: {', '.join(untimed)} not timed yet"
    else:
        verdict = "within budget" if total <= BUDGET_S else "over budget"
    total_line = f"\nTotal: {total:.0f} s of {BUDGET_S} s ({verdict})"
    lines.append(
        total_line + "; each benchmark's time is from its last run, on a machine shared with "
        "other jobs."
    )
    return "\n".join(lines) + "\n"


def main(selected: list[str]) -> int:
    RESULTS_DIR.mkdir(exist_ok=True)
    names = registered()
    if not names:
        print("no benchmarks registered yet (add bench/bench_<name>.py)")
    for name in [n for n in names if not selected or n in selected]:
        result = timed(name)
        module = importlib.import_module(f"bench.bench_{name}")
        results_name = getattr(module, "RESULTS_NAME", name)  # e.g. index_1m (make bench-1m)
        (RESULTS_DIR / f"{results_name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"{name}: {result.get('summary', '')} ({result['run']['seconds']:.0f} s)")
    # The index lists every result on disk, so running one benchmark keeps the others' lines.
    (RESULTS_DIR / "README.md").write_text(index(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
