"""Tender → order → delivery with plain web3.py and the integration kit only (docs/integration.md).

No Rantai code is imported: the contracts' ABIs, errors and types come from the kit folder
(`integration/`, built by `make kit`), the addresses from the kit's deployment file. The steps:
the treasury mints the bid bond to the supplier; the agency opens a tender; the supplier
approves the bond to Tendering and commits a sealed bid (commitment = keccak256 of the
`abi.encode` of chain id, Tendering's address, tender id, bidder, price, salt); a carrier's
commit is simulated and its revert decoded from the kit's errors.json; the supplier reveals;
anyone finalises; the agency creates the order and approves the total to OrderEscrow; the
supplier accepts and registers a shipment; the carrier records pickup and arrival; the agency
confirms the delivery and the escrow pays. The clock moves with anvil's `evm_increaseTime`: on a
real network the same steps happen days apart.

Environment:
    RANTAI_RPC_URL       JSON-RPC URL (default http://127.0.0.1:8545)
    RANTAI_KIT           the kit folder (default: ../../integration beside this file)
    RANTAI_DEPLOYMENT    deployment JSON (default: the kit's first deployments/*.json)
    TREASURY_KEY, AGENCY_KEY, SUPPLIER_KEY, CARRIER_KEY   hex private keys of the participants
    FISCAL_YEAR          a year with a budget for the agency (default 2026)

Prints one JSON document with the ids, the payment and the decoded error.
Usage: `python examples/integration/web3_lifecycle.py`
"""

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from web3 import Web3
from web3.exceptions import ContractCustomError
from web3.logs import DISCARD

HERE = Path(__file__).resolve().parent
KIT = Path(os.environ.get("RANTAI_KIT") or HERE.parents[1] / "integration")
RPC_URL = os.environ.get("RANTAI_RPC_URL", "http://127.0.0.1:8545")
FISCAL_YEAR = int(os.environ.get("FISCAL_YEAR", "2026"))
HPS_IDR = 100_000_000  # whole rupiah: the token has 0 decimals
BOND_IDR = 1_000_000
QUANTITY = 10
UNIT_PRICE_IDR = 9_000_000  # the bid: 10 x Rp 9.000.000 = Rp 90.000.000


def load(name: str) -> Any:
    return json.loads((KIT / name).read_text())


def fixed(text: str, size: int) -> bytes:
    """A bytesN text field: ASCII, left-aligned, zero-padded (`bytes16` unit, `bytes2` country,
    `bytes32` location/region/GLN)."""
    raw = text.encode("ascii")
    if len(raw) > size:
        raise ValueError(f"{text!r} is longer than {size} bytes")
    return raw.ljust(size, b"\0")


w3 = Web3(Web3.HTTPProvider(RPC_URL))
kit = load("kit.json")
errors = load("errors.json")
types = load("types.json")
ROLES = ("treasury", "agency", "supplier", "carrier")
missing = [f"{role.upper()}_KEY" for role in ROLES if not os.environ.get(f"{role.upper()}_KEY")]
if missing:
    sys.exit(f"error: set {', '.join(missing)} (hex private keys of the participants)")
shipped = kit["files"]["deployments"]
if not (os.environ.get("RANTAI_DEPLOYMENT") or shipped):
    sys.exit("error: set RANTAI_DEPLOYMENT (this kit ships no deployment file)")
deployment_path = os.environ.get("RANTAI_DEPLOYMENT") or str(KIT / shipped[0])
deployment = json.loads(Path(deployment_path).read_text())
if w3.eth.chain_id != deployment["chainId"]:
    sys.exit(f"error: the node is chain {w3.eth.chain_id}, the deployment {deployment['chainId']}")
contracts = {
    name: w3.eth.contract(
        address=Web3.to_checksum_address(deployment["contracts"][name]["address"]),
        abi=load(entry["abi"]),
    )
    for name, entry in kit["contracts"].items()
}
registry, token, tendering, escrow, tracking = (
    contracts[n]
    for n in ("Registry", "RupiahToken", "Tendering", "OrderEscrow", "ShipmentTracking")
)
keys = {role: os.environ[f"{role.upper()}_KEY"] for role in ROLES}
accounts = {role: Account.from_key(key) for role, key in keys.items()}
steps: list[str] = []


