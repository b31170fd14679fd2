"""Run every benchmark module of bench/ and index the results (`make bench`)."""

import importlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def main(selected: list[str]) -> int:
    RESULTS_DIR.mkdir(exist_ok=True)
    names = sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))
    names = [n for n in names if not selected or n in selected]
    lines = [f"# Benchmark results\n\nLast run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"]
    if not names:
        print("no benchmarks registered yet (add bench/bench_<name>.py)")
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        result = module.run(RESULTS_DIR)
        results_name = getattr(module, "RESULTS_NAME", name)  # e.g. index_1m (bench-1m)
        (RESULTS_DIR / f"{results_name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"{name}: {result.get('summary', '')}")
    # The index lists every result on disk, so running one benchmark keeps the others' lines.
    for path in sorted(RESULTS_DIR.glob("*.json")):
        summary = json.loads(path.read_text()).get("summary", "")
        lines.append(f"- `{path.name}`: {summary}")
    (RESULTS_DIR / "README.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
