"""Events per second indexed by ``rantai audit sync`` into SQLite and PostgreSQL (docs/audit.md).

The benchmark starts a Besu-like anvil (:mod:`py_client.ops.localchain`), deploys and
bootstraps the Rantai contracts without Ape, and fills the chain with at least
:data:`TARGET_EVENTS` events whose mix follows the pilot's lifecycle (:mod:`bench.index_mix`:
tenders, bids, reveals, awards with red flags and bond refunds, orders, acceptances, disputes,
shipments, checkpoints, confirmations with payments, token transfers), presigned and sent in raw
arrays with automine off, a block per array, on a node with ``--prune-history`` (no historical
states in memory; every log kept). The generation record holds its CPU seconds (generator and
node) and the node's peak resident memory.

The generated chain of up to :data:`CACHE_MAX_EVENTS` events is cached under :data:`CACHE_DIR`
(``out/bench-index/``, not committed): an
``anvil_dumpState`` of it, keyed by :func:`cache_key` (the contracts' bytecode, the generator's
source and version, the size and setup, anvil's version). A later run with the same key loads
it (``anvil --load-state``) and skips the generation; the record says which happened.

It then measures, against the same node and in the same run:

1. **SQLite**: :func:`py_client.audit.sync` into a fresh file, end to end from the node;
2. **raw ceiling**: right after it, the very ``eth_getLogs`` requests that sync made
   (recorded), sent again, each answer parsed as JSON and discarded: what reading the logs
   costs at the least. Steps 1 and 2 run :data:`ROUNDS` times in turn; the round of the median
   SQLite-to-ceiling ratio is reported, every round listed beside it (``rounds``);
3. **PostgreSQL**: the same into a fresh database of a throw-away server started here with
   ``initdb`` / ``pg_ctl`` (as the tests do; skipped when PostgreSQL is not installed);
4. a **profile** of decoding and writing (cProfile) of the first ~30,000 of the same logs into
   another SQLite file.

Goals (issue 19): :data:`GOAL_SQLITE` and :data:`GOAL_POSTGRES` events/s, and the SQLite rate
at least :data:`GOAL_VS_CEILING` of the raw ceiling. The 1M-event time is extrapolated from
this run's per-event generation and indexing costs (``one_million``) unless the run itself
holds a million events. ``RANTAI_BENCH_INDEX_EVENTS`` sets the size (default 200,000); the big
run is ``make bench-1m`` (``RANTAI_BENCH_INDEX_EVENTS=1000000 python -m bench index``), recorded
in ``index_1m.json`` (:data:`RESULTS_NAME`).
"""

from __future__ import annotations

import cProfile
import gzip
import hashlib
import json
import os
import pstats
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from web3 import Web3

from bench import bench_bulk
from bench.index_mix import (
    BLOCK_GAS_LIMIT,
    EVENTS_PER_TENDER_APPROX,
    GENERATOR_VERSION,
    SEND_BATCH,
    MixGenerator,
)
from py_client.audit import RawRpc, open_database, sync
from py_client.audit.rpc import RawLog
from py_client.audit.sync import SyncReport, _Indexer
from py_client.deployment import Deployment
from py_client.ops import localchain, localpg

