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
"""

from collections.abc import Iterable
from pathlib import Path

from eth_utils.crypto import keccak

from py_client.errors import InvalidInput

HashInput = bytes | str | Path
ZERO_HASH = b"\x00" * 32


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
    if len(value) == 66 and value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    return keccak(value.encode())