def check(condition: bool, problem: str) -> None:
    if not condition:
        sys.exit(f"error: {problem}")


def enum_value(qualified: str, name: str) -> int:
    """An enum member's number, from the kit's types.json (`ITenderAwards.TenderStatus`, `Open`)."""
    return types["enums"][qualified].index(name)


def named(struct: str, values: Any) -> dict[str, Any]:
    """A struct read from the chain (a tuple) with the field names of the kit's types.json."""
    fields = [f["name"] for f in types["structs"][struct]]
    return dict(zip(fields, values, strict=True))


def decode_revert(data: str) -> tuple[str, dict[str, Any]]:
    """Revert data → (error name, arguments) with the kit's selector table."""
    raw = bytes.fromhex(data.removeprefix("0x"))
    entry = errors["0x" + raw[:4].hex()]
    values = abi_decode([i["type"] for i in entry["inputs"]], raw[4:])
    return entry["name"], {i["name"]: v for i, v in zip(entry["inputs"], values, strict=True)}


def send(role: str, call: Any, label: str) -> Any:
    """Sign `call` with the role's key, send it raw, wait; the receipt (status checked)."""
    account = accounts[role]
    tx = call.build_transaction(
        {"from": account.address, "nonce": w3.eth.get_transaction_count(account.address)}
    )
    signed = account.sign_transaction(tx)
    receipt = w3.eth.wait_for_transaction_receipt(
        w3.eth.send_raw_transaction(signed.raw_transaction)
    )
    if receipt["status"] != 1:
        sys.exit(f"error: {label} failed in block {receipt['blockNumber']}")
    steps.append(label)
    return receipt


def event(contract: Any, name: str, receipt: Any) -> dict[str, Any]:
    """The arguments of the first `name` event `contract` emitted in `receipt`."""
    # DISCARD: the receipt also holds other events (the token's Transfer, the Registry's...).
    logs = getattr(contract.events, name)().process_receipt(receipt, errors=DISCARD)
    if not logs:
        sys.exit(f"error: no {name} event")
    return dict(logs[0]["args"])