TARGET_EVENTS = int(os.environ.get("RANTAI_BENCH_INDEX_EVENTS", "200000"))
ROUND_TENDERS = 2500
"""Tenders per round: each phase of a round is a few arrays of :data:`SEND_BATCH` calls, so
bigger rounds mean fewer, fuller blocks (the mix does not depend on it)."""
DEFAULT_EVENTS = 200_000
CACHE_MAX_EVENTS = 500_000
"""Chains above this size are not stored in the cache: dumping and loading a 1M-event state
takes about as long as generating it again, and the dump holds the whole chain in memory twice."""
RESULTS_NAME = (
    "index"
    if TARGET_EVENTS == DEFAULT_EVENTS
    else "index_"
    + (
        f"{TARGET_EVENTS // 1_000_000}m"
        if TARGET_EVENTS % 1_000_000 == 0
        else f"{TARGET_EVENTS // 1000}k"
    )
)
"""The results file's name (``bench/__main__.py``): ``index.json`` for the default size, else
e.g. ``index_1m.json`` (``make bench-1m``), so a big run keeps the default run's record."""
PROFILE_EVENTS = 30_000  # the profiled pass reads the first ranges up to this many logs
GOAL_SQLITE = 50_000
GOAL_POSTGRES = 30_000
GOAL_VS_CEILING = 0.6
ROUNDS = 3
"""SQLite syncs, each followed by its raw ceiling: the rate and the ratio move by a few per cent
from one run to the next on a shared machine, so the round of the median ratio is reported (every
round is listed beside it)."""
CHAIN_ID = bench_bulk.CHAIN_ID
CACHE_DIR = Path(
    os.environ.get("RANTAI_BENCH_INDEX_CACHE", bench_bulk.ROOT / "out" / "bench-index")
)
"""Generated chains (anvil state dumps), one per :func:`cache_key` (``out/`` is not committed)."""
DUMP_TIMEOUT_S = 900.0  # anvil_dumpState of a 1M-event chain takes minutes
LOAD_TIMEOUT_S = 900.0  # and so does --load-state
ROLES = {
    "governor": 0,
    "treasury": 1,
    "agency": 2,
    "supplier_a": 3,
    "supplier_b": 4,
    "supplier_c": 5,
    "carrier": 6,
    "carrier2": 7,
    "arbiter": 8,
}
ORGS = (  # (org id, IRegistry.OrgKind, role name, role getter)
    (1, 1, "governor", None),
    (60, 8, "treasury", "TREASURY_ROLE"),
    (10, 2, "agency", "AGENCY_ROLE"),
    (20, 3, "supplier_a", "SUPPLIER_ROLE"),
    (21, 3, "supplier_b", "SUPPLIER_ROLE"),
    (22, 3, "supplier_c", "SUPPLIER_ROLE"),
    (30, 5, "carrier", "CARRIER_ROLE"),
    (31, 5, "carrier2", "CARRIER_ROLE"),
    (70, 7, "arbiter", "ARBITER_ROLE"),
)


