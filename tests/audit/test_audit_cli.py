"""``rantai audit``: sync, process, agency, supplier and flags through the command line.

The CLI runs in-process (``py_client.cli.main``) against the dirty scenario chain of
tests/support/audit.py, with a SQLite database in the test's folder.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from py_client.audit import SCHEMA_VERSION, open_database
from py_client.cli import main
from tests.support.audit import Scenario
from tests.support.interop import CliResult

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace


@pytest.fixture
def audit(
    dirty_chain: Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., CliResult]:
    """``audit(*argv)``: run ``rantai audit …`` with the dirty chain's settings."""
    for name in list(os.environ):
        if name.startswith("RANTAI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("RANTAI_RPC_URL", dirty_chain.node.rpc_url)
    monkeypatch.setenv("RANTAI_DEPLOYMENT", str(dirty_chain.node.deployment_file))
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        code = main(["audit", *argv])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def test_sync_then_resync_with_json(audit: Callable[..., CliResult], tmp_path: Path) -> None:
    first = audit("sync", "--db", "a.sqlite", "--json")
    assert first.code == 0, first.err
    document = first.doc
    assert document["ok"] is True
    assert document["command"] == "audit sync"
    assert document["result"]["events"] > 150
    assert document["database"] == "a.sqlite"
    again = audit("sync", "--db", "a.sqlite", "--json")
    assert again.doc["result"]["events"] == 0
    db = open_database(str(tmp_path / "a.sqlite"))
    assert db.scalar("SELECT COUNT(*) FROM events") == document["result"]["events"]
    db.close()


def test_sync_text_and_the_default_database(
    audit: Callable[..., CliResult], tmp_path: Path
) -> None:
    done = audit("sync")
    assert done.code == 0, done.err
    assert done.out.startswith("indexed ")
    assert "into rantai-audit.sqlite" in done.out
    assert (tmp_path / "rantai-audit.sqlite").is_file()


def test_the_database_setting_comes_from_the_environment(
    audit: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RANTAI_AUDIT_DB", str(tmp_path / "env.sqlite"))
    assert audit("sync").code == 0
    assert (tmp_path / "env.sqlite").is_file()
    assert not (tmp_path / "rantai-audit.sqlite").exists()


def test_queries_and_flags(audit: Callable[..., CliResult], dirty_chain: Scenario) -> None:
    assert audit("sync").code == 0
    facts = dirty_chain.facts
    ocid = facts["ocids"][facts["tenders"][0]]
    shown = audit("process", ocid, "--json")
    assert shown.code == 0, shown.err
    result = shown.doc["result"]
    assert result["tender"]["ocid"] == ocid
    assert result["timeline"][0]["event"] == "TenderOpened"
    assert len(result["orders"][0]["shipments"]) == 2
    text = audit("process", ocid)
    assert "timeline" in text.out
    assert "CheckpointRecorded" in text.out
    agency = audit("agency", "10", "--json")
    assert agency.doc["result"]["totals"]["orders"] == 5
    assert "tenders" in audit("agency", "10").out
    address = dirty_chain.world.address("supplier")
    by_address = audit("supplier", address, "--json").doc["result"]
    assert by_address == audit("supplier", "20", "--json").doc["result"]
    assert "deliveries: 2, late: 2" in audit("supplier", "20").out
    flags = audit("flags", "--json")
    assert flags.doc["result"]["flag_count"] == 9  # RN03 (the unrevealed bid) and RN05 join R018
    lenient = audit("flags", "--ceiling", "300.000.000", "--json").doc["result"]
    counts = {c["name"]: len(c["flags"]) for c in lenient["checks"]}
    assert counts["split-purchase"] == 0
    assert counts["on-chain"] == 3  # R018, RN03 and the escrow's RN05 split flag
    assert "split-purchase: 1" in audit("flags").out


def test_unknown_ocid_is_one_line_and_exit_2(audit: Callable[..., CliResult]) -> None:
    assert audit("sync").code == 0
    missing = audit("process", "ocds-rantai-1945-T99", "--json")
    assert missing.code == 2
    assert missing.error.startswith("no tender or order with ocid ocds-rantai-1945-T99")
    assert missing.doc["error"]["type"] == "NotIndexed"


def test_queries_before_any_sync_say_so(audit: Callable[..., CliResult], tmp_path: Path) -> None:
    result = audit("flags")
    assert result.code == 2
    assert result.error == (
        "audit database rantai-audit.sqlite does not exist: run 'rantai audit sync' first"
    )
    assert not (tmp_path / "rantai-audit.sqlite").exists()


def test_bad_input_is_refused_before_anything(audit: Callable[..., CliResult]) -> None:
    assert audit("sync").code == 0
    bad_supplier = audit("supplier", "nobody")
    assert bad_supplier.code == 2
    assert "must be an address or an organisation id" in bad_supplier.error
    bad_gap = audit("flags", "--gap-pct", "0")
    assert bad_gap.code == 2
    assert bad_gap.error == (
        "argument --gap-pct: percentage must be at least 1: '0' (see 'rantai audit flags --help')"
    )
    agency_of_supplier = audit("agency", "20")
    assert agency_of_supplier.code == 2
    assert agency_of_supplier.error == "organisation 20 is a Supplier, not an agency"


def test_sync_needs_a_deployment(
    audit: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RANTAI_DEPLOYMENT")
    result = audit("sync", "--json")
    assert result.code == 2
    assert result.error == (
        "audit sync needs the deployment: set RANTAI_DEPLOYMENT or --deployment"
    )


def test_another_schema_version_is_refused(audit: Callable[..., CliResult], tmp_path: Path) -> None:
    assert audit("sync").code == 0
    db = open_database(str(tmp_path / "rantai-audit.sqlite"))
    db.execute("UPDATE audit_schema SET version = 7")
    db.close()
    result = audit("sync")
    assert result.code == 2
    assert f"has schema version 7, this rantai needs {SCHEMA_VERSION}" in result.error
