"""The ``order`` commands: purchase orders, escrow, deliveries, milestones, adendums, retention.

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import ADDRESS, COUNT, DEADLINE, DURATION, FILE
from py_client.cli.common import YEAR, add_document, document_input, id_commands, sent, side_option
from py_client.cli.context import Context, Output
from py_client.cli.files import read_lines, read_quantities
from py_client.cli.groups import group_of, leaf
from py_client.formatting import rupiah
from py_client.inputs import InputError, parse_quantity_list
from py_client.models import Role
from py_client.receipts import TxResult


def cmd_order_from_tender(ctx: Context, args: argparse.Namespace) -> Output:
    """``order create-from-tender``."""
    lines = read_lines(args.lines, ctx.deadline)
    deadline = ctx.deadline(args.delivery_deadline, "delivery deadline")
    agency = ctx.client.agency
    result = agency.create_order_from_tender(
        args.tender, lines, deadline, args.maintenance, ref=args.ref
    )
    return _created_order(ctx, result, args.approve)


def cmd_order_direct(ctx: Context, args: argparse.Namespace) -> Output:
    """``order create-direct``."""
    lines = read_lines(args.lines, ctx.deadline)
    deadline = ctx.deadline(args.delivery_deadline, "delivery deadline")
    result = ctx.client.agency.create_direct_order(
        args.supplier, args.fiscal_year, lines, deadline, args.maintenance, ref=args.ref
    )
    return _created_order(ctx, result, args.approve)


def _created_order(ctx: Context, result: TxResult, approve: bool) -> Output:
    order_id = result.order_id or 0
    ocid = str(result.event("OrderCreated")["ocid"])
    total = int(result.event("OrderCreated")["totalIdr"])
    results = [result]
    summary = f"created order {order_id} ({ocid}) of {rupiah(total)}"
    if approve:
        results.append(ctx.client.agency.approve_escrow(order_id))
        summary += "; the escrow is approved for the total"
    else:
        summary += (
            "; approve the escrow before the supplier accepts: "
            f"rantai token approve --order {order_id}"
        )
    return sent(summary, results, order_id=order_id, ocid=ocid, total_idr=total)


def cmd_order_accept(ctx: Context, args: argparse.Namespace) -> Output:
    """``order accept`` (supplier)."""
    result = ctx.client.supplier.accept_order(args.order, document_input(args))
    escrowed = int(result.event("OrderAccepted")["escrowedIdr"])
    return sent(f"accepted order {args.order}: {rupiah(escrowed)} in escrow", [result])


def cmd_order_cancel(ctx: Context, args: argparse.Namespace) -> Output:
    """``order cancel``."""
    result = ctx.client.agency.cancel_order(args.order, document_input(args))
    return sent(f"cancelled order {args.order}", [result])


def cmd_confirm_delivery(ctx: Context, args: argparse.Namespace) -> Output:
    """``order confirm-delivery``: received quantities from a file, inline or as shipped."""
    received: list[int] | None = None
    if args.received is not None:
        received = read_quantities(args.received)
    elif args.quantities is not None:
        received = parse_quantity_list(args.quantities, "--quantities")
    result = ctx.client.agency.confirm_delivery(args.shipment, received, document_input(args))
    return sent(_payment_summary(f"confirmed shipment {args.shipment}", result), [result])


def cmd_confirm_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order confirm-milestone``."""
    result = ctx.client.agency.confirm_milestone(args.order, args.line, document_input(args))
    summary = _payment_summary(f"confirmed milestone {args.line} of order {args.order}", result)
    return sent(summary, [result])


def _payment_summary(prefix: str, result: TxResult) -> str:
    paid = result.events_named("PaymentReleased")
    if not paid:
        return prefix
    p = paid[0]
    return (
        f"{prefix}: paid {rupiah(p['paidIdr'])}, penalty {rupiah(p['penaltyIdr'])}, "
        f"retention held {rupiah(p['retentionIdr'])}"
    )


def cmd_order_terminate(ctx: Context, args: argparse.Namespace) -> Output:
    """``order terminate``."""
    result = ctx.client.agency.terminate_order(args.order, document_input(args))
    refunded = int(result.event("OrderTerminated")["refundedIdr"])
    return sent(f"terminated order {args.order}: {rupiah(refunded)} refunded", [result])


def cmd_order_adendum(ctx: Context, args: argparse.Namespace) -> Output:
    """``order adendum``: propose new quantities and/or deadline, or sign the other party's
    identical proposal (issue 13 item 4); unchanged parts are taken from the order."""
    if args.quantities is None and args.deadline is None:
        raise InputError("order adendum needs --quantities and/or --deadline")
    client = ctx.client
    side = args.side
    if side is None:
        side = "agency" if Role.AGENCY in client.whoami().roles else "supplier"
    quantities = (
        parse_quantity_list(args.quantities, "--quantities")
        if args.quantities is not None
        else [line.quantity for line in client.lines(args.order)]
    )
    deadline = (
        ctx.deadline(args.deadline, "new delivery deadline")
        if args.deadline is not None
        else int(client.order(args.order).delivery_deadline_at.timestamp())
    )
    view = client.agency if side == "agency" else client.supplier
    result = view.sign_adendum(args.order, quantities, deadline, document_input(args))
    signed = result.events_named("AdendumSigned")
    if signed:
        s = signed[0]
        summary = (
            f"signed adendum {s['number']} of order {args.order} (as {side}): total "
            f"{rupiah(s['oldTotalIdr'])} -> {rupiah(s['newTotalIdr'])}"
        )
    else:
        p = result.event("AdendumProposed")
        summary = (
            f"proposed adendum {p['number']} of order {args.order} (as {side}): total "
            f"{rupiah(p['newTotalIdr'])}; the other party signs the same terms to apply it"
        )
    return sent(summary, [result])


