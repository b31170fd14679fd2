"""Who signs the operations' transactions: local keys sent raw through py_client's ``Sender``.

Deploy and bootstrap sign with eth-account keys and send raw transactions (what a Besu node
needs); they take a :class:`~eth_account.signers.local.LocalAccount` or anything that carries
its key as ``private_key`` (Ape's test accounts do, so ``scripts/`` and the tests pass them as
they are). The gas mode comes from ``RANTAI_GAS_MODE`` as for the client: ``free`` (Besu with
``min-gas-price=0``) sends legacy transactions at gas price 0, ``auto`` (the default) asks the
node.

Example::

    >>> from eth_account import Account
    >>> local_account(Account.from_key("0x" + "11" * 32)).address[:6]
    '0x19E7'
"""

import os
from collections.abc import Mapping
from typing import Any, cast

from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import Web3

from py_client.chain import Chain
from py_client.errors import ConfigError
from py_client.reverts import decode_revert
from py_client.sender import Sender
from py_client.settings import GAS_MODES, GasMode, Settings

GAS_MODE_VARIABLE = "RANTAI_GAS_MODE"
TX_TIMEOUT_S = 120.0


def gas_mode(environ: Mapping[str, str] | None = None) -> GasMode:
    """The gas mode ``RANTAI_GAS_MODE`` names (``auto`` when unset).

    Raises:
        ConfigError: The variable names no gas mode.
    """
    values = os.environ if environ is None else environ
    mode = values.get(GAS_MODE_VARIABLE, "").strip().lower() or "auto"
    if mode not in GAS_MODES:
        raise ConfigError(f"{GAS_MODE_VARIABLE} must be one of {', '.join(GAS_MODES)}: {mode!r}")
    return cast(GasMode, mode)


def local_account(signer: Any) -> LocalAccount:
    """``signer`` as an eth-account key: a LocalAccount, or an object with ``private_key``."""
    if isinstance(signer, LocalAccount):
        return signer
    account: LocalAccount = Account.from_key(str(signer.private_key))
    return account


def connected(w3: Web3) -> Chain:
    """py_client's view of the chain ``w3`` is connected to."""
    return Chain(w3, int(w3.eth.chain_id))


def web3_at(rpc_url: str) -> Web3:
    """A web3 connection to ``rpc_url`` as the client makes it (Besu's long ``extraData``,
    authentication headers from the environment).

    Raises:
        ConfigError: The node cannot be reached.
    """
    return Chain.connect(Settings(rpc_url=rpc_url)).w3


def sender(chain: Chain, signer: Any) -> Sender:
    """A Sender for ``signer`` on ``chain`` in the environment's gas mode (raw transactions);
    ``signer`` itself when it is one (its local nonce stays right)."""
    if isinstance(signer, Sender):
        return signer
    return Sender(
        chain, local_account(signer), decode_revert, gas_mode=gas_mode(), timeout_s=TX_TIMEOUT_S
    )


__all__ = ["GAS_MODE_VARIABLE", "connected", "gas_mode", "local_account", "sender", "web3_at"]
