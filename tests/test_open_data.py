"""Open data that outside tools can verify (issue 16), on the open-data scenario chain.

One module-scoped chain (interop_fixtures.play_open_data) covers a failed, a cancelled and four
awarded tenders with every red flag Rantai shares with OCP's Cardinal, a cancelled, a disputed,
a terminated and a milestone order, GPS checkpoints and a foreign origin without region. The
exports are checked with the tools of the standards' owners: the OCDS schemas (core and with the
declared extensions), OCP's libcoveocds and ocdsmerge, OCP's Cardinal (its PyPI wheel offers the
``coverage`` command only; see docs/audit.md), GS1's EPCIS 2.0 schema and GS1's
epcis-event-hash-generator; and the money figures against the token's ``Transfer`` logs.
"""

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ocdsmerge
import pytest
from audit_fixtures import Scenario
from interop_fixtures import *  # noqa: F403
from jsonschema import Draft4Validator
from standards import cove_results, ocds_errors, serve_extensions

from py_client.audit.db import Database
from py_client.interop import ocds, payments

pytestmark = pytest.mark.no_contract_trace

TRANSFER_TOPIC = "0x" + "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"


@pytest.fixture(scope="module")
def release_pkg(open_data_index: Database) -> dict[str, Any]:
    return ocds.release_package(open_data_index)


@pytest.fixture(scope="module")
def record_pkg(open_data_index: Database) -> dict[str, Any]:
    return ocds.record_package(open_data_index)


@pytest.fixture(scope="module")
def extensions_url() -> Iterator[str]:
    url, server = serve_extensions()
    yield url
    server.shutdown()


def extended_errors(release: dict[str, Any]) -> list[str]:
    validator = Draft4Validator(ocds.extended_release_schema())
    errors = validator.iter_errors(release)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


# --------------------------------------------------------------------------- OCDS validity


def test_packages_are_valid_against_the_core_and_the_extended_schema(
    release_pkg: dict[str, Any], record_pkg: dict[str, Any]
) -> None:
    assert ocds_errors(release_pkg, "release-package") == []
    assert ocds_errors(record_pkg, "record-package") == []
    for release in release_pkg["releases"]:
        assert extended_errors(release) == [], release["id"]
    for record in record_pkg["records"]:
        assert extended_errors(record["compiledRelease"]) == [], record["ocid"]


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_libcoveocds_finds_no_error_and_only_the_documented_warnings(
    kind: str,
    release_pkg: dict[str, Any],
    record_pkg: dict[str, Any],
    extensions_url: str,
    tmp_path: Path,
) -> None:
    package = release_pkg if kind == "releases" else record_pkg

    results = cove_results(package, tmp_path, extensions_url)

    assert results["validation_errors"] == []
    assert results["additional_fields"] == []
    assert results["additional_closed_codelist_values"] == {}
    assert results["deprecated_fields"] == []
    extensions = results["extensions"]
    assert extensions["invalid_extension"] == {}
    assert extensions["is_extended_schema"] is True
    failed = {
        e["url"].rsplit("/", 2)[-2]: sorted(e["failed_codelists"]) for e in extensions["extensions"]
    }
    # documented in docs/audit.md: the two codelists of the bids extension Rantai does not use
    assert failed == {"bids": ["country.csv", "submissionType.csv"], "rantai": []}


def test_records_are_compiled_by_ocdsmerge_with_the_extended_schema(
    record_pkg: dict[str, Any],
) -> None:
    merger = ocdsmerge.Merger(schema=ocds.extended_release_schema())
    for record in record_pkg["records"]:
        expected = merger.create_compiled_release(record["releases"])
        assert json.dumps(record["compiledRelease"]) == json.dumps(expected)
        assert "[]" not in json.dumps(record["compiledRelease"])  # no empty arrays kept


# --------------------------------------------------------------------------- point in time


def test_each_release_names_only_the_parties_and_roles_known_at_its_block(
    record_pkg: dict[str, Any], open_data_chain: Scenario
) -> None:
    facts = open_data_chain.facts
    (lowest,) = [r for r in record_pkg["records"] if r["ocid"] == facts["ocids"]["lowest"]]
    opened = lowest["releases"][0]

    assert opened["tag"] == ["tender"]
    assert [p["roles"] for p in opened["parties"]] == [["buyer", "procuringEntity"]]
    assert "bids" not in opened
    for record in record_pkg["records"]:
        paid: set[str] = set()
        for release in record["releases"]:
            roles = {p["id"]: set(p["roles"]) for p in release["parties"]}
            for contract in release.get("contracts", []):
                for t in contract.get("implementation", {}).get("transactions", []):
                    paid |= {t[k]["id"] + ":" + k for k in ("payer", "payee") if k in t}
            for t in release.get("tender", {}).get("bondTransactions", []):
                paid |= {t[k]["id"] + ":" + k for k in ("payer", "payee") if k in t}
            named = {f"{party}:{role}" for party, rs in roles.items() for role in rs}
            money_roles = {n for n in named if n.endswith((":payer", ":payee"))}
            assert money_roles == paid, release["id"]  # payer/payee exactly with the money


