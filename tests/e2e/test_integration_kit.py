"""The integration kit (`integration/`, `make kit`) and the two examples that use only it.

The committed kit must equal a fresh build from the compiled contracts; its merged ABIs must
carry the errors a transaction can surface from the contracts it calls; its types and constants
must match the chain. The plain web3.py and the ethers v6 examples each drive a tender to a paid
delivery against this session's deployment, given only a kit built with its deployment file.
"""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ape
import pytest
from eth_abi.packed import encode_packed
from eth_utils import keccak

from tests.support.cli import run_program
from tests.support.constants import FISCAL_YEAR
from tests.support.tendering import BOND_IDR, Tenders, commitment

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "integration"
TOOL = ROOT / "tools" / "integration_kit.py"
EXAMPLES = ROOT / "examples" / "integration"
NODE = shutil.which("node")

# The examples run outside the Ape process: their node traffic is not traced for coverage.
pytestmark = pytest.mark.no_contract_trace


def kit_file(name: str) -> Any:
    return json.loads((KIT / name).read_text())


def names(abi: list[dict[str, Any]], kind: str) -> set[str]:
    return {item["name"] for item in abi if item["type"] == kind}


def test_committed_kit_equals_a_fresh_build(project: Any) -> None:
    done = run_program([sys.executable, str(TOOL), "--check"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_tendering_abi_carries_the_registry_and_token_errors_and_events() -> None:
    abi = kit_file("abi/Tendering.json")
    errors = names(abi, "error")
    assert {"RegistryUnauthorizedAccount", "ERC20InsufficientAllowance"} <= errors
    assert {"TenderingRevealClosed", "RegistryBudgetExceeded", "SafeERC20FailedOperation"} <= errors
    assert {"BudgetCommitted", "Transfer", "TenderOpened"} <= names(abi, "event")
    registry_only = kit_file("abi/Registry.json")
    assert "ERC20InsufficientAllowance" not in names(registry_only, "error")
    assert "TenderingRevealClosed" not in names(registry_only, "error")


def test_every_surfaced_error_is_in_the_merged_abi_of_each_contract_that_surfaces_it() -> None:
    errors = kit_file("errors.json")
    kit = kit_file("kit.json")
    for contract, entry in kit["contracts"].items():
        in_abi = names(kit_file(entry["abi"]), "error")
        surfaced = {e["name"] for e in errors.values() if contract in e["surfacedBy"]}
        assert surfaced == in_abi, contract
    entry = errors["0xe976e101"]
    assert entry["signature"] == "RegistryUnauthorizedAccount(address,bytes32)"
    assert entry["declaredBy"] == ["Registry"]
    assert entry["surfacedBy"] == [
        "Registry",
        "RupiahToken",
        "Tendering",
        "OrderEscrow",
        "ShipmentTracking",
    ]
    assert all(e["notice"] for e in errors.values())


def test_types_and_constants_match_the_contracts_on_chain(system: dict[str, Any]) -> None:
    types = kit_file("types.json")
    tendering, registry = system["tendering"], system["registry"]
    assert types["constants"]["Tendering"]["MIN_REVEAL_PERIOD_SEC"]["value"] == (
        tendering.MIN_REVEAL_PERIOD_SEC()
    )
    assert types["constants"]["OrderEscrow"]["MAX_MAINTENANCE_PERIOD_SEC"]["value"] == (
        system["escrow"].MAX_MAINTENANCE_PERIOD_SEC()
    )
    assert types["constants"]["Registry"]["AGENCY_ROLE"]["value"] == (
        "0x" + bytes(registry.AGENCY_ROLE()).hex()
    )
    assert types["enums"]["ITenderAwards.TenderStatus"] == [
        "None",
        "Open",
        "Awarded",
        "Failed",
        "Cancelled",
    ]
    fields = [f["name"] for f in types["structs"]["IRegistry.Policy"]]
    assert tuple(types["defaultPolicy"].values()) == tuple(registry.policy())
    assert list(types["defaultPolicy"]) == fields
    assert [f["name"] for f in types["structs"]["ITendering.Tender"]][:4] == [
        "agency",
        "agencyOrgId",
        "fiscalYear",
        "status",
    ]
    named_types = set(types["enums"]) | set(types["structs"])
    for struct, fields in types["structs"].items():
        for field in fields:
            base = field["type"].removesuffix("[]")
            assert "." not in base or base in named_types, (struct, field)
    params = {f["name"]: f["type"] for f in types["structs"]["ITendering.TenderParams"]}
    assert params["items"] == "ITendering.Item[]"


def test_a_stale_kit_is_named_by_the_check(project: Any, tmp_path: Path) -> None:
    out = tmp_path / "kit"
    built = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out)], capture_output=True, text=True, check=True
    )
    assert "wrote kit/errors.json" in built.stdout
    (out / "types.json").write_text("{}\n")
    (out / "extra.json").write_text("{}\n")
    done = run_program([sys.executable, str(TOOL), "--out", str(out), "--check"])
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "stale: kit/extra.json differs from a fresh build (run `make kit`)",
        "stale: kit/types.json differs from a fresh build (run `make kit`)",
    ]


