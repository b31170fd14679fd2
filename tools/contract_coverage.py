"""Line coverage of the Solidity sources in `contracts/`, measured while the pytest suite runs.

ape-solidity 0.8.6 writes no program-counter map, so `ape test --coverage` finds no data. This
pytest plugin measures line coverage itself from the anvil node the Ape plugin starts:

1. At start-up it compiles `contracts/**/*.sol` through `tools/solc/solc --standard-json` with the
   settings of ape-config.yaml (solc version, optimizer and runs, EVM version; each npm dependency
   remapped to `node_modules/`) and keeps, per contract, the deployment and runtime bytecode with
   their source maps. The compiler output is cached in `.cache/contract-coverage/`.
2. It wraps `web3.HTTPProvider.make_request` on the class for the session (ape-foundry builds a
   new web3 provider object whenever its connection is checked, so wrapping one object loses the
   traffic). For every `eth_sendRawTransaction`/`eth_sendTransaction` it replays the mined
   transaction with `debug_traceTransaction`; for every `eth_call` and `eth_estimateGas` it runs
   `debug_traceCall` with the same call object, block tag and state overrides, so revert paths
   count both where Ape sends a reverting transaction (gas limit `max`, its default on local
   networks) and where it only estimates one (gas limit `auto`, e.g. inside `ape.reverts`).
   Tracing happens inside the request, before Ape's isolation reverts the snapshot; the tracer's
   own requests bypass the wrapper.
3. Each trace (struct logs without memory and storage, with the stack) is split into call frames by
   depth. A runtime frame runs the code at the address of its CALL/STATICCALL/DELEGATECALL/CALLCODE
   (`stack[-2]`) or of the transaction's `to`; that code, read with `eth_getCode`, is matched to a
   compiled runtime bytecode with immutables, library links and the CBOR metadata masked. A
   creation frame (a deployment or CREATE/CREATE2) runs init code: it is identified by the code of
   the address it created when the node has it, otherwise by the executed (pc, opcode) pairs when
   exactly one compiled deployment bytecode fits them.
4. A program counter becomes an instruction index (PUSH data skipped), the index selects the
   decompressed source-map entry `s:l:f:j`, `f` the source file and `s` the line.

Executable lines: every line on which the source-map entry of some instruction of a deployment or
runtime bytecode starts, in a counted file, with two exceptions:
- entries spanning a whole contract definition (the selector dispatcher, callvalue checks and the
  like run on any call and would only make `contract X is ... {` look covered);
- the "glue" instructions JUMPDEST, JUMP, POP and STOP. The optimizer merges identical tails
  (`JUMPDEST POP POP JUMP`, the shared `STOP`) of different functions and maps the survivor to one
  of them, which would mark, say, `unpause()` covered by every other governor call. Lines whose only
  instructions are glue, like a lone `{` or an internal function's signature, are not executable;
  the statements of the body are.
Entries spanning a whole external function are kept: its ABI decoding and modifiers map there, so
the signature line is covered exactly when the function is called (even if a modifier reverts).
A line is covered when a traced step executes one of its instructions.
Counted files: `contracts/**/*.sol` outside `contracts/test/`, `contracts/interfaces/` and hidden
directories (Ape's `contracts/.cache/`).

Usage (from the repository root, after `. ./env.sh`):

    pytest -p tools.contract_coverage --contract-coverage tests/contracts/test_registry.py
    pytest -p tools.contract_coverage --contract-coverage-min=95 tests

The first prints a table per file with the missed lines and writes `out/coverage/contracts.json`;
the second also fails the session (exit status 1) below 95 % of the lines of `contracts/`.

Tests marked `no_contract_trace` (the marker is declared in pyproject.toml) run untraced: the
suites of layers above the contracts (indexer, bulk engine, documents, portal) send thousands of
transactions through paths the contract suites already cover, and tracing them would double the
suite's time without adding a line.

Under pytest-xdist (`-n N`) every worker runs its own anvil and traces its own traffic; at the end
of the session each worker hands its covered lines and counters to the controller
(`workeroutput`), which merges them and writes the one report. The controller traces nothing.

Limitations: line coverage only, not branch coverage. The optimizer merges identical code blocks
(typically revert paths), which then map to one of their source locations, so a line can count as
covered through another function's identical block; code the optimizer removed is not executable.
Only web3 `HTTPProvider` traffic of the test processes is traced (not IPC/WebSocket providers,
not subprocesses such as the CLI's); `eth_getCode` reads the latest state, so a call at an old
block whose callee's code changed since is attributed by today's code. The node must answer
`debug_traceTransaction` and `debug_traceCall` with struct logs (anvil with `--steps-tracing`,
which ape-foundry passes).
"""

import bisect
import hashlib
import json
import logging
import re
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

