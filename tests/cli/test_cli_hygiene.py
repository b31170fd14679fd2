"""The `rantai` command in a terminal: closed pipes, hostile chain text, messages in user terms.

One money formatter (Indonesian grouping), one time formatter (WIB), one sanitiser for text that
came from the chain (py_client.formatting), used by the CLI, the exports and the error messages.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from py_client.formatting import csv_text, printable, rupiah, wib
from py_client.names import load_names
from py_client.salts import SaltRecord, SaltStore, new_salt
from tests.support.cli import Pilot, Run

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_LOCATION = "IDJKT\x1b[2J\x1b[H\x1b[32mOK PAID\r"


def test_rupiah_uses_indonesian_grouping() -> None:
    assert rupiah(99_000_000_000_000) == "Rp 99.000.000.000.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(-5_000) == "-Rp 5.000"


def test_times_are_shown_in_wib_with_the_zone() -> None:
    assert wib(1_808_883_977) == "2027-04-28 10:46 WIB"
    assert wib(None) == "-"


def test_printable_replaces_every_control_character() -> None:
    shown = printable(HOSTILE_LOCATION + "\u202egnp.exe\x9b31m\x07")
    assert shown == "IDJKT?[2J?[H?[32mOK PAID??gnp.exe?31m?"
    assert printable("a\nb\tc", keep_newlines=True) == "a\nb\tc"
    assert printable("a\nb") == "a?b"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_defuses_formulas(text: str) -> None:
    assert csv_text(text).startswith("'")
    assert csv_text(-5) == "-5"  # a number the program wrote stays a number


def test_a_hostile_checkpoint_location_does_not_reach_the_terminal(
    rantai: Run, pilot: Pilot
) -> None:
    shipment_id = pilot.shipment(pilot.direct_order())
    pilot.carrier.carrier.record_checkpoint(shipment_id, "in_transit", HOSTILE_LOCATION)

    shown = rantai(None, "status", f"shipment:{shipment_id}", json=False)
    as_json = rantai(None, "status", f"shipment:{shipment_id}")

    assert shown.code == 0, shown.err
    assert "\x1b" not in shown.out
    assert "\r" not in shown.out
    assert "IDJKT?[2J?[H?[32mOK PAID?" in shown.out
    assert "\x1b" not in as_json.out  # JSON escapes it: \u001b
    locations = [c["location"] for c in as_json.doc["result"]["checkpoints"]]
    assert HOSTILE_LOCATION in locations  # the data itself is kept exactly


def test_output_into_a_closed_pipe_ends_quietly(cli_env: Path) -> None:
    """`rantai policy | head -0`: the reader is gone before rantai writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "py_client.cli", "policy"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cli_env,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""


def test_a_kept_salt_names_the_cli_flag_and_the_flag_replaces_it(
    rantai: Run, pilot: Pilot, cli_env: Path
) -> None:
    tender_id = pilot.open_tender()
    pilot.fund("supplier")
    supplier = pilot.supplier
    stale = SaltRecord(
        supplier.chain_id,
        supplier.tendering.address,
        tender_id,
        pilot.address("supplier"),
        1,
        new_salt(),
    )
    SaltStore(cli_env / "salts").save(stale)  # a record of a bid that was never sent
    commit = ("bid", "commit", str(tender_id), "--price", "900.000.000", "--approve-bond")

    refused = rantai(pilot.accounts["supplier"], *commit)
    replaced = rantai(pilot.accounts["supplier"], *commit, "--replace-salt")

    assert refused.code == 1
    assert "run 'rantai bid commit' again with --replace-salt" in refused.error
    assert replaced.code == 0, replaced.err
    assert (
        SaltStore(cli_env / "salts")
        .load(stale.chain_id, stale.tendering, tender_id, stale.bidder)
        .price_idr
        == 900_000_000
    )


def test_a_too_early_bid_deadline_is_refused_with_a_date_in_wib(rantai: Run, pilot: Pilot) -> None:
    items = ROOT / "docs" / "examples" / "items.json"
    run = rantai(pilot.accounts["agency"], "tender", "open", "--items", str(items), "--hps",
                 "1.000.000.000", "--bond", "5.000.000", "--bid-deadline", "+1h",
                 "--reveal-deadline", "+3d", "--fiscal-year", "2026", "--spec-uri", "rantai://x",
                 "--hash", "0x" + "11" * 32)  # fmt: skip
    assert run.code == 2
    assert "(not before 20" in run.error
    assert run.error.endswith(" WIB)")
    assert "unix" not in run.error


def test_names_accept_the_participants_yaml_json_and_a_plain_map(tmp_path: Path) -> None:
    participants = ROOT / "network" / "pilot" / "participants.yaml"
    from_yaml = load_names(participants)
    as_json = tmp_path / "participants.json"
    as_json.write_text(json.dumps(yaml.safe_load(participants.read_text())))
    plain = tmp_path / "names.yaml"
    plain.write_text("10: Dinas Kesehatan\n'20': PT Sehat\n")
    assert from_yaml
    assert load_names(as_json) == from_yaml
    assert load_names(plain) == {10: "Dinas Kesehatan", 20: "PT Sehat"}
