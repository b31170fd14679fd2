"""The offline toolchain: the solc-js wrapper as py-solc-x, Ape and slither call it.

These tests run the real wrapper (tools/solc/solc) and real `ape compile` / `slither` processes.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import solcx
import yaml
from packaging.version import Version
from solcx.exceptions import UnknownOption

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / "tools" / "solc" / "solc"
PACKAGE = json.loads((ROOT / "package.json").read_text())
SOLC_VERSION = PACKAGE["dependencies"]["solc"]
OZ_VERSION = PACKAGE["dependencies"]["@openzeppelin/contracts"]
OZ_DIR = ROOT / "node_modules" / "@openzeppelin" / "contracts"
BIN_DIR = Path(sys.executable).parent
PUSH0 = 0x5F
OZ_IMPORT = (
    "pragma solidity 0.8.28;\n"
    'import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";\n'
)
REENTRANT_VAULT = """pragma solidity 0.8.28;
contract Vault {
    mapping(address => uint256) public balance;
    function withdraw() external {
        (bool ok, ) = msg.sender.call{value: balance[msg.sender]}("");
        require(ok);
        balance[msg.sender] = 0;
    }
}
"""


def run_wrapper(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WRAPPER), *args], input=stdin, capture_output=True, text=True, cwd=cwd, check=False
    )


def standard_input(sources: dict[str, str]) -> str:
    return json.dumps(
        {
            "language": "Solidity",
            "sources": {name: {"content": text} for name, text in sources.items()},
            "settings": {"outputSelection": {"*": {"*": ["abi"]}}},
        }
    )


def errors_of(output: str) -> list[str]:
    return [
        e["formattedMessage"]
        for e in json.loads(output).get("errors", [])
        if e["severity"] == "error"
    ]


def offline_env(tmp_path: Path) -> dict[str, str]:
    """The project's toolchain environment, with every HTTP(S) download routed to a dead port."""
    env = dict(os.environ)
    env.update(
        SOLCX_BINARY_PATH=str(ROOT / ".solcx"),
        PATH=f"{WRAPPER.parent}:{ROOT / 'node_modules' / '.bin'}:{BIN_DIR}:{env['PATH']}",
        APE_DATA_FOLDER=str(tmp_path / "ape-data"),
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        NO_PROXY="",
        no_proxy="",
    )
    return env


def make_ape_project(tmp_path: Path, sources: dict[str, str]) -> Path:
    project = tmp_path / "proj"
    (project / "contracts").mkdir(parents=True)
    for name, text in sources.items():
        (project / "contracts" / name).write_text(text)
    config = {
        "name": "toolchain-check",
        "dependencies": [
            {
                "name": "openzeppelin",
                "npm": str(OZ_DIR),
                "version": OZ_VERSION,
                "config_override": {"contracts_folder": "."},
            }
        ],
        "solidity": {
            "version": SOLC_VERSION,
            "evm_version": "london",
            "import_remapping": [f"@openzeppelin/contracts=openzeppelin/{OZ_VERSION}"],
        },
    }
    (project / "ape-config.yaml").write_text(yaml.safe_dump(config))
    return project


def ape_compile(project: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN_DIR / "ape"), "compile", "--force"],
        cwd=project,
        env=offline_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def opcodes_outside_push_data(code: bytes) -> list[int]:
    """Opcodes of EVM code, skipping PUSH immediates and the trailing CBOR metadata."""
    metadata_length = int.from_bytes(code[-2:], "big") + 2
    body = code[:-metadata_length]
    ops, i = [], 0
    while i < len(body):
        op = body[i]
        ops.append(op)
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return ops


def test_version_is_native_format_and_parses_with_py_solc_x() -> None:
    result = run_wrapper("--version")
    assert result.returncode == 0
    assert re.search(r"^Version: \d+\.\d+\.\d+\+commit\.[0-9a-f]{8}", result.stdout, re.M)
    assert solcx.wrapper.get_solc_version(WRAPPER) == Version(SOLC_VERSION)