CONTRACTS_DIR = "contracts"
EXCLUDED_DIRS = ("contracts/test/", "contracts/interfaces/")
REPORT_PATH = Path("out/coverage/contracts.json")
# Tests (or modules, via `pytestmark`) with this marker run untraced: the browser, indexer,
# document and bulk suites drive thousands of calls through paths the contract suites cover.
NO_TRACE_MARKER = "no_contract_trace"
CACHE_DIR = Path(".cache/contract-coverage")
# The key of a pytest-xdist worker's covered lines and counters in its `workeroutput`.
WORKER_OUTPUT_KEY = "rantai_contract_coverage"
SOLC_WRAPPER = Path("tools/solc/solc")
SOLC_TIMEOUT_SEC = 600
RECEIPT_WAIT_SEC = 10.0

# Struct-logger options: the stack is kept to follow CALL targets, everything else is dropped.
TRACE_OPTIONS: dict[str, bool] = {
    "disableMemory": True,
    "disableStorage": True,
    "enableReturnData": False,
}
_SENDS = frozenset({"eth_sendRawTransaction", "eth_sendTransaction"})
_CALLS = frozenset({"eth_call", "eth_estimateGas"})
# After these the code at an address may differ from what was cached.
_CODE_CHANGES = frozenset(
    {
        "evm_revert",
        "anvil_reset",
        "hardhat_reset",
        "anvil_setCode",
        "hardhat_setCode",
        "anvil_loadState",
    }
)
_CALL_OPS = frozenset({"CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"})
_CREATE_OPS = frozenset({"CREATE", "CREATE2"})
_ZERO_ADDRESS = "0x" + "00" * 20
_ADDRESS_MASK = (1 << 160) - 1
# Labels, jumps, stack clean-up and the shared STOP: the optimizer merges such tails across
# functions and maps them to one of them, so they never make a line executable or covered.
_GLUE_OPCODES = frozenset({0x00, 0x50, 0x56, 0x5B})  # STOP, POP, JUMP, JUMPDEST
_LINK_PLACEHOLDER = re.compile(r"__\$[0-9a-fA-F]{34}\$__")

RUNTIME = "runtime"
CREATION = "creation"

# Mnemonics by opcode, to match struct-log `op` names with compiled code (aliases with `|`).
_OPCODE_TABLE = """
00 STOP 01 ADD 02 MUL 03 SUB 04 DIV 05 SDIV 06 MOD 07 SMOD 08 ADDMOD 09 MULMOD 0a EXP
0b SIGNEXTEND 10 LT 11 GT 12 SLT 13 SGT 14 EQ 15 ISZERO 16 AND 17 OR 18 XOR 19 NOT 1a BYTE
1b SHL 1c SHR 1d SAR 20 KECCAK256|SHA3 30 ADDRESS 31 BALANCE 32 ORIGIN 33 CALLER 34 CALLVALUE
35 CALLDATALOAD 36 CALLDATASIZE 37 CALLDATACOPY 38 CODESIZE 39 CODECOPY 3a GASPRICE
3b EXTCODESIZE 3c EXTCODECOPY 3d RETURNDATASIZE 3e RETURNDATACOPY 3f EXTCODEHASH 40 BLOCKHASH
41 COINBASE 42 TIMESTAMP 43 NUMBER 44 DIFFICULTY|PREVRANDAO 45 GASLIMIT 46 CHAINID
47 SELFBALANCE 48 BASEFEE 49 BLOBHASH 4a BLOBBASEFEE 50 POP 51 MLOAD 52 MSTORE 53 MSTORE8
54 SLOAD 55 SSTORE 56 JUMP 57 JUMPI 58 PC 59 MSIZE 5a GAS 5b JUMPDEST 5c TLOAD 5d TSTORE
5e MCOPY 5f PUSH0 f0 CREATE f1 CALL f2 CALLCODE f3 RETURN f4 DELEGATECALL f5 CREATE2
fa STATICCALL fd REVERT fe INVALID ff SELFDESTRUCT|SUICIDE
"""
_TABLE_WORDS = _OPCODE_TABLE.split()
_OPCODE_NAMES: dict[int, frozenset[str]] = {
    int(code, 16): frozenset(names.split("|"))
    for code, names in zip(_TABLE_WORDS[::2], _TABLE_WORDS[1::2], strict=True)
} | {
    **{0x5F + n: frozenset({f"PUSH{n}"}) for n in range(1, 33)},
    **{0x7F + n: frozenset({f"DUP{n}"}) for n in range(1, 17)},
    **{0x8F + n: frozenset({f"SWAP{n}"}) for n in range(1, 17)},
    **{0xA0 + n: frozenset({f"LOG{n}"}) for n in range(5)},
}


class CoverageSetupError(RuntimeError):
    """The project could not be compiled for coverage."""


class TraceFailedError(RuntimeError):
    """The node answered a tracing request with an error."""

    def __init__(self, method: str, error: object) -> None:
        super().__init__(f"{method} failed: {error}")
        self.method = method
        self.error = error


# ------------------------------------------------------------------------------- pure parts


