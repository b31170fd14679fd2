"""The ``bid`` commands: commit a sealed bid (salt kept locally) and reveal it (SUPPLIER).

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import AMOUNT, HASH, setting_path
from py_client.cli.common import id_commands, sent
from py_client.cli.context import Context, Output
from py_client.cli.groups import group_of
from py_client.formatting import rupiah
from py_client.inputs import InputError
from py_client.salts import SALT_DIR_VARIABLE


def cmd_bid_commit(ctx: Context, args: argparse.Namespace) -> Output:
    """``bid commit``: optionally approve the bond first; the salt is kept."""
    supplier = ctx.client.supplier
    results = []
    if args.approve_bond:
        results.append(supplier.approve_bond(args.tender))
    result = supplier.commit_bid(
        args.tender, args.price, allow_invalid=args.allow_invalid, replace=args.replace_salt
    )
    results.append(result)
    salt_file = result.extra.get("salt_file")
    summary = (
        f"committed a sealed bid of {rupiah(args.price)} in tender {args.tender}; "
        f"price and salt kept in {salt_file} (needed to reveal: back it up)"
    )
    return sent(
        summary,
        results,
        salt_file=salt_file,
        commitment=result.extra.get("commitment"),
    )


def cmd_bid_reveal(ctx: Context, args: argparse.Namespace) -> Output:
    """``bid reveal``: from the salt store, or ``--price`` and ``--salt``."""
    if (args.price is None) != (args.salt is None):
        raise InputError("--price and --salt go together (or neither: read the salt store)")
    result = ctx.client.supplier.reveal_bid(args.tender, args.price, args.salt)
    revealed = result.event("BidRevealed")
    validity = "valid" if revealed["valid"] else "INVALID (zero or above the HPS)"
    summary = f"revealed {rupiah(revealed['priceIdr'])} in tender {args.tender}: {validity}"
    return sent(summary, [result], valid=bool(revealed["valid"]))


def _salt_dir(parser: argparse.ArgumentParser) -> None:
    setting_path(
        parser, "--salt-dir", "bid salt store", SALT_DIR_VARIABLE, "~/.rantai/salts", "DIR"
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "bid", "sealed bids (SUPPLIER)")
    on_tender = id_commands(common, g, "tender")
    p = on_tender("commit", cmd_bid_commit, "commit a sealed bid (the salt is kept locally)")
    p.add_argument("--price", type=AMOUNT, required=True, help="whole rupiah")
    p.add_argument("--approve-bond", action="store_true", help="approve the bid bond first")
    p.add_argument(
        "--allow-invalid", action="store_true", help="commit a price above the HPS anyway"
    )
    p.add_argument(
        "--replace-salt",
        action="store_true",
        help="overwrite a kept salt of this tender (only for a bid never committed: it is lost)",
    )
    _salt_dir(p)
    p = on_tender("reveal", cmd_bid_reveal, "reveal a bid with the kept price and salt")
    p.add_argument("--price", type=AMOUNT, help="reveal this price (with --salt) instead")
    p.add_argument("--salt", type=HASH, metavar="0x…", help="the salt (with --price)")
    _salt_dir(p)


__all__ = ["register"]
