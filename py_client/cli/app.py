"""The ``rantai`` command line: parse, call the library, print.

Exit status: 0 on success; 2 when the command line, an input file or the settings are wrong
(malformed value, unknown id, missing file, no signer); 1 when a check before sending, the
contract or the node refused or failed the operation. Every expected error is one line on
stderr, ``error: <message>``; with ``--json`` stdout also gets one JSON document describing it.

Example::

    >>> main(["--version"])  # doctest: +SKIP
    rantai 0.1.0
    0
"""

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from web3.exceptions import Web3Exception

from py_client import __version__
from py_client.cli.commands import register
from py_client.cli.context import Context
from py_client.cli.governance import register_governance
from py_client.cli.output import plain, to_json
from py_client.contract_errors import (
    OrderEscrowUnknownLine,
    OrderEscrowUnknownOrder,
    RegistryUnknownOrganisation,
    ShipmentTrackingDuplicateCheckpointRef,
    ShipmentTrackingDuplicateShipmentRef,
    ShipmentTrackingMissingRef,
    ShipmentTrackingUnknownShipment,
    TenderingUnknownTender,
)
from py_client.errors import (
    ConfigError,
    ContractError,
    InvalidInput,
    InvalidParameters,
    RantaiError,
    SignerError,
    UnknownReference,
)
from py_client.formatting import printable
from py_client.inputs import InputError
from py_client.settings import GAS_MODES

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left

GROUPS = frozenset(
    {
        "governor",
        "treasury",
        "token",
        "tender",
        "bid",
        "order",
        "dispute",
        "shipment",
        "doc",
        "audit",
        "export",
        "import",
        "bulk",
        "gov",
    }
)
VALUE_OPTIONS = frozenset({"--env-file", "--rpc-url", "--chain-id", "--deployment", "--gas-mode"})
BAD_INPUT = (InvalidInput, InvalidParameters, ConfigError, SignerError, UnknownReference)
UNKNOWN_IDS: dict[type[ContractError], str] = {
    TenderingUnknownTender: "tender {tenderId} does not exist",
    OrderEscrowUnknownOrder: "order {orderId} does not exist",
    OrderEscrowUnknownLine: "order {orderId} has no line {lineIndex}",
    ShipmentTrackingUnknownShipment: "shipment {shipmentId} does not exist",
    RegistryUnknownOrganisation: "organisation {orgId} does not exist",
}
# Exactly once by the chain (issue 13 item 9): a reference already used says what it created.
ALREADY_RECORDED: dict[type[ContractError], str] = {
    ShipmentTrackingDuplicateShipmentRef: (
        "organisation {orgId} already registered shipment {shipmentId} with reference {ref}: "
        "nothing new was registered (give another --ref for a second, identical shipment)"
    ),
    ShipmentTrackingDuplicateCheckpointRef: (
        "organisation {orgId} already recorded checkpoint {index} of shipment {shipmentId} with "
        "reference {ref}: nothing new was recorded"
    ),
    ShipmentTrackingMissingRef: "a shipment or checkpoint needs a non-zero reference",
}


class UsageError(InputError):
    """The command line does not parse (unknown option, missing argument, malformed value)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are exceptions (one line, exit 2), not usage dumps."""

    def error(self, message: str) -> NoReturn:
        """Raise :class:`UsageError` instead of printing usage and exiting."""
        raise UsageError(f"{message} (see '{self.prog} --help')")


