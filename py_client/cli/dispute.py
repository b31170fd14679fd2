"""The ``dispute`` commands: open, respond, escalate and resolve disputes on orders.

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import AMOUNT
from py_client.cli.common import add_document, document_input, id_commands, sent, side_option
from py_client.cli.context import Context, Output
from py_client.cli.groups import group_of
from py_client.errors import NotAuthorized
from py_client.formatting import rupiah
from py_client.models import Role


def cmd_dispute_open(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute open``: as agency or supplier, by ``--as`` or the signer's role."""
    client = ctx.client
    side = args.side
    if side is None:
        roles = client.whoami().roles
        if Role.AGENCY in roles:
            side = "agency"
        elif Role.SUPPLIER in roles:
            side = "supplier"
        else:
            raise NotAuthorized(
                f"{client.address} is neither an agency nor a supplier account",
                client.address or "",
            )
    view = client.agency if side == "agency" else client.supplier
    result = view.open_dispute(args.order, document_input(args))
    return sent(f"opened a dispute on order {args.order} (as {side})", [result])


def cmd_dispute_respond(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute respond``: the party that did not open the dispute answers it."""
    client = ctx.client
    side = args.side
    if side is None:
        roles = client.whoami().roles
        side = "agency" if Role.AGENCY in roles else "supplier"
    view = client.agency if side == "agency" else client.supplier
    result = view.respond_to_dispute(args.order, document_input(args))
    return sent(f"responded to the dispute on order {args.order} (as {side})", [result])


def cmd_dispute_escalate(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute escalate``."""
    result = ctx.client.supplier.escalate_unconfirmed(args.shipment, document_input(args))
    order_id = int(result.event("DisputeOpened")["orderId"])
    return sent(
        f"escalated unconfirmed shipment {args.shipment}: order {order_id} disputed", [result]
    )


def cmd_dispute_resolve(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute resolve`` (arbiter)."""
    result = ctx.client.arbiter.resolve_dispute(
        args.order, args.to_supplier, args.to_agency, document_input(args)
    )
    r = result.event("DisputeResolved")
    summary = (
        f"resolved the dispute on order {args.order}: {rupiah(r['toSupplierIdr'])} to the "
        f"supplier, {rupiah(r['toAgencyIdr'])} to the agency"
    )
    return sent(summary, [result])


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "dispute", "disputes (agency, supplier; resolve: ARBITER)")
    on_order = id_commands(common, g, "order")
    on_shipment = id_commands(common, g, "shipment")
    p = on_order("open", cmd_dispute_open, "open a dispute on an order")
    side_option(p)
    add_document(p, "reason", store=True)
    p = on_order("respond", cmd_dispute_respond, "respond to a dispute the other party opened")
    side_option(p)
    add_document(p, "response", store=True)
    on_shipment(
        "escalate", cmd_dispute_escalate, "dispute a shipment left unconfirmed (SUPPLIER)", "reason"
    )
    p = on_order("resolve", cmd_dispute_resolve, "split what a disputed order holds (ARBITER)")
    p.add_argument("--to-supplier", type=AMOUNT, required=True, help="whole rupiah")
    p.add_argument("--to-agency", type=AMOUNT, help="default: the rest of what is held")
    add_document(p, "ruling", store=True)


__all__ = ["register"]
