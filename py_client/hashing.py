"""Document hashes and fixed-size ASCII fields as the contracts store them.

Documents (specs, contracts, BAST, evidence) stay off chain; the chain keeps their keccak256. Every
method of the client that takes a document hash accepts a :data:`HashInput`:

- 32 ``bytes`` or a ``0x``-prefixed 64-digit hex string: used as the hash itself;
- a :class:`~pathlib.Path` or a string naming an existing file: the keccak256 of its content;
- other ``bytes``: the keccak256 of those bytes (a document held in memory);
- ``None``: no document (the zero hash).

Example::

    >>> document_hash(b"BAST 2026/001").hex()[:16]
    '70a5c4a0def3f009'
    >>> as_hash("0x" + "ab" * 32) == bytes.fromhex("ab" * 32)
    True
    >>> ascii_field("IDTPP", 32)[:6]
    b'IDTPP\\x00'
    >>> client_ref("WB-2026-0001") == keccak(b"WB-2026-0001")
    True

Client references (issue 13 item 9): shipments and checkpoints carry a ``bytes32`` reference
unique per organisation, so the chain itself refuses a second record for the same reference.
:func:`client_ref` turns what a user gives (``--ref``, a bulk ``ref`` cell) into one;
:func:`shipment_ref` and :func:`checkpoint_ref` derive the default from the record's content.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eth_abi.abi import encode
from eth_utils.crypto import keccak as _eth_keccak

from py_client.errors import InvalidInput

try:  # safe-pysha3 (a dependency of the lock): keccak256 in C, without eth-hash's wrappers
    from sha3 import keccak_256 as _keccak_256  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:  # pragma: no cover (eth-hash's backend then)
    _keccak_256 = None

HashInput = bytes | str | Path
ZERO_HASH = b"\x00" * 32


def keccak(data: bytes) -> bytes:
    """The keccak256 of ``data`` (32 bytes): what ``eth_utils.keccak`` gives for bytes, about
    ten times faster per call with safe-pysha3 (a bulk run hashes several times per row)."""
    if _keccak_256 is not None:
        return bytes(_keccak_256(data).digest())
    return _eth_keccak(data)


def document_hash(path_or_bytes: str | Path | bytes) -> bytes:
    """The keccak256 of a document: a file's content, or the given bytes.

    Args:
        path_or_bytes: A file path (``str`` or ``Path``) or the document's bytes.

    Returns:
        32 bytes.

    Raises:
        InvalidInput: The file cannot be read.
    """
    if isinstance(path_or_bytes, bytes):
        return keccak(path_or_bytes)
    try:
        return keccak(Path(path_or_bytes).read_bytes())
    except OSError as err:
        raise InvalidInput(f"cannot read document {path_or_bytes}: {err.strerror}") from err


def as_hash(value: HashInput | None, name: str = "document") -> bytes:
    """Normalise a :data:`HashInput` into 32 bytes (see the module docstring)."""
    if value is None:
        return ZERO_HASH
    if isinstance(value, bytes):
        return value if len(value) == 32 else keccak(value)
    if isinstance(value, str) and value.startswith("0x") and len(value) == 66:
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    path = Path(value)
    if not path.is_file():
        raise InvalidInput(f"{name}: file not found: {value}")
    return document_hash(path)


def ascii_field(text: str, size: int, name: str = "field") -> bytes:
    """``text`` as ASCII, left-aligned and zero-padded to ``size`` bytes (``bytesN`` on chain)."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        raise InvalidInput(f"{name} must be ASCII: {text!r}") from None
    if len(raw) > size:
        raise InvalidInput(f"{name} is longer than {size} bytes: {text!r}")
    return raw.ljust(size, b"\x00")


def ascii_text(raw: bytes) -> str:
    """The text of a zero-padded ASCII ``bytesN`` field."""
    return raw.rstrip(b"\x00").decode("ascii", errors="replace")