class SourceMapEntry(NamedTuple):
    """One decompressed source-map entry: byte offset, length, source id and jump type."""

    start: int
    length: int
    source_id: int
    jump: str


def decompress_source_map(source_map: str) -> list[SourceMapEntry]:
    """Expands solc's compressed source map (`s:l:f:j:m;...`, empty fields repeat the last value).

    Args:
        source_map: `evm.bytecode.sourceMap` or `evm.deployedBytecode.sourceMap`.

    Returns:
        One entry per assembly instruction; the modifier depth `m` is dropped.

    Example:
        >>> decompress_source_map("1:2:0:-;:3;;4::1:i")[2]
        SourceMapEntry(start=1, length=3, source_id=0, jump='-')
    """
    if not source_map:
        return []
    entries: list[SourceMapEntry] = []
    start, length, source_id, jump = -1, -1, -1, "-"
    for item in source_map.split(";"):
        fields = item.split(":")
        if fields[0]:
            start = int(fields[0])
        if len(fields) > 1 and fields[1]:
            length = int(fields[1])
        if len(fields) > 2 and fields[2]:
            source_id = int(fields[2])
        if len(fields) > 3 and fields[3]:
            jump = fields[3]
        entries.append(SourceMapEntry(start, length, source_id, jump))
    return entries


def instruction_starts(code: bytes) -> list[int]:
    """The program counter of each instruction of `code`: index i holds the i-th one's pc.

    PUSH1..PUSH32 (0x60..0x7f) skip their 1..32 immediate bytes; PUSH0 has none.

    Example:
        >>> instruction_starts(bytes.fromhex("6080604052"))
        [0, 2, 4]
    """
    starts: list[int] = []
    pc = 0
    size = len(code)
    while pc < size:
        starts.append(pc)
        opcode = code[pc]
        pc += opcode - 0x5E if 0x60 <= opcode <= 0x7F else 1
    return starts


def line_starts(source: bytes) -> list[int]:
    """Byte offsets at which the lines of `source` begin (line 1 at offset 0)."""
    starts = [0]
    position = source.find(b"\n")
    while position != -1:
        starts.append(position + 1)
        position = source.find(b"\n", position + 1)
    return starts


def line_of(offset: int, starts: Sequence[int]) -> int:
    """The 1-based line of byte `offset`, given the `line_starts` of its file."""
    return bisect.bisect_right(starts, offset)


def is_counted(path: str) -> bool:
    """Whether source unit `path` counts for coverage: under contracts/, not a test or interface."""
    if not path.startswith(f"{CONTRACTS_DIR}/") or path.startswith(EXCLUDED_DIRS):
        return False
    return not any(part.startswith(".") for part in path.split("/")[:-1])


def format_line_ranges(lines: Iterable[int]) -> str:
    """Compacts line numbers: `[3, 4, 5, 9]` -> `"3-5, 9"`."""
    ranges: list[list[int]] = []
    for line in sorted(set(lines)):
        if ranges and line == ranges[-1][1] + 1:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def address_of_word(word: str) -> str:
    """The address in the low 160 bits of a hex stack word, lower-case with `0x`."""
    return f"0x{int(word, 16) & _ADDRESS_MASK:040x}"


# ------------------------------------------------------------------------------ compilation


def _ape_config(root: Path) -> dict[str, Any]:
    path = root / "ape-config.yaml"
    config = yaml.safe_load(path.read_text()) if path.is_file() else None
    return config if isinstance(config, dict) else {}


def solc_settings(root: Path) -> tuple[dict[str, Any], list[str]]:
    """Compiler settings and remappings equal to those ape-config.yaml gives ape-solidity."""
    config = _ape_config(root)
    solidity: dict[str, Any] = config.get("solidity") or {}
    settings: dict[str, Any] = {
        "optimizer": {
            "enabled": bool(solidity.get("optimize", True)),
            "runs": int(solidity.get("optimization_runs", 200)),
        },
    }
    if solidity.get("evm_version"):
        settings["evmVersion"] = str(solidity["evm_version"])
    if solidity.get("via_ir"):
        settings["viaIR"] = True
    remappings = [
        f"{dep['npm']}/=node_modules/{dep['npm']}/"
        for dep in config.get("dependencies") or []
        if isinstance(dep, dict) and dep.get("npm")
    ]
    return settings, remappings


