"""The pure parts of tools/contract_coverage.py: source maps, program counters, lines and frames.

The plugin itself is checked by hand on a real node (see the module docstring):
`pytest -p tools.contract_coverage --contract-coverage tests/contracts/test_registry.py`.
"""

from pathlib import Path
from typing import Any

import pytest

from tools.contract_coverage import (
    CREATION,
    RUNTIME,
    CompiledProject,
    Frame,
    RpcTracer,
    SourceMapEntry,
    address_of_word,
    build_report,
    decompress_source_map,
    format_line_ranges,
    instruction_starts,
    is_counted,
    line_of,
    line_starts,
    solc_settings,
    split_frames,
)

# A one-function contract and hand-assembled code for it:
# pc 0 PUSH1 0x80 | 2 PUSH1 0x40 | 4 MSTORE | 5 JUMPDEST | 6 PUSH1 <immutable> | 8 PUSH1 0
# | 10 SSTORE | 11 STOP | 12.. fake CBOR metadata (3 bytes) and its length 0x0003.
SOURCE = "contract A {\n    function f() external {\n        x = 1;\n    }\n}\n"
CODE = "6080604052" + "5b6001600055" + "00" + "aabbcc0003"
IMMUTABLE_AT = 7


def _spans() -> dict[str, tuple[int, int]]:
    return {
        "contract": (0, len(SOURCE) - 1),
        "function": (SOURCE.index("function"), SOURCE.index("}\n}") + 1 - SOURCE.index("function")),
        "statement": (SOURCE.index("x = 1"), len("x = 1")),
    }


def _source_map() -> str:
    spans = _spans()
    contract = "{}:{}:0:-".format(*spans["contract"])
    function = "{}:{}:0:-".format(*spans["function"])
    statement = "{}:{}:0:-".format(*spans["statement"])
    # PUSH1 PUSH1 MSTORE: the contract; JUMPDEST: the function (glue); PUSH1: the function;
    # PUSH1: an interface file; SSTORE: the statement; STOP: no source.
    return ";".join([contract, "", "", function, function, "0:1:1:-", statement, "-1:-1:-1:-"])


def _compact(*names: str) -> dict[str, Any]:
    contract_span = list(_spans()["contract"])
    bytecode = {"object": CODE, "sourceMap": _source_map(), "linkReferences": {}}
    return {
        "contracts": [
            {
                "path": "contracts/A.sol",
                "name": name,
                CREATION: bytecode,
                RUNTIME: {
                    **bytecode,
                    "immutableReferences": {"3": [{"start": IMMUTABLE_AT, "length": 1}]},
                },
            }
            for name in names
        ],
        "sourceIds": {"contracts/A.sol": 0, "contracts/interfaces/IA.sol": 1},
        "contractSpans": {"contracts/A.sol": [contract_span]},
    }


@pytest.fixture
def source_root(tmp_path: Path) -> Path:
    (tmp_path / "contracts" / "interfaces").mkdir(parents=True)
    (tmp_path / "contracts" / "A.sol").write_text(SOURCE)
    (tmp_path / "contracts" / "interfaces" / "IA.sol").write_text("interface IA {}\n")
    return tmp_path


# ------------------------------------------------------------------------------ source maps


def test_decompress_source_map_repeats_empty_and_missing_fields_of_the_previous_entry() -> None:
    entries = decompress_source_map("1:2:0:-;:3;;4::1:i;5:6:2:o:1;:::-")

    assert entries == [
        SourceMapEntry(1, 2, 0, "-"),
        SourceMapEntry(1, 3, 0, "-"),
        SourceMapEntry(1, 3, 0, "-"),
        SourceMapEntry(4, 3, 1, "i"),
        SourceMapEntry(5, 6, 2, "o"),
        SourceMapEntry(5, 6, 2, "-"),
    ]


def test_decompress_source_map_keeps_negative_offsets_and_ids_of_generated_code() -> None:
    assert decompress_source_map("-1:-1:-1:-;10:2:0") == [
        SourceMapEntry(-1, -1, -1, "-"),
        SourceMapEntry(10, 2, 0, "-"),
    ]


def test_decompress_source_map_of_an_empty_map_is_empty() -> None:
    assert decompress_source_map("") == []


# ------------------------------------------------------------------------- program counters


