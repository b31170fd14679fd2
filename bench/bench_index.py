"""Events per second indexed into SQLite by ``rantai audit sync`` (docs/audit.md).

The benchmark starts anvil through Ape, deploys and bootstraps the Rantai contracts, opens one
direct order with a few shipments, and fills the chain with at least :data:`TARGET_EVENTS`
Rantai events: ``CheckpointRecorded`` events (the most frequent event of a real network, one per
checkpoint), each from a transaction presigned with eth-account and sent raw in JSON-RPC batches,
:data:`TXS_PER_BLOCK` per block (automine off, one ``evm_mine`` per batch), as a QBFT network
packs a block period's transactions into one block.

It then indexes the whole chain into a fresh SQLite file with :func:`py_client.audit.sync`
against the same node, and reports events per second of wall time, with the time split into
its phases (``eth_getLogs`` answers, decoding and writing) measured by a profile of the same run.
Goal: :data:`GOAL_EVENTS_PER_S`.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
import rlp
from ape import accounts, chain, networks, project
from coincurve import PrivateKey
from eth_account import Account
from eth_utils import keccak

from py_client.audit import RawRpc, open_database, sync
from py_client.audit.sync import SyncReport, _Indexer
from py_client.deployment import Deployment

ANVIL = Path(__file__).resolve().parents[1] / "node_modules" / ".bin" / "anvil"
OCID_PREFIX = "ocds-rantai"
FISCAL_YEAR = 2026
NO_REF = bytes(32)  # orders without a client reference
TARGET_EVENTS = int(os.environ.get("RANTAI_BENCH_INDEX_EVENTS", "100000"))
GOAL_EVENTS_PER_S = 20_000
SHIPMENTS = 4
TXS_PER_BLOCK = 300
SEND_BATCH = 300
BLOCK_GAS_TARGET = 14_000_000  # under the 15 M target: the base fee does not climb
IN_TRANSIT = 2
CHECKPOINT_SIGNATURE = (
    "recordCheckpoint(uint256,(uint8,bytes32,int32,int32,uint64,bytes32),bytes32)"
)
DAY = 86_400


def _b32(text: str) -> bytes:
    return text.encode().ljust(32, b"\x00")


class Chain:
    """The deployed system and the accounts the benchmark uses."""

    def __init__(self) -> None:
        test = accounts.test_accounts
        self.gov, self.treasury, self.agency, self.supplier = test[0], test[1], test[2], test[3]
        # One carrier account per shipment: each signs its own nonce sequence.
        self.carriers = [test[i] for i in range(4, 4 + SHIPMENTS)]
        gov = self.gov
        self.registry = project.Registry.deploy(gov, sender=gov)
        self.token = project.RupiahToken.deploy(self.registry, sender=gov)
        self.tendering = project.Tendering.deploy(
            self.registry, self.token, OCID_PREFIX, sender=gov
        )
        self.escrow = project.OrderEscrow.deploy(
            self.registry, self.token, self.tendering, OCID_PREFIX, sender=gov
        )
        self.tracking = project.ShipmentTracking.deploy(self.registry, self.escrow, sender=gov)
        spender = self.registry.BUDGET_SPENDER_ROLE()
        self.registry.grantRole(spender, self.tendering, sender=gov)
        self.registry.grantRole(spender, self.escrow, sender=gov)
        self.registry.grantRole(self.registry.ESCROW_ROLE(), self.escrow, sender=gov)
        self.escrow.setShipmentTracking(self.tracking, sender=gov)
        for org_id, kind, account, role in (
            (60, 8, self.treasury, "TREASURY_ROLE"),
            (10, 2, self.agency, "AGENCY_ROLE"),
            (20, 3, self.supplier, "SUPPLIER_ROLE"),
        ):
            self.registry.registerOrganisation(org_id, kind, _b32(str(org_id)), sender=gov)
            self.registry.addAccount(account, org_id, sender=gov)
            self.registry.grantRole(getattr(self.registry, role)(), account, sender=gov)
        self.registry.registerOrganisation(30, 5, _b32("30"), sender=gov)
        for carrier in self.carriers:
            self.registry.addAccount(carrier, 30, sender=gov)
            self.registry.grantRole(self.registry.CARRIER_ROLE(), carrier, sender=gov)
        self.registry.allocateBudget(10, FISCAL_YEAR, 10**12, sender=self.treasury)
        self.token.mint(self.agency, 10**12, sender=self.treasury)

    def shipments(self, count: int) -> list[int]:
        """An accepted direct order and ``count`` shipments of it in the carrier's custody."""
        now = chain.pending_timestamp
        line = (keccak(text="rice"), 1000, 100_000, _b32("kg")[:16], b"ID", 0)
        self.escrow.createDirectOrder(
            self.supplier, FISCAL_YEAR, [line], now + 60 * DAY, DAY, NO_REF, sender=self.agency
        )
        order_id = 1
        self.token.approve(self.escrow, 100_000_000, sender=self.agency)
        self.escrow.acceptOrder(order_id, keccak(text="contract"), sender=self.supplier)
        origin = (b"ID", _b32("ID-JT"), _b32("8991234567890"))
        for carrier in self.carriers[:count]:
            ref = keccak(text=f"bench shipment {carrier.address}")
            self.tracking.registerShipment(
                order_id, [1], origin, carrier, now + 30 * DAY, ref, sender=self.supplier
            )
        return list(range(1, count + 1))

    def deployment(self) -> Deployment:
        """The deployment (addresses, deploy block 0) the indexer reads."""
        contracts = {
            "Registry": self.registry,
            "RupiahToken": self.token,
            "Tendering": self.tendering,
            "OrderEscrow": self.escrow,
            "ShipmentTracking": self.tracking,
        }
        return Deployment(
            chain.chain_id,
            {n: str(c.address) for n, c in contracts.items()},
            dict.fromkeys(contracts, 0),
        )


