"""What the `ape run` scripts hand to the Ape-free operations code (py_client/ops/).

Ape's accounts become eth-account keys: a test account gives its key; an `ape accounts` keyfile
is decrypted with ``APE_ACCOUNTS_<alias>_PASSPHRASE`` (automation) or a prompt. Ape's provider
becomes its URL, which py_client connects to as the client does. (`ape run` lists no script
whose name starts with `_`.)
"""

import os
from pathlib import Path
from typing import Any

import click
from ape import accounts, chain
from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import Web3

from py_client.ops.accounts import web3_at

file_option = click.option(
    "--file",
    "file_",
    type=click.Path(path_type=Path),
    default=None,
    help="Deployment file (default deployments/<network>.json).",
)


def connected_web3() -> Web3:
    """A py_client web3 connection to the node Ape is connected to."""
    return web3_at(str(chain.provider.uri))


def deployment_path(file_: Path | None) -> Path:
    """``--file`` or ``deployments/<network>.json``."""
    return file_ or Path("deployments") / f"{chain.provider.network.name}.json"


def key_of(account: Any) -> LocalAccount:
    """The eth-account key of an Ape test account or `ape accounts` keyfile account."""
    private_key = getattr(account, "private_key", None)
    if private_key is not None:
        key: LocalAccount = Account.from_key(str(private_key))
        return key
    passphrase = os.environ.get(f"APE_ACCOUNTS_{account.alias}_PASSPHRASE")
    if passphrase is None:
        passphrase = click.prompt(f"Passphrase of '{account.alias}'", hide_input=True)
    decrypted: LocalAccount = Account.from_key(Account.decrypt(account.keyfile, passphrase))
    return decrypted


def signer_for(address: str) -> LocalAccount:
    """The key of ``address``: a test account, else an `ape accounts` alias."""
    for account in accounts.test_accounts:
        if account.address == address:
            return key_of(account)
    for account in accounts:
        if account.address == address:
            return key_of(account)
    raise click.ClickException(f"no local signer for {address} (import it with `ape accounts`)")
