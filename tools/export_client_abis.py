"""Regenerate what py_client ships from the compiled contracts (`make abi`).

Reads Ape's build manifest (`.build/__local__.json`, written by `ape compile`) and writes:
- `py_client/abi/<Contract>.json`: the ABI of each deployable Rantai contract;
- `py_client/contract_errors.py`: one exception class per custom error in those ABIs (Rantai's
  own and the OpenZeppelin errors the contracts can raise), keyed by selector.

`tests/client/test_client_package.py` fails when the shipped files differ from a fresh compile.
Usage: `python tools/export_client_abis.py [--check]`.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

from eth_utils.crypto import keccak

from py_client.audit.decoder import abi_type_string

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".build" / "__local__.json"
ABI_DIR = ROOT / "py_client" / "abi"
ERRORS_MODULE = ROOT / "py_client" / "contract_errors.py"
CONTRACTS = (
    "Registry",
    "RupiahToken",
    "Tendering",
    "OrderEscrow",
    "ShipmentTracking",
    "RantaiTimelock",
)
# Extensions served at a deployable's address by delegatecall from its fallback (issue 13 item 4:
# OrderEscrow alone would exceed EIP-170): the deployable's ABI includes theirs.
EXTENSIONS = {"OrderEscrow": ("OrderAdendum",)}
# The Safe singleton's ABI (built by tools/safe_build.js) for `rantai gov` (issue 15).
SAFE_ABIS = ("SafeL2",)

# Builtin exception mixed in by what the error's name says (STYLE: NotAuthorized is a
# PermissionError); the first matching rule wins.
MIXINS = (
    (
        re.compile(r"Unauthori[sz]ed|NotAuthori[sz]ed|Suspended|NotParty|NotAGrantor|Only"),
        "PermissionError",
    ),
    (re.compile(r"Unknown|NotFound|MissingEncryptionKey"), "LookupError"),
    (
        re.compile(r"Invalid|Mismatch|Zero|Exceed|TooMany|TooFew|Empty|Insufficient|Below|Above"),
        "ValueError",
    ),
)


def snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return f"{name}_" if name in {"id", "hash", "type", "bytes", "min", "max"} else name


def contract_abis(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    types = manifest["contractTypes"]
    missing = [name for name in CONTRACTS if name not in types]
    if missing:
        raise SystemExit(f"not compiled: {', '.join(missing)} (run `ape compile`)")
    missing = [ext for exts in EXTENSIONS.values() for ext in exts if ext not in types]
    if missing:
        raise SystemExit(f"not compiled: {', '.join(missing)} (run `ape compile`)")
    abis = {name: deployed_abi(types, name) for name in CONTRACTS}
    sys.path.insert(0, str(ROOT))
    from py_client.ops.safe import artifact

    for name in SAFE_ABIS:
        abis[name] = artifact(name)["abi"]
    return abis


def deployed_abi(types: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The ABI answered at `name`'s address: its own plus its extensions' functions, events and
    errors (not their constructors), each entry once."""
    abi = list(types[name]["abi"])
    seen = {json.dumps(item, sort_keys=True) for item in abi}
    for ext in EXTENSIONS.get(name, ()):
        for item in types[ext]["abi"]:
            key = json.dumps(item, sort_keys=True)
            if item["type"] != "constructor" and key not in seen:
                seen.add(key)
                abi.append(item)
    return abi


def error_entries(abis: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, dict[str, Any]]]:
    """(selector, contract, abi item) per distinct error, sorted by name."""
    seen: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for contract, abi in abis.items():
        for item in abi:
            if item["type"] != "error":
                continue
            signature = f"{item['name']}({','.join(abi_type_string(i) for i in item['inputs'])})"
            selector = "0x" + keccak(text=signature)[:4].hex()
            seen.setdefault(selector, (selector, contract, item))
    return sorted(seen.values(), key=lambda e: e[2]["name"])


def render_error(selector: str, contract: str, item: dict[str, Any]) -> str:
    name = item["name"]
    names = [str(i["name"]) for i in item["inputs"]]
    types = [abi_type_string(i) for i in item["inputs"]]
    mixin = next((m for pattern, m in MIXINS if pattern.search(name)), None)
    bases = f"ContractError, {mixin}" if mixin else "ContractError"
    lines = [
        f"class {name}({bases}):",
        f'    """`{name}({", ".join(f"{t} {n}" for t, n in zip(types, names, strict=True))})`'
        f' reverted by {contract} or its base contracts."""',
        "",
        f'    contract = "{contract}"',
        f'    signature = "{name}({",".join(types)})"',
        f'    selector = "{selector}"',
        f"    argument_names = ({''.join(repr(n) + ', ' for n in names)})",
        f"    argument_types = ({''.join(repr(t) + ', ' for t in types)})",
    ]
    if names:
        params = ", ".join(f"{snake(n)}: Any" for n in names)
        lines += ["", f"    def __init__(self, {params}) -> None:"]
        lines.append(f"        super().__init__({', '.join(snake(n) for n in names)})")
        lines += [f"        self.{snake(n)} = {snake(n)}" for n in names]
    return "\n".join(lines)


def render_module(entries: list[tuple[str, str, dict[str, Any]]]) -> str:
    header = '''"""Exceptions for the custom errors of the Rantai contracts. GENERATED: do not edit.

Regenerate with `make abi` (tools/export_client_abis.py) after changing a contract. Each class
carries its ABI signature and selector; `BY_SELECTOR` maps a revert's first four bytes to it.
"""

from typing import Any

from py_client.errors import ContractError

'''
    classes = "\n\n\n".join(render_error(*e) for e in entries)
    table = "\n".join(f'    "{sel}": {item["name"]},' for sel, _c, item in entries)
    return (
        header
        + "\n"
        + classes
        + "\n\n\nBY_SELECTOR: dict[str, type[ContractError]] = {\n"
        + table
        + "\n}\n"
    )


def render_abis(abis: dict[str, list[dict[str, Any]]]) -> dict[Path, str]:
    return {
        ABI_DIR / f"{name}.json": json.dumps(abi, indent=1, sort_keys=True) + "\n"
        for name, abi in abis.items()
    }


def main(argv: list[str]) -> int:
    abis = contract_abis(json.loads(MANIFEST.read_text()))
    wanted = render_abis(abis)
    wanted[ERRORS_MODULE] = render_module(error_entries(abis))
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text() != text]
    if "--check" in argv:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} differs from a fresh compile (run `make abi`)")
        return 1 if stale else 0
    ABI_DIR.mkdir(exist_ok=True)
    for path in stale:
        path.write_text(wanted[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
