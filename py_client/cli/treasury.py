"""The ``treasury`` commands: budget ceilings (*pagu*, TREASURY).

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import AMOUNT, ID
from py_client.cli.common import YEAR, sent
from py_client.cli.context import Context, Output
from py_client.cli.groups import group_of, leaf
from py_client.formatting import rupiah


def cmd_allocate_budget(ctx: Context, args: argparse.Namespace) -> Output:
    """``treasury allocate-budget``: an agency's ceiling (pagu) for a year."""
    result = ctx.client.treasury.allocate_budget(args.org, args.fiscal_year, args.ceiling)
    return sent(
        f"budget of organisation {args.org} for {args.fiscal_year}: ceiling {rupiah(args.ceiling)}",
        [result],
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "treasury", "budget ceilings (TREASURY)")
    p = leaf(
        common, g, "allocate-budget", cmd_allocate_budget, "set an agency's budget ceiling (pagu)"
    )
    p.add_argument("--org", type=ID, required=True, metavar="ORG_ID", help="agency organisation")
    p.add_argument("--fiscal-year", type=YEAR, required=True)
    p.add_argument("--ceiling", type=AMOUNT, required=True, help="whole rupiah")


__all__ = ["register"]
