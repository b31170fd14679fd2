"""The `make demo` pilot (py_client/ops/pilot.py), its summary checked by independent arithmetic."""

import json
import re
from pathlib import Path
from typing import Any

from py_client.ops.demo import deploy_pilot, pilot_keys
from py_client.ops.pilot import run_pilot, summary_table

ROOT = Path(__file__).resolve().parents[2]


def penalty(value_idr: int, days_late: int) -> int:
    """1 per mille of the delivered value per started day late, capped at 5 %."""
    return min(value_idr * days_late // 1000, value_idr * 5 // 100)


def test_pilot_summary_matches_the_policy_arithmetic(
    project: Any, chain: Any, accounts: Any, tmp_path: Path
) -> None:
    deployment_path = tmp_path / "local.json"
    dev_keys = [str(a.private_key) for a in accounts]
    deploy_pilot(str(chain.provider.uri), dev_keys, deployment_path, say=lambda _: None)
    keys = pilot_keys(dev_keys)
    lines: list[str] = []

    summary = run_pilot(
        str(chain.provider.uri), deployment_path, keys, tmp_path / "out", say=lines.append
    )

    laptops, printers = 40 * 20_000_000, 10 * 20_000_000
    assert summary.award_idr == 1_000_000_000 == laptops + printers
    assert summary.winner == accounts[3].address
    assert summary.invalid_bids == 1
    assert summary.escrowed_idr == summary.award_idr
    assert summary.days_late == [0, 12]
    assert summary.penalties_idr == penalty(printers, 12) == 2_400_000
    assert summary.retention_held_idr == (laptops + printers) * 5 // 100
    assert summary.paid_on_delivery_idr == (
        laptops + printers - summary.penalties_idr - summary.retention_held_idr
    )
    assert summary.retention_released_idr == summary.retention_held_idr
    assert summary.bonds_refunded_idr == 3 * 10_000_000
    assert (summary.ruling_to_supplier_idr, summary.ruling_to_agency_idr) == (
        100_000_000,
        50_000_000,
    )
    written = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert written["penalties_idr"] == summary.penalties_idr
    assert any("arrived 12 days late" in line for line in lines)
    assert "late penalties (to agency)" in summary_table(summary)


def steady(summary: dict[str, Any]) -> str:
    """The summary without what depends on the second a block lands in: gas (timestamps in
    calldata, a few gas apart) and the timelock's "executable in … (at unix …)" countdowns."""
    summary = {**summary, "governance": dict(summary.get("governance", {}))}
    summary.pop("gas_used", None)
    summary["governance"].pop("gas", None)
    text = json.dumps(summary, sort_keys=True)
    return re.sub(r"executable in \d+ h \d+ min \(at unix \d+\)", "executable in …", text)


def test_demo_runs_twice_on_fresh_chains_without_make_clean(
    chain: Any, tmp_path: Path, capsys: Any
) -> None:
    """`make demo` twice: each run is a fresh chain that reuses the same contract addresses and
    tender ids, so the second run meets the first one's salt files (it raised SaltExists)."""
    from scripts.demo import main

    out_dir, deployment_path = tmp_path / "demo", tmp_path / "local.json"
    fresh = chain.snapshot()
    main(out_dir, deployment_path)
    first = json.loads((out_dir / "summary.json").read_text())
    first_salts = sorted(p.name for p in (out_dir / "salts").iterdir())
    chain.restore(fresh)  # the next `make demo`: same addresses, same tender ids

    main(out_dir, deployment_path)

    second = json.loads((out_dir / "summary.json").read_text())
    assert steady(second) == steady(first)
    assert sorted(p.name for p in (out_dir / "salts").iterdir()) == first_salts != []
    assert "summary written to" in capsys.readouterr().out
