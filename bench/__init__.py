"""Benchmarks of Rantai (`make bench`): each `bench/bench_<name>.py` module writes its results.

A benchmark module defines ``run(results_dir: Path) -> dict[str, object]``; the harness calls each,
writes ``bench/results/<name>.json`` and one summary line per benchmark into
``bench/results/README.md``. Speed and gas are measured here, never in timed tests.
"""
