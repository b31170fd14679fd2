"""Content-addressed document stores: ``keccak256(bytes)`` → bytes.

The store holds envelopes (confidential documents) and public documents alike, each under the
keccak256 of its stored bytes, which is what the chain records. :class:`DocumentStore` is the
small interface another backend implements (an object store, IPFS, a shared drive): four methods
over raw bytes; hashing and verification are done here, once, for every backend.
:class:`LocalDocumentStore`, the default, is a folder: ``<dir>/<2 hex digits>/<64 hex digits>``,
files written atomically with mode 0600 in 0700 directories.

Example::

    >>> import tempfile
    >>> store = LocalDocumentStore(tempfile.mkdtemp())
    >>> digest = store.put(b"public tender specification")
    >>> store.get(digest)
    b'public tender specification'
"""

import abc
import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

from eth_utils.crypto import keccak

from py_client.documents.errors import DocumentNotFound, DocumentStoreError, HashMismatch
from py_client.documents.files import write_private
from py_client.errors import ConfigError

DEFAULT_DOCUMENT_DIR = Path("~/.rantai/documents")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class Stored:
    """Something kept in a store under ``digest`` (its address): a mixin of the result types."""

    digest: bytes

    @property
    def hash(self) -> str:
        """The address as ``0x`` hex."""
        return "0x" + self.digest.hex()


