"""Bid salts: generated here, kept durably before the commit is sent, read back to reveal.

A sealed bid is ``keccak256(abi.encode(chainid, tendering, tenderId, bidder, price, salt))``; the
bidder must keep ``price`` and ``salt`` until the reveal window, or the bid (and its bond) is lost.
So the client writes a record per (chain, tendering contract, tender, bidder) into a salt store
*before* it sends the commitment: written to a temporary file, flushed and ``fsync``-ed, renamed
atomically into place, the directory ``fsync``-ed; file mode 0600 in a 0700 directory. If the
record cannot be written, nothing is sent. An existing record is never overwritten silently.

The store is ``~/.rantai/salts/`` unless ``RANTAI_SALT_DIR`` or an explicit directory says
otherwise. Back it up: it is the only copy of the salts.

Example::

    >>> import tempfile
    >>> store = SaltStore(tempfile.mkdtemp())
    >>> record = SaltRecord(31337, "0x" + "11" * 20, 1, "0x" + "22" * 20, 950, new_salt())
    >>> path = store.save(record)
    >>> store.load(31337, "0x" + "11" * 20, 1, "0x" + "22" * 20).price_idr
    950
"""

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from eth_abi.abi import encode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from py_client.errors import SaltExists, SaltNotFound, SaltStoreError
from py_client.files import write_atomic

SALT_DIR_VARIABLE = "RANTAI_SALT_DIR"
DEFAULT_SALT_DIR = Path("~/.rantai/salts")
RECORD_VERSION = 1


def new_salt() -> bytes:
    """32 random bytes from the operating system's CSPRNG."""
    return secrets.token_bytes(32)


def commitment_of(
    chain_id: int, tendering: str, tender_id: int, bidder: str, price_idr: int, salt: bytes
) -> bytes:
    """The commitment exactly as ``Tendering.commitmentOf`` computes it."""
    return keccak(
        encode(
            ["uint256", "address", "uint256", "address", "uint256", "bytes32"],
            [chain_id, tendering, tender_id, bidder, price_idr, salt],
        )
    )


@dataclass(frozen=True)
class SaltRecord:
    """What a bidder needs to reveal: where the bid is, its price and its salt."""

    chain_id: int
    tendering: str
    tender_id: int
    bidder: str
    price_idr: int
    salt: bytes

    @property
    def commitment(self) -> bytes:
        """The commitment this record opens."""
        return commitment_of(
            self.chain_id, self.tendering, self.tender_id, self.bidder, self.price_idr, self.salt
        )

    def to_json(self) -> str:
        """The record as JSON (addresses checksummed, salt as hex)."""
        return json.dumps(
            {
                "version": RECORD_VERSION,
                "chainId": self.chain_id,
                "tendering": to_checksum_address(self.tendering),
                "tenderId": self.tender_id,
                "bidder": to_checksum_address(self.bidder),
                "priceIdr": str(self.price_idr),
                "salt": "0x" + self.salt.hex(),
                "commitment": "0x" + self.commitment.hex(),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> "SaltRecord":
        """Parse a record written by :meth:`to_json`."""
        data = json.loads(text)
        return cls(
            int(data["chainId"]),
            to_checksum_address(data["tendering"]),
            int(data["tenderId"]),
            to_checksum_address(data["bidder"]),
            int(data["priceIdr"]),
            bytes.fromhex(str(data["salt"]).removeprefix("0x")),
        )


class SaltStore:
    """A directory of salt records, one JSON file per (chain, tendering, tender, bidder)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        if directory is None:
            directory = os.environ.get(SALT_DIR_VARIABLE) or DEFAULT_SALT_DIR
        self.directory = Path(directory).expanduser()

    def path_of(self, chain_id: int, tendering: str, tender_id: int, bidder: str) -> Path:
        """Where the record of this bid lives."""
        name = (
            f"{chain_id}-{to_checksum_address(tendering)}-{tender_id}-"
            f"{to_checksum_address(bidder)}.json"
        )
        return self.directory / name

    def exists(self, chain_id: int, tendering: str, tender_id: int, bidder: str) -> bool:
        """Whether a record exists for this bid."""
        return self.path_of(chain_id, tendering, tender_id, bidder).exists()

    def save(self, record: SaltRecord, replace: bool = False) -> Path:
        """Write ``record`` durably (fsync, atomic rename, mode 0600); return its path.

        Raises:
            SaltExists: A record for this bid exists and ``replace`` is false.
            SaltStoreError: The directory or file cannot be written.
        """
        path = self.path_of(record.chain_id, record.tendering, record.tender_id, record.bidder)
        if path.exists() and not replace:
            raise SaltExists(record.tender_id, record.bidder, str(path))
        try:
            write_atomic(path, record.to_json().encode())
        except OSError as err:
            raise SaltStoreError(
                f"cannot write the bid salt to {path}: {err.strerror or err}; nothing was sent"
            ) from err
        return path

    def load(self, chain_id: int, tendering: str, tender_id: int, bidder: str) -> SaltRecord:
        """Read the record of a bid.

        Raises:
            SaltNotFound: There is no record.
            SaltStoreError: The record cannot be read or is damaged.
        """
        path = self.path_of(chain_id, tendering, tender_id, bidder)
        try:
            text = path.read_text()
        except FileNotFoundError:
            raise SaltNotFound(tender_id, bidder, str(path)) from None
        except OSError as err:
            raise SaltStoreError(f"cannot read the bid salt {path}: {err.strerror}") from err
        try:
            return SaltRecord.from_json(text)
        except (ValueError, KeyError, TypeError) as err:
            raise SaltStoreError(f"the bid salt record {path} is damaged: {err}") from err