def _post(session: requests.Session, url: str, payload: Any) -> Any:
    answer = session.post(url, json=payload, timeout=300).json()
    errors = [a for a in (answer if isinstance(answer, list) else [answer]) if "error" in a]
    if errors:
        raise RuntimeError(f"node refused: {errors[0]['error']}")
    return answer


def generate(system: Chain, url: str, shipment_ids: list[int], count: int) -> dict[str, float]:
    """Presign ``count`` checkpoint transactions and send them in raw batches."""
    session = requests.Session()
    senders = [Account.from_key(c.private_key) for c in system.carriers]
    nonces = []
    for sender in senders:
        answer = _post(session, url, _rpc("eth_getTransactionCount", [sender.address, "pending"]))
        nonces.append(int(answer["result"], 16))
    web3 = chain.provider.web3
    base_fee = int(web3.eth.get_block("latest")["baseFeePerGas"])
    gas_price = max(2 * base_fee, 2 * 10**9)
    occurred_at = int(web3.eth.get_block("latest")["timestamp"])
    abi = [item.model_dump() for item in system.tracking.contract_type.abi]
    contract = web3.eth.contract(address=str(system.tracking.address), abi=abi)
    gas = 0
    for shipment_id, sender in zip(shipment_ids, senders, strict=True):
        probe = (IN_TRANSIT, _b32("IDJKT"), 0, 0, occurred_at, b"\x00" * 32)
        probe_ref = keccak(text="bench probe")
        estimate = contract.functions.recordCheckpoint(shipment_id, probe, probe_ref).estimate_gas(
            {"from": sender.address}
        )  # the first checkpoint of a shipment costs the most
        gas = max(gas, estimate * 5 // 4)
    per_block = min(TXS_PER_BLOCK, BLOCK_GAS_TARGET // gas)
    started = time.perf_counter()
    selector = bytes(keccak(text=CHECKPOINT_SIGNATURE)[:4])
    keys = [PrivateKey(bytes(sender.key)) for sender in senders]
    to = bytes.fromhex(str(system.tracking.address)[2:])
    raw: list[str] = []
    for i in range(count):
        lane = i % len(senders)
        data = selector + b"".join(
            (
                shipment_ids[lane].to_bytes(32, "big"),
                IN_TRANSIT.to_bytes(32, "big"),
                _b32(f"IDJKT{i % 7}"),
                bytes(64),  # latitude, longitude: none
                occurred_at.to_bytes(32, "big"),
                bytes(32),  # no evidence
                (i + 1).to_bytes(32, "big"),  # the checkpoint's reference, unique
            )
        )
        nonce = nonces[lane] + i // len(senders)
        raw.append(presign(keys[lane], nonce, gas_price, gas, to, data, chain.chain_id))
    signed_at = time.perf_counter()
    _post(session, url, _rpc("evm_setAutomine", [False]))
    try:
        for start in range(0, count, per_block):
            block = raw[start : start + per_block]
            for first in range(0, len(block), SEND_BATCH):
                batch = [
                    _rpc("eth_sendRawTransaction", [tx], i)
                    for i, tx in enumerate(block[first : first + SEND_BATCH])
                ]
                _post(session, url, batch)
            _post(session, url, _rpc("evm_mine", []))
        while int(_post(session, url, _rpc("txpool_status", []))["result"]["pending"], 16):
            _post(session, url, _rpc("evm_mine", []))
    finally:
        _post(session, url, _rpc("evm_setAutomine", [True]))
    sent_at = time.perf_counter()
    return {
        "gas_per_transaction": gas,
        "txs_per_block": per_block,
        "sign_s": round(signed_at - started, 2),
        "send_and_mine_s": round(sent_at - signed_at, 2),
    }


def presign(
    key: PrivateKey, nonce: int, gas_price: int, gas: int, to: bytes, data: bytes, chain_id: int
) -> str:
    """A signed legacy (EIP-155) transaction as raw hex, signed with coincurve directly.

    eth-account's ``sign_transaction`` validates and formats each transaction first (about
    2-4 ms here); the fields are fixed and checked once, so the bench encodes them itself.
    """
    fields = [nonce, gas_price, gas, to, 0, data]
    digest = keccak(rlp.encode([*fields, chain_id, 0, 0]))
    signature = key.sign_recoverable(digest, hasher=None)
    r, s, recovery = signature[:32], signature[32:64], signature[64]
    v = recovery + 35 + 2 * chain_id
    signed = [*fields, v, int.from_bytes(r, "big"), int.from_bytes(s, "big")]
    return "0x" + rlp.encode(signed).hex()


def _rpc(method: str, params: list[Any], request_id: int = 1) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}


def phases(url: str, deployment: Deployment, folder: Path) -> dict[str, Any]:
    """The same work split in two: reading every log, then decoding and writing them.

    One ``eth_getLogs`` of the whole chain (the node's answer and its JSON parsing), then the
    indexer's decoding and writing of those logs in ranges of 10,000 into another fresh SQLite
    file, once plainly (wall and CPU time) and once under cProfile (the heaviest functions).
    """
    rpc = RawRpc(url)
    addresses = [a.lower() for a in deployment.addresses.values()]
    started, cpu = time.perf_counter(), time.process_time()
    logs = rpc.call(
        "eth_getLogs", [{"fromBlock": "0x0", "toBlock": "latest", "address": addresses}]
    )
    read = {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}

    def write(name: str, profile: cProfile.Profile | None) -> dict[str, float]:
        db = open_database(str(folder / f"{name}.sqlite"))
        report = SyncReport(0, 0)
        indexer = _Indexer(db, rpc, deployment, report)
        started, cpu = time.perf_counter(), time.process_time()
        if profile is not None:
            profile.enable()
        for i in range(0, len(logs), 10_000):
            chunk = logs[i : i + 10_000]
            first, last = int(chunk[0]["blockNumber"], 16), int(chunk[-1]["blockNumber"], 16)
            indexer.index(chunk, first, last, report)
        if profile is not None:
            profile.disable()
        db.close()
        return {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}

    written = write("phases", None)
    profile = cProfile.Profile()
    write("profiled", profile)
    stats: Any = pstats.Stats(profile)
    heaviest = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:12]
    top = {
        f"{Path(file).name}:{line}:{name}": round(tottime, 2)
        for (file, line, name), (_, _, tottime, _, _) in heaviest
    }
    rounded = {
        k: round(v, 2) for k, v in {**_prefix("read_", read), **_prefix("write_", written)}.items()
    }
    return {
        "logs": len(logs),
        **rounded,
        "write_cpu_us_per_event": round(written["cpu_s"] * 1e6 / max(1, len(logs)), 1),
        "profile_tottime_s_of_the_heaviest_functions": top,
    }


