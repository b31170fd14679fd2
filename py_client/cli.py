"""The ``rantai`` command line: parse, call the library, print."""

import argparse
import sys

from py_client import __version__


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``rantai`` command."""
    parser = argparse.ArgumentParser(
        prog="rantai",
        description="Rantai: procurement and supply-chain tracking on a permissioned EVM chain.",
    )
    parser.add_argument("--version", action="version", version=f"rantai {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``rantai`` command.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when omitted.

    Returns:
        The process exit status.
    """
    parser = build_parser()
    parser.parse_args(sys.argv[1:] if argv is None else argv)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
