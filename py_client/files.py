"""Files written whole or not at all: one atomic-write helper for the key file, the document
store, the bid salts, the bulk reports and the exports.

:func:`write_atomic` writes to a temporary file in the same directory, fsyncs it, renames it over
the target and fsyncs the directory: a reader never sees half a file, and a crash leaves the old
file or the new.

Example::

    >>> from pathlib import Path
    >>> write_atomic(Path("out/report.json"), b"{}", mode=0o644)  # doctest: +SKIP
"""

import os
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600
"""Keys, salts, documents: readable by their owner only (directories made 0700)."""


def write_atomic(
    path: Path, data: bytes, mode: int = PRIVATE_MODE, *, make_parents: bool = True
) -> None:
    """Write ``data`` to ``path`` durably and atomically, with file mode ``mode``.

    Args:
        path: The file to write (replaced when it exists).
        data: Its new content.
        mode: Its permission bits (0600 unless said otherwise).
        make_parents: Create missing parent directories, mode 0700.

    Raises:
        OSError: The directory or the file cannot be written.
    """
    if make_parents:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


__all__ = ["PRIVATE_MODE", "write_atomic"]
