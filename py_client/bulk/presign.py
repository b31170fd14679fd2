"""Signing ahead: transactions signed locally with local nonces, byte-identical to eth-account.

eth-account's ``sign_transaction`` validates and normalises a dictionary on every call, which
makes it the slowest step of a bulk run (about 900 EIP-1559 or 1,400 legacy transactions per
second on these machines). For transactions that differ only in nonce and calldata,
:class:`Presigner` RLP-encodes the fields itself and signs the hash with coincurve (the
optional ``fast`` extra; ``eth_keys`` without it): about 6,000 transactions per second, and
byte-for-byte the bytes eth-account makes (``tests/bulk/test_bulk.py`` checks both paths, legacy and
EIP-1559, against eth-account). Legacy (EIP-155) and EIP-1559 (type 2) transactions are
supported; ``fees`` decides which.

Example::

    >>> from eth_account import Account
    >>> fees = Fees(gas_price=0)  # Besu free gas
    >>> signer = Presigner(Account.from_key("0x" + "11" * 32), chain_id=1945, fees=fees,
    ...                    next_nonce=0)
    >>> tx = signer.sign(TxRequest(to="0x" + "22" * 20, data=b"", gas=21_000))
    >>> tx.nonce, tx.tx_hash.startswith("0x"), signer.next_nonce
    (0, True, 1)
"""

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import rlp  # type: ignore[import-untyped]
from eth_account.signers.local import LocalAccount
from eth_keys.datatypes import PrivateKey
from eth_utils.address import to_canonical_address, to_checksum_address

from py_client.errors import InvalidInput
from py_client.hashing import keccak

LEGACY_V_OFFSET = 35
EIP1559_TYPE = b"\x02"


@dataclass(frozen=True)
class Fees:
    """The fee fields of a run: ``gas_price`` (legacy), or ``max_fee`` and ``max_priority_fee``.

    Build it from :meth:`py_client.chain.Chain.fee_fields` with :meth:`from_fields`.
    """

    gas_price: int | None = None
    max_fee: int | None = None
    max_priority_fee: int | None = None

    def __post_init__(self) -> None:
        legacy = self.gas_price is not None
        dynamic = self.max_fee is not None and self.max_priority_fee is not None
        if legacy == dynamic:
            raise InvalidInput("fees need gas_price, or max_fee and max_priority_fee")

    @property
    def is_legacy(self) -> bool:
        """Whether transactions are legacy (EIP-155) rather than EIP-1559."""
        return self.gas_price is not None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> "Fees":
        """From web3 fee fields: ``gasPrice``, or ``maxFeePerGas`` and ``maxPriorityFeePerGas``."""
        if "gasPrice" in fields:
            return cls(gas_price=int(fields["gasPrice"]))
        return cls(
            max_fee=int(fields["maxFeePerGas"]),
            max_priority_fee=int(fields["maxPriorityFeePerGas"]),
        )


@dataclass(frozen=True)
class TxRequest:
    """What to send: target (``""`` creates a contract), calldata, gas limit and value (wei)."""

    to: str
    data: bytes
    gas: int
    value: int = 0


@dataclass(frozen=True)
class SignedTx:
    """A signed transaction: its sender, nonce, raw bytes and hash (``0x`` hex)."""

    sender: str
    nonce: int
    raw: bytes
    tx_hash: str


