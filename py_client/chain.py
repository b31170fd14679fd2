"""The connection to a node: web3 with PoA support, a chain-id check, and fee fields per gas mode.

Besu QBFT blocks carry an ``extraData`` longer than 32 bytes, so web3's
``ExtraDataToPOAMiddleware`` is always installed (harmless on other chains).

Example::

    >>> from py_client.settings import Settings
    >>> chain = Chain.connect(Settings(rpc_url="http://127.0.0.1:8545"))  # doctest: +SKIP
    >>> chain.chain_id  # doctest: +SKIP
    31337
"""

import logging
from typing import Any

from web3 import Web3
from web3.middleware import ExtraDataToPOAMiddleware
from web3.types import TxParams

from py_client.errors import ChainIdMismatch, ConfigError
from py_client.rpc_auth import RpcEndpoint
from py_client.settings import GasMode, Settings

log = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 30


class Chain:
    """A checked connection to one chain."""

    def __init__(self, w3: Web3, chain_id: int, endpoint: RpcEndpoint | None = None) -> None:
        self.w3 = w3
        self.chain_id = chain_id
        self.endpoint = endpoint or RpcEndpoint(str(getattr(w3.provider, "endpoint_uri", "")))

    @classmethod
    def connect(cls, settings: Settings) -> "Chain":
        """Connect to ``settings.rpc_url`` and check the chain id before anything is sent.

        Credentials for an authenticated node (``RANTAI_RPC_JWT``, ``user:pass@`` in the URL)
        go into every request's headers (:mod:`py_client.rpc_auth`).

        Raises:
            ConfigError: The node cannot be reached.
            ChainIdMismatch: The node's chain id differs from ``settings.chain_id``.
        """
        endpoint = RpcEndpoint.from_url(settings.rpc_url, settings.rpc_jwt)
        request_kwargs: dict[str, Any] = {"timeout": REQUEST_TIMEOUT_S}
        if endpoint.headers:  # web3 replaces its default headers with these: keep Content-Type
            request_kwargs["headers"] = {"Content-Type": "application/json", **endpoint.headers}
        provider = Web3.HTTPProvider(endpoint.url, request_kwargs=request_kwargs)
        w3 = Web3(provider)
        w3.middleware_onion.inject(ExtraDataToPOAMiddleware, layer=0)
        try:
            actual = w3.eth.chain_id
        except (OSError, ValueError) as err:
            raise ConfigError(f"cannot reach the node at {endpoint.url}: {err}") from err
        if settings.chain_id is not None and settings.chain_id != actual:
            raise ChainIdMismatch(settings.chain_id, actual, "RANTAI_CHAIN_ID")
        log.debug("connected to chain %s at %s", actual, endpoint.url)
        return cls(w3, actual, endpoint)

    def fee_fields(self, gas_mode: GasMode) -> TxParams:
        """The fee fields of a transaction in ``gas_mode``.

        ``free`` sends legacy transactions at gas price 0 (Besu ``min-gas-price=0``); ``legacy``
        uses the node's gas price; ``eip1559`` pays twice the base fee plus the node's priority
        fee; ``auto`` picks ``free`` on a zero-fee chain, ``eip1559`` where blocks have a base
        fee, else ``legacy``.
        """
        if gas_mode == "auto":
            gas_mode = self._detect_gas_mode()
        if gas_mode == "free":
            return {"gasPrice": Web3.to_wei(0, "wei")}
        if gas_mode == "legacy":
            return {"gasPrice": self.w3.eth.gas_price}
        base_fee = int(self.w3.eth.get_block("latest").get("baseFeePerGas", 0))
        priority = self._priority_fee()
        return {
            "maxFeePerGas": Web3.to_wei(2 * base_fee + priority, "wei"),
            "maxPriorityFeePerGas": Web3.to_wei(priority, "wei"),
        }

    def _detect_gas_mode(self) -> GasMode:
        block: Any = self.w3.eth.get_block("latest")
        base_fee = block.get("baseFeePerGas")
        if base_fee is None:
            return "free" if self.w3.eth.gas_price == 0 else "legacy"
        if base_fee == 0 and self._priority_fee() == 0:
            return "free"
        return "eip1559"

    def _priority_fee(self) -> int:
        try:
            return int(self.w3.eth.max_priority_fee)
        except ValueError:
            return 0