def _project_sources(root: Path) -> dict[str, str]:
    sources: dict[str, str] = {}
    for path in sorted((root / CONTRACTS_DIR).rglob("*.sol")):
        relative = path.relative_to(root).as_posix()
        if not any(part.startswith(".") for part in relative.split("/")):
            sources[relative] = path.read_text(encoding="utf-8")
    return sources


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _compact_output(output: Mapping[str, Any], sources: Mapping[str, str]) -> dict[str, Any]:
    """Keeps what coverage needs of solc's output: bytecode, source maps, ids, contract spans."""
    contracts = []
    for path, by_name in output.get("contracts", {}).items():
        for name, contract in by_name.items():
            evm = contract.get("evm", {})
            creation, runtime = evm.get("bytecode", {}), evm.get("deployedBytecode", {})
            if not runtime.get("object"):
                continue  # interfaces and abstract contracts
            contracts.append(
                {
                    "path": path,
                    "name": name,
                    CREATION: {
                        "object": creation.get("object", ""),
                        "sourceMap": creation.get("sourceMap", ""),
                        "linkReferences": creation.get("linkReferences", {}),
                    },
                    RUNTIME: {
                        "object": runtime.get("object", ""),
                        "sourceMap": runtime.get("sourceMap", ""),
                        "linkReferences": runtime.get("linkReferences", {}),
                        "immutableReferences": runtime.get("immutableReferences", {}),
                    },
                }
            )
    source_ids = {path: info["id"] for path, info in output.get("sources", {}).items()}
    contract_spans: dict[str, list[list[int]]] = {}
    for path, info in output.get("sources", {}).items():
        if not is_counted(path):
            continue
        nodes = info.get("ast", {}).get("nodes", [])
        spans = [
            [int(x) for x in node["src"].split(":")[:2]]
            for node in nodes
            if node.get("nodeType") == "ContractDefinition"
        ]
        contract_spans[path] = spans
    return {"contracts": contracts, "sourceIds": source_ids, "contractSpans": contract_spans}


def _run_solc(wrapper: Path, root: Path, args: list[str], stdin: str = "") -> str:
    try:
        completed = subprocess.run(
            [str(wrapper), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            timeout=SOLC_TIMEOUT_SEC,
        )
    except subprocess.CalledProcessError as err:
        raise CoverageSetupError(f"{wrapper} failed: {err.stderr.strip()}") from err
    except (OSError, subprocess.SubprocessError) as err:
        raise CoverageSetupError(f"cannot run {wrapper}: {err}") from err
    return completed.stdout


def _check_solc_version(wrapper: Path, root: Path) -> None:
    """Refuses a compiler other than ape-config.yaml's: its bytecode would match nothing."""
    wanted = str((_ape_config(root).get("solidity") or {}).get("version") or "")
    found = _run_solc(wrapper, root, ["--version"])
    if wanted and f"Version: {wanted}+" not in found:
        raise CoverageSetupError(f"{wrapper} is not solc {wanted}: {found.strip()}")


def compile_project(root: Path) -> dict[str, Any]:
    """Compiles `contracts/` with solc's standard JSON for coverage, reusing a valid cache.

    Args:
        root: The repository root (holds ape-config.yaml, contracts/ and tools/solc/solc).

    Returns:
        The compact output (see `_compact_output`).

    Raises:
        CoverageSetupError: The compiler failed or reported errors.
    """
    settings, remappings = solc_settings(root)
    sources = _project_sources(root)
    selection = [
        "evm.bytecode.object",
        "evm.bytecode.sourceMap",
        "evm.bytecode.linkReferences",
        "evm.deployedBytecode.object",
        "evm.deployedBytecode.sourceMap",
        "evm.deployedBytecode.linkReferences",
        "evm.deployedBytecode.immutableReferences",
    ]
    standard_input = json.dumps(
        {
            "language": "Solidity",
            "sources": {path: {"content": text} for path, text in sorted(sources.items())},
            "settings": {
                **settings,
                "remappings": remappings,
                # The AST (for contract spans) of the counted files only: OpenZeppelin's is large.
                "outputSelection": {
                    "*": {"*": selection},
                    **{path: {"": ["ast"]} for path in sources if is_counted(path)},
                },
            },
        },
        sort_keys=True,
    )
    wrapper = root / SOLC_WRAPPER
    key_material = standard_input.encode() + _file_digest(wrapper).encode()
    key_material += _file_digest(root / "node_modules/solc/package.json").encode()
    key = hashlib.sha256(key_material).hexdigest()[:24]
    cache_path = root / CACHE_DIR / f"solc-{key}.json"
    if cache_path.is_file():
        cached: dict[str, Any] = json.loads(cache_path.read_text())
        if all(_file_digest(root / p) == d for p, d in cached["imports"].items()):
            return cached
    _check_solc_version(wrapper, root)
    output = json.loads(
        _run_solc(wrapper, root, ["--standard-json", "--base-path", str(root)], standard_input)
    )
    errors = [e for e in output.get("errors", []) if e.get("severity") == "error"]
    if errors:
        messages = "\n".join(e.get("formattedMessage", str(e)) for e in errors)
        raise CoverageSetupError(f"solc rejected contracts/ for coverage:\n{messages}")
    compact = _compact_output(output, sources)
    # Imported files (node_modules) are not part of the key: the cache checks their digests.
    compact["imports"] = {
        p: _file_digest(root / p) for p in compact["sourceIds"] if p not in sources
    }
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(compact))
    return compact


# ------------------------------------------------------------------------------ code maps


