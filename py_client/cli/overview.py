"""The top-level reads: ``whoami``, ``status``, ``policy``, ``budget``.

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import ID
from py_client.cli.common import YEAR, read
from py_client.cli.context import Context, Output
from py_client.cli.groups import leaf
from py_client.cli.output import plain
from py_client.cli.render import render_budget, render_participant, render_policy, render_status
from py_client.formatting import rupiah
from py_client.rpc_auth import redacted


def cmd_whoami(ctx: Context, args: argparse.Namespace) -> Output:
    """The signer as the registry sees it, with its balance and the connection."""
    client = ctx.client
    me = client.whoami()
    connection = {
        "balance": client.balance(me.address),
        "chain id": client.chain_id,
        "rpc url": redacted(ctx.settings.rpc_url),
        "deployment": ctx.settings.deployment,
    }
    document = {
        "result": plain(me),
        "balance_idr": connection["balance"],
        "chain_id": client.chain_id,
        "rpc_url": redacted(ctx.settings.rpc_url),
        "deployment": ctx.settings.deployment,
    }
    shown = dict(connection, balance=rupiah(int(str(connection["balance"]))))
    return Output(document, render_participant(me, shown))


def cmd_status(ctx: Context, args: argparse.Namespace) -> Output:
    """A process by ocid, ``tender:N``, ``order:N`` or ``shipment:N``."""
    report = ctx.client.status(args.ref)
    return Output({"kind": report.kind, "result": plain(report)}, render_status(report))


def cmd_policy(ctx: Context, args: argparse.Namespace) -> Output:
    """The registry's procurement policy."""
    policy = ctx.client.policy()
    return read(policy, render_policy(policy))


def cmd_budget(ctx: Context, args: argparse.Namespace) -> Output:
    """An agency's budget for a fiscal year."""
    budget = ctx.client.budget(args.org_id, args.fiscal_year)
    return Output(
        {"result": {**plain(budget), "available_idr": budget.available_idr}},
        render_budget(budget),
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    top = sub
    top._rantai_name = ""  # top-level commands: no group name in messages
    leaf(common, top, "whoami", cmd_whoami, "the signer's organisation, roles and balance")
    p = leaf(common, top, "status", cmd_status, "a process: ocid, tender:N, order:N or shipment:N")
    p.add_argument(
        "ref", metavar="REF", help="ocds-…-T<n>, ocds-…-PO<n>, tender:N, order:N, shipment:N"
    )
    leaf(common, top, "policy", cmd_policy, "the procurement policy")
    p = leaf(common, top, "budget", cmd_budget, "an agency's budget (pagu) for a fiscal year")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p.add_argument("fiscal_year", type=YEAR, metavar="FISCAL_YEAR")


__all__ = ["register"]
