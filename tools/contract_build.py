"""Keeps Ape's build of `contracts/` whole and current, run after run (docs/testing.md).

Two Ape behaviours made a second `make test` in the same checkout fail:

- In a checkout under the system temporary directory, ape-solidity compiles in place and copies
  the OpenZeppelin sources (507 files) into `contracts/.cache/`. Ape's source scan of the contracts
  folder stops at 500 files, so `contracts/interfaces/` and `contracts/test/` drop out of the
  project on the next run. The copy is only an import-resolution aid, rebuilt on every compile:
  `remove_dependency_cache` deletes it before Ape scans the folder.
- Asked lazily for one contract, Ape compiles only that contract's source but records every
  source as compiled, so a second changed source keeps its old bytecode. `ensure_current`
  compiles every source at once whenever the digest of the sources (and of the compiler
  settings) differs from the one recorded by the last full compile.

`make compile` runs this module; tests/conftest.py calls the same functions when a pytest session
starts, so a plain `pytest` is covered too.

Usage: python tools/contract_build.py [--force] [--check]
"""

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = "contracts"
# ape-solidity's in-place copy of the dependencies (only made in a checkout under $TMPDIR).
DEPENDENCY_CACHE = f"{CONTRACTS}/.cache"
MANIFEST = ".build/__local__.json"
DIGEST_FILE = ".build/.rantai-sources.sha256"
# Besides the sources: compiler version, optimizer and EVM settings, the OpenZeppelin version.
SETTINGS_FILES = ("ape-config.yaml", "package-lock.json")


def source_files(root: Path = ROOT) -> list[Path]:
    """Every `.sol` file of the contracts folder outside hidden directories, sorted."""
    folder = root / CONTRACTS
    return sorted(
        path
        for path in folder.rglob("*.sol")
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def sources_digest(root: Path = ROOT) -> str:
    """SHA-256 over the relative path and content of every source and settings file."""
    digest = hashlib.sha256()
    files = [*source_files(root), *(root / name for name in SETTINGS_FILES)]
    for path in files:
        if not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def remove_dependency_cache(root: Path = ROOT) -> bool:
    """Deletes `contracts/.cache/`; True when there was one."""
    cache = root / DEPENDENCY_CACHE
    if cache.is_symlink() or cache.is_file():
        cache.unlink()
        return True
    if cache.is_dir():
        shutil.rmtree(cache)
        return True
    return False


def is_current(root: Path = ROOT) -> bool:
    """True when the build manifest exists and was made from the sources as they are now."""
    recorded = root / DIGEST_FILE
    if not (root / MANIFEST).is_file() or not recorded.is_file():
        return False
    return recorded.read_text().strip() == sources_digest(root)


def record_digest(root: Path = ROOT) -> None:
    path = root / DIGEST_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sources_digest(root) + "\n")


def compile_all(root: Path = ROOT) -> None:
    """`ape compile --force` in a subprocess: every source in one compiler run."""
    ape = Path(sys.executable).parent / "ape"
    command = [str(ape if ape.exists() else "ape"), "compile", "--force", "-v", "WARNING"]
    subprocess.run(command, cwd=root, check=True)


def ensure_current(root: Path = ROOT, force: bool = False) -> bool:
    """Compiles everything when a source changed since the last full compile; True if it did."""
    remove_dependency_cache(root)
    if not force and is_current(root):
        return False
    compile_all(root)
    remove_dependency_cache(root)
    record_digest(root)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="compile even when current")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a compile is due, compile nothing"
    )
    args = parser.parse_args(argv)
    if args.check:
        current = is_current()
        print("contracts: build is current" if current else "contracts: compile due")
        return 0 if current else 1
    compiled = ensure_current(force=args.force)
    print("contracts: compiled" if compiled else "contracts: build is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