def _prefix(prefix: str, values: dict[str, float]) -> dict[str, float]:
    return {prefix + k: v for k, v in values.items()}


@contextmanager
def anvil_node() -> Iterator[str]:
    """A fresh anvil on a free loopback port (its default dev accounts; no step tracing).

    Not the anvil Ape starts: Ape runs it with ``--steps-tracing``, which keeps every
    transaction's execution trace in memory (tens of GB for 100,000 transactions).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(ANVIL), "--host", "127.0.0.1", "--port", str(port), "--hardfork", "london"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    requests.post(url, json=_rpc("eth_chainId", []), timeout=2)
                    break
                except requests.RequestException:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise RuntimeError("anvil did not start") from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def run(results_dir: Path) -> dict[str, Any]:
    """Generate the chain, index it (profiled, then clean), return the result for index.json."""
    with anvil_node() as url, networks.parse_network_choice(url):
        system = Chain()
        shipment_ids = system.shipments(SHIPMENTS)
        generation = generate(system, url, shipment_ids, TARGET_EVENTS)
        deployment = system.deployment()
        head = chain.blocks.head.number
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(str(Path(folder) / "bench.sqlite"))
            report = sync(db, RawRpc(url), deployment)
            db.close()
            size = Path(folder, "bench.sqlite").stat().st_size
            split = phases(url, deployment, Path(folder))
    rate = report.events_per_second
    verdict = "meets" if rate >= GOAL_EVENTS_PER_S else "misses"
    summary = (
        f"{report.events:,} events of {head:,} blocks indexed into SQLite in "
        f"{report.seconds:.1f} s: {rate:,.0f} events/s ({verdict} the goal of "
        f"{GOAL_EVENTS_PER_S:,})"
    )
    return {
        "summary": summary,
        "goal_events_per_s": GOAL_EVENTS_PER_S,
        "events": report.events,
        "events_by_name": report.by_event,
        "blocks": head,
        "seconds": round(report.seconds, 2),
        "events_per_s": round(rate),
        "log_requests": report.ranges,
        "block_header_requests": report.block_requests,
        "database_bytes": size,
        "generation": {
            "transactions": TARGET_EVENTS,
            **generation,
        },
        "phases": split,
        "network": "anvil (london, automine off while generating), on this machine",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path("bench/results")), indent=2))
