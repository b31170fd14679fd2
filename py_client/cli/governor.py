"""The ``governor`` commands: organisations, accounts, roles, policy, pause (GOVERNOR).

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import ADDRESS, AMOUNT, COUNT, DURATION, ID
from py_client.cli.common import ORG_KINDS, ROLES, add_document, document_of, sent
from py_client.cli.context import Context, Output
from py_client.cli.groups import group_of, leaf
from py_client.inputs import InputError


def cmd_register_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor register-org``: register an organisation."""
    result = ctx.client.governor.register_organisation(args.org_id, args.kind, document_of(args))
    return sent(f"registered organisation {args.org_id} ({args.kind})", [result])


def cmd_update_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor update-org``: replace an organisation's metadata hash."""
    result = ctx.client.governor.update_organisation_metadata(args.org_id, document_of(args))  # type: ignore[arg-type]
    return sent(f"updated the metadata of organisation {args.org_id}", [result])


def cmd_add_account(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor add-account``: make an account act for an organisation."""
    result = ctx.client.governor.add_account(args.address, args.org_id)
    return sent(f"{args.address} now acts for organisation {args.org_id}", [result])


def cmd_remove_account(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor remove-account``: remove an account from its organisation."""
    result = ctx.client.governor.remove_account(args.address)
    return sent(f"removed {args.address} from its organisation", [result])


def cmd_set_payout_account(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor set-payout-account``: where refunds to an organisation go."""
    result = ctx.client.governor.set_payout_account(args.org_id, args.address)
    return sent(f"refunds to organisation {args.org_id} now go to {args.address}", [result])


def cmd_grant_role(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor grant-role``."""
    result = ctx.client.governor.grant_role(args.role, args.address)
    return sent(f"granted {args.role} to {args.address}", [result])


def cmd_revoke_role(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor revoke-role``."""
    result = ctx.client.governor.revoke_role(args.role, args.address)
    return sent(f"revoked {args.role} from {args.address}", [result])


def cmd_suspend_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor suspend-org``: blacklist an organisation."""
    result = ctx.client.governor.suspend_organisation(args.org_id, document_of(args))
    return sent(f"suspended organisation {args.org_id}", [result])


def cmd_reinstate_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor reinstate-org``: lift a suspension."""
    result = ctx.client.governor.reinstate_organisation(args.org_id, document_of(args))
    return sent(f"reinstated organisation {args.org_id}", [result])


POLICY_OPTIONS = {
    "min_tender_period": ("--min-tender-period", DURATION, "e.g. 7d"),
    "confirmation_window": ("--confirmation-window", DURATION, "e.g. 3d"),
    "max_bids_per_tender": ("--max-bids", COUNT, "bids per tender"),
    "penalty_per_mille_per_day": ("--penalty-per-mille", COUNT, "late penalty per day"),
    "penalty_cap_bps": ("--penalty-cap-bps", COUNT, "penalty cap in basis points"),
    "retention_bps": ("--retention-bps", COUNT, "retention in basis points"),
    "direct_purchase_ceiling_idr": ("--direct-purchase-ceiling", AMOUNT, "rupiah"),
    "checkpoint_backdate_tolerance": ("--checkpoint-backdate-tolerance", DURATION, "e.g. 1d"),
    "dispute_response_window": ("--dispute-response-window", DURATION, "e.g. 3d"),
    "adendum_cap_bps": ("--adendum-cap-bps", COUNT, "adendum cap in basis points"),
}


def cmd_set_policy(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor set-policy``: one transaction per value given."""
    values = {k: getattr(args, k) for k in POLICY_OPTIONS if getattr(args, k) is not None}
    if not values:
        options = ", ".join(o for o, _, _ in POLICY_OPTIONS.values())
        raise InputError(f"set-policy needs at least one of {options}")
    results = ctx.client.governor.set_policy(**values)
    return sent(f"changed {', '.join(values)}", results)


def cmd_pause(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor pause``."""
    return sent("paused the Rantai system", [ctx.client.governor.pause()])


def cmd_unpause(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor unpause``."""
    return sent("resumed the Rantai system", [ctx.client.governor.unpause()])


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "governor", "organisations, accounts, roles, policy, pause (GOVERNOR)")
    p = leaf(common, g, "register-org", cmd_register_org, "register an organisation")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p.add_argument("kind", choices=ORG_KINDS, metavar="KIND", help=", ".join(ORG_KINDS))
    add_document(p, "organisation profile (metadata)")
    p = leaf(common, g, "update-org", cmd_update_org, "replace an organisation's metadata hash")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    add_document(p, "organisation profile (metadata)")
    p = leaf(common, g, "add-account", cmd_add_account, "make an account act for an organisation")
    p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p = leaf(
        common, g, "remove-account", cmd_remove_account, "remove an account from its organisation"
    )
    p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    for name, handler, verb in (
        ("grant-role", cmd_grant_role, "grant"),
        ("revoke-role", cmd_revoke_role, "revoke"),
    ):
        p = leaf(common, g, name, handler, f"{verb} a role")
        p.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))
        p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    p = leaf(common, g, "set-payout-account", cmd_set_payout_account, "where refunds to an org go")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    p = leaf(common, g, "suspend-org", cmd_suspend_org, "suspend (blacklist) an organisation")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    add_document(p, "reason")
    p = leaf(common, g, "reinstate-org", cmd_reinstate_org, "lift a suspension")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    add_document(p, "reason")
    p = leaf(common, g, "set-policy", cmd_set_policy, "change policy values (one transaction each)")
    for dest, (option, kind, help_text) in POLICY_OPTIONS.items():
        p.add_argument(option, dest=dest, type=kind, help=help_text)
    leaf(common, g, "pause", cmd_pause, "stop every state change")
    leaf(common, g, "unpause", cmd_unpause, "resume after a pause")


__all__ = ["register"]