def global_options(suppress: bool) -> Parser:
    """The options every command takes; ``suppress`` for the copies on subcommands."""
    parser = Parser(add_help=False)
    default: Any = argparse.SUPPRESS if suppress else None
    options = parser.add_argument_group("connection and output")
    options.add_argument(
        "--env-file",
        default=default,
        metavar="FILE",
        help="dotenv file with RANTAI_* settings (default .env; the environment wins)",
    )
    options.add_argument("--rpc-url", default=default, help="overrides RANTAI_RPC_URL")
    options.add_argument(
        "--chain-id", type=_chain_id, default=default, help="overrides RANTAI_CHAIN_ID"
    )
    options.add_argument(
        "--deployment",
        default=default,
        metavar="FILE_OR_NETWORK",
        help="overrides RANTAI_DEPLOYMENT",
    )
    options.add_argument(
        "--gas-mode", choices=GAS_MODES, default=default, help="overrides RANTAI_GAS_MODE"
    )
    options.add_argument(
        "--json",
        action="store_true",
        default=default if suppress else False,
        help="print one JSON document on stdout",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``rantai`` command."""
    parser = Parser(
        prog="rantai",
        description="Rantai: procurement and supply-chain tracking on a permissioned EVM chain.",
        epilog=(
            "Settings come from the environment and .env (see docs/client.md); flags override "
            "them. Amounts are whole rupiah: 1500000, 1_500_000 or 1.500.000. Times are "
            "ISO-8601 with a zone (2026-12-01T10:00+07:00) or relative (+3d, +36h)."
        ),
        parents=[global_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"rantai {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register(sub, global_options(suppress=True))
    register_governance(sub, global_options(suppress=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``rantai`` command.

    Output to a reader that went away (``rantai … | head -1``) ends the command quietly, as
    ``cat`` does. Text shown on the terminal has its control characters replaced
    (:func:`py_client.formatting.printable`): a checkpoint location or an organisation name
    from the chain cannot move the cursor, clear the screen or paint a fake status.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when omitted.

    Returns:
        The process exit status: 0 success, 1 refused or failed, 2 bad input.
    """
    try:
        return _run(argv)
    except BrokenPipeError:
        # Python flushes stdout at exit and would complain again: point it at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE


def _run(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    wants_json = "--json" in arguments
    try:
        args = build_parser().parse_args(arguments)
    except SystemExit as done:  # --help and --version
        return int(done.code or 0) if isinstance(done.code, int | None) else EXIT_BAD_INPUT
    except UsageError as err:
        return _fail(err, EXIT_BAD_INPUT, wants_json, command_of(arguments))
    command = str(getattr(args, "command_name", args.command))
    try:
        output = args.handler(Context(args), args)
    except RantaiError as err:
        return _fail(err, exit_code(err), bool(args.json), command)
    except (Web3Exception, OSError) as err:  # OSError: also requests' connection errors
        return _fail(err, EXIT_FAILED, bool(args.json), command, prefix="node: ")
    except KeyboardInterrupt:
        print(
            "error: interrupted; a transaction already sent may still be mined "
            "(check with rantai status)",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if args.json:
        print(to_json({"ok": output.exit_code == EXIT_OK, "command": command, **output.document}))
    else:
        print(printable(output.text, keep_newlines=True))
    sys.stdout.flush()  # a closed pipe shows up here, inside main's handler
    return int(output.exit_code)


def command_of(arguments: Sequence[str]) -> str:
    """The command words of ``arguments`` (``"tender open"``), for an error before parsing ends."""
    words: list[str] = []
    skip = False
    for token in arguments:
        if skip:
            skip = False
        elif token.startswith("-"):
            skip = token in VALUE_OPTIONS
        else:
            words.append(token)
            if len(words) == 2 or words[0] not in GROUPS:
                break
    return " ".join(words)


def exit_code(err: RantaiError) -> int:
    """2 for bad input (values, files, settings, unknown ids), 1 for refusals and failures."""
    if isinstance(err, BAD_INPUT):
        return EXIT_BAD_INPUT
    if isinstance(err, ContractError) and isinstance(err, LookupError):
        return EXIT_BAD_INPUT
    return EXIT_FAILED


def message_of(err: BaseException) -> str:
    """The one-line message of ``err``."""
    cause = err.__cause__
    if isinstance(err, UnknownReference) and cause is not None and type(cause) in UNKNOWN_IDS:
        err = cause  # "order:9: OrderEscrowUnknownOrder(orderId=9)": say "order 9 does not exist"
    template = UNKNOWN_IDS.get(type(err)) if isinstance(err, ContractError) else None
    if template is None and isinstance(err, ContractError):
        template = ALREADY_RECORDED.get(type(err))
    if template is not None and isinstance(err, ContractError):
        text = template.format(**{k: _shown(v) for k, v in err.arguments.items()})
    elif isinstance(err, ContractError):
        text = f"refused by the contract: {err}"
    else:
        text = str(err) or type(err).__name__
    return " ".join(text.split())


def _shown(value: Any) -> Any:
    """An error argument for a message: bytes as 0x hex."""
    return "0x" + value.hex() if isinstance(value, bytes) else value


def _fail(err: BaseException, code: int, as_json: bool, command: str, prefix: str = "") -> int:
    message = printable(prefix + message_of(err))
    print(f"error: {message}", file=sys.stderr)
    if as_json:
        error: dict[str, Any] = {"type": type(err).__name__, "message": message, "exit": code}
        if isinstance(err, ContractError):
            error["arguments"] = plain(err.arguments)
        print(to_json({"ok": False, "command": command, "error": error}))
    return code


def _chain_id(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"chain id must be an integer: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"chain id must be positive: {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
