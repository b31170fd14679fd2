"""bench/__main__.py: the results index lists each benchmark's time and the total; bench_index
reports the round of the median ratio (issue 19)."""

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_index
from py_client.audit.sync import SyncReport


def result(folder: Path, name: str, seconds: float | None) -> None:
    found: dict[str, object] = {"summary": f"{name} figures"}
    if seconds is not None:
        load = {"before": 1.5, "after": 2.3}
        found["run"] = {"seconds": seconds, "load_average": load, "at": "2026-12-07 12:00 UTC"}
    (folder / f"{name}.json").write_text(json.dumps(found))


def test_the_index_lists_each_time_and_the_total_against_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path)
    result(tmp_path, "gas", 98.4)
    result(tmp_path, "portal", 150.2)
    result(tmp_path, "mutation", None)  # a result of another tool: listed, not timed
    text = bench_main.index(["gas", "portal"])
    assert "- `gas.json`: gas figures" in text
    assert "- `mutation.json`: mutation figures" in text
    assert "- gas: 98 s (load average 1.5 → 2.3, 2026-12-07 12:00 UTC)" in text
    assert "- portal: 150 s (load average 1.5 → 2.3, 2026-12-07 12:00 UTC)" in text
    assert "Total: 249 s of 600 s (within budget);" in text
    assert "mutation:" not in text


def test_an_untimed_or_slow_run_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path)
    result(tmp_path, "bulk", 640.0)
    result(tmp_path, "index", None)
    text = bench_main.index(["bulk", "index"])
    assert "- index: not timed yet" in text
    assert "Total: 640 s of 600 s (incomplete: index not timed yet);" in text
    result(tmp_path, "index", 30.0)
    assert "Total: 670 s of 600 s (over budget);" in bench_main.index(["bulk", "index"])


def test_the_index_bench_reports_the_round_of_the_median_ratio_as_a_pair() -> None:
    def measured(events_per_s: int, ceiling: int) -> dict[str, object]:
        report = SyncReport(from_block=0, to_block=9, events=events_per_s, seconds=1.0)
        return {"sqlite_report": report, "ceiling": {"events_per_s": ceiling}}

    fast_node = measured(74_000, 126_000)  # 58.7 %
    slow_node = measured(60_000, 89_000)  # 67.4 %
    middle = measured(70_000, 110_000)  # 63.6 %: neither the best rate nor the best ceiling
    assert bench_index._median_round([fast_node, slow_node, middle]) is middle
    assert bench_index._median_round([fast_node, slow_node]) is fast_node  # the lower middle
