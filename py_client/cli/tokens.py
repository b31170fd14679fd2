"""The ``token`` commands: mint, approve and read Rupiah token balances.

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import ADDRESS, AMOUNT, ID
from py_client.cli.common import sent
from py_client.cli.context import Context, Output
from py_client.cli.groups import group_of, leaf
from py_client.formatting import rupiah
from py_client.inputs import InputError


def cmd_mint(ctx: Context, args: argparse.Namespace) -> Output:
    """``token mint`` (treasury)."""
    result = ctx.client.treasury.mint(args.to, args.amount)
    return sent(f"minted {rupiah(args.amount)} to {args.to}", [result])


def cmd_approve(ctx: Context, args: argparse.Namespace) -> Output:
    """``token approve``: the escrow for an order, or a tender's bid bond."""
    if args.order is not None:
        result = ctx.client.agency.approve_escrow(args.order, args.amount)
        what = f"the escrow for order {args.order}"
    else:
        if args.amount is not None:
            raise InputError("--amount goes with --order; a bid bond is the tender's bond")
        result = ctx.client.supplier.approve_bond(args.tender)
        what = f"the bid bond of tender {args.tender}"
    return sent(f"approved {what}", [result])


def cmd_balance(ctx: Context, args: argparse.Namespace) -> Output:
    """``token balance``."""
    client = ctx.client
    owner = args.address or client.require_signer()
    balance = client.balance(owner)
    return Output(
        {"result": {"address": owner, "balance_idr": balance}}, f"{owner}  {rupiah(balance)}"
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "token", "Rupiah token: mint, approve, balance")
    p = leaf(common, g, "mint", cmd_mint, "mint rupiah (TREASURY)")
    p.add_argument("to", type=ADDRESS, metavar="ADDRESS")
    p.add_argument("amount", type=AMOUNT, metavar="AMOUNT", help="whole rupiah")
    p = leaf(
        common, g, "approve", cmd_approve, "approve the escrow (agency) or a bid bond (supplier)"
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--order", type=ID, help="approve the escrow for this order's total")
    target.add_argument("--tender", type=ID, help="approve the bid bond of this tender")
    p.add_argument("--amount", type=AMOUNT, help="with --order: approve this amount instead")
    p = leaf(common, g, "balance", cmd_balance, "rupiah balance (the signer's by default)")
    p.add_argument("address", type=ADDRESS, nargs="?", metavar="ADDRESS")


__all__ = ["register"]