@dataclass(frozen=True)
class CodeMap:
    """One compiled bytecode (deployment or runtime) and where its instructions point."""

    contract: str
    kind: str
    opcodes: Mapping[int, int]
    lines: Mapping[int, tuple[str, int]]
    size: int
    masked: bytes
    mask: tuple[tuple[int, int], ...]


def _decode_object(hex_object: str) -> bytes:
    return bytes.fromhex(_LINK_PLACEHOLDER.sub("0" * 40, hex_object.removeprefix("0x")))


def _metadata_range(code: bytes) -> tuple[int, int] | None:
    if len(code) < 2:
        return None
    length = int.from_bytes(code[-2:], "big")
    return (len(code) - 2 - length, len(code)) if length + 2 <= len(code) else None


def apply_mask(code: bytes, mask: Iterable[tuple[int, int]]) -> bytes:
    """`code` with the byte ranges `[start, end)` of `mask` set to zero."""
    masked = bytearray(code)
    for start, end in mask:
        masked[start:end] = bytes(end - start)
    return bytes(masked)


def _mask_ranges(code: bytes, bytecode: Mapping[str, Any]) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    for refs in bytecode.get("immutableReferences", {}).values():
        ranges.extend((ref["start"], ref["start"] + ref["length"]) for ref in refs)
    for libraries in bytecode.get("linkReferences", {}).values():
        for refs in libraries.values():
            ranges.extend((ref["start"], ref["start"] + ref["length"]) for ref in refs)
    if (metadata := _metadata_range(code)) is not None:
        ranges.append(metadata)
    return tuple(sorted(ranges))


class CompiledProject:
    """The code maps of every compiled contract and the executable lines of the counted files."""

    def __init__(self, compact: Mapping[str, Any], root: Path) -> None:
        counted_ids = {
            source_id: path for path, source_id in compact["sourceIds"].items() if is_counted(path)
        }
        starts = {path: line_starts((root / path).read_bytes()) for path in counted_ids.values()}
        spans = {
            (compact["sourceIds"][path], s, length)
            for path, path_spans in compact["contractSpans"].items()
            for s, length in path_spans
        }
        self.files: list[str] = sorted(counted_ids.values())
        self.executable: dict[str, set[int]] = {path: set() for path in self.files}
        self.maps: dict[str, list[CodeMap]] = {RUNTIME: [], CREATION: []}
        self.creation_of: dict[str, CodeMap] = {}
        self._runtime_by_size: dict[int, list[CodeMap]] = {}
        for contract in compact["contracts"]:
            name = f"{contract['path']}:{contract['name']}"
            for kind in (CREATION, RUNTIME):
                bytecode = contract[kind]
                code = _decode_object(bytecode["object"])
                entries = decompress_source_map(bytecode["sourceMap"])
                pcs = instruction_starts(code)[: len(entries)]
                lines: dict[int, tuple[str, int]] = {}
                for pc, entry in zip(pcs, entries, strict=False):
                    path = counted_ids.get(entry.source_id)
                    if path is None or entry.start < 0 or code[pc] in _GLUE_OPCODES:
                        continue
                    if (entry.source_id, entry.start, entry.length) in spans:
                        continue  # the whole contract: dispatcher and other shared code
                    lines[pc] = (path, line_of(entry.start, starts[path]))
                mask = _mask_ranges(code, bytecode) if kind == RUNTIME else ()
                code_map = CodeMap(
                    contract=name,
                    kind=kind,
                    opcodes={pc: code[pc] for pc in pcs},
                    lines=lines,
                    size=len(code),
                    masked=apply_mask(code, mask),
                    mask=mask,
                )
                self.maps[kind].append(code_map)
                for path, line in lines.values():
                    self.executable[path].add(line)
            self.creation_of[name] = self.maps[CREATION][-1]
            runtime = self.maps[RUNTIME][-1]
            self._runtime_by_size.setdefault(runtime.size, []).append(runtime)

    def match_runtime(self, code: bytes) -> CodeMap | None:
        """The compiled runtime bytecode equal to deployed `code` up to immutables and metadata."""
        for candidate in self._runtime_by_size.get(len(code), []):
            if apply_mask(code, candidate.mask) == candidate.masked:
                return candidate
        return None

    def fingerprint(self, ops: Mapping[int, str], kind: str) -> CodeMap | None:
        """The only code map of `kind` whose instruction at every executed pc has that name."""
        found: CodeMap | None = None
        for candidate in self.maps[kind]:
            opcodes = candidate.opcodes
            if all(_op_matches(opcodes.get(pc), name) for pc, name in ops.items()):
                if found is not None:
                    return None  # ambiguous
                found = candidate
        return found


def _op_matches(opcode: int | None, name: str) -> bool:
    if opcode is None:
        return False
    names = _OPCODE_NAMES.get(opcode)
    return names is None or name in names


# ---------------------------------------------------------------------------------- traces


@dataclass
class Frame:
    """The steps one call frame executed: `ops` maps each executed pc to its opcode name."""

    address: str | None
    creation: bool
    ops: dict[int, str] = field(default_factory=dict)
    created: str | None = None


