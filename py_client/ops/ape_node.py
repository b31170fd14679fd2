"""An Ape command run against an anvil started and stopped here (``make demo``, ``make portal``).

Ape's foundry plugin starts anvil itself but gives it a fixed 20 seconds to answer, on a random
port it does not probe first, and sends anvil's output nowhere; one slow start on a busy machine
failed a whole CI run. Here anvil is started by :func:`py_client.ops.localchain.start_anvil`
(a probed free port, several attempts, output kept in a log file) with the same test accounts
Ape would create (mnemonic, derivation path, count and balance from ``ape-config.yaml``'s
``test`` section or Ape's defaults), and Ape connects to it through ``APE_FOUNDRY_HOST``. The node
is stopped when the command ends, however it ends.

Usage::

    python -m py_client.ops.ape_node out/demo/anvil.log -- ape run demo --network <network>
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from py_client.ops.localchain import ROOT, start_anvil

# Ape's defaults for its test accounts (ape.utils.testing), used when ape-config.yaml is silent.
APE_TEST_MNEMONIC = "test test test test test test test test test test test junk"
APE_TEST_HD_PATH = "m/44'/60'/0'/0"
APE_TEST_ACCOUNTS = 10
APE_TEST_BALANCE_WEI = 10_000 * 10**18
ANVIL_CHAIN_ID = 31337


def ape_test_flags(config_file: Path = ROOT / "ape-config.yaml") -> list[str]:
    """The anvil flags that give the node the accounts Ape's ``accounts.test_accounts`` sign for."""
    config: dict[str, Any] = yaml.safe_load(config_file.read_text()) or {}
    test = config.get("test") or {}
    balance_eth = int(test.get("balance", APE_TEST_BALANCE_WEI)) // 10**18
    return [
        "--mnemonic",
        str(test.get("mnemonic", APE_TEST_MNEMONIC)),
        "--derivation-path",
        str(test.get("hd_path", APE_TEST_HD_PATH)),
        "--balance",
        str(balance_eth),
        "--steps-tracing",
    ]


def ape_test_accounts(config_file: Path = ROOT / "ape-config.yaml") -> int:
    """How many test accounts Ape derives (``test.number_of_accounts``)."""
    config: dict[str, Any] = yaml.safe_load(config_file.read_text()) or {}
    return int((config.get("test") or {}).get("number_of_accounts", APE_TEST_ACCOUNTS))


def run(log_file: Path, command: list[str]) -> int:
    """Start anvil, run ``command`` with ``APE_FOUNDRY_HOST`` set to it, stop anvil.

    Returns:
        The command's exit status.

    Raises:
        RuntimeError: anvil did not start (its log names the reason).
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_bytes(b"")
    node = start_anvil(
        log_file,
        chain_id=ANVIL_CHAIN_ID,
        accounts=ape_test_accounts(),
        extra=ape_test_flags(),
    )
    with node:
        env = {**os.environ, "APE_FOUNDRY_HOST": node.url}
        try:
            return subprocess.run(command, env=env, check=False).returncode
        except KeyboardInterrupt:  # Ctrl-C reached the command too; stop the node quietly
            return 130


def main(argv: list[str]) -> int:
    """``LOG_FILE -- COMMAND...``; a one-line error when the arguments or anvil are wrong."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m py_client.ops.ape_node LOG_FILE -- COMMAND...", file=sys.stderr)
        return 2
    try:
        return run(Path(argv[0]), argv[2:])
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
