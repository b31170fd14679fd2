"""Safe transactions (Safe 1.4.1): the EIP-712 SafeTx hash, owners' signatures, their packing.

The hash is computed here, not fetched: `tests/contracts/test_governance.py` checks it against
the Safe's own `getTransactionHash` on chain. A signature is 65 bytes ``r ‖ s ‖ v``: an ECDSA
signature of the hash (``v`` 27/28), or an on-chain approval (``approveHash``, or the owner
sending the transaction) encoded as ``r = owner, s = 0, v = 1``. The Safe wants them sorted by
owner address.

    >>> tx = SafeTx(safe="0x" + "11" * 20, chain_id=1, to="0x" + "22" * 20, value=0, data=b"",
    ...             nonce=0)
    >>> len(tx.hash())
    32
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import encode
from eth_account import Account
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
DOMAIN_TYPEHASH = keccak(text="EIP712Domain(uint256 chainId,address verifyingContract)")
SAFE_TX_TYPEHASH = keccak(
    text="SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,"
    "uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)"
)


@dataclass(frozen=True)
class SafeTx:
    """One Safe transaction (a plain call unless ``operation`` is 1, delegatecall)."""

    safe: str
    chain_id: int
    to: str
    value: int
    data: bytes
    nonce: int
    operation: int = 0
    safe_tx_gas: int = 0
    base_gas: int = 0
    gas_price: int = 0
    gas_token: str = ZERO_ADDRESS
    refund_receiver: str = ZERO_ADDRESS

    def domain_separator(self) -> bytes:
        return keccak(
            encode(["bytes32", "uint256", "address"], [DOMAIN_TYPEHASH, self.chain_id, self.safe])
        )

    def _call(self) -> tuple[Any, ...]:
        """The call fields in SafeTx order, the nonce aside: what `execTransaction` takes
        before the signatures, and what the struct hash covers (``data`` hashed)."""
        return (
            self.to,
            self.value,
            self.data,
            self.operation,
            self.safe_tx_gas,
            self.base_gas,
            self.gas_price,
            self.gas_token,
            self.refund_receiver,
        )

    def struct_hash(self) -> bytes:
        to, value, data, *rest = self._call()
        types = ["bytes32", "address", "uint256", "bytes32", "uint8"]
        types += ["uint256", "uint256", "uint256", "address", "address", "uint256"]
        return keccak(encode(types, [SAFE_TX_TYPEHASH, to, value, keccak(data), *rest, self.nonce]))

    def hash(self) -> bytes:
        """The EIP-712 SafeTx hash the owners sign (Safe's `getTransactionHash`)."""
        return keccak(b"\x19\x01" + self.domain_separator() + self.struct_hash())

    def exec_args(self, signatures: bytes) -> tuple[Any, ...]:
        """Arguments of `Safe.execTransaction` for this transaction."""
        return (*self._call(), signatures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "safe": self.safe,
            "chainId": self.chain_id,
            "to": self.to,
            "value": self.value,
            "data": "0x" + self.data.hex(),
            "operation": self.operation,
            "nonce": self.nonce,
            "safeTxGas": self.safe_tx_gas,
            "baseGas": self.base_gas,
            "gasPrice": self.gas_price,
            "gasToken": self.gas_token,
            "refundReceiver": self.refund_receiver,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SafeTx":
        return cls(
            safe=to_checksum_address(d["safe"]),
            chain_id=int(d["chainId"]),
            to=to_checksum_address(d["to"]),
            value=int(d["value"]),
            data=bytes.fromhex(str(d["data"]).removeprefix("0x")),
            nonce=int(d["nonce"]),
            operation=int(d.get("operation", 0)),
            safe_tx_gas=int(d.get("safeTxGas", 0)),
            base_gas=int(d.get("baseGas", 0)),
            gas_price=int(d.get("gasPrice", 0)),
            gas_token=to_checksum_address(d.get("gasToken", ZERO_ADDRESS)),
            refund_receiver=to_checksum_address(d.get("refundReceiver", ZERO_ADDRESS)),
        )


def sign(tx_hash: bytes, private_key: str | bytes) -> tuple[str, bytes]:
    """An owner's ECDSA signature of a SafeTx hash: (owner address, 65 bytes)."""
    signed = Account.unsafe_sign_hash(tx_hash, private_key)
    owner = Account.from_key(private_key).address
    return owner, signed.r.to_bytes(32, "big") + signed.s.to_bytes(32, "big") + bytes([signed.v])


def recover(tx_hash: bytes, signature: bytes) -> str:
    """The owner an ECDSA signature (v 27/28) or an approval signature (v 1) stands for."""
    if len(signature) != 65:
        raise ValueError(f"a Safe signature is 65 bytes, got {len(signature)}")
    if signature[64] == 1:
        return to_checksum_address(signature[12:32])
    vrs = (
        signature[64],
        int.from_bytes(signature[:32], "big"),
        int.from_bytes(signature[32:64], "big"),
    )
    return to_checksum_address(Account._recover_hash(tx_hash, vrs=vrs))


def approval(owner: str) -> bytes:
    """The signature of an owner who approved on chain (`approveHash`) or sends the transaction."""
    return bytes(12) + bytes.fromhex(to_checksum_address(owner)[2:]) + bytes(32) + b"\x01"


def pack(signatures: Mapping[str, bytes]) -> bytes:
    """Signatures concatenated in ascending owner order, as `checkSignatures` requires."""
    return b"".join(signatures[o] for o in sorted(signatures, key=lambda a: int(a, 16)))