def split_frames(struct_logs: Iterable[Mapping[str, Any]], top: Frame) -> list[Frame]:
    """Splits struct logs into call frames (children before their parents).

    A depth increase enters the frame announced by the preceding CALL-like or CREATE-like step;
    a call into an account without code (or a precompile) never increases the depth. A creation
    frame learns its address from the stack top of the parent's next step.
    """
    finished: list[Frame] = []
    frames = [top]
    entering: Frame | None = None
    for step in struct_logs:
        depth: int = step["depth"]
        if depth > len(frames):
            frames.append(entering or Frame(address=None, creation=False))
            while depth > len(frames):
                frames.append(Frame(address=None, creation=False))
        elif depth < len(frames):
            while depth < len(frames):
                done = frames.pop()
                stack = step.get("stack")
                if done.creation and stack:
                    done.created = address_of_word(stack[-1])
                finished.append(done)
        entering = None
        op: str = step["op"]
        frames[-1].ops[step["pc"]] = op
        if op in _CALL_OPS:
            entering = Frame(address=address_of_word(step["stack"][-2]), creation=False)
        elif op in _CREATE_OPS:
            entering = Frame(address=None, creation=True)
    finished.extend(reversed(frames))
    return finished


MakeRequest = Callable[[Any, Any, Any], Any]


class RpcTracer:
    """Traces the JSON-RPC requests of web3's HTTP providers and collects the covered lines.

    ape-foundry creates a new web3 `HTTPProvider` whenever its connection is checked, so the
    tracer wraps `HTTPProvider.make_request` on the class; its own requests go to the same
    provider object through the unwrapped method.
    """

    def __init__(self, project: CompiledProject) -> None:
        self.project = project
        self.covered: set[tuple[str, int]] = set()
        self.stats: Counter[str] = Counter()
        self.tracing_sec = 0.0
        self._original: MakeRequest | None = None
        self._provider: Any = None
        self._code_caches: dict[str, dict[str, CodeMap | None]] = {}
        self._code_cache: dict[str, CodeMap | None] = {}
        self._busy = False
        self.paused = False

    def install(self) -> None:
        """Wraps `web3.HTTPProvider.make_request` until `uninstall`."""
        from web3 import HTTPProvider

        if self._original is not None:
            return
        original: MakeRequest = HTTPProvider.make_request
        tracer = self

        def make_request(provider: Any, method: Any, params: Any) -> Any:
            response = original(provider, method, params)
            if not tracer._busy and not tracer.paused:
                tracer._busy = True
                started = time.perf_counter()
                try:
                    tracer.observe(provider, str(method), params, response)
                finally:
                    tracer._busy = False
                    tracer.tracing_sec += time.perf_counter() - started
            return response

        HTTPProvider.make_request = make_request  # type: ignore[method-assign]
        self._original = original

    def uninstall(self) -> None:
        """Restores `web3.HTTPProvider.make_request`."""
        from web3 import HTTPProvider

        if self._original is not None:
            HTTPProvider.make_request = self._original  # type: ignore[method-assign]
            self._original = None

    def observe(self, provider: Any, method: str, params: Any, response: Any) -> None:
        """Traces what `method` executed on `provider`'s node; a failed trace is only counted."""
        if method not in _SENDS and method not in _CALLS and method not in _CODE_CHANGES:
            return
        self._provider = provider
        endpoint = str(getattr(provider, "endpoint_uri", ""))
        self._code_cache = self._code_caches.setdefault(endpoint, {})
        if method in _CODE_CHANGES:
            self._code_cache.clear()
            return
        try:
            if method in _SENDS:
                tx_hash = response.get("result") if isinstance(response, Mapping) else None
                if tx_hash:
                    self.trace_transaction(str(tx_hash))
            else:
                self.trace_call(method, params)
        except (TraceFailedError, OSError, ValueError, KeyError, TypeError, IndexError) as err:
            self.stats["failed traces"] += 1
            log.warning("contract coverage: a %s was not traced: %s", method, err)

    def trace_transaction(self, tx_hash: str) -> None:
        """Replays a sent transaction with `debug_traceTransaction` and records its lines."""
        tx = self._wait_mined(tx_hash)
        if tx.get("to"):
            top = Frame(address=str(tx["to"]).lower(), creation=False)
        else:
            receipt = self._rpc("eth_getTransactionReceipt", [tx_hash]) or {}
            created = receipt.get("contractAddress")
            top = Frame(address=None, creation=True, created=created and str(created).lower())
        trace = self._rpc("debug_traceTransaction", [tx_hash, TRACE_OPTIONS])
        self.stats["transactions"] += 1
        self.record(trace["structLogs"], top)

    def trace_call(self, method: str, params: Sequence[Any]) -> None:
        """Runs `debug_traceCall` with the call object, block and overrides of `params`."""
        call: Mapping[str, Any] = params[0]
        block = params[1] if len(params) > 1 and params[1] is not None else "latest"
        options: dict[str, Any] = dict(TRACE_OPTIONS)
        if len(params) > 2 and params[2]:
            options["stateOverrides"] = params[2]
        to = call.get("to")
        top = Frame(address=str(to).lower() if to else None, creation=not to)
        trace = self._rpc("debug_traceCall", [call, block, options])
        self.stats["calls" if method == "eth_call" else "gas estimates"] += 1
        self.record(trace["structLogs"], top)

    def record(self, struct_logs: Iterable[Mapping[str, Any]], top: Frame) -> None:
        """Adds the lines the frames of `struct_logs` executed to `covered`."""
        covered = self.covered
        for frame in split_frames(struct_logs, top):
            if not frame.ops:
                continue  # a plain transfer to an account without code
            code_map = self._resolve(frame)
            if code_map is None:
                continue
            lines = code_map.lines
            covered.update(lines[pc] for pc in frame.ops if pc in lines)

    def _resolve(self, frame: Frame) -> CodeMap | None:
        project = self.project
        if frame.creation:
            if frame.created and frame.created != _ZERO_ADDRESS:
                runtime = self._runtime_at(frame.created)
                if runtime is not None:
                    return project.creation_of[runtime.contract]
            code_map = project.fingerprint(frame.ops, CREATION)
        elif frame.address is None:
            code_map = project.fingerprint(frame.ops, RUNTIME)
        else:
            code_map = self._runtime_at(frame.address)
            if code_map is None and frame.address not in self._code_cache:
                # No code on chain yet: created earlier in this call, so match by the steps.
                code_map = project.fingerprint(frame.ops, RUNTIME)
        if code_map is None:
            self.stats["frames outside the project"] += 1
        return code_map

    def _runtime_at(self, address: str) -> CodeMap | None:
        if address in self._code_cache:
            return self._code_cache[address]
        code = bytes.fromhex(str(self._rpc("eth_getCode", [address, "latest"]))[2:])
        if not code:
            return None  # not cached: a contract may still be deployed there
        code_map = self.project.match_runtime(code)
        self._code_cache[address] = code_map
        return code_map

    def _wait_mined(self, tx_hash: str) -> Mapping[str, Any]:
        deadline = time.monotonic() + RECEIPT_WAIT_SEC
        while True:
            tx = self._rpc("eth_getTransactionByHash", [tx_hash])
            if tx and tx.get("blockNumber") is not None:
                return dict(tx)
            if time.monotonic() > deadline:
                raise TraceFailedError("eth_getTransactionByHash", f"{tx_hash} not mined")
            time.sleep(0.01)

    def _rpc(self, method: str, params: list[Any]) -> Any:
        if self._original is None or self._provider is None:
            raise TraceFailedError(method, "the tracer is not installed")
        response = self._original(self._provider, method, params)
        if "error" in response:
            raise TraceFailedError(method, response["error"])
        return response.get("result")