def cmd_release_retention(ctx: Context, args: argparse.Namespace) -> Output:
    """``order release-retention``."""
    result = ctx.client.agency.release_retention(args.order)
    amount = int(result.event("RetentionReleased")["amountIdr"])
    return sent(f"released {rupiah(amount)} of retention of order {args.order}", [result])


def cmd_submit_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order submit-milestone`` (supplier)."""
    result = ctx.client.supplier.submit_milestone(args.order, args.line, document_input(args))
    ends = int(result.event("MilestoneSubmitted")["reviewEndsAt"])
    return sent(
        f"submitted milestone {args.line} of order {args.order}: review until {ends}", [result]
    )


def cmd_reject_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order reject-milestone`` (agency)."""
    result = ctx.client.agency.reject_milestone(args.order, args.line, document_input(args))
    return sent(f"rejected milestone {args.line} of order {args.order}: order disputed", [result])


def cmd_claim_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order claim-milestone`` (supplier: deemed acceptance)."""
    result = ctx.client.supplier.claim_deemed_milestone(args.order, args.line)
    summary = _payment_summary(
        f"milestone {args.line} of order {args.order} deemed accepted", result
    )
    return sent(summary, [result])


def cmd_claim_delivery(ctx: Context, args: argparse.Namespace) -> Output:
    """``order claim-delivery`` (supplier: deemed acceptance)."""
    result = ctx.client.supplier.claim_deemed_delivery(args.shipment)
    summary = _payment_summary(f"shipment {args.shipment} deemed accepted", result)
    return sent(summary, [result])


def _order_terms(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lines", type=FILE, required=True, metavar="FILE", help="lines JSON file")
    parser.add_argument(
        "--delivery-deadline", type=DEADLINE, required=True, help="ISO-8601 or +30d"
    )
    parser.add_argument(
        "--maintenance", type=DURATION, required=True, help="maintenance period, e.g. 90d"
    )
    parser.add_argument(
        "--approve", action="store_true", help="also approve the escrow for the order total"
    )
    parser.add_argument(
        "--ref",
        default=None,
        metavar="REF",
        help="your reference, e.g. the SiRUP/SPSE package code: the chain refuses a second "
        "order of your organisation with it",
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "order", "purchase orders and escrow")
    on_order = id_commands(common, g, "order")
    on_tender = id_commands(common, g, "tender")
    p = on_tender("create-from-tender", cmd_order_from_tender, "order from an awarded tender")
    _order_terms(p)
    p = leaf(
        common, g, "create-direct", cmd_order_direct, "direct purchase (up to the policy ceiling)"
    )
    p.add_argument("--supplier", type=ADDRESS, required=True)
    p.add_argument("--fiscal-year", type=YEAR, required=True)
    _order_terms(p)
    on_order(
        "accept",
        cmd_order_accept,
        "sign an order (SUPPLIER): the total goes into escrow",
        "signed contract",
    )
    on_order("cancel", cmd_order_cancel, "cancel an order before acceptance", "reason")
    _register_deliveries(g, common)
    _register_changes(g, common)


def _register_deliveries(g: Any, common: argparse.ArgumentParser) -> None:
    """Deliveries and milestones: confirm, submit, reject, deemed acceptance."""
    on_order, on_shipment = id_commands(common, g, "order"), id_commands(common, g, "shipment")
    p = on_shipment("confirm-delivery", cmd_confirm_delivery, "confirm an arrived shipment and pay")
    received = p.add_mutually_exclusive_group()
    received.add_argument(
        "--received", type=FILE, metavar="FILE", help="received quantities JSON file"
    )
    received.add_argument(
        "--quantities", metavar="Q1,Q2,…", help="received per order line (default: as shipped)"
    )
    bast = "handover record (BAST)"
    add_document(p, bast, store=True)
    for name, handler, what, document in (
        ("confirm-milestone", cmd_confirm_milestone, "confirm a milestone line and pay", bast),
        (
            "submit-milestone",
            cmd_submit_milestone,
            "declare a milestone done (SUPPLIER)",
            "evidence",
        ),
        (
            "reject-milestone",
            cmd_reject_milestone,
            "reject a submitted milestone: dispute",
            "reason",
        ),
        ("claim-milestone", cmd_claim_milestone, "deemed acceptance of a milestone", None),
    ):
        p = on_order(name, handler, what, document)
        p.add_argument("line", type=COUNT, metavar="LINE", help="line index, from 0")
    on_shipment("claim-delivery", cmd_claim_delivery, "deemed acceptance of a shipment")


def _register_changes(g: Any, common: argparse.ArgumentParser) -> None:
    """Termination, adendum and the retention release."""
    on_order = id_commands(common, g, "order")
    on_order(
        "terminate", cmd_order_terminate, "terminate a late order (penalty cap reached)", "reason"
    )
    p = on_order("adendum", cmd_order_adendum, "propose or sign an adendum (both parties)")
    p.add_argument("--quantities", metavar="Q1,Q2,…", help="new quantity per line (default: kept)")
    p.add_argument("--deadline", type=DEADLINE, help="new delivery deadline (default: kept)")
    side_option(p)
    add_document(p, "reason (adendum document)", store=True)
    on_order("release-retention", cmd_release_retention, "pay retention after maintenance")


__all__ = ["register"]