def test_py_solc_x_finds_the_wrapper_without_download(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLCX_BINARY_PATH", str(ROOT / ".solcx"))
    assert Version(SOLC_VERSION) in solcx.get_installed_solc_versions()
    executable = solcx.install.get_executable(SOLC_VERSION)
    assert executable.resolve() == WRAPPER.resolve()


def test_unsupported_flag_fails_with_one_line_naming_it() -> None:
    result = run_wrapper("--ir-optimized", "x.sol")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "'--ir-optimized'" in lines[0]
    with pytest.raises(UnknownOption, match="--ir-optimized"):
        solcx.wrapper.solc_wrapper(solc_binary=WRAPPER, ir_optimized=True)


def test_standard_json_resolves_base_path_then_include_paths(tmp_path: Path) -> None:
    (tmp_path / "base" / "src").mkdir(parents=True)
    (tmp_path / "lib" / "math").mkdir(parents=True)
    (tmp_path / "base" / "src" / "Local.sol").write_text("pragma solidity *; library Local {}")
    (tmp_path / "lib" / "math" / "Lib.sol").write_text("pragma solidity *; library Lib {}")
    main = 'pragma solidity *; import "./Local.sol"; import "math/Lib.sol"; contract M {}'
    result = run_wrapper(
        "--standard-json",
        "--base-path",
        str(tmp_path / "base"),
        "--include-path",
        str(tmp_path / "lib"),
        stdin=standard_input({"src/M.sol": main}),
    )
    assert result.returncode == 0
    assert errors_of(result.stdout) == []
    assert set(json.loads(result.stdout)["contracts"]) == {
        "src/M.sol",
        "src/Local.sol",
        "math/Lib.sol",
    }


def test_standard_json_reads_only_allowed_paths(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "outside").mkdir()
    outside = tmp_path / "outside" / "X.sol"
    outside.write_text("pragma solidity *; library X {}")
    main = f'pragma solidity *; import "{outside}"; contract M {{}}'
    args = ["--standard-json", "--base-path", str(tmp_path / "base")]
    refused = run_wrapper(*args, stdin=standard_input({"M.sol": main}))
    assert any("File outside of allowed directories" in e for e in errors_of(refused.stdout))
    allowed = run_wrapper(
        *args, "--allow-paths", str(tmp_path / "outside"), stdin=standard_input({"M.sol": main})
    )
    assert errors_of(allowed.stdout) == []


def test_standard_json_reports_a_missing_import_as_not_found(tmp_path: Path) -> None:
    main = 'pragma solidity *; import "nowhere/Missing.sol"; contract M {}'
    result = run_wrapper(
        "--standard-json", "--base-path", str(tmp_path), stdin=standard_input({"M.sol": main})
    )
    [error] = errors_of(result.stdout)
    assert "File not found" in error
    assert "M.sol:1:" in error


def test_combined_json_has_the_shape_crytic_compile_reads(tmp_path: Path) -> None:
    source = tmp_path / "Token.sol"
    source.write_text(OZ_IMPORT + 'contract Token is ERC20 { constructor() ERC20("T", "T") {} }\n')
    keys = "abi,ast,bin,bin-runtime,srcmap,srcmap-runtime,userdoc,devdoc,hashes"
    result = run_wrapper(
        f"@openzeppelin/contracts/={OZ_DIR}/",
        "Token.sol",
        "--combined-json",
        keys,
        "--evm-version",
        "london",
        "--optimize",
        "--allow-paths",
        f".,{OZ_DIR}",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    token = output["contracts"]["Token.sol:Token"]
    assert set(token) == set(keys.split(",")) - {"ast"}
    assert token["hashes"]["transfer(address,uint256)"] == "a9059cbb"
    assert isinstance(token["abi"], list)
    assert token["bin-runtime"]
    assert output["sources"]["Token.sol"]["AST"]["nodeType"] == "SourceUnit"
    assert "Token.sol" in output["sourceList"]


def test_combined_json_compile_error_exits_nonzero_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "Bad.sol").write_text("pragma solidity 0.8.28;\ncontract Bad {\n  uint x = ;\n}\n")
    result = run_wrapper("Bad.sol", "--combined-json", "abi", cwd=tmp_path)
    assert result.returncode == 1
    assert "Bad.sol:3:" in result.stderr


def test_ape_compiles_openzeppelin_import_offline_for_london(tmp_path: Path) -> None:
    project = make_ape_project(
        tmp_path,
        {
            "Coin.sol": OZ_IMPORT
            + 'contract Coin is ERC20 { constructor() ERC20("C", "C") { _mint(msg.sender, 1); } }\n'
        },
    )
    result = ape_compile(project, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((project / ".build" / "__local__.json").read_text())
    runtime = manifest["contractTypes"]["Coin"]["deploymentBytecode"]["bytecode"]
    assert PUSH0 not in opcodes_outside_push_data(bytes.fromhex(runtime.removeprefix("0x")))


def test_ape_compile_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    project = make_ape_project(
        tmp_path,
        {"Broken.sol": "pragma solidity 0.8.28;\n\ncontract Broken {\n    function f( {}\n}\n"},
    )
    result = ape_compile(project, tmp_path)
    assert result.returncode != 0
    assert "contracts/Broken.sol:4:" in result.stdout + result.stderr


def test_slither_analyses_through_the_wrapper(tmp_path: Path) -> None:
    source = tmp_path / "Vault.sol"
    source.write_text(REENTRANT_VAULT)
    result = subprocess.run(
        [str(BIN_DIR / "slither"), str(source), "--solc", str(WRAPPER), "--json", "-"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=offline_env(tmp_path),
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["success"], report.get("error")
    found = {d["check"] for d in report["results"]["detectors"]}
    assert "reentrancy-eth" in found


def test_compiler_and_openzeppelin_versions_are_pinned_consistently() -> None:
    config = yaml.safe_load((ROOT / "ape-config.yaml").read_text())
    assert config["solidity"]["version"] == SOLC_VERSION
    assert config["solidity"]["evm_version"] == "london"
    [oz] = config["dependencies"]
    assert oz["version"] == OZ_VERSION
    assert config["solidity"]["import_remapping"] == [
        f"@openzeppelin/contracts=openzeppelin/{OZ_VERSION}"
    ]
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/solc"]["version"] == SOLC_VERSION
    for path in (ROOT / "contracts").glob("*.sol"):
        assert f"pragma solidity {SOLC_VERSION};" in path.read_text(), path.name