# ---------------------------------------------------------------------------------- report


def build_report(
    project: CompiledProject, covered: Iterable[tuple[str, int]], minimum: float | None
) -> dict[str, Any]:
    """The JSON report: per counted file its executable, covered and missed lines, and the total."""
    hit: dict[str, set[int]] = {path: set() for path in project.files}
    for path, line in covered:
        if path in hit:
            hit[path].add(line)
    files: dict[str, Any] = {}
    total_lines = total_covered = 0
    for path in project.files:
        executable = project.executable[path]
        covered_lines = hit[path] & executable
        total_lines += len(executable)
        total_covered += len(covered_lines)
        files[path] = {
            "lines": len(executable),
            "covered": len(covered_lines),
            "percent": _percent(len(covered_lines), len(executable)),
            "executable_lines": sorted(executable),
            "covered_lines": sorted(covered_lines),
            "missed_lines": sorted(executable - covered_lines),
        }
    return {
        "files": files,
        "total": {
            "lines": total_lines,
            "covered": total_covered,
            "percent": _percent(total_covered, total_lines),
        },
        "minimum": minimum,
    }


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 100.0


def report_lines(report: Mapping[str, Any]) -> list[str]:
    """The terminal table of `report`: lines, covered, percent and missed lines per file."""
    width = max([len(p) for p in report["files"]] + [len("TOTAL")])
    lines = [f"{'File':<{width}}  {'Lines':>5}  {'Cover':>5}  {'Percent':>7}  Missed lines"]
    for path, data in report["files"].items():
        missed = format_line_ranges(data["missed_lines"])
        lines.append(
            f"{path:<{width}}  {data['lines']:>5}  {data['covered']:>5}  "
            f"{data['percent']:>6.2f}%  {missed}"
        )
    total = report["total"]
    lines.append(
        f"{'TOTAL':<{width}}  {total['lines']:>5}  {total['covered']:>5}  {total['percent']:>6.2f}%"
    )
    return lines


# ----------------------------------------------------------------------------- pytest plugin