def test_instruction_starts_skip_the_immediate_bytes_of_push1_to_push32() -> None:
    code = bytes.fromhex("6080" + "61ffff" + "7f" + "60" * 32 + "01" + "5f" + "00")

    assert instruction_starts(code) == [0, 2, 5, 38, 39, 40]


def test_instruction_starts_treat_push_opcodes_inside_immediates_as_data() -> None:
    code = bytes.fromhex("62606060" + "56")  # PUSH3 0x606060, JUMP

    assert instruction_starts(code) == [0, 4]


def test_instruction_starts_stop_at_a_push_truncated_by_the_end_of_the_code() -> None:
    assert instruction_starts(bytes.fromhex("0063aabb")) == [0, 1]


# ------------------------------------------------------------------------------------ lines


def test_line_of_maps_byte_offsets_to_one_based_lines() -> None:
    starts = line_starts(b"ab\ncd\n\nef")

    assert starts == [0, 3, 6, 7]
    assert [line_of(offset, starts) for offset in (0, 2, 3, 5, 6, 7, 8)] == [1, 1, 2, 2, 3, 4, 4]


def test_line_of_counts_utf8_bytes_not_characters() -> None:
    source = "// Rp 1 juta — café\nuint x;\n".encode()

    assert line_of(source.index(b"uint"), line_starts(source)) == 2


def test_format_line_ranges_compacts_consecutive_lines() -> None:
    assert format_line_ranges([9, 3, 4, 5, 12, 13, 3]) == "3-5, 9, 12-13"
    assert format_line_ranges([]) == ""


@pytest.mark.parametrize(
    ("path", "counted"),
    [
        ("contracts/Registry.sol", True),
        ("contracts/lib/Math.sol", True),
        ("contracts/test/MockToken.sol", False),
        ("contracts/interfaces/IRegistry.sol", False),
        ("contracts/.cache/openzeppelin/5.7.0/token/ERC20/ERC20.sol", False),
        ("node_modules/@openzeppelin/contracts/access/AccessControl.sol", False),
    ],
)
def test_is_counted_keeps_contracts_outside_tests_interfaces_and_caches(
    path: str, counted: bool
) -> None:
    assert is_counted(path) is counted


def test_solc_settings_follow_ape_config_and_remap_npm_dependencies(tmp_path: Path) -> None:
    (tmp_path / "ape-config.yaml").write_text(
        "dependencies:\n  - name: openzeppelin\n    npm: '@openzeppelin/contracts'\n"
        "solidity:\n  evm_version: london\n  optimize: true\n  optimization_runs: 200\n"
    )

    settings, remappings = solc_settings(tmp_path)

    assert settings == {"optimizer": {"enabled": True, "runs": 200}, "evmVersion": "london"}
    assert remappings == ["@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/"]


# -------------------------------------------------------------------------------- code maps


def test_code_map_points_pcs_to_lines_without_contract_spans_glue_or_other_files(
    source_root: Path,
) -> None:
    project = CompiledProject(_compact("A"), source_root)
    runtime = project.maps[RUNTIME][0]

    # pc 6 (PUSH1) is the function's first line, pc 10 (SSTORE) the statement's line; the
    # contract-wide prologue, the JUMPDEST, the interface entry and the STOP point nowhere.
    assert runtime.lines == {6: ("contracts/A.sol", 2), 10: ("contracts/A.sol", 3)}
    assert project.files == ["contracts/A.sol"]
    assert project.executable == {"contracts/A.sol": {2, 3}}


def test_match_runtime_ignores_immutables_and_metadata_but_not_code(source_root: Path) -> None:
    project = CompiledProject(_compact("A"), source_root)
    deployed = bytearray(bytes.fromhex(CODE))
    deployed[IMMUTABLE_AT] = 0x2A
    deployed[12:15] = b"\x01\x02\x03"

    found = project.match_runtime(bytes(deployed))
    deployed[9] = 0x01  # the slot of SSTORE: real code

    assert found is not None
    assert found.contract == "contracts/A.sol:A"
    assert project.match_runtime(bytes(deployed)) is None
    assert project.match_runtime(bytes.fromhex(CODE)[:-1]) is None