class RecordingRpc(RawRpc):
    """A :class:`RawRpc` that remembers the parameters of every ``eth_getLogs`` it sends."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.log_queries: list[list[Any]] = []

    def get_logs(self, query: Mapping[str, Any]) -> list[RawLog]:
        self.log_queries.append([dict(query)])
        return super().get_logs(query)


def raw_ceiling(url: str, queries: list[list[Any]]) -> dict[str, Any]:
    """The same ``eth_getLogs`` requests, answers parsed as the indexer parses them
    (:meth:`RawRpc.get_logs`) and discarded, one after the other."""
    rpc = RawRpc(url)
    started = time.perf_counter()
    logs = 0
    for params in queries:
        logs += len(rpc.get_logs(params[0]))
    seconds = time.perf_counter() - started
    rpc.close()
    return {
        "requests": len(queries),
        "logs": logs,
        "seconds": round(seconds, 3),
        "events_per_s": round(logs / seconds),
    }


def index_into(target: str, url: str, deployment: Deployment) -> tuple[SyncReport, list[Any]]:
    """One end-to-end sync into ``target``; returns the report and the log queries sent."""
    db = open_database(target)
    rpc = RecordingRpc(url)
    try:
        report = sync(db, rpc, deployment)
    finally:
        db.close()
        rpc.close()
    return report, rpc.log_queries


def profile(url: str, deployment: Deployment, queries: list[list[Any]], path: Path) -> Any:
    """Decoding and writing of the first :data:`PROFILE_EVENTS` or so logs, under cProfile."""
    rpc = RawRpc(url)
    answers = []
    for params in queries:
        answers.append(rpc.get_logs(params[0]))
        if sum(len(a) for a in answers) >= PROFILE_EVENTS:
            break
    queries = queries[: len(answers)]
    db = open_database(str(path))
    report = SyncReport(0, 0)
    indexer = _Indexer(db, rpc, deployment, report)
    profiler = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    for params, logs in zip(queries, answers, strict=True):
        first, last = int(params[0]["fromBlock"], 16), int(params[0]["toBlock"], 16)
        indexer.index(logs, first, last, report)
    profiler.disable()
    wall, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    stats: Any = pstats.Stats(profiler)
    heaviest = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:12]
    return {
        "events": report.events,
        "wall_s_under_profile": round(wall, 2),
        "cpu_us_per_event_under_profile": round(cpu_s * 1e6 / max(1, report.events), 1),
        "tottime_s_of_the_heaviest_functions": {
            f"{Path(file).name}:{line}:{name}": round(tottime, 3)
            for (file, line, name), (_, _, tottime, _, _) in heaviest
        },
    }


# ----------------------------------------------------------------------------- the run


def _policy(url: str, registry: str) -> dict[str, int]:
    w3 = Web3(Web3.HTTPProvider(url))
    abi = bench_bulk.load_abi("Registry")
    names = [
        str(c["name"])
        for item in abi
        if item.get("type") == "function" and item.get("name") == "policy"
        for c in item["outputs"][0]["components"]
    ]
    values = w3.eth.contract(address=Web3.to_checksum_address(registry), abi=abi)
    return dict(zip(names, values.functions.policy().call(), strict=True))


def cache_key(artifacts: dict[str, dict[str, Any]], target: int) -> str:
    """Everything that changes the generated chain: the contracts' creation bytecode, the
    generator (its version and source, this module's setup constants), the size, anvil."""
    digest = hashlib.sha256()
    for name in sorted(artifacts):
        digest.update(name.encode() + b"\0" + str(artifacts[name]["bytecode"]).encode() + b"\0")
    generator_source = (Path(__file__).parent / "index_mix.py").read_bytes()
    anvil = subprocess.run(
        [str(localchain.ANVIL), "--version"], capture_output=True, check=False
    ).stdout.split(b"\n")[0]
    for part in (
        GENERATOR_VERSION,
        generator_source,
        target,
        ROUND_TENDERS,
        SEND_BATCH,
        CHAIN_ID,
        BLOCK_GAS_LIMIT,
        sorted(ROLES.items()),
        ORGS,
        anvil,
    ):
        digest.update(repr(part).encode() + b"\0")
    return digest.hexdigest()[:16]


def cached_chain(
    key: str, work: Path
) -> tuple[localchain.LocalChain, Deployment, dict[str, Any]] | None:
    """A node loaded from the cached chain of ``key``, its deployment and generation record."""
    state, meta = CACHE_DIR / f"{key}.state.json.gz", CACHE_DIR / f"{key}.json"
    if not (state.exists() and meta.exists()):
        return None
    record = json.loads(meta.read_text())
    loaded = work / "state.json"
    with gzip.open(state, "rb") as source, loaded.open("wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
    deployment_file = work / "deployment.json"
    deployment_file.write_text(json.dumps(record["deployment"]))
    node = _start_loaded(work / "anvil.log", loaded)
    try:
        complete = _nonces(node) == record.get("nonces")
    except BaseException:
        node.stop()
        raise
    if not complete:  # a dump without every transaction: generate again
        node.stop()
        return None
    loaded.unlink()
    return node, Deployment.load(str(deployment_file)), record["generation"]


def _start_loaded(log_file: Path, state: Path) -> localchain.LocalChain:
    """anvil started from a state file; loading a large chain takes longer than
    :func:`localchain.start_anvil` waits by default, so this waits up to :data:`LOAD_TIMEOUT_S`."""
    extra = ["--gas-limit", str(BLOCK_GAS_LIMIT), "--load-state", str(state)]
    return localchain.start_anvil(
        log_file, chain_id=CHAIN_ID, extra=extra, attempts=1, startup_timeout_s=LOAD_TIMEOUT_S
    )


def _nonces(node: localchain.LocalChain) -> dict[str, int]:
    """Transactions sent by each account of the benchmark (what a complete dump holds)."""
    keys = bench_bulk._keys(ROLES)
    return {
        role: int(node.rpc("eth_getTransactionCount", [account.address, "latest"]), 16)
        for role, account in keys.items()
    }


def store_chain(
    key: str, node: localchain.LocalChain, deployment_file: Path, generation: dict[str, Any]
) -> None:
    """Keep the generated chain (``anvil_dumpState``: gzip'd JSON) for the next runs."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    dump = localchain.json_rpc(node.url, "anvil_dumpState", timeout_s=DUMP_TIMEOUT_S)
    partial = CACHE_DIR / f"{key}.state.json.gz.partial"
    partial.write_bytes(bytes.fromhex(str(dump).removeprefix("0x")))
    partial.rename(CACHE_DIR / f"{key}.state.json.gz")
    record = {
        "nonces": _nonces(node),
        "deployment": json.loads(deployment_file.read_text()),
        "generation": generation,
    }
    (CACHE_DIR / f"{key}.json").write_text(json.dumps(record, indent=2) + "\n")


def generate(
    url: str, work: Path, target: int, artifacts: dict[str, dict[str, Any]]
) -> tuple[Path, dict[str, Any]]:
    """Deploy, bootstrap and generate at least ``target`` events; returns the deployment file
    and what was made."""
    keys = bench_bulk._keys(ROLES)
    deployment_file = bench_bulk._deploy(url, keys, artifacts, work, ORGS)
    deployment = Deployment.load(str(deployment_file))
    policy = _policy(url, deployment.addresses["Registry"])
    generator = MixGenerator(url, CHAIN_ID, dict(deployment.addresses), keys, policy)
    tenders = int(target / EVENTS_PER_TENDER_APPROX) + 1
    load = os.getloadavg()
    started = time.perf_counter()
    try:
        generator.fund(tenders + ROUND_TENDERS)
        made = 0
        while made < tenders:
            size = min(ROUND_TENDERS, tenders - made)
            generator.round(size)
            made += size
    finally:
        generator.close()
    seconds = time.perf_counter() - started
    return deployment_file, {
        "tenders": made,
        "transactions": generator.transactions,
        "seconds": round(seconds, 1),
        "seconds_by_phase": {k: round(v, 1) for k, v in generator.seconds.items()},
        "load_average_at_start": [round(x, 2) for x in load],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def chain(work: Path) -> tuple[localchain.LocalChain, Deployment, dict[str, Any]]:
    """The benchmark's node: loaded from the cache when it holds this chain, else generated
    (and then cached). The generation record says which, and how long each step took."""
    started = time.perf_counter()
    artifacts = bench_bulk._artifacts()
    key = cache_key(artifacts, TARGET_EVENTS)
    cached = cached_chain(key, work)
    if cached is not None:
        node, deployment, generation = cached
        return (
            node,
            deployment,
            {
                **generation,
                "cache": {
                    "key": key,
                    "hit": True,
                    "load_s": round(time.perf_counter() - started, 1),
                },
            },
        )
    node = localchain.start_anvil(  # no historical states: memory stays small, logs all kept
        work / "anvil.log",
        chain_id=CHAIN_ID,
        prune_history=True,
        extra=["--gas-limit", str(BLOCK_GAS_LIMIT)],
    )
    try:
        ours, theirs = _own_cpu(), _process_cpu(node.process.pid)
        deployment_file, generation = generate(node.url, work, TARGET_EVENTS, artifacts)
        generation["cpu_s"] = {
            "generator": round(_own_cpu() - ours, 1),
            "node": round(_process_cpu(node.process.pid) - theirs, 1),
        }
        generation["node_peak_rss_mb"] = _peak_rss_mb(node.process.pid)
    except BaseException:
        node.stop()
        raise
    stored = time.perf_counter()
    cache: dict[str, Any] = {"key": key, "hit": False}
    if TARGET_EVENTS > CACHE_MAX_EVENTS:
        cache["stored"] = f"no: above {CACHE_MAX_EVENTS:,} events"
    else:
        try:
            store_chain(key, node, deployment_file, generation)
        except (OSError, ValueError, RuntimeError) as err:  # the run goes on without a cache
            cache["store_error"] = f"{type(err).__name__}: {err}"
    cache["store_s"] = round(time.perf_counter() - stored, 1)
    cache["total_s"] = round(time.perf_counter() - started, 1)
    return node, Deployment.load(str(deployment_file)), {**generation, "cache": cache}


def run(results_dir: Path) -> dict[str, Any]:
    """Generate the chain, measure ceiling, SQLite, PostgreSQL and a profile (index.json)."""
    work = Path(tempfile.mkdtemp(prefix="rantai-bench-index-"))
    started = time.perf_counter()
    try:
        node, deployment, generation = chain(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    load = os.getloadavg()
    try:
        measured = _measure(node, deployment, work)
    finally:
        node.stop()
        shutil.rmtree(work, ignore_errors=True)
    return _result(measured, generation, load, round(time.perf_counter() - started, 1))


def _measure(node: localchain.LocalChain, deployment: Deployment, work: Path) -> dict[str, Any]:
    """Index the chain into SQLite and fetch it raw (the ceiling), :data:`ROUNDS` times in turn;
    index it into PostgreSQL and profile the SQLite run; each with the load average and the CPU
    it took beside it. The round of the median ratio is the one reported (:func:`_median_round`).
    """
    head = int(node.rpc("eth_blockNumber"), 16)
    rounds = [_round(node, deployment, work / f"bench{n}.sqlite") for n in range(ROUNDS)]
    chosen = _median_round(rounds)
    postgres: dict[str, Any]
    try:
        server = localpg.start_postgres()
    except (RuntimeError, subprocess.CalledProcessError, OSError) as err:
        postgres = {"skipped": str(err)}
    else:
        try:
            load = _load()
            cpu = _Cpu(node)
            pg_report, _ = index_into(server.url, node.url, deployment)
            postgres = {
                **_rates(pg_report),
                "load_average_1min": load,
                "cpu_us_per_event": cpu.since(pg_report.events),
            }
        finally:
            server.stop()
    profiled = profile(node.url, deployment, chosen["queries"], work / "profiled.sqlite")
    return {
        "head": head,
        **chosen,
        "rounds": [
            {
                "sqlite_events_per_s": round(r["sqlite_report"].events_per_second),
                "ceiling_events_per_s": r["ceiling"]["events_per_s"],
                "sqlite_vs_ceiling": round(_ratio(r), 3),
            }
            for r in rounds
        ],
        "postgres": postgres,
        "profile": profiled,
    }


def _round(node: localchain.LocalChain, deployment: Deployment, path: Path) -> dict[str, Any]:
    """One SQLite sync into a new file at ``path``, then the raw ceiling of its requests."""
    loads: dict[str, float] = {"sqlite": _load()}
    cpu = _Cpu(node)
    sqlite_report, queries = index_into(str(path), node.url, deployment)
    cpus = {"sqlite": cpu.since(sqlite_report.events)}
    database_bytes = path.stat().st_size
    for leftover in path.parent.glob(path.name + "*"):  # the file, its WAL and shared memory
        leftover.unlink()
    loads["raw_ceiling"] = _load()
    cpu = _Cpu(node)
    ceiling = raw_ceiling(node.url, queries)
    cpus["raw_ceiling"] = cpu.since(ceiling["logs"])
    return {
        "loads": loads,
        "cpus": cpus,
        "sqlite_report": sqlite_report,
        "queries": queries,
        "database_bytes": database_bytes,
        "ceiling": ceiling,
    }


def _ratio(measured: dict[str, Any]) -> float:
    """A round's SQLite rate over its ceiling."""
    rate = float(measured["sqlite_report"].events_per_second)
    return rate / float(measured["ceiling"]["events_per_s"])


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The round whose SQLite-to-ceiling ratio is the median (the middle one of an odd count,
    the lower middle of an even one): its rate and ceiling stay a pair measured side by side.
    """
    ordered = sorted(rounds, key=_ratio)
    return ordered[(len(ordered) - 1) // 2]


def _result(
    measured: dict[str, Any],
    generation: dict[str, Any],
    load: tuple[float, float, float],
    bench_seconds: float,
) -> dict[str, Any]:
    """The rates, ratios, goals, a 1M-event projection and the summary line (index.json)."""
    sqlite_report: SyncReport = measured["sqlite_report"]
    head, loads, ceiling = measured["head"], measured["loads"], measured["ceiling"]
    postgres: dict[str, Any] = measured["postgres"]
    events = sqlite_report.events
    sqlite = _rates(sqlite_report)
    rate_sqlite = sqlite["events_per_s"]
    rate_pg = postgres.get("events_per_s", 0)
    vs_ceiling = rate_sqlite / ceiling["events_per_s"]
    generation_s_per_event = generation["seconds"] / events
    one_million = {
        "measured": events >= 1_000_000,
        "generation_s": round(generation_s_per_event * 1_000_000),
        "index_sqlite_s": round(1_000_000 / rate_sqlite, 1),
        "index_postgres_s": round(1_000_000 / rate_pg, 1) if rate_pg else None,
        "note": "extrapolated linearly from this run's per-event costs"
        if events < 1_000_000
        else "this run",
    }
    goals_met = (
        rate_sqlite >= GOAL_SQLITE and rate_pg >= GOAL_POSTGRES and vs_ceiling >= GOAL_VS_CEILING
    )
    summary = (
        f"{events:,} lifecycle events ({len(sqlite_report.by_event)} kinds) of {head:,} blocks: "
        f"SQLite {rate_sqlite:,} events/s, PostgreSQL {rate_pg:,} events/s, raw log-fetch "
        f"ceiling {ceiling['events_per_s']:,} events/s (SQLite at {vs_ceiling:.0%} of it); "
        f"1M events: generate ~{one_million['generation_s']} s, index "
        f"{one_million['index_sqlite_s']} s; goals ({GOAL_SQLITE:,} / {GOAL_POSTGRES:,} "
        f"events/s, {GOAL_VS_CEILING:.0%} of the ceiling) "
        + ("met" if goals_met else "not met")
        + "; "
        + ("chain from the cache" if generation["cache"]["hit"] else "chain generated")
        + f", bench {bench_seconds:.0f} s, load {load[0]:.1f}"
    )
    return {
        "summary": summary,
        "events": events,
        "events_by_name": dict(sorted(sqlite_report.by_event.items(), key=lambda kv: -kv[1])),
        "blocks": head,
        "sqlite": {
            **sqlite,
            "database_bytes": measured["database_bytes"],
            "load_average_1min": loads["sqlite"],
            "cpu_us_per_event": measured["cpus"]["sqlite"],
        },
        "postgresql": postgres,
        "raw_ceiling": {
            **ceiling,
            "load_average_1min": loads["raw_ceiling"],
            "cpu_us_per_event": measured["cpus"]["raw_ceiling"],
        },
        "ratios": {
            "sqlite_vs_ceiling": round(vs_ceiling, 3),
            "postgresql_vs_ceiling": round(rate_pg / ceiling["events_per_s"], 3),
            "goal_sqlite_events_per_s": GOAL_SQLITE,
            "goal_postgresql_events_per_s": GOAL_POSTGRES,
            "goal_vs_ceiling": GOAL_VS_CEILING,
            "goals_met": goals_met,
        },
        "rounds": measured["rounds"],
        "one_million": one_million,
        "generation": generation,
        "profile": measured["profile"],
        "load_average_at_start": [round(x, 2) for x in load],
        "bench_s": bench_seconds,
        "network": (
            f"anvil (london, zero fees, chain id 1945, block gas limit {BLOCK_GAS_LIMIT:,}; "
            "automine off while generating), on this machine"
        ),
    }


class _Cpu:
    """CPU time from now on of this process (its writer child included) and of the node."""

    def __init__(self, node: localchain.LocalChain) -> None:
        self.pid = node.process.pid
        self.ours, self.node = _own_cpu(), _process_cpu(self.pid)

    def since(self, events: int) -> dict[str, float]:
        """Microseconds of CPU per event: this process (``indexer``; a PostgreSQL server's
        work not included) and the node (``node``)."""
        ours, node = _own_cpu() - self.ours, _process_cpu(self.pid) - self.node
        per = 1e6 / max(1, events)
        return {"indexer": round(ours * per, 1), "node": round(node * per, 1)}


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _process_cpu(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> int | None:
    """Peak resident memory of process ``pid`` in MB (``VmHWM``; ``None`` off Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return None


def _load() -> float:
    """The 1-minute load average now (recorded beside each measurement: the machine is shared)."""
    return round(os.getloadavg()[0], 2)


def _rates(report: SyncReport) -> dict[str, Any]:
    return {
        "events": report.events,
        "seconds": round(report.seconds, 3),
        "events_per_s": round(report.events_per_second),
        "log_requests": report.ranges,
        "block_header_requests": report.block_requests,
    }


if __name__ == "__main__":
    print(json.dumps(run(Path("bench/results")), indent=2))
