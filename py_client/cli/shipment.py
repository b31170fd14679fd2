"""The ``shipment`` commands: register shipments, checkpoints and custody hand-overs.

Each handler turns parsed arguments into library values, calls the role view and returns an
:class:`~py_client.cli.context.Output`; :func:`register` declares the arguments.
"""

import argparse
from typing import Any

from py_client.cli.argtypes import ADDRESS, DEADLINE, FILE, TIME
from py_client.cli.common import (
    CHECKPOINT_KINDS,
    DEGREES,
    add_document,
    document_input,
    id_commands,
    sent,
)
from py_client.cli.context import Context, Output
from py_client.cli.files import read_shipment
from py_client.cli.groups import group_of
from py_client.inputs import InputError


def cmd_shipment_register(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment register``: quantities and origin from a JSON file."""
    quantities, origin = read_shipment(args.file)
    arrival = ctx.deadline(args.expected_arrival, "expected arrival")
    result = ctx.client.supplier.register_shipment(
        args.order, quantities, args.carrier, arrival, origin, ref=args.ref
    )
    shipment_id = result.shipment_id or 0
    summary = f"registered shipment {shipment_id} of order {args.order}, carrier {args.carrier}"
    return sent(summary, [result], shipment_id=shipment_id)


def cmd_checkpoint(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment checkpoint``."""
    if (args.lat is None) != (args.lon is None):
        raise InputError("--lat and --lon go together")
    kind = args.kind.replace("-", "_")
    result = ctx.client.carrier.record_checkpoint(
        args.shipment,
        kind,
        args.location,
        occurred_at=ctx.moment(args.at),
        latitude_e6=args.lat or 0,
        longitude_e6=args.lon or 0,
        evidence=document_input(args),
        ref=args.ref,
    )
    summary = f"recorded checkpoint {args.kind} at {args.location} for shipment {args.shipment}"
    if result.events_named("ShipmentArrived"):
        summary += ": the shipment has arrived"
    return sent(summary, [result])


def cmd_nominate(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment nominate``."""
    result = ctx.client.carrier.nominate_custodian(args.shipment, args.carrier)
    return sent(f"nominated {args.carrier} for shipment {args.shipment}", [result])


def cmd_reassign_custody(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment reassign`` (the order's supplier, from a stranded custodian)."""
    result = ctx.client.supplier.reassign_custody(args.shipment, args.carrier, document_input(args))
    return sent(f"reassigned shipment {args.shipment} to {args.carrier}", [result])


def cmd_accept_custody(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment accept-custody``."""
    result = ctx.client.carrier.accept_custody(args.shipment)
    return sent(f"took custody of shipment {args.shipment}", [result])


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    g = group_of(sub, "shipment", "shipments and custody (SUPPLIER registers, CARRIER tracks)")
    on_order = id_commands(common, g, "order")
    on_shipment = id_commands(common, g, "shipment")
    p = on_order("register", cmd_shipment_register, "register a shipment of an active order")
    p.add_argument("--file", type=FILE, required=True, help="quantities and origin JSON file")
    p.add_argument("--carrier", type=ADDRESS, required=True)
    p.add_argument("--expected-arrival", type=DEADLINE, required=True, help="ISO-8601 or +3d")
    p.add_argument(
        "--ref",
        help="reference, unique per supplier organisation: text (a waybill number) or 0x + 64 "
        "hex digits; default: derived from the shipment's content (docs/client.md)",
    )
    p = on_shipment("checkpoint", cmd_checkpoint, "record a checkpoint (custodian)")
    p.add_argument(
        "--kind", choices=CHECKPOINT_KINDS, required=True, help=", ".join(CHECKPOINT_KINDS)
    )
    p.add_argument("--location", required=True, help="UN/LOCODE (IDTPP) or GLN")
    p.add_argument("--lat", type=DEGREES, help="latitude, decimal degrees")
    p.add_argument("--lon", type=DEGREES, help="longitude, decimal degrees")
    p.add_argument("--at", type=TIME, help="when: ISO-8601, -2h, or now (default)")
    p.add_argument(
        "--ref",
        help="reference, unique per carrier organisation: text (a scan id) or 0x + 64 hex "
        "digits; default: derived from the checkpoint's content (docs/client.md)",
    )
    add_document(p, "evidence", required=False, store=True)
    p = on_shipment("nominate", cmd_nominate, "nominate the next carrier (custodian)")
    p.add_argument("carrier", type=ADDRESS, metavar="CARRIER")
    on_shipment("accept-custody", cmd_accept_custody, "take custody as the nominee")
    p = on_shipment(
        "reassign", cmd_reassign_custody, "move custody off a suspended carrier (SUPPLIER)"
    )
    p.add_argument("carrier", type=ADDRESS, metavar="CARRIER")
    add_document(p, "reason", store=True)


__all__ = ["register"]