class Presigner:
    """Signs transactions of one account with consecutive local nonces (thread-safe).

    Args:
        account: The signing key.
        chain_id: The chain id (EIP-155 replay protection).
        fees: Fee fields shared by every transaction.
        next_nonce: The nonce of the next transaction (e.g. ``eth_getTransactionCount``
            ``pending``).
    """

    def __init__(self, account: LocalAccount, chain_id: int, fees: Fees, next_nonce: int) -> None:
        self.account = account
        self.address = str(to_checksum_address(account.address))
        self.chain_id = chain_id
        self.fees = fees
        self.next_nonce = next_nonce
        self._key = PrivateKey(bytes(account.key))
        self._fast: Any = None
        try:
            import coincurve

            self._fast = coincurve.PrivateKey(bytes(account.key))
        except ImportError:  # coincurve is the optional "fast" extra
            pass
        self._lock = threading.Lock()

    def sign(self, request: TxRequest, nonce: int | None = None) -> SignedTx:
        """Sign ``request`` with the next local nonce (or ``nonce``, leaving the counter alone).

        Raises:
            InvalidInput: A field is negative or the target is not an address.
        """
        if nonce is None:
            with self._lock:
                nonce = self.next_nonce
                self.next_nonce += 1
        return self._sign(request, nonce)

    def _sign(self, request: TxRequest, nonce: int) -> SignedTx:
        if min(nonce, request.gas, request.value) < 0:
            raise InvalidInput("nonce, gas and value must not be negative")
        to = _canonical(request.to) if request.to else b""  # "": contract creation
        fees = self.fees
        if fees.gas_price is not None:
            body = [nonce, fees.gas_price, request.gas, to, request.value, request.data]
            y_parity, r, s = self._sign_hash(keccak(rlp_list([*body, self.chain_id, 0, 0])))
            raw = rlp_list([*body, y_parity + LEGACY_V_OFFSET + 2 * self.chain_id, r, s])
        else:
            payload: list[Any] = [
                self.chain_id,
                nonce,
                fees.max_priority_fee,
                fees.max_fee,
                request.gas,
                to,
                request.value,
                request.data,
                [],
            ]
            y_parity, r, s = self._sign_hash(keccak(EIP1559_TYPE + rlp_list(payload)))
            raw = EIP1559_TYPE + rlp_list([*payload, y_parity, r, s])
        return SignedTx(self.address, nonce, raw, "0x" + keccak(raw).hex())

    def _sign_hash(self, digest: bytes) -> tuple[int, int, int]:
        """(y parity, r, s) of ``digest``: coincurve directly when installed (it skips the
        public-key derivation eth_keys does per signature), else eth_keys."""
        if self._fast is not None:
            signature = self._fast.sign_recoverable(digest, hasher=None)
            return (
                signature[64],
                int.from_bytes(signature[:32], "big"),
                int.from_bytes(signature[32:64], "big"),
            )
        slow = self._key.sign_msg_hash(digest)
        return slow.v, slow.r, slow.s


@lru_cache(maxsize=256)
def _canonical(address: str) -> bytes:
    """The 20 bytes of ``address``, remembered: a run sends to a handful of contracts, and the
    EIP-55 check cost as much as the rest of the RLP encoding."""
    return bytes(to_canonical_address(address))


def rlp_list(items: list[Any]) -> bytes:
    """RLP of a flat list of ``int`` / ``bytes`` (an empty list item encodes as ``0xc0``): the
    only shapes a transaction needs, without pyrlp's type inference per item."""
    body = b"".join(_rlp_item(item) for item in items)
    return _rlp_length(len(body), 0xC0) + body


def _rlp_item(item: Any) -> bytes:
    if isinstance(item, int):
        item = item.to_bytes((item.bit_length() + 7) // 8, "big") if item else b""
    elif isinstance(item, list):
        return rlp_list(item)
    if len(item) == 1 and item[0] < 0x80:
        return bytes(item)
    return _rlp_length(len(item), 0x80) + bytes(item)


def _rlp_length(length: int, offset: int) -> bytes:
    if length < 56:
        return bytes([offset + length])
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(size)]) + size


def request_of(raw: bytes) -> TxRequest:
    """The target, calldata, gas and value of a signed legacy or EIP-1559 transaction.

    Raises:
        InvalidInput: ``raw`` is neither.
    """
    try:
        if raw[:1] == EIP1559_TYPE:
            fields = rlp.decode(raw[1:])
            to, value, data, gas = fields[5], fields[6], fields[7], fields[4]
        else:
            fields = rlp.decode(raw)
            to, value, data, gas = fields[3], fields[4], fields[5], fields[2]
    except (rlp.exceptions.DecodingError, IndexError) as err:
        raise InvalidInput(f"not a signed legacy or EIP-1559 transaction: {err}") from err
    return TxRequest(
        to_checksum_address(bytes(to)) if to else "",
        bytes(data),
        int.from_bytes(gas, "big"),
        int.from_bytes(value, "big"),
    )


__all__ = ["Fees", "Presigner", "SignedTx", "TxRequest", "request_of"]