def client_ref(value: bytes | str, name: str = "reference") -> bytes:
    """A client reference as the contracts store it: 32 bytes, never zero.

    Args:
        value: 32 bytes or ``0x`` + 64 hex digits (used as is), or any other text such as a
            waybill number or a bulk row key (its keccak256 of the UTF-8 bytes).
        name: What the value is, for the error message.

    Raises:
        InvalidInput: Empty, zero, or bytes of another length.
    """
    if isinstance(value, bytes):
        if len(value) != 32:
            raise InvalidInput(f"{name} must be 32 bytes or text, not {len(value)} bytes")
        raw = value
    else:
        text = value.strip()
        if not text:
            raise InvalidInput(f"{name} is empty")
        raw = _text_ref(text, ("0x", "0X"))
    if raw == ZERO_HASH:
        raise InvalidInput(f"{name} must not be zero")
    return raw


def shipment_ref(
    order_id: int,
    quantities: Sequence[int],
    origin: tuple[bytes, bytes, bytes],
    carrier: str,
    expected_arrival_at: int,
) -> bytes:
    """The default reference of a shipment: the keccak256 of its content, ABI-encoded as
    ``("rantai.shipment", orderId, quantities, country, region, producerGln, carrier,
    expectedArrivalAt)``. The same registration sent twice gets the same reference, so the
    second is refused; give an explicit reference for a second identical shipment."""
    values: list[Any] = [
        "rantai.shipment",
        order_id,
        list(quantities),
        *origin,
        carrier,
        expected_arrival_at,
    ]
    types = ["string", "uint256", "uint256[]", "bytes2", "bytes32", "bytes32", "address", "uint64"]
    return keccak(encode(types, values))


def checkpoint_ref(shipment_id: int, checkpoint: Sequence[Any]) -> bytes:
    """The default reference of a checkpoint: the keccak256 of ``("rantai.checkpoint",
    shipmentId, kind, location, latitudeE6, longitudeE6, occurredAt, evidenceHash)``, ABI-encoded
    (``checkpoint`` in the order of ``IShipmentTracking.Checkpoint``)."""
    types = ["string", "uint256", "uint8", "bytes32", "int32", "int32", "uint64", "bytes32"]
    return keccak(encode(types, ["rantai.checkpoint", shipment_id, *checkpoint]))


def items_hash(items: Iterable[tuple[bytes, int, bytes]]) -> bytes:
    """The running hash a tender stores of its items and an order from it must match.

    ``h = 0``; for each ``(description hash, quantity, unit)``: ``h = keccak256(abi.encode(h,
    description hash, quantity, unit))`` (``ITendering.itemsHashOf``; issue 13 item 4).

    Example::

        >>> items_hash([]) == bytes(32)
        True
    """
    digest = bytes(32)
    for description, quantity, unit in items:
        digest = keccak(
            digest
            + bytes(description)
            + int(quantity).to_bytes(32, "big")
            + bytes(unit).ljust(32, b"\0")
        )
    return digest


def order_ref(value: str | bytes | None) -> bytes:
    """A client reference of an order (unique per organisation on chain; issue 13 item 9).

    ``None`` or empty means no reference (32 zero bytes); 32 bytes or a ``0x`` + 64-hex string is
    taken as is; any other text (a SiRUP/SPSE package code, a bulk row key) is hashed (keccak-256
    of its UTF-8 bytes).

    Example::

        >>> order_ref(None) == bytes(32)
        True
        >>> len(order_ref("RUP-12345678"))
        32
    """
    if value is None or value in ("", b""):
        return bytes(32)
    if isinstance(value, bytes):
        if len(value) != 32:
            raise InvalidInput(f"an order reference must be 32 bytes, not {len(value)}")
        return value
    if not isinstance(value, str):
        raise InvalidInput(f"an order reference must be text or 32 bytes: {value!r}")
    return _text_ref(value, ("0x",))


def _text_ref(text: str, prefixes: tuple[str, ...]) -> bytes:
    """The 32 bytes of a textual reference: ``0x`` (one of ``prefixes``) + 64 hex digits as
    is, any other text the keccak256 of its UTF-8 bytes."""
    if len(text) == 66 and text.startswith(prefixes):
        try:
            return bytes.fromhex(text[2:])
        except ValueError:
            pass
    return keccak(text.encode("utf-8"))
