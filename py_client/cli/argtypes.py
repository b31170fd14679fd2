"""argparse ``type=`` converters over the parsers of :mod:`py_client.inputs`, and the path option
that overrides a setting, shared by commands."""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from py_client import inputs


def arg(parse: Callable[[str, str], Any], what: str) -> Callable[[str], Any]:
    """An argparse ``type=`` from a parser of :mod:`py_client.inputs`."""

    def convert(text: str) -> Any:
        try:
            return parse(text, what)
        except inputs.InputError as err:
            raise argparse.ArgumentTypeError(str(err)) from err

    convert.__name__ = what
    return convert


def at_least_one(text: str) -> int:
    """A whole number from 1 (workers, batch sizes): the options of ``portal`` and ``bulk``."""
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {text!r}")
    return int(text)


def setting_path(
    parser: argparse.ArgumentParser,
    flag: str,
    what: str,
    variable: str,
    default: str | None = None,
    metavar: str = "FILE",
) -> None:
    """Add ``flag`` (a :class:`~pathlib.Path`) that overrides the setting ``variable``.

    Args:
        parser: The command's parser.
        flag: The option, e.g. ``"--salt-dir"``.
        what: What the path is, for the help.
        variable: The environment variable (settings) used without the option.
        default: What is used without either, for the help (``None``: nothing).
        metavar: ``FILE`` or ``DIR``.

    Example::

        setting_path(p, "--salt-dir", "bid salt store", "RANTAI_SALT_DIR", "~/.rantai/salts", "DIR")
    """
    fallback = variable if default is None else f"{variable} or {default}"
    parser.add_argument(flag, type=Path, metavar=metavar, help=f"{what} (default {fallback})")


AMOUNT = arg(inputs.parse_amount, "amount")
ADDRESS = arg(inputs.parse_address, "address")
ID = arg(inputs.parse_id, "id")
COUNT = arg(inputs.parse_count, "number")
DEADLINE = arg(inputs.parse_deadline, "deadline")
DURATION = arg(inputs.parse_duration, "duration")
HASH = arg(inputs.parse_hash, "hash")
FILE = arg(inputs.existing_file, "file")
TIME = arg(inputs.parse_time, "time")