def pytest_addoption(parser: pytest.Parser) -> None:
    """Adds --contract-coverage and --contract-coverage-min."""
    group = parser.getgroup("contract-coverage", "Solidity line coverage of contracts/")
    group.addoption(
        "--contract-coverage",
        action="store_true",
        help=f"Trace the node's transactions and calls and write {REPORT_PATH}.",
    )
    group.addoption(
        "--contract-coverage-min",
        type=float,
        default=None,
        metavar="PERCENT",
        help="Fail the session below this line coverage of contracts/ (implies the above).",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Registers the coverage plugin when one of its options is given."""
    enabled = config.getoption("contract_coverage") or (
        config.getoption("contract_coverage_min") is not None
    )
    if enabled:
        config.pluginmanager.register(ContractCoveragePlugin(config), "rantai-contract-coverage")


def is_xdist_worker(config: pytest.Config) -> bool:
    """Whether this process is a pytest-xdist worker (it runs tests and traces them)."""
    return hasattr(config, "workerinput")


def is_xdist_controller(config: pytest.Config) -> bool:
    """Whether this process hands the tests to pytest-xdist workers and runs none itself."""
    if is_xdist_worker(config):
        return False
    workers = getattr(config.option, "numprocesses", None)
    return bool(workers) and getattr(config.option, "dist", "no") != "no"


class ContractCoveragePlugin:
    """The pytest hooks: compile and hook web3 at start-up, report at the end of the session.

    Without pytest-xdist one process traces and reports. Under pytest-xdist each worker traces
    and hands its lines to the controller, which reports.
    """

    def __init__(self, config: pytest.Config) -> None:
        self.root = config.rootpath
        self.minimum: float | None = config.getoption("contract_coverage_min")
        self.worker = is_xdist_worker(config)
        self.controller = is_xdist_controller(config)
        try:
            # In the controller this also fills the compile cache before the workers start.
            project = CompiledProject(compile_project(self.root), self.root)
        except CoverageSetupError as err:
            raise pytest.UsageError(str(err)) from err
        self.tracer = RpcTracer(project)
        if not self.controller:
            self.tracer.install()
        self.workers_reported = 0
        self.report: dict[str, Any] | None = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """Controller: merges the covered lines and counters of a worker that finished."""
        output = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY)
        if output is None:
            return
        self.workers_reported += 1
        self.tracer.covered.update((str(path), int(line)) for path, line in output["covered"])
        self.tracer.stats.update({str(k): int(v) for k, v in output["stats"].items()})
        self.tracer.tracing_sec += float(output["seconds"])

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        """Pauses tracing for the setup, call and teardown of a test marked `no_contract_trace`."""
        self.tracer.paused = item.get_closest_marker(NO_TRACE_MARKER) is not None
        try:
            yield
        finally:
            self.tracer.paused = False

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Unwraps web3's HTTP provider."""
        self.tracer.uninstall()

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Writes the report; fails a passing session whose coverage is below the minimum."""
        if session.config.option.collectonly or session.testscollected == 0:
            return
        if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR):
            return
        if self.worker:
            session.config.workeroutput[WORKER_OUTPUT_KEY] = {  # type: ignore[attr-defined]
                "covered": sorted(self.tracer.covered),
                "stats": dict(self.tracer.stats),
                "seconds": self.tracer.tracing_sec,
            }
            return
        self.report = build_report(self.tracer.project, self.tracer.covered, self.minimum)
        self.report["traces"] = {
            **self.tracer.stats,
            "seconds": round(self.tracer.tracing_sec, 2),
        }
        path = self.root / REPORT_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.report, indent=2) + "\n")
        if self._below_minimum() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def _below_minimum(self) -> bool:
        if self.report is None or self.minimum is None:
            return False
        total = self.report["total"]  # compared unrounded: 94.996 % is below 95 %
        return bool(100 * total["covered"] < self.minimum * total["lines"])

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Prints the coverage table and whether the minimum was reached."""
        if self.report is None:
            return
        terminalreporter.section("contract coverage (lines of contracts/)")
        for line in report_lines(self.report):
            terminalreporter.write_line(line)
        stats = ", ".join(f"{n} {what}" for what, n in sorted(self.tracer.stats.items()))
        where = f" by {self.workers_reported} workers" if self.controller else ""
        terminalreporter.write_line(
            f"traced in {self.tracer.tracing_sec:.1f} s{where}: {stats or 'nothing'}; "
            f"report: {REPORT_PATH}"
        )
        if self.minimum is None:
            return
        percent = self.report["total"]["percent"]
        if self._below_minimum():
            terminalreporter.write_line(
                f"FAIL: contract line coverage {percent:.2f} % is below the minimum of "
                f"{self.minimum:g} %",
                red=True,
                bold=True,
            )
        else:
            terminalreporter.write_line(
                f"contract line coverage {percent:.2f} % reaches the minimum of {self.minimum:g} %",
                green=True,
            )
