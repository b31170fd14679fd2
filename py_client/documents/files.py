"""Durable private files (mode 0600 in 0700 directories): :func:`py_client.files.write_atomic`.

Used for the encryption key file and the local document store, as for the bid salts: a reader
never sees half a file, and a crash leaves the old file or the new.
"""

from pathlib import Path

from py_client.files import write_atomic


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` durably with mode 0600 (parent directories 0700).

    Raises:
        OSError: The directory or the file cannot be written.
    """
    write_atomic(path, data)


__all__ = ["write_private"]
