"""Sending transactions: local nonces, local signing, raw sends, patient receipts, typed reverts.

The client never calls ``eth_sendTransaction``: each transaction is estimated (a revert there is
decoded into its typed exception and nothing is sent), signed with the local key and sent with
``eth_sendRawTransaction``. While waiting for the receipt the same signed bytes are re-broadcast
every ``rebroadcast_after_s`` seconds (a node that dropped the transaction gets it again; the
hash cannot change, so nothing is ever sent twice).

Example::

    >>> sender = Sender(chain, account, errors)  # doctest: +SKIP
    >>> receipt = sender.transact(token.functions.approve(escrow, 1_000))  # doctest: +SKIP
"""

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, cast

from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from web3.contract.contract import ContractFunction
from web3.exceptions import ContractLogicError, TransactionNotFound, Web3RPCError
from web3.types import Nonce, TxParams, TxReceipt

from py_client.chain import Chain
from py_client.errors import (
    RantaiError,
    TransactionRejected,
    TransactionReverted,
    TransactionTimeout,
)
from py_client.settings import GasMode

log = logging.getLogger(__name__)

GAS_MARGIN_PERCENT = 20
POLL_INTERVAL_S = 0.05
MAX_POLL_INTERVAL_S = 1.0
_ALREADY_KNOWN = ("already known", "known transaction", "nonce too low", "already imported")

ErrorDecoder = Callable[[str], RantaiError]


class Sender:
    """Signs and sends one account's transactions in nonce order (thread-safe)."""

    def __init__(
        self,
        chain: Chain,
        account: LocalAccount,
        decode_error: ErrorDecoder,
        gas_mode: GasMode = "auto",
        timeout_s: float = 120.0,
        rebroadcast_after_s: float = 15.0,
    ) -> None:
        self.chain = chain
        self.account = account
        self.decode_error = decode_error
        self.gas_mode: GasMode = gas_mode
        self.timeout_s = timeout_s
        self.rebroadcast_after_s = rebroadcast_after_s
        self._nonce: int | None = None
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        """The sending account's checksummed address."""
        return str(self.account.address)

    def transact(self, call: ContractFunction, gas: int | None = None) -> TxReceipt:
        """Estimate, sign, send and wait for ``call``; return the successful receipt.

        Args:
            call: A bound web3 contract function (``contract.functions.f(args)``).
            gas: A gas limit; estimated (+20 %) when omitted.

        Returns:
            The receipt, with status 1.

        Raises:
            ContractError: The call reverts with a Rantai custom error (the generated subclass).
            TransactionReverted: It reverts otherwise.
            TransactionRejected: The node refused the signed transaction.
            TransactionTimeout: No receipt within the timeout.
        """
        tx: TxParams = {"to": call.address, "data": call._encode_transaction_data()}
        if gas is not None:
            tx["gas"] = gas
        raw, tx_hash = self.send(tx)
        receipt = self.wait(tx_hash, raw)
        if receipt["status"] != 1:
            raise self._revert_reason(tx, receipt)
        return receipt

    def send(self, tx: TxParams) -> tuple[HexBytes, str]:
        """Complete, sign and send ``tx`` without waiting; return the signed bytes and hash.

        Sender, chain id and fee fields are filled in; the gas limit is estimated when ``tx``
        has none (a revert raises its typed exception and nothing is sent). The nonce is the
        next local one, so several transactions can be in flight at once; keep the bytes to
        pass them to :meth:`wait`, which re-broadcasts them when the receipt is late.
        """
        tx = cast(TxParams, {**tx, "from": self.account.address, "chainId": self.chain.chain_id})
        tx.update(self.chain.fee_fields(self.gas_mode))
        if "gas" not in tx:
            tx["gas"] = self.estimate(tx)
        return self._sign_and_send(tx)

    def estimate(self, tx: TxParams) -> int:
        """Estimated gas plus a margin; a revert raises its typed exception (nothing is sent)."""
        try:
            estimate = self.chain.w3.eth.estimate_gas(tx)
        except ContractLogicError as err:
            raise self._decoded(err) from err
        return estimate * (100 + GAS_MARGIN_PERCENT) // 100

    def _sign_and_send(self, tx: TxParams) -> tuple[HexBytes, str]:
        with self._lock:
            if self._nonce is None:
                self._nonce = self.chain.w3.eth.get_transaction_count(
                    self.account.address, "pending"
                )
            tx["nonce"] = Nonce(self._nonce)
            signed = self.account.sign_transaction(cast(dict[str, Any], tx))
            try:
                self.chain.w3.eth.send_raw_transaction(signed.raw_transaction)
            except Web3RPCError as err:
                self._nonce = None  # not consumed: read it from the node next time
                raise TransactionRejected(_rpc_message(err)) from err
            self._nonce += 1
        return HexBytes(signed.raw_transaction), "0x" + signed.hash.hex().removeprefix("0x")

    def wait(self, tx_hash: str, raw: HexBytes | None = None) -> TxReceipt:
        """Wait for the receipt of ``tx_hash``, re-broadcasting ``raw`` when it is late."""
        started = last_sent = time.monotonic()
        interval = POLL_INTERVAL_S
        while True:
            try:
                return self.chain.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
            except TransactionNotFound:
                pass
            now = time.monotonic()
            if now - started >= self.timeout_s:
                raise TransactionTimeout(tx_hash, now - started)
            if raw is not None and now - last_sent >= self.rebroadcast_after_s:
                self._rebroadcast(raw, tx_hash)
                last_sent = now
            time.sleep(interval)
            interval = min(interval * 2, MAX_POLL_INTERVAL_S)

    def _rebroadcast(self, raw: HexBytes, tx_hash: str) -> None:
        log.info("receipt of %s is late; sending the same signed bytes again", tx_hash)
        try:
            self.chain.w3.eth.send_raw_transaction(raw)
        except Web3RPCError as err:
            if not any(text in _rpc_message(err).lower() for text in _ALREADY_KNOWN):
                log.warning("re-broadcast of %s refused: %s", tx_hash, _rpc_message(err))

    def _revert_reason(self, tx: TxParams, receipt: TxReceipt) -> RantaiError:
        """Replay a transaction that reverted on chain to recover its custom error."""
        replay: TxParams = {"from": self.account.address, "to": tx["to"], "data": tx["data"]}
        try:
            self.chain.w3.eth.call(replay, block_identifier=receipt["blockNumber"] - 1)
        except ContractLogicError as err:
            return self._decoded(err)
        return TransactionReverted(f"transaction {receipt['transactionHash'].hex()} reverted")

    def _decoded(self, err: ContractLogicError) -> RantaiError:
        data = err.data
        if isinstance(data, Mapping):
            data = str(data.get("data", ""))
        if isinstance(data, str) and data.startswith("0x") and len(data) >= 10:
            return self.decode_error(data)
        return TransactionReverted(str(err.message or err))


def _rpc_message(err: Web3RPCError) -> str:
    response: Any = getattr(err, "rpc_response", None)
    if isinstance(response, Mapping) and isinstance(response.get("error"), Mapping):
        return str(response["error"].get("message", err))
    return str(err)
