"""The ``rantai`` command line over :mod:`py_client` (console script ``rantai``).

Run ``rantai --help``; the command reference is ``docs/client.md``. In-process::

    >>> from py_client.cli import main
    >>> main(["status", "order:1", "--json"])  # doctest: +SKIP
    0
"""

from py_client.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