def now() -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def advance_to(timestamp: int) -> None:
    """Anvil only: mine a block at `timestamp` (a real network just waits)."""
    w3.provider.make_request("evm_increaseTime", [max(timestamp - now(), 1)])  # type: ignore[arg-type]
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def main() -> None:
    supplier, carrier = accounts["supplier"].address, accounts["carrier"].address
    policy = named("IRegistry.Policy", registry.functions.policy().call())
    min_reveal = tendering.functions.MIN_REVEAL_PERIOD_SEC().call()

    # The treasury mints the bond money; the agency opens the tender (HPS committed to budget).
    send("treasury", token.functions.mint(supplier, BOND_IDR), "mint bond money")
    bid_deadline = now() + policy["minTenderPeriodSec"] + 600
    reveal_deadline = bid_deadline + min_reveal + 600
    params = (
        Web3.keccak(text="spesifikasi laptop"),  # specHash
        "rantai://docs/spec-laptop",  # specUri
        [(Web3.keccak(text="Laptop 14 inch"), QUANTITY, fixed("unit", 16))],  # items
        HPS_IDR,
        bid_deadline,
        reveal_deadline,
        BOND_IDR,
        FISCAL_YEAR,
        reveal_deadline,  # deliveryFromAt: the order's deadline lies in this delivery period
        reveal_deadline + 365 * 86_400,  # deliveryUntilAt
    )
    opened = send("agency", tendering.functions.openTender(params), "open tender")
    tender_id = event(tendering, "TenderOpened", opened)["tenderId"]

    # The sealed bid: abi.encode (32-byte words), never encodePacked.
    price = QUANTITY * UNIT_PRICE_IDR
    salt = secrets.token_bytes(32)
    chain_id = w3.eth.chain_id
    commitment = Web3.keccak(
        abi_encode(
            ["uint256", "address", "uint256", "address", "uint256", "bytes32"],
            [chain_id, tendering.address, tender_id, supplier, price, salt],
        )
    )
    on_chain = tendering.functions.commitmentOf(tender_id, supplier, price, salt).call()
    check(commitment == on_chain, "the commitment differs from Tendering.commitmentOf")
    send("supplier", token.functions.approve(tendering.address, BOND_IDR), "approve bond")

    # A carrier may not bid: simulate its commit and decode the revert with the kit.
    try:
        tendering.functions.commitBid(tender_id, commitment).call({"from": carrier})
        sys.exit("error: the carrier's commit did not revert")
    except ContractCustomError as err:
        data = err.data if isinstance(err.data, str) else str(err.args[0])
        error_name, error_args = decode_revert(data)
    send("supplier", tendering.functions.commitBid(tender_id, commitment), "commit bid")

    advance_to(bid_deadline)
    send("supplier", tendering.functions.revealBid(tender_id, price, salt), "reveal bid")
    advance_to(reveal_deadline)
    finalised = send("agency", tendering.functions.finaliseTender(tender_id), "finalise tender")
    award = event(tendering, "TenderAwarded", finalised)
    tender = named("ITendering.Tender", tendering.functions.tender(tender_id).call())
    check(tender["status"] == enum_value("ITenderAwards.TenderStatus", "Awarded"), "not awarded")
    # Ordering waits for the objection (sanggah) window; nobody objects here.
    advance_to(tender["objectionEndsAt"])

    # The order from the award: the tender's items, lines adding up exactly to the awarded price,
    # and the agency's own reference (unique per organisation; 32 zero bytes = none).
    line = (
        Web3.keccak(text="Laptop 14 inch"),
        QUANTITY,
        UNIT_PRICE_IDR,
        fixed("unit", 16),
        fixed("ID", 2),
        0,
    )
    created = send(
        "agency",
        escrow.functions.createOrderFromTender(
            tender_id, [line], now() + 30 * 86_400, 90 * 86_400, Web3.keccak(text="RUP-0001")
        ),
        "create order",
    )
    order_id = event(escrow, "OrderCreated", created)["orderId"]
    send("agency", token.functions.approve(escrow.address, award["priceIdr"]), "approve escrow")
    accepted = send(
        "supplier",
        escrow.functions.acceptOrder(order_id, Web3.keccak(text="kontrak")),
        "accept order",
    )
    escrowed = event(escrow, "OrderAccepted", accepted)["escrowedIdr"]

    # Shipment from origin, two checkpoints, delivery confirmed and paid.
    origin = (fixed("ID", 2), fixed("ID-JB", 32), fixed("8991234500017", 32))
    registered = send(
        "supplier",
        tracking.functions.registerShipment(
            order_id,
            [QUANTITY],
            origin,
            carrier,
            now() + 7 * 86_400,
            Web3.keccak(text=f"SJ-{order_id}"),  # reference (waybill), unique per organisation
        ),
        "register shipment",
    )
    shipment_id = event(tracking, "ShipmentRegistered", registered)["shipmentId"]
    for kind, location in (("PickedUp", "IDBDO"), ("Arrived", "IDBDO-GUDANG1")):
        checkpoint = (
            enum_value("IShipmentTracking.CheckpointKind", kind),
            fixed(location, 32),
            -6_914_744,  # latitude, micro-degrees
            107_609_810,  # longitude
            now(),
            b"\0" * 32,  # no evidence document
        )
        send(
            "carrier",
            tracking.functions.recordCheckpoint(
                shipment_id, checkpoint, Web3.keccak(text=f"SJ-{order_id}/{kind}")
            ),
            f"checkpoint {kind}",
        )
    confirmed = send(
        "agency",
        escrow.functions.confirmDelivery(shipment_id, [QUANTITY], Web3.keccak(text="BAST-001")),
        "confirm delivery",
    )
    payment = event(escrow, "PaymentReleased", confirmed)
    order = named("IOrderEscrow.Order", escrow.functions.order(order_id).call())
    check(order["state"] == enum_value("IOrderSource.OrderState", "Delivered"), "not delivered")
    print(
        json.dumps(
            {
                "tenderId": tender_id,
                "orderId": order_id,
                "shipmentId": shipment_id,
                "priceIdr": award["priceIdr"],
                "escrowedIdr": escrowed,
                "paidIdr": payment["paidIdr"],
                "penaltyIdr": payment["penaltyIdr"],
                "retentionIdr": payment["retentionIdr"],
                "orderState": types["enums"]["IOrderSource.OrderState"][order["state"]],
                "decodedError": {"name": error_name, "account": error_args["account"]},
                "steps": steps,
            }
        )
    )


if __name__ == "__main__":
    main()