def test_tender_end_states_bids_with_eligible_tenderers_and_red_flags(
    record_pkg: dict[str, Any], open_data_chain: Scenario
) -> None:
    facts = open_data_chain.facts
    compiled = {r["ocid"]: r["compiledRelease"] for r in record_pkg["records"]}
    lowest = compiled[facts["ocids"]["lowest"]]

    statuses = [b["status"] for b in lowest["bids"]["details"]]
    assert statuses == ["disqualified", "valid", "withdrawn"]
    assert lowest["tender"]["numberOfTenderers"] == 1  # eligible bids: R018 for Cardinal too
    assert sorted(f["code"] for f in lowest["redFlags"]) == ["R018", "R035", "R036"]
    assert lowest["awards"][0]["relatedBids"] == [lowest["bids"]["details"][1]["id"]]
    kinds = Counter(t["kind"] for t in lowest["tender"]["bondTransactions"])
    assert kinds == {"bondDeposit": 3, "bondRefund": 2, "bondForfeit": 1}
    assert compiled[facts["ocids"]["failed"]]["tender"]["status"] == "unsuccessful"
    assert compiled[facts["ocids"]["cancelled"]]["tender"]["status"] == "cancelled"
    identical = compiled[facts["ocids"]["identical"]]
    assert [f["code"] for f in identical["redFlags"]] == ["R028"]
    (contract,) = identical["contracts"]
    assert contract["status"] == "cancelled"


def test_contracts_carry_terms_penalties_retention_disputes_and_terminations(
    record_pkg: dict[str, Any], open_data_chain: Scenario
) -> None:
    facts = open_data_chain.facts
    compiled = {r["ocid"]: r["compiledRelease"] for r in record_pkg["records"]}
    (disputed,) = compiled[facts["ocids"]["lowest"]]["contracts"]
    assert disputed["status"] == "terminated"
    (dispute,) = disputed["disputes"]
    assert dispute["status"] == "resolved"
    assert dispute["toSupplier"]["amount"] == 272_500_000
    assert dispute["toBuyer"]["amount"] == 200_000_000
    (terminated,) = compiled[facts["ocids"]["gap"]]["contracts"]
    kinds = [t["kind"] for t in terminated["implementation"]["transactions"]]
    assert kinds == ["escrowDeposit", "payment", "penalty", "terminationRefund", "retentionRelease"]
    assert terminated["penalty"]["perMillePerDay"] == 1
    assert terminated["penalty"]["total"]["amount"] > 0
    assert terminated["retention"]["released"] == terminated["retention"]["held"]
    refund = terminated["implementation"]["transactions"][3]
    assert refund["value"]["amount"] == 300_000_000  # 60 of 100 units never delivered


# --------------------------------------------------------------------------- money


def token_transfers(scenario: Scenario) -> list[tuple[str, str, str, int]]:
    """(tx hash, from, to, amount) of every rupiah Transfer log on the chain."""
    w3 = scenario.client().w3
    logs = w3.eth.get_logs(
        {
            "fromBlock": 0,
            "toBlock": "latest",
            "address": scenario.deployment.address("RupiahToken"),
            "topics": [TRANSFER_TOPIC],
        }
    )
    return [
        (
            "0x" + bytes(log["transactionHash"]).hex(),
            "0x" + bytes(log["topics"][1])[-20:].hex(),
            "0x" + bytes(log["topics"][2])[-20:].hex(),
            int.from_bytes(bytes(log["data"]), "big"),
        )
        for log in logs
    ]


def test_csv_and_ocds_money_equal_the_token_transfers_of_each_transaction(
    open_data_index: Database, open_data_chain: Scenario, record_pkg: dict[str, Any]
) -> None:
    held = {open_data_chain.deployment.address(n).lower() for n in ("Tendering", "OrderEscrow")}
    into: Counter[str] = Counter()
    out: Counter[str] = Counter()
    for tx, sender, receiver, amount in token_transfers(open_data_chain):
        if receiver in held and sender not in held:
            into[tx] += amount
        elif sender in held and receiver not in held:
            out[tx] += amount
    rows = payments.payment_rows(open_data_index)
    csv_in: Counter[str] = Counter()
    csv_out: Counter[str] = Counter()
    for row in rows:
        csv_in[row["tx_hash"]] += row["escrowed_idr"]
        csv_out[row["tx_hash"]] += row["paid_idr"] + row["to_agency_idr"]

    assert +csv_in == +into
    assert +csv_out == +out
    assert {r["kind"] for r in rows} == set(payments.KINDS)
    ocds_total: Counter[str] = Counter()
    for record in record_pkg["records"]:
        compiled = record["compiledRelease"]
        moves = list(compiled.get("tender", {}).get("bondTransactions", []))
        for contract in compiled.get("contracts", []):
            moves += contract.get("implementation", {}).get("transactions", [])
        for t in moves:
            ocds_total[t["kind"]] += t["value"]["amount"]
    inflow = ocds_total["escrowDeposit"] + ocds_total["bondDeposit"]
    assert inflow == sum(into.values())
    assert sum(ocds_total.values()) - inflow == sum(out.values())


def test_csv_cells_from_the_chain_cannot_run_as_formulas() -> None:
    rows = [
        {c: "" for c in payments.COLUMNS}
        | {"payment_id": "=cmd|' /C calc'!A0", "ocid": "+1", "agency": "@SUM(1)", "supplier": "\tx"}
        | {"paid_idr": -5, "kind": "-2+3"}
    ]
    out = io.StringIO()
    payments.write_payments_csv(rows, out)  # type: ignore[arg-type]
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))

    assert row["payment_id"] == "'=cmd|' /C calc'!A0"
    assert row["ocid"] == "'+1"
    assert row["agency"] == "'@SUM(1)"
    assert row["supplier"] == "'\tx"
    assert row["kind"] == "'-2+3"
    assert row["paid_idr"] == "-5"  # a number the program wrote stays a number
    assert payments.csv_cell("\rx") == "'\rx"
