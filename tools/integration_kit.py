"""Build the language-neutral integration kit (`make kit`): what a third party needs to talk to
Rantai from any language, without this repository's Python code.

Reads Ape's build manifest (`.build/__local__.json`, written by `ape compile`), the Solidity
sources under `contracts/` and OpenZeppelin's npm build artifacts, and writes into `integration/`
(or `--out DIR`):

- `abi/<Contract>.json`: each deployable contract's ABI merged with every error and event it can
  surface through the contracts it calls (found by following the interface types its source
  calls through, transitively: Tendering reverts with the Registry's
  `RegistryUnauthorizedAccount` and the token's `ERC20InsufficientAllowance`);
- `errors.json`: every error by 4-byte selector: name, signature, inputs, the contracts that
  declare it, the deployables that can surface it, and its NatSpec notice;
- `events.json`: every event by topic 0, with the same provenance;
- `types.json`: enums (values in order) and structs (field names and types) keyed as the ABI's
  `internalType` names them (`ITenderAwards.TenderStatus`), parsed from `contracts/interfaces/`;
  and the contracts' constants, evaluated (`Tendering.MIN_REVEAL_PERIOD_SEC` = 3600);
- `kit.json`: the kit's version, compiler, contracts and files;
- `deployments/`: the deployment files in `deployments/` (not `local.json`, a throw-away anvil
  chain), or the ones given by `--deployment`.

`tests/e2e/test_integration_kit.py` fails when the committed `integration/` differs from a fresh
build. Usage: `python tools/integration_kit.py [--check] [--out DIR] [--deployment FILE]`.
"""

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eth_utils.crypto import keccak

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python tools/integration_kit.py`
    sys.path.insert(0, str(ROOT))

from py_client.audit.decoder import abi_type_string  # noqa: E402 (after the path)

MANIFEST = ROOT / ".build" / "__local__.json"
CONTRACTS_DIR = ROOT / "contracts"
OZ_ARTIFACTS = ROOT / "node_modules" / "@openzeppelin" / "contracts" / "build" / "contracts"
DEPLOYMENTS = ROOT / "deployments"
DEFAULT_OUT = ROOT / "integration"
DEPLOYABLES = ("Registry", "RupiahToken", "Tendering", "OrderEscrow", "ShipmentTracking")
# Extensions served at a deployable's address by delegatecall from its fallback (issue 13 item 4:
# OrderEscrow alone would exceed EIP-170): their functions, events and errors are the
# deployable's (as in tools/export_client_abis.py).
EXTENSIONS = {"OrderEscrow": ("OrderAdendum",)}
SCHEMA = 1

Abi = list[dict[str, Any]]
UNITS = {
    "seconds": 1,
    "minutes": 60,
    "hours": 3_600,
    "days": 86_400,
    "weeks": 604_800,
}


class KitError(Exception):
    """The kit cannot be built from what is on disk (not compiled, unparsable source...)."""


# ------------------------------------------------------------------------------ ABI helpers


def signature(item: dict[str, Any]) -> str:
    """`Name(type1,type2)` of an ABI function, error or event."""
    return f"{item['name']}({','.join(abi_type_string(i) for i in item.get('inputs', []))})"


def selector(item: dict[str, Any]) -> str:
    """The 4-byte selector (functions, errors) as 0x hex."""
    return "0x" + keccak(text=signature(item))[:4].hex()


def topic0(item: dict[str, Any]) -> str:
    """The 32-byte topic 0 of an event as 0x hex."""
    return "0x" + keccak(text=signature(item)).hex()


def entry_key(item: dict[str, Any]) -> str:
    """What identifies an ABI entry: kind, signature and, for events, which inputs are indexed."""
    indexed = ""
    if item["type"] == "event":
        indexed = "/" + "".join("1" if i.get("indexed") else "0" for i in item["inputs"])
    return f"{item['type']}:{signature(item)}{indexed}" if "name" in item else item["type"]


# ------------------------------------------------------------------------------ sources


def strip_comments(source: str) -> str:
    """The Solidity source without comments (NatSpec included)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return re.sub(r"//[^\n]*", "", source)


def used_types(source: str) -> set[str]:
    """Interface and contract type names a source calls through (`IRegistry`, `IERC20`...)."""
    code = strip_comments(source)
    code = re.sub(r"^\s*import[^;]*;", "", code, flags=re.M)
    code = re.sub(r'"[^"\n]*"', '""', code)
    declared = set(re.findall(r"\b(?:contract|interface)\s+(\w+)", code))
    return {name for name in re.findall(r"\b(I[A-Z]\w*)\b", code) if name not in declared}


def own_interfaces(source: str, name: str) -> set[str]:
    """The interfaces a contract declares it implements (`contract X is A, IB`)."""
    match = re.search(rf"\bcontract\s+{name}\s+is\s+([^{{]+){{", strip_comments(source))
    return {part.strip() for part in match.group(1).split(",")} if match else set()


def interface_abi(name: str, types: dict[str, Any]) -> Abi:
    """The ABI of an interface: from the manifest, else OpenZeppelin's npm build artifacts."""
    if name in types:
        return list(types[name]["abi"])
    artifact = OZ_ARTIFACTS / f"{name}.json"
    if artifact.is_file():
        return list(json.loads(artifact.read_text())["abi"])
    raise KitError(f"interface {name} is neither compiled nor an OpenZeppelin artifact")


def implementers(interface: Abi, abis: dict[str, Abi]) -> list[str]:
    """The deployables whose functions include every function of `interface`."""
    wanted = {selector(i) for i in interface if i["type"] == "function"}
    if not wanted:
        return []
    return [
        name
        for name, abi in abis.items()
        if wanted <= {selector(i) for i in abi if i["type"] == "function"}
    ]


def call_graph(types: dict[str, Any], sources: dict[str, str]) -> dict[str, set[str]]:
    """Deployable → the other deployables it calls (directly)."""
    abis = {name: deployed_abi(types, name) for name in DEPLOYABLES}
    graph: dict[str, set[str]] = {}
    for name in DEPLOYABLES:
        own = own_interfaces(sources[name], name)
        callees: set[str] = set()
        for interface in sorted(used_types(sources[name]) - own):
            targets = implementers(interface_abi(interface, types), abis)
            if not targets:
                raise KitError(f"{name} calls through {interface}, which no deployable implements")
            callees.update(t for t in targets if t != name)
        graph[name] = callees
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> list[str]:
    """Every deployable a transaction to `start` can enter, `start` first."""
    seen = [start]
    todo = [start]
    while todo:
        for callee in sorted(graph[todo.pop()]):
            if callee not in seen:
                seen.append(callee)
                todo.append(callee)
    return seen


# ------------------------------------------------------------------------------ merged ABIs


def merged_abi(name: str, graph: dict[str, set[str]], abis: dict[str, Abi]) -> Abi:
    """`name`'s ABI plus the errors and events of every contract it can reach."""
    merged = {entry_key(i): i for i in abis[name]}
    for other in reachable(graph, name)[1:]:
        for item in abis[other]:
            if item["type"] in ("error", "event"):
                merged.setdefault(entry_key(item), item)
    return sorted(merged.values(), key=lambda i: (i["type"], i.get("name", ""), entry_key(i)))


def deployed_abi(types: dict[str, Any], name: str) -> Abi:
    """`name`'s ABI plus its extensions' entries (not their constructors), each once."""
    merged = {entry_key(i): i for i in types[name]["abi"]}
    for ext in EXTENSIONS.get(name, ()):
        for item in types[ext]["abi"]:
            if item["type"] != "constructor":
                merged.setdefault(entry_key(item), item)
    return list(merged.values())


def deployed_notices(types: dict[str, Any], name: str, kind: str) -> dict[str, str]:
    """NatSpec of `name` and its extensions (`notices`)."""
    out: dict[str, str] = {}
    for part in (*EXTENSIONS.get(name, ()), name):
        out.update(notices(types[part], kind))
    return out


def notices(contract_type: dict[str, Any], kind: str) -> dict[str, str]:
    """NatSpec of each error or event of a compiled contract, by signature: the `@notice`, else
    the `@dev` text (OpenZeppelin documents its errors with `@dev`)."""
    out: dict[str, str] = {}
    for doc, tag in (("devdoc", "details"), ("userdoc", "notice")):
        for sig, value in contract_type.get(doc, {}).get(kind, {}).items():
            first = value[0] if isinstance(value, list) else value
            if isinstance(first, dict) and tag in first:
                out[sig] = " ".join(str(first[tag]).split())
    return out


def catalogue(
    kind: str, types: dict[str, Any], graph: dict[str, set[str]], abis: dict[str, Abi]
) -> dict[str, dict[str, Any]]:
    """Errors by selector (`kind` "error") or events by topic 0 (`kind` "event")."""
    out: dict[str, dict[str, Any]] = {}
    doc_kind = "errors" if kind == "error" else "events"
    for name in DEPLOYABLES:
        docs = deployed_notices(types, name, doc_kind)
        for item in abis[name]:
            if item["type"] != kind:
                continue
            key = selector(item) if kind == "error" else topic0(item)
            entry = out.setdefault(
                key,
                {
                    "name": item["name"],
                    "signature": signature(item),
                    "inputs": [_param(i) for i in item["inputs"]],
                    "declaredBy": [],
                    "surfacedBy": [],
                    "notice": docs.get(signature(item), ""),
                },
            )
            if name not in entry["declaredBy"]:
                entry["declaredBy"].append(name)
            if not entry["notice"]:
                entry["notice"] = docs.get(signature(item), "")
    for name in DEPLOYABLES:
        for other in reachable(graph, name):
            for item in abis[other]:
                if item["type"] == kind:
                    key = selector(item) if kind == "error" else topic0(item)
                    if name not in out[key]["surfacedBy"]:
                        out[key]["surfacedBy"].append(name)
    for entry in out.values():
        entry["surfacedBy"] = sorted(entry["surfacedBy"], key=DEPLOYABLES.index)
    return dict(sorted(out.items(), key=lambda kv: (kv[1]["name"], kv[0])))


def _param(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": item["name"], "type": abi_type_string(item)}
    if "internalType" in item:
        out["internalType"] = item["internalType"]
    if "indexed" in item:
        out["indexed"] = item["indexed"]
    return out


# ------------------------------------------------------------------------------ types, constants


def parse_types(sources: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Enums and structs of the interfaces, keyed `Interface.Name` as ABI internal types are."""
    enums: dict[str, list[str]] = {}
    structs: dict[str, list[dict[str, str]]] = {}
    for interface, source in sources:
        code = strip_comments(source)
        found_enums = re.findall(r"\benum\s+(\w+)\s*\{([^}]*)\}", code)
        found_structs = re.findall(r"\bstruct\s+(\w+)\s*\{([^}]*)\}", code)
        local = {name for name, _ in found_enums} | {name for name, _ in found_structs}
        for name, body in found_enums:
            enums[f"{interface}.{name}"] = [v.strip() for v in body.split(",") if v.strip()]
        for name, body in found_structs:
            fields = []
            for line in body.split(";"):
                parts = line.split()
                if not parts:
                    continue
                if len(parts) != 2:
                    raise KitError(f"{interface}.{name}: cannot read field {line.strip()!r}")
                kind = parts[0]
                if re.sub(r"(\[\d*\])+$", "", kind) in local:  # `Item[]` → `ITendering.Item[]`
                    kind = f"{interface}.{kind}"
                fields.append({"name": parts[1], "type": kind})
            structs[f"{interface}.{name}"] = fields
    return {"enums": dict(sorted(enums.items())), "structs": dict(sorted(structs.items()))}


CONSTANT = re.compile(
    r"^\s*(?P<type>u?int\d*|bytes\d+)\s+(?P<vis>public|private|internal)\s+constant\s+"
    r"(?P<name>\w+)\s*=\s*(?P<expr>[^;]+);",
    re.M,
)


def evaluate(kind: str, expr: str) -> int | str:
    """The value of a constant's initialiser: numbers with time units and `*`, keccak256 of a
    string, or a string literal of a `bytesN` (right-padded, as 0x hex)."""
    expr = expr.strip()
    literal = re.fullmatch(r'"([^"]*)"', expr)
    hashed = re.fullmatch(r'keccak256\("([^"]*)"\)', expr)
    if hashed:
        return "0x" + keccak(text=hashed.group(1)).hex()
    if literal and kind.startswith("bytes"):
        width = int(kind[len("bytes") :])
        return "0x" + literal.group(1).encode().ljust(width, b"\0").hex()
    value = 1
    for factor in expr.split("*"):
        match = re.fullmatch(r"\s*([0-9_]+)\s*(\w+)?\s*", factor)
        if not match or (match.group(2) and match.group(2) not in UNITS):
            raise KitError(f"cannot evaluate constant expression {expr!r}")
        value *= int(match.group(1).replace("_", "")) * UNITS.get(match.group(2) or "", 1)
    return value


def parse_constants(sources: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every constant of each deployable: type, visibility and value."""
    out: dict[str, dict[str, Any]] = {}
    for name in DEPLOYABLES:
        found = {}
        for m in CONSTANT.finditer(strip_comments(sources[name])):
            found[m.group("name")] = {
                "type": m.group("type"),
                "visibility": m.group("vis"),
                "value": evaluate(m.group("type"), m.group("expr")),
            }
        out[name] = found
    return out


DEFAULT_POLICY = re.compile(r"_set(\w+)\(([^;()]+)\);")


def default_policy(registry_source: str, policy_fields: list[str]) -> dict[str, int]:
    """The policy the Registry's constructor sets, by `IRegistry.Policy` field: the constructor's
    `_setMinTenderPeriod(3 days)` is `minTenderPeriodSec` = 259200."""
    code = strip_comments(registry_source)
    ctor = re.search(r"constructor\s*\([^)]*\)[^{]*\{(.*?)\n    \}", code, re.S)
    if ctor is None:
        raise KitError("Registry.sol: constructor not found")
    out: dict[str, int] = {}
    for setter, expr in DEFAULT_POLICY.findall(ctor.group(1)):
        stem = setter[0].lower() + setter[1:]
        field = next((f for f in policy_fields if f.startswith(stem)), None)
        if field is not None:
            out[field] = int(evaluate("uint256", expr))
    missing = [f for f in policy_fields if f not in out]
    if missing:
        raise KitError(f"Registry.sol: the constructor sets no default for {', '.join(missing)}")
    return out


# ------------------------------------------------------------------------------ the kit


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def build(manifest: dict[str, Any], deployments: list[Path]) -> dict[str, str]:
    """Relative path → text of every file of the kit."""
    types = manifest["contractTypes"]
    missing = [n for n in (*DEPLOYABLES, *EXTENSIONS["OrderEscrow"]) if n not in types]
    if missing:
        raise KitError(f"not compiled: {', '.join(missing)} (run `ape compile`)")
    sources = {name: (CONTRACTS_DIR / f"{name}.sol").read_text() for name in DEPLOYABLES}
    # OrderEscrow's code is also its storage base and its extension's (constants, calls).
    for part in ("OrderEscrowStorage", *EXTENSIONS["OrderEscrow"]):
        sources["OrderEscrow"] += (CONTRACTS_DIR / f"{part}.sol").read_text()
    abis = {name: deployed_abi(types, name) for name in DEPLOYABLES}
    graph = call_graph(types, sources)
    files: dict[str, str] = {}
    for name in DEPLOYABLES:
        files[f"abi/{name}.json"] = dump(merged_abi(name, graph, abis))
    files["errors.json"] = dump(catalogue("error", types, graph, abis))
    files["events.json"] = dump(catalogue("event", types, graph, abis))
    interfaces = sorted((CONTRACTS_DIR / "interfaces").glob("I*.sol"))
    parsed = parse_types((p.stem, p.read_text()) for p in interfaces)
    parsed["constants"] = parse_constants(sources)
    policy_fields = [f["name"] for f in parsed["structs"]["IRegistry.Policy"]]
    parsed["defaultPolicy"] = default_policy(sources["Registry"], policy_fields)
    files["types.json"] = dump(parsed)
    for path in deployments:
        files[f"deployments/{path.name}"] = path.read_text()
    compiler = manifest["compilers"][0]
    files["kit.json"] = dump(
        {
            "schema": SCHEMA,
            "version": project_version(),
            "compiler": {
                "solc": compiler["version"],
                "evmVersion": compiler["settings"].get("evmVersion"),
                "optimizer": compiler["settings"].get("optimizer"),
            },
            "contracts": {
                name: {"abi": f"abi/{name}.json", "calls": reachable(graph, name)[1:]}
                for name in DEPLOYABLES
            },
            "files": {
                "errors": "errors.json",
                "events": "events.json",
                "types": "types.json",
                "deployments": sorted(f"deployments/{p.name}" for p in deployments),
            },
        }
    )
    return dict(sorted(files.items()))


def write(out: Path, files: dict[str, str]) -> list[str]:
    """Write the kit into `out`, removing files a previous build left; the paths written."""
    written = []
    for old in sorted(out.rglob("*.json")) if out.is_dir() else []:
        if old.relative_to(out).as_posix() not in files:
            old.unlink()
    for rel, text in files.items():
        path = out / rel
        if not path.is_file() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            written.append(rel)
    return written


def stale(out: Path, files: dict[str, str]) -> list[str]:
    """What differs between `out` and a fresh build (missing, changed or extra files)."""
    on_disk = (
        {p.relative_to(out).as_posix() for p in out.rglob("*.json")} if out.is_dir() else set()
    )
    changed = [
        rel
        for rel, text in files.items()
        if not (out / rel).is_file() or (out / rel).read_text() != text
    ]
    return sorted(set(changed) | (on_disk - set(files)))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="integration_kit", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="kit folder (integration/)")
    parser.add_argument(
        "--deployment",
        type=Path,
        action="append",
        help="deployment file(s) to include (default: deployments/*.json but local.json)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when --out is stale")
    args = parser.parse_args(argv)
    # local.json describes a throw-away anvil chain (regenerated, not committed): never shipped.
    deployments = args.deployment or sorted(
        p for p in DEPLOYMENTS.glob("*.json") if p.name != "local.json"
    )
    try:
        if not MANIFEST.is_file():
            raise KitError(f"{MANIFEST.relative_to(ROOT)} is missing (run `ape compile`)")
        for path in deployments:
            if not path.is_file():
                raise KitError(f"deployment file {path} does not exist")
        files = build(json.loads(MANIFEST.read_text()), deployments)
    except KitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.check:
        differing = stale(args.out, files)
        for rel in differing:
            print(f"stale: {args.out.name}/{rel} differs from a fresh build (run `make kit`)")
        return 1 if differing else 0
    for rel in write(args.out, files):
        print(f"wrote {args.out.name}/{rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