def test_an_encode_packed_commitment_is_accepted_at_commit_and_loses_the_bond_at_reveal(
    system: dict[str, Any], chain: Any, agency: Any, supplier: Any, treasury: Any
) -> None:
    """What docs/integration.md warns of: the packed guess differs from `abi.encode`, the
    contract cannot tell at commit, the reveal fails and finalisation forfeits the bond."""
    tendering, token = system["tendering"], system["token"]
    tenders = Tenders(tendering, system["registry"], token, chain, agency)
    tender_id = tenders.open()
    price, salt = 900_000_000, b"\x07" * 32
    types = ["uint256", "address", "uint256", "address", "uint256", "bytes32"]
    values = [chain.chain_id, tendering.address, tender_id, supplier.address, price, salt]
    packed = keccak(encode_packed(types, values))
    right = commitment(chain.chain_id, tendering, tender_id, supplier, price, salt)
    assert packed != right == tendering.commitmentOf(tender_id, supplier, price, salt)
    token.mint(supplier, BOND_IDR, sender=treasury)
    token.approve(tendering, BOND_IDR, sender=supplier)
    committed = tendering.commitBid(tender_id, packed, sender=supplier)
    assert committed.decode_logs(tendering.BidCommitted)[0].commitment == packed
    tender = tendering.tender(tender_id)
    chain.pending_timestamp = tender.bidDeadlineAt
    with ape.reverts(
        tendering.TenderingCommitmentMismatch, tenderId=tender_id, bidder=supplier.address
    ):
        tendering.revealBid(tender_id, price, salt, sender=supplier)
    chain.pending_timestamp = tender.revealDeadlineAt
    finalised = tendering.finaliseTender(tender_id, sender=agency)
    forfeited = finalised.decode_logs(tendering.BondForfeited)[0]
    assert (forfeited.bidder, forfeited.amountIdr) == (supplier.address, BOND_IDR)
    assert token.balanceOf(supplier) == 0


def test_a_missing_deployment_file_is_one_line_and_writes_nothing(
    project: Any, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    done = run_program(
        [sys.executable, str(TOOL), "--out", str(out), "--deployment", str(tmp_path / "no.json")]
    )
    assert done.returncode == 2
    assert done.stderr == f"error: deployment file {tmp_path / 'no.json'} does not exist\n"
    assert not out.exists()


@pytest.fixture(scope="module")
def session_kit(
    project: Any, deployment_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A kit built with this session's deployment file, outside the repository."""
    out = tmp_path_factory.mktemp("integration-kit") / "integration"
    subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out), "--deployment", str(deployment_file)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture
def example_env(
    session_kit: Path,
    rpc_url: str,
    accounts: Any,
    private_key: Callable[[Any], str],
    treasury: Any,
    agency: Any,
    supplier: Any,
    carrier: Any,
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RANTAI_")}
    env.update(
        RANTAI_RPC_URL=rpc_url,
        RANTAI_KIT=str(session_kit),
        FISCAL_YEAR=str(FISCAL_YEAR),
        TREASURY_KEY=private_key(treasury),
        AGENCY_KEY=private_key(agency),
        SUPPLIER_KEY=private_key(supplier),
        CARRIER_KEY=private_key(carrier),
    )
    return env


def check_lifecycle(output: str, system: dict[str, Any], carrier: Any) -> None:
    result = json.loads(output)
    price = 10 * 9_000_000
    assert result["priceIdr"] == result["escrowedIdr"] == price
    assert result["orderState"] == "Delivered"
    assert result["retentionIdr"] == price * 500 // 10_000
    assert result["penaltyIdr"] == 0
    assert result["paidIdr"] + result["retentionIdr"] == price
    assert result["decodedError"]["name"] == "RegistryUnauthorizedAccount"
    assert result["decodedError"]["account"].lower() == str(carrier.address).lower()
    assert len(result["steps"]) == 13
    order = system["escrow"].order(result["orderId"])
    assert order.state == 3  # IOrderSource.OrderState.Delivered
    assert order.retentionHeldIdr == result["retentionIdr"]
    assert system["tracking"].shipment(result["shipmentId"]).status == 3  # Arrived


def test_web3_example_drives_a_tender_to_a_paid_delivery_with_the_kit_only(
    example_env: dict[str, str], system: dict[str, Any], carrier: Any, tmp_path: Path
) -> None:
    command = [sys.executable, str(EXAMPLES / "web3_lifecycle.py")]
    done = run_program(command, env=example_env, cwd=tmp_path, timeout_s=300)
    assert done.returncode == 0, done.stderr
    check_lifecycle(done.stdout, system, carrier)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_ethers_example_drives_a_tender_to_a_paid_delivery_with_the_kit_only(
    example_env: dict[str, str], system: dict[str, Any], carrier: Any
) -> None:
    command = [str(NODE), str(EXAMPLES / "ethers_lifecycle.mjs")]
    done = run_program(command, env=example_env, cwd=ROOT, timeout_s=300)
    assert done.returncode == 0, done.stderr
    check_lifecycle(done.stdout, system, carrier)