def test_fingerprint_finds_the_only_code_whose_opcodes_fit_the_executed_steps(
    source_root: Path,
) -> None:
    project = CompiledProject(_compact("A"), source_root)
    steps = {0: "PUSH1", 2: "PUSH1", 4: "MSTORE", 5: "JUMPDEST", 10: "SSTORE", 11: "STOP"}

    found = project.fingerprint(steps, CREATION)

    assert found is not None
    assert found.kind == CREATION
    assert project.fingerprint({4: "SLOAD"}, CREATION) is None
    assert project.fingerprint({1: "PUSH1"}, CREATION) is None  # pc 1 is PUSH data


def test_fingerprint_refuses_to_choose_between_identical_codes(source_root: Path) -> None:
    project = CompiledProject(_compact("A", "B"), source_root)

    assert project.fingerprint({0: "PUSH1", 4: "MSTORE"}, RUNTIME) is None


# ---------------------------------------------------------------------------------- frames


def _step(pc: int, op: str, depth: int, stack: list[str] | None = None) -> dict[str, Any]:
    return {"pc": pc, "op": op, "depth": depth, "stack": stack or []}


def test_split_frames_follows_calls_by_depth_and_skips_calls_without_code() -> None:
    callee = "0x" + "bb" * 20
    created = "0x" + "dd" * 20
    logs = [
        _step(0, "PUSH1", 1),
        _step(2, "CALL", 1, ["0x0", "0x0", "0x0", "0x0", "0x0", callee, "0xffff"]),
        _step(0, "PUSH1", 2),
        _step(5, "STOP", 2),
        _step(3, "STATICCALL", 1, ["0x0", "0x0", "0x0", "0x0", "0x1", "0xffff"]),  # precompile
        _step(4, "CREATE", 1, ["0x0", "0x0", "0x0"]),
        _step(0, "PUSH1", 2),
        _step(9, "RETURN", 2),
        _step(5, "POP", 1, ["0x0", "0x" + "dd" * 20]),
        _step(6, "STOP", 1),
    ]
    top = Frame(address="0x" + "aa" * 20, creation=False)

    frames = split_frames(logs, top)

    assert [(f.address, f.creation, f.created) for f in frames] == [
        (callee, False, None),
        (None, True, created),
        (top.address, False, None),
    ]
    assert frames[0].ops == {0: "PUSH1", 5: "STOP"}
    assert frames[1].ops == {0: "PUSH1", 9: "RETURN"}
    assert sorted(frames[2].ops) == [0, 2, 3, 4, 5, 6]


def test_address_of_word_takes_the_low_160_bits_of_a_stack_word() -> None:
    assert address_of_word("0x" + "ff" * 12 + "12" * 20) == "0x" + "12" * 20
    assert address_of_word("0x1") == "0x" + "00" * 19 + "01"


# ---------------------------------------------------------------------------------- report


def test_build_report_lists_missed_lines_and_percentages(source_root: Path) -> None:
    project = CompiledProject(_compact("A"), source_root)
    covered = [("contracts/A.sol", 3), ("contracts/A.sol", 5), ("contracts/Other.sol", 1)]

    report = build_report(project, covered, minimum=95.0)

    assert report["files"]["contracts/A.sol"] == {
        "lines": 2,
        "covered": 1,
        "percent": 50.0,
        "executable_lines": [2, 3],
        "covered_lines": [3],
        "missed_lines": [2],
    }
    assert report["total"] == {"lines": 2, "covered": 1, "percent": 50.0}
    assert report["minimum"] == 95.0


# ------------------------------------------------------------------------------ the web3 hook


def test_tracer_observes_requests_except_while_paused(
    source_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web3 import HTTPProvider

    def answer(provider: Any, method: Any, params: Any) -> dict[str, Any]:
        return {"jsonrpc": "2.0", "id": 1, "result": "0x1"}

    monkeypatch.setattr(HTTPProvider, "make_request", answer)
    tracer = RpcTracer(CompiledProject(_compact("A"), source_root))
    seen: list[str] = []
    monkeypatch.setattr(tracer, "observe", lambda provider, method, *_: seen.append(method))
    tracer.install()
    try:
        provider = HTTPProvider("http://127.0.0.1:9")
        provider.make_request("eth_call", [])
        tracer.paused = True
        provider.make_request("eth_sendRawTransaction", [])
        tracer.paused = False
        provider.make_request("eth_estimateGas", [])
    finally:
        tracer.uninstall()

    assert seen == ["eth_call", "eth_estimateGas"]
    assert HTTPProvider.make_request is answer
