"""The ``tender`` commands: open, disqualify, finalise, cancel, objections (*sanggah*), bonds.

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import ADDRESS, AMOUNT, DEADLINE, FILE
from py_client.cli.common import YEAR, add_document, document_input, id_commands, sent
from py_client.cli.context import Context, Output
from py_client.cli.files import read_items
from py_client.cli.groups import group_of, leaf
from py_client.formatting import rupiah
from py_client.inputs import InputError


def cmd_tender_open(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender open``: items from a JSON file, deadlines on the chain's clock."""
    items = read_items(args.items)
    bid_deadline = ctx.deadline(args.bid_deadline, "bid deadline")
    reveal_deadline = ctx.deadline(args.reveal_deadline, "reveal deadline")
    if reveal_deadline <= bid_deadline:
        raise InputError("the reveal deadline must come after the bid deadline")
    result = ctx.client.agency.open_tender(
        spec=document_input(args),  # type: ignore[arg-type]
        spec_uri=args.spec_uri,
        items=items,
        hps_idr=args.hps,
        bid_deadline_at=bid_deadline,
        reveal_deadline_at=reveal_deadline,
        fiscal_year=args.fiscal_year,
        bond_idr=args.bond,
        delivery_from_at=(
            None
            if args.delivery_from is None
            else ctx.deadline(args.delivery_from, "delivery period start")
        ),
        delivery_until_at=(
            None
            if args.delivery_until is None
            else ctx.deadline(args.delivery_until, "delivery period end")
        ),
    )
    tender_id = result.tender_id or 0
    ocid = ctx.client.ocid("T", tender_id)
    return sent(f"opened tender {tender_id} ({ocid})", [result], tender_id=tender_id, ocid=ocid)


def cmd_tender_disqualify(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender disqualify``."""
    result = ctx.client.agency.disqualify_bid(args.tender, args.bidder, document_input(args))
    return sent(f"disqualified the bid of {args.bidder} in tender {args.tender}", [result])


def cmd_tender_finalise(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender finalise``: the award (or failure) and red flags."""
    result = ctx.client.agency.finalise_tender(args.tender)
    awarded = result.events_named("TenderAwarded")
    if awarded:
        a = awarded[0]
        summary = f"tender {args.tender} awarded to {a['supplier']} at {rupiah(a['priceIdr'])}"
    else:
        summary = f"tender {args.tender} failed: no eligible bid"
    flags = [
        bytes(e["code"]).decode("ascii", "replace") for e in result.events_named("RedFlagRaised")
    ]
    if flags:
        summary += f"; red flags {', '.join(flags)}"
    return sent(summary, [result], red_flags=flags)


def cmd_tender_cancel(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender cancel``."""
    result = ctx.client.agency.cancel_tender(args.tender, document_input(args))
    return sent(f"cancelled tender {args.tender}", [result])


def cmd_tender_object(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender object`` (supplier): a sanggah against the award."""
    if args.approve_bond:
        ctx.client.supplier.approve_objection_bond(args.tender)
    result = ctx.client.supplier.object_award(args.tender, document_input(args))
    bond = int(result.event("AwardObjected")["bondIdr"])
    return sent(f"objected to the award of tender {args.tender} (bond {rupiah(bond)})", [result])


def cmd_tender_rule(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender rule`` (arbiter): uphold or reject an objection."""
    upheld = args.decision == "uphold"
    result = ctx.client.arbiter.rule_objection(
        args.tender, args.objector, upheld, document_input(args)
    )
    summary = f"{'upheld' if upheld else 'rejected'} the objection of {args.objector}"
    moved = result.events_named("AwardMoved")
    if moved:
        summary += f"; award moved to {moved[0]['next']} at {rupiah(moved[0]['priceIdr'])}"
    elif result.events_named("TenderFailed"):
        summary += f"; tender {args.tender} failed: no bidder left"
    return sent(summary, [result])


def cmd_tender_forfeit(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender forfeit`` (anyone): the awardee let its acceptance window pass."""
    result = ctx.client.agency.forfeit_award(args.tender)
    summary = f"the awardee of tender {args.tender} forfeited the award"
    moved = result.events_named("AwardMoved")
    if moved:
        summary += f"; runner-up {moved[0]['next']} at {rupiah(moved[0]['priceIdr'])}"
    elif result.events_named("TenderFailed"):
        summary += "; no bidder left: the tender failed"
    return sent(summary, [result])


def cmd_tender_return_bond(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender return-bond`` (anyone): the agency never ordered; the winner's bond goes back."""
    result = ctx.client.agency.return_winner_bond(args.tender)
    return sent(f"returned the winner's bond of tender {args.tender}", [result])


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "tender", "sealed-bid tenders (AGENCY; finalise: anyone)")
    on_tender = id_commands(common, g, "tender")
    p = leaf(common, g, "open", cmd_tender_open, "open a tender")
    p.add_argument("--items", type=FILE, required=True, metavar="FILE", help="items JSON file")
    p.add_argument("--hps", type=AMOUNT, required=True, help="owner's estimate, whole rupiah")
    p.add_argument("--bid-deadline", type=DEADLINE, required=True, help="ISO-8601 or +7d")
    p.add_argument("--reveal-deadline", type=DEADLINE, required=True, help="ISO-8601 or +8d")
    p.add_argument("--fiscal-year", type=YEAR, required=True)
    p.add_argument(
        "--bond",
        type=AMOUNT,
        default=None,
        help="bid bond, whole rupiah (default and minimum: the policy's per mille of the HPS)",
    )
    p.add_argument(
        "--delivery-from",
        type=DEADLINE,
        default=None,
        help="delivery period start: the order's deadline is no earlier (default: reveal)",
    )
    p.add_argument(
        "--delivery-until",
        type=DEADLINE,
        default=None,
        help="delivery period end: the order's deadline is no later (default: reveal + 365d)",
    )
    p.add_argument("--spec-uri", required=True, help="where the specification can be fetched")
    add_document(p, "specification", store=True)
    p = on_tender("disqualify", cmd_tender_disqualify, "disqualify a revealed bid")
    p.add_argument("bidder", type=ADDRESS, metavar="BIDDER")
    add_document(p, "reason", store=True)
    on_tender("finalise", cmd_tender_finalise, "award or fail a tender after its reveal deadline")
    on_tender("cancel", cmd_tender_cancel, "cancel an open tender (bonds refunded)", "reason")
    p = on_tender("object", cmd_tender_object, "object to an award (sanggah; losing SUPPLIER)")
    p.add_argument("--approve-bond", action="store_true", help="approve the objection bond first")
    add_document(p, "reason", store=True)
    p = on_tender("rule", cmd_tender_rule, "rule on an objection (ARBITER)")
    p.add_argument("objector", type=ADDRESS, metavar="OBJECTOR")
    p.add_argument("decision", choices=["uphold", "reject"])
    add_document(p, "ruling", store=True)
    on_tender("forfeit", cmd_tender_forfeit, "forfeit an award not accepted in time (anyone)")
    on_tender("return-bond", cmd_tender_return_bond, "return an unordered winner's bond")


__all__ = ["register"]