class DocumentStore(abc.ABC):
    """A content-addressed store. Backends implement the four ``_`` methods over raw bytes."""

    def put(self, data: bytes) -> bytes:
        """Store ``data``; return its address, ``keccak256(data)``. Storing twice is harmless.

        Storing bytes that are already there refreshes their time (:meth:`stored_at`), so the
        garbage collector's grace period counts from the latest store. Writers hold the
        store's shared lock while storing; the collector takes it exclusively to delete.

        Raises:
            DocumentStoreError: The backend cannot write.
        """
        digest = keccak(data)
        with self.locked(exclusive=False):
            if self._exists(digest):
                self._touch(digest)
            else:
                self._write(digest, data)
        return digest

    def get(self, digest: bytes) -> bytes:
        """The bytes stored under ``digest``, checked to hash to it.

        Raises:
            DocumentNotFound: Nothing is stored under ``digest``.
            HashMismatch: The stored bytes do not hash to ``digest`` (altered or damaged).
            DocumentStoreError: The backend cannot read.
        """
        data = self._read(digest)
        actual = keccak(data)
        if actual != digest:
            raise HashMismatch(
                f"the stored copy of 0x{digest.hex()} hashes to 0x{actual.hex()}: it was "
                f"altered or damaged in {self.location}",
                digest,
                actual,
            )
        return data

    def exists(self, digest: bytes) -> bool:
        """Whether something is stored under ``digest``."""
        return self._exists(digest)

    def delete(self, digest: bytes) -> bool:
        """Erase the copy under ``digest`` (e.g. personal data under UU PDP); ``False`` if absent.

        The hash on chain stays; the document is gone from this store.
        """
        return self._delete(digest)

    def digests(self) -> Iterator[bytes]:
        """Every address stored, in no particular order."""
        return self._digests()

    def stored_at(self, digest: bytes) -> float | None:
        """When ``digest`` was last stored (unix seconds), or ``None`` if the backend cannot
        tell (then nothing in it is ever collected as an orphan)."""
        return None

    @contextlib.contextmanager
    def locked(self, *, exclusive: bool) -> Iterator[None]:
        """Hold the store's lock: shared for writers, exclusive for the garbage collector.

        A backend without locking yields at once (the collector then relies on the grace
        period alone).
        """
        yield

    def _touch(self, digest: bytes) -> None:  # noqa: B027 - optional for backends
        """Refresh the time of ``digest`` (a backend without times does nothing)."""

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the store is, for messages."""

    @abc.abstractmethod
    def _exists(self, digest: bytes) -> bool: ...

    @abc.abstractmethod
    def _read(self, digest: bytes) -> bytes:
        """Raise :class:`DocumentNotFound` when absent."""

    @abc.abstractmethod
    def _write(self, digest: bytes, data: bytes) -> None: ...

    @abc.abstractmethod
    def _delete(self, digest: bytes) -> bool: ...

    @abc.abstractmethod
    def _digests(self) -> Iterator[bytes]: ...


class LocalDocumentStore(DocumentStore):
    """A folder of documents, one file per address (the default store)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or DEFAULT_DOCUMENT_DIR).expanduser()

    def __repr__(self) -> str:
        return f"LocalDocumentStore({str(self.directory)!r})"

    @property
    def location(self) -> str:
        """The folder."""
        return str(self.directory)

    def path_of(self, digest: bytes) -> Path:
        """The file that holds ``digest``."""
        name = digest.hex()
        return self.directory / name[:2] / name

    def _exists(self, digest: bytes) -> bool:
        return self.path_of(digest).is_file()

    def _read(self, digest: bytes) -> bytes:
        path = self.path_of(digest)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise DocumentNotFound(digest, self.location) from None
        except OSError as err:
            raise DocumentStoreError(f"cannot read {path}: {err.strerror or err}") from err

    def _write(self, digest: bytes, data: bytes) -> None:
        path = self.path_of(digest)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_private(path, data)
        except OSError as err:
            raise DocumentStoreError(
                f"cannot store document 0x{digest.hex()} in {self.location}: "
                f"{err.strerror or err}; nothing was recorded"
            ) from err

    def _delete(self, digest: bytes) -> bool:
        path = self.path_of(digest)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as err:
            raise DocumentStoreError(f"cannot delete {path}: {err.strerror or err}") from err
        return True

    def stored_at(self, digest: bytes) -> float | None:
        """The file's modification time (``None`` when absent)."""
        try:
            return self.path_of(digest).stat().st_mtime
        except FileNotFoundError:
            return None

    @contextlib.contextmanager
    def locked(self, *, exclusive: bool) -> Iterator[None]:
        """``flock`` on ``<dir>/.lock``: shared while storing, exclusive while collecting."""
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise DocumentStoreError(
                f"cannot lock the document store {self.location}: {err.strerror or err}"
            ) from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _touch(self, digest: bytes) -> None:
        try:
            os.utime(self.path_of(digest))
        except OSError as err:
            raise DocumentStoreError(
                f"cannot refresh {self.path_of(digest)}: {err.strerror or err}"
            ) from err

    def _digests(self) -> Iterator[bytes]:
        if not self.directory.is_dir():
            return
        for folder in sorted(self.directory.iterdir()):
            if folder.is_dir() and len(folder.name) == 2:
                for entry in sorted(os.listdir(folder)):
                    if _HEX64.fullmatch(entry) and entry.startswith(folder.name):
                        yield bytes.fromhex(entry)


def open_store(location: str | Path | DocumentStore | None) -> DocumentStore:
    """The store ``location`` names: a folder (``/path``, ``~/docs`` or ``file:///path``).

    ``None`` is the default folder, ``~/.rantai/documents``. A :class:`DocumentStore` is
    returned as it is.

    Raises:
        ConfigError: ``location`` is a URL of a kind no backend handles.
    """
    if isinstance(location, DocumentStore):
        return location
    if location is None:
        return LocalDocumentStore()
    text = str(location)
    if text.startswith("file://"):
        return LocalDocumentStore(text[len("file://") :])
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        raise ConfigError(
            f"RANTAI_DOCUMENT_STORE: no document store backend for {text!r} "
            "(a folder path or file:// URL is supported)"
        )
    return LocalDocumentStore(text)


__all__ = ["DEFAULT_DOCUMENT_DIR", "DocumentStore", "LocalDocumentStore", "Stored", "open_store"]
