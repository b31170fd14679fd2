"""What the command-group modules share: argument types, document options and outputs.

Each command group (:mod:`~py_client.cli.tender`, :mod:`~py_client.cli.order`, …) declares its
commands with :mod:`py_client.cli.groups` and answers through :func:`sent` (a sending
command) or :func:`read` (a reading command). Values are parsed by argparse ``type=`` functions
built from :mod:`py_client.inputs`, so a malformed value fails before anything else happens.

Example::

    >>> def cmd_hello(ctx, args):  # doctest: +SKIP
    ...     return sent("said hello", [ctx.client.registry_view.hello()])
"""

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from py_client.cli.argtypes import FILE, HASH, ID, arg
from py_client.cli.context import Output
from py_client.cli.documents import describe_stored, recipients_of
from py_client.cli.groups import Handler, leaf
from py_client.cli.output import plain
from py_client.cli.render import render_results
from py_client.documents.inputs import Confidential, DocumentInput, Public
from py_client.hashing import HashInput
from py_client.inputs import InputError, parse_degrees, parse_year
from py_client.models import CheckpointKind, OrgKind, Role
from py_client.receipts import TxResult

ORG_KINDS = [k.name.lower() for k in OrgKind if k != OrgKind.NONE]


ROLES = [r.value.lower() for r in Role]


CHECKPOINT_KINDS = [k.name.lower().replace("_", "-") for k in CheckpointKind if k.value]


def year(text: str, what: str = "fiscal year") -> int:
    """A fiscal year, 2000..2999 (:func:`py_client.inputs.parse_year`)."""
    return parse_year(text, what)


def degrees(text: str, what: str = "coordinate") -> int:
    """Micro-degrees from decimal degrees (:func:`py_client.inputs.parse_degrees`)."""
    return parse_degrees(text, what)


YEAR = arg(year, "fiscal year")


DEGREES = arg(degrees, "coordinate")


def add_document(
    parser: argparse.ArgumentParser, what: str, required: bool = True, store: bool = False
) -> None:
    """``--document FILE`` (hashed by the library) or ``--hash 0x…``, one of them.

    With ``store``, also ``--confidential FILE`` (stored encrypted to the process's parties and
    every AUDITOR, plus ``--to``) and ``--public FILE`` (stored in the clear); read them with
    :func:`document_input`.
    """
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(
        "--document", type=FILE, metavar="FILE", help=f"the {what}; its keccak256 is recorded"
    )
    group.add_argument("--hash", type=HASH, metavar="0x…", help=f"the {what}'s hash")
    if store:
        group.add_argument(
            "--confidential",
            type=FILE,
            metavar="FILE",
            help=f"the {what}, stored encrypted to the parties and auditors; its hash is recorded",
        )
        group.add_argument(
            "--public", type=FILE, metavar="FILE", help=f"the {what}, stored in the clear"
        )
        parser.add_argument(
            "--to", action="append", metavar="WHO", help="more readers of --confidential"
        )


def id_commands(
    common: argparse.ArgumentParser, group: Any, subject: str
) -> Callable[..., argparse.ArgumentParser]:
    """A maker of commands of ``group`` on one ``subject`` given by its id (``order``,
    ``tender``, ``shipment``: the command's first argument): ``add(name, handler, help_text,
    document=None)`` makes the command (:func:`~py_client.cli.groups.leaf`) and, when
    ``document`` names what the command records, its document options (:func:`add_document`,
    storable)."""

    def add(
        name: str, handler: Handler, help_text: str, document: str | None = None
    ) -> argparse.ArgumentParser:
        parser = leaf(common, group, name, handler, help_text)
        parser.add_argument(subject, type=ID, metavar=subject.upper())
        if document is not None:
            add_document(parser, document, store=True)
        return parser

    return add


def side_option(parser: argparse.ArgumentParser) -> None:
    """``--as agency|supplier``: the side a party acts on (default: from the signer's role)."""
    parser.add_argument(
        "--as", dest="side", choices=["agency", "supplier"], help="default: from the signer's role"
    )


def document_of(args: argparse.Namespace) -> HashInput | None:
    """The document argument for the library: a path, a 32-byte hash, or ``None``."""
    if getattr(args, "document", None) is not None:
        path: Path = args.document
        return path
    hashed: bytes | None = getattr(args, "hash", None)
    return hashed


def document_input(args: argparse.Namespace) -> DocumentInput | None:
    """Like :func:`document_of`, plus ``--confidential`` and ``--public`` (stored documents)."""
    to = recipients_of(getattr(args, "to", None))
    if getattr(args, "confidential", None) is not None:
        return Confidential(args.confidential, to=to)
    if to:
        raise InputError("--to goes with --confidential")
    if getattr(args, "public", None) is not None:
        return Public(args.public)
    return document_of(args)


def sent(summary: str, results: Sequence[TxResult], **fields: Any) -> Output:
    """The output of a sending command."""
    document = {"transactions": [plain(r) for r in results], **plain(fields)}
    stored = [d for r in results for d in r.extra.get("documents", ())]
    if stored:
        summary += "".join(f"\n{describe_stored(d)}" for d in stored)
    return Output(document, render_results(summary, results))


def read(value: Any, text: str) -> Output:
    """The output of a reading command."""
    return Output({"result": plain(value)}, text)


__all__ = [
    "CHECKPOINT_KINDS",
    "DEGREES",
    "ORG_KINDS",
    "ROLES",
    "YEAR",
    "add_document",
    "degrees",
    "document_input",
    "document_of",
    "read",
    "sent",
    "year",
]
