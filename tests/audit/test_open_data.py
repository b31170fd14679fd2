"""Open data that outside tools can verify (issue 16), on the open-data scenario chain.

One module-scoped chain (tests.support.interop.play_open_data) covers a failed, a cancelled and four
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
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ape
import ocdsmerge
import pytest
from jsonschema import Draft4Validator

from py_client.audit.db import Database
from py_client.audit.flags import red_flags
from py_client.interop import cardinal, epcis, gs1, ocds, payments
from tests.support.audit import Scenario
from tests.support.standards import cove_results, epcis_errors, ocds_errors, serve_extensions

pytestmark = pytest.mark.no_contract_trace

TRANSFER_TOPIC = "0x" + "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"


# The module's fixtures read the open-data chain, not the session's (chain_isolation=False: a new
# audit backend parameter does not make Ape's isolation rebuild them).
@ape.fixture(scope="module", chain_isolation=False)
def release_pkg(open_data_index: Database) -> dict[str, Any]:
    return ocds.release_package(open_data_index)


@ape.fixture(scope="module", chain_isolation=False)
def record_pkg(open_data_index: Database) -> dict[str, Any]:
    return ocds.record_package(open_data_index)


@ape.fixture(scope="module", chain_isolation=False)
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
    assert results.get("additional_checks", {}) == {}, results.get("additional_checks")
    assert not results.get("conformance_errors"), results.get("conformance_errors")
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
    # RN03: the withdrawn (never revealed) bid.
    assert sorted(f["code"] for f in lowest["redFlags"]) == ["R018", "R035", "R036", "RN03"]
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
    (record,) = [r for r in record_pkg["records"] if r["ocid"] == facts["ocids"]["gap"]]
    (ended,) = [
        r
        for r in record["releases"]
        for t in r.get("contracts", [{}])[0].get("implementation", {}).get("transactions", [])
        if t["kind"] == "terminationRefund"
    ]
    assert ended["tag"] == ["contractTermination"]
    assert ended["contracts"][0]["status"] == "terminated"  # at its block, before closing


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
    inflow = ocds_total["escrowDeposit"] + ocds_total["bondDeposit"] + ocds_total["adendumDeposit"]
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
    assert row["supplier"] == "'?x"  # guarded, and the control character replaced
    assert row["kind"] == "'-2+3"
    assert row["paid_idr"] == "-5"  # a number the program wrote stays a number
    assert payments.csv_cell("\rx") == "'?x"


# --------------------------------------------------------------------------- EPCIS

PREFIX = "8991234"  # a GS1 Indonesia company prefix


@ape.fixture(scope="module", chain_isolation=False)
def epcis_doc(open_data_index: Database) -> dict[str, Any]:
    return epcis.epcis_document(open_data_index, company_prefix=PREFIX)


def shipment_events(document: dict[str, Any], shipment_id: int) -> list[dict[str, Any]]:
    desadv = {"type": "desadv", "bizTransaction": f"urn:rantai:1945:shipment:{shipment_id}"}
    return [e for e in document["epcisBody"]["eventList"] if desadv in e["bizTransactionList"]]


def test_epcis_is_valid_and_speaks_gs1(
    epcis_doc: dict[str, Any], open_data_chain: Scenario
) -> None:
    facts = open_data_chain.facts
    events = shipment_events(epcis_doc, facts["shipments"]["gps"])

    assert epcis_errors(epcis_doc) == []
    assert [(e["type"], e["action"], e["bizStep"]) for e in events] == [
        ("TransactionEvent", "ADD", "shipping"),
        ("ObjectEvent", "OBSERVE", "departing"),
        ("ObjectEvent", "OBSERVE", "transporting"),
        ("ObjectEvent", "OBSERVE", "arriving"),
        ("ObjectEvent", "OBSERVE", "receiving"),
        ("TransactionEvent", "DELETE", "accepting"),
    ]
    unit = gs1.sscc(PREFIX, facts["shipments"]["gps"])
    assert all(e["epcList"] == [unit] for e in events)
    assert unit.startswith("https://id.gs1.org/00/0" + PREFIX)
    body = unit.rsplit("/", 1)[1]
    assert len(body) == 18
    assert gs1.check_digit(body[:-1]) == int(body[-1])
    # Bandung (WIB, the origin province ID-JB), Makassar (WITA), Jayapura (WIT); received and
    # accepted where it arrived
    assert [e["eventTimeZoneOffset"] for e in events] == [
        "+07:00",
        "+07:00",
        "+08:00",
        "+09:00",
        "+09:00",
        "+09:00",
    ]
    assert events[1]["readPoint"] == {"id": "geo:-6.914744,107.609810"}
    added, accepted = events[0], events[-1]
    assert {"type": "po", "bizTransaction": f"urn:rantai:1945:order:{facts['disputed']}"} in (
        added["bizTransactionList"]
    )
    owners = [
        [x[k] for x in e[f"{end}List"] if x["type"] == "owning_party"]
        for e, end, k in ((accepted, "source", "source"), (accepted, "destination", "destination"))
    ]
    assert owners[0] != owners[1]  # ownership passes from the supplier to the agency
    assert {d["type"] for d in events[2]["destinationList"]} == {
        "owning_party",
        "possessing_party",
        "location",
    }
    header = epcis_doc["epcisHeader"]["epcisMasterData"]["vocabularyList"]
    assert {v["type"] for v in header} == {epcis.LOCATION_VOCABULARY, epcis.PARTY_VOCABULARY}


def test_epcis_origin_without_region_is_its_country_in_its_zone(
    epcis_doc: dict[str, Any], open_data_chain: Scenario
) -> None:
    (registered, *_) = shipment_events(epcis_doc, open_data_chain.facts["shipments"]["foreign"])

    assert registered["bizLocation"] == {"id": "urn:rantai:location:CN"}
    assert registered["eventTimeZoneOffset"] == "+08:00"  # China
    assert 'location:ID-"' not in json.dumps(epcis_doc)  # the old bug: a dangling "ID-"


def test_epcis_event_hashes_of_gs1s_generator_are_stable_across_exports(
    open_data_index: Database, epcis_doc: dict[str, Any]
) -> None:
    from epcis_event_hash_generator.hash_generator import epcis_hashes_from_events
    from epcis_event_hash_generator.json_to_py import event_list_from_epcis_document_json

    again = epcis.epcis_document(open_data_index, company_prefix=PREFIX)
    first = epcis_hashes_from_events(event_list_from_epcis_document_json(epcis_doc))
    second = epcis_hashes_from_events(event_list_from_epcis_document_json(again))

    assert first == second
    assert len(set(first)) == len(epcis_doc["epcisBody"]["eventList"])  # one per event
    assert all(h.startswith("ni:///sha-256;") for h in first)


def test_gs1_time_zones_and_identifiers() -> None:
    noon = 1_767_268_800  # 2026-01-01 12:00 UTC
    assert gs1.utc_offset(noon, region="ID-JB") == "+07:00"
    assert gs1.utc_offset(noon, region="ID-BA") == "+08:00"
    assert gs1.utc_offset(noon, region="ID-PA") == "+09:00"
    assert gs1.utc_offset(noon, code="IDTPP") == "+07:00"
    assert gs1.utc_offset(noon, code="IDXXX", longitude_e6=131_000_000) == "+09:00"
    assert gs1.utc_offset(noon, country="DE") == "+01:00"
    assert gs1.utc_offset(noon + 180 * 86_400, country="DE") == "+02:00"  # summer time
    assert gs1.utc_offset(noon, country="ZZ") == "+00:00"
    assert gs1.utc_offset(noon, country="IN") == "+05:30"  # minutes of the offset
    assert gs1.utc_offset(noon, country="BR") == "-03:00"  # west of Greenwich
    assert gs1.utc_offset(noon, country="US") == "-05:00"
    assert gs1.utc_offset(noon + 180 * 86_400, country="US") == "-04:00"
    assert gs1.utc_offset(noon, code="8991234567890") == "+07:00"  # GS1 Indonesia: WIB unless known
    assert gs1.utc_offset(noon, code="4012345000009") == "+00:00"  # a German GLN says no place
    assert epcis.origin_place("ID", "", "").uri == "urn:rantai:location:ID"
    assert epcis.origin_place("ID", "ID-JB", "8991234567890").uri == (
        "https://id.gs1.org/414/8991234567890"
    )
    with pytest.raises(ValueError, match="GS1 company prefix must be 6 to 12 digits"):
        gs1.sscc("12AB", 1)


# --------------------------------------------------------------------------- Cardinal


def cardinal_by_methodology(compiled: dict[str, Any], r058_threshold: float) -> set[str]:
    """The process-level flags of Cardinal's documented methodology (cardinal.readthedocs.io,
    indicators R018, R028, R035, R036, and R058 with a fixed ``threshold`` as settings.ini
    sets it), applied to one compiled release of the export."""
    found = set()
    tender = compiled.get("tender", {})
    bids = compiled.get("bids", {}).get("details", [])
    awards = [a for a in compiled.get("awards", []) if a.get("status") == "active"]
    if tender.get("numberOfTenderers") == 1 and tender.get("procurementMethod") == "open":
        found.add("R018")
    submitted = [b for b in bids if b["status"] in ("pending", "valid", "disqualified")]
    priced = [b for b in submitted if "value" in b]
    prices = Counter(b["value"]["amount"] for b in priced)
    for price, count in prices.items():
        owners = {b["tenderers"][0]["id"] for b in priced if b["value"]["amount"] == price}
        if count > 1 and len(owners) > 1:
            found.add("R028")
    valid_owners = {b["tenderers"][0]["id"] for b in bids if b["status"] == "valid"}
    suppliers = {s["id"] for a in awards for s in a["suppliers"]}
    disqualified = {b["tenderers"][0]["id"] for b in bids if b["status"] == "disqualified"}
    if len(valid_owners) == 1 and valid_owners == suppliers and len(disqualified - suppliers) >= 1:
        found.add("R035")
    if awards and priced:
        lowest = min(priced, key=lambda b: b["value"]["amount"])
        if lowest["status"] == "disqualified":
            found.add("R036")
    valid = sorted(
        (b for b in priced if b["status"] == "valid"), key=lambda b: b["value"]["amount"]
    )
    if len(awards) == 1 and len(valid) >= 2:
        winning = awards[0]["value"]["amount"]
        second = valid[1]["value"]["amount"]
        lowest_wins = valid[0]["value"]["amount"] == winning
        if lowest_wins and (second - winning) / winning >= r058_threshold:
            found.add("R058")
    return found


def test_cardinal_inputs_hold_every_field_its_indicators_read(
    open_data_index: Database, tmp_path: Path
) -> None:
    import ocdscardinal

    path = tmp_path / cardinal.COMPILED_FILE
    path.write_text(cardinal.compiled_lines(open_data_index))

    counts = ocdscardinal.coverage(str(path))  # OCP's Cardinal, the part its wheel offers

    for field in (
        "/ocid",
        "/buyer/id",
        "/tender/procuringEntity/id",
        "/tender/numberOfTenderers",
        "/tender/procurementMethod",
        "/tender/awardCriteria",
        "/bids/details[]/status",
        "/bids/details[]/value/amount",
        "/bids/details[]/tenderers[]/id",
        "/awards[]/status",
        "/awards[]/suppliers[]/id",
    ):
        assert counts.get(field, 0) > 0, field
    assert "[R058]\nthreshold = 0.25" in cardinal.settings_ini(red_flags(open_data_index).options)


def test_every_shared_flag_is_one_cardinals_methodology_raises_on_the_export(
    open_data_index: Database, record_pkg: dict[str, Any]
) -> None:
    report = red_flags(open_data_index)
    # Rantai's own codes (RN01-RN06) have no counterpart in Cardinal's methodologies.
    on_chain = report.check("on-chain").flags
    rantai = {(f.ocid, f.code) for f in on_chain if not f.code.startswith("RN")}
    assert {f.code for f in on_chain} - {code for _, code in rantai} == {"RN03", "RN06"}
    rantai |= {(f.ocid, "R058") for f in report.check("price-gap").flags}
    threshold = report.options.gap_threshold_pct / 100  # what settings.ini gives Cardinal
    compiled = {r["ocid"]: r["compiledRelease"] for r in record_pkg["records"]}
    cardinal_flags = {
        (o, code) for o, c in compiled.items() for code in cardinal_by_methodology(c, threshold)
    }

    assert {code for _, code in rantai} == {"R018", "R028", "R035", "R036", "R058"}
    assert rantai <= cardinal_flags
    assert cardinal_flags == rantai  # and nothing more on this chain
    # R025 depends on quartiles over all tenderers: Cardinal's own computation (docs/audit.md)
    assert len(report.check("serial-loser").flags) == 1


# --------------------------------------------------------------------------- command line


def test_export_files_are_open_data_with_the_publisher_given(
    open_data_index: Database, run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("RANTAI_OCDS_PUBLISHER_UID", "123456789")
    run = run_cli(
        "export", "ocds", "--db", open_data_index.target, "-o", "releases.json",
        "--publisher", "LKPP", "--publisher-scheme", "ID-LKPP",
        "--publisher-uri", "https://lkpp.go.id", "--license",
        "https://creativecommons.org/licenses/by/4.0/", "--publication-policy",
        "https://lkpp.go.id/open-data-policy", "--extension-url",
        "https://lkpp.go.id/ocds/rantai/extension.json",
    )  # fmt: skip
    paid = run_cli("export", "payments", "--db", open_data_index.target, "-o", "p.csv")
    flags = run_cli(
        "export", "cardinal", "--db", open_data_index.target, "-o", ".", "--gap-pct", "30"
    )  # fmt: skip
    events = run_cli(
        "export", "epcis", "--db", open_data_index.target, "-o", "e.jsonld",
        "--company-prefix", PREFIX,
    )  # fmt: skip
    bad_prefix = run_cli(
        "export", "epcis", "--db", open_data_index.target, "-o", "x.jsonld",
        "--company-prefix", "12",
    )  # fmt: skip

    assert run.code == paid.code == flags.code == events.code == 0, run.err + flags.err
    package = json.loads((tmp_path / "releases.json").read_text())
    assert package["publisher"] == {
        "name": "LKPP",
        "scheme": "ID-LKPP",
        "uid": "123456789",
        "uri": "https://lkpp.go.id",
    }
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["publicationPolicy"] == "https://lkpp.go.id/open-data-policy"
    assert package["extensions"][1] == "https://lkpp.go.id/ocds/rantai/extension.json"
    for name in ("releases.json", "p.csv", "e.jsonld", "compiled.jsonl", "settings.ini"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
    assert "ocdscardinal indicators --settings" in flags.out
    assert "[R058]\nthreshold = 0.3\n" in (tmp_path / "settings.ini").read_text()
    compiled = (tmp_path / "compiled.jsonl").read_text().splitlines()
    assert len(compiled) == len(ocds.process_ids(open_data_index))
    assert bad_prefix.code == 2
    assert bad_prefix.error == "GS1 company prefix must be 6 to 12 digits: '12'"
    assert not (tmp_path / "x.jsonld").exists()


# --------------------------------------------------------------------------- the pilot chains


@pytest.mark.parametrize("chain", ["dirty", "clean"])
def test_pilot_chains_pass_libcoveocds_too(
    chain: str,
    backend: str,
    request: pytest.FixtureRequest,
    extensions_url: str,
    tmp_path: Path,
) -> None:
    if backend != "sqlite":
        pytest.skip("the exports are the same on both backends (test_audit_exports.py)")
    db: Database = request.getfixturevalue(f"{chain}_index")

    for package in (ocds.release_package(db), ocds.record_package(db)):
        results = cove_results(package, tmp_path, extensions_url)
        assert results["validation_errors"] == []
        assert results["additional_fields"] == []
        assert results["additional_closed_codelist_values"] == {}


def test_the_faulty_escrow_payment_is_the_one_gap_between_csv_and_token(
    dirty_chain: Scenario, backend: str, request: pytest.FixtureRequest
) -> None:
    if backend != "sqlite":
        pytest.skip("the exports are the same on both backends (test_audit_exports.py)")
    dirty_index: Database = request.getfixturevalue("dirty_index")
    held = {dirty_chain.deployment.address(n).lower() for n in ("Tendering", "OrderEscrow")}
    moved: Counter[str] = Counter()
    for tx, sender, receiver, amount in token_transfers(dirty_chain):
        if sender in held and receiver not in held:
            moved[tx] += amount
    booked: Counter[str] = Counter()
    for row in payments.payment_rows(dirty_index):
        booked[row["tx_hash"]] += row["paid_idr"] + row["to_agency_idr"]

    gap = booked - moved
    assert dict(gap) == {dirty_chain.facts["faulty_tx"]: 1_000_000}  # logged, never paid
    assert not moved - booked


def test_the_adendum_is_an_amendment_with_its_escrow_deposit(
    open_data_chain: Scenario, record_pkg: dict[str, Any]
) -> None:
    """Issue 13 item 4: the compiled contract holds the amended value and its `amendments`; the
    increase is an `adendumDeposit` transaction."""
    order_id = open_data_chain.facts["amended"]
    ocid = open_data_chain.client().ocid("PO", order_id)
    (record,) = [r for r in record_pkg["records"] if r["ocid"] == ocid]
    (contract,) = record["compiledRelease"]["contracts"]
    assert contract["value"]["amount"] == 11_000_000
    assert [a["id"] for a in contract["amendments"]] == ["adendum-1"]
    kinds = [t["kind"] for t in contract["implementation"]["transactions"]]
    assert kinds == ["escrowDeposit", "adendumDeposit"]
    tags = [r["tag"] for r in record["releases"]]
    assert ["contractAmendment"] in tags
