"""Human text for the client's results and read models (the ``--json`` form is ``output.plain``).

Example::

    >>> from py_client.models import Budget
    >>> print(render_budget(Budget(10, 2026, 50_000_000_000, 400_000_000)))
    organisation   10
    fiscal year    2026
    ceiling        Rp 50.000.000.000
    committed      Rp 400.000.000
    available      Rp 49.600.000.000
"""

from collections.abc import Mapping, Sequence
from typing import Any

from py_client.cli.output import cell, plain, render_record, render_table
from py_client.formatting import rupiah
from py_client.models import (
    Budget,
    Checkpoint,
    OrderReport,
    Participant,
    Policy,
    ShipmentReport,
    StatusReport,
    TenderReport,
)
from py_client.receipts import Event, TxResult

HASH_SHOWN = 10


def short(value: Any) -> str:
    """A compact form of an event argument: 32-byte hashes shortened, nesting summarised."""
    if isinstance(value, bytes):
        text = "0x" + value.hex()
        return text[:HASH_SHOWN] + "…" if len(value) == 32 else text
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={short(value[k])}" for k in value) + "}"
    if isinstance(value, list | tuple):
        if len(value) > 4:
            return f"[{len(value)} entries]"
        return "[" + ", ".join(short(v) for v in value) + "]"
    return cell(value)


def render_event(event: Event) -> str:
    """``Name(arg=value, ...)``."""
    args = ", ".join(f"{k}={short(event.args[k])}" for k in event.args)
    return f"{event.name}({args})"


def render_results(summary: str, results: Sequence[TxResult]) -> str:
    """What a sending command prints: a summary, then each transaction and its events."""
    lines = [summary]
    for result in results:
        lines.append(f"  tx {result.tx_hash}  block {result.block_number}  gas {result.gas_used:,}")
        lines += [f"    {render_event(e)}" for e in result.events]
    return "\n".join(lines)


def render_participant(p: Participant, extra: Mapping[str, Any]) -> str:
    """``whoami``."""
    record = {
        "address": p.address,
        "organisation": p.org_id or "none",
        "kind": p.org_kind.name.lower(),
        "roles": sorted(r.value.lower() for r in p.roles) or "none",
        "suspended": p.suspended,
        "system paused": p.paused,
        **extra,
    }
    return render_record(record)


def render_policy(p: Policy) -> str:
    """``policy``."""
    return render_record(
        {
            "min tender period": p.min_tender_period,
            "confirmation window": p.confirmation_window,
            "max bids per tender": p.max_bids_per_tender,
            "penalty per mille/day": p.penalty_per_mille_per_day,
            "penalty cap (bps)": p.penalty_cap_bps,
            "retention (bps)": p.retention_bps,
            "direct purchase ceiling": rupiah(p.direct_purchase_ceiling_idr),
            "checkpoint backdate tolerance": p.checkpoint_backdate_tolerance,
            "adendum cap (bps)": p.adendum_cap_bps,
        }
    )


def render_budget(b: Budget) -> str:
    """``budget``."""
    return render_record(
        {
            "organisation": b.org_id,
            "fiscal year": b.fiscal_year,
            "ceiling": rupiah(b.ceiling_idr),
            "committed": rupiah(b.committed_idr),
            "available": rupiah(b.available_idr),
        }
    )


def render_status(report: StatusReport) -> str:
    """``status``: a summary line, then the process's details and tables."""
    if isinstance(report, TenderReport):
        return _tender(report)
    if isinstance(report, OrderReport):
        return _order(report)
    return _shipment(report)


def _tender(r: TenderReport) -> str:
    t = r.tender
    summary = f"{r.ocid}: tender {t.tender_id} {t.status.name.lower()}, {t.bid_count} bid(s)"
    if r.award is not None:
        summary += f", awarded to {r.award.supplier} at {rupiah(r.award.price_idr)}"
    parts = [
        summary,
        "",
        render_record(
            {
                "ocid": r.ocid,
                "tender": t.tender_id,
                "status": t.status.name.lower(),
                "agency": f"{t.agency} (organisation {t.agency_org_id})",
                "fiscal year": t.fiscal_year,
                "HPS": rupiah(t.hps_idr),
                "bond": rupiah(t.bond_idr),
                "bid deadline": t.bid_deadline_at,
                "reveal deadline": t.reveal_deadline_at,
                "bids": f"{t.bid_count} of at most {t.max_bids}",
                "spec": f"{cell(t.spec_hash)} {t.spec_uri or ''}".rstrip(),
                "winner": t.winner,
                "order": t.order_id,
            }
        ),
        "",
        "items:",
        render_table(
            [
                {"#": n, "quantity": i.quantity, "unit": i.unit, "description": i.description_hash}
                for n, i in enumerate(t.items)
            ]
        ),
        "",
        "bids:",
        render_table(
            [
                {
                    "seq": b.seq,
                    "bidder": b.bidder,
                    "org": b.supplier_org_id,
                    "state": b.state.name.lower(),
                    "price": rupiah(b.price_idr),
                    "valid": b.valid,
                }
                for b in r.bids
            ]
        ),
    ]
    if r.red_flags:
        parts += [
            "",
            "red flags:",
            render_table(
                [
                    {"code": f.code, "meaning": f.description, "bidder": f.bidder}
                    for f in r.red_flags
                ]
            ),
        ]
    if r.order is not None:
        parts += ["", _order(r.order)]
    return "\n".join(parts)


def _order(r: OrderReport) -> str:
    o = r.order
    parts = [
        r.summary,
        "",
        render_record(
            {
                "ocid": r.ocid,
                "order": o.order_id,
                "state": o.state.name.lower() + (" (disputed)" if o.disputed else ""),
                "agency": f"{o.agency} (organisation {o.agency_org_id})",
                "supplier": o.supplier,
                "tender": o.tender_id or "direct purchase",
                "fiscal year": o.fiscal_year,
                "total": rupiah(o.total_idr),
                "unpaid in escrow": rupiah(o.unpaid_idr),
                "retention held": rupiah(o.retention_held_idr),
                "delivery deadline": o.delivery_deadline_at,
                "maintenance period": o.maintenance_period,
                "retention release": o.retention_release_at,
                "terms": (
                    f"retention {o.retention_bps} bps, penalty {o.penalty_per_mille_per_day} "
                    f"per mille/day capped at {o.penalty_cap_bps} bps"
                ),
            }
        ),
        "",
        "lines:",
        render_table(
            [
                {
                    "#": line.index,
                    "quantity": line.quantity,
                    "delivered": line.delivered_quantity,
                    "unit": line.unit,
                    "unit price": rupiah(line.unit_price_idr),
                    "origin": line.origin_country or None,
                    "due": line.due_at,
                }
                for line in r.lines
            ]
        ),
        "",
        "shipments:",
        render_table(
            [
                {
                    "shipment": s.shipment_id,
                    "status": s.status.name.lower(),
                    "custodian": s.custodian,
                    "quantities": list(s.quantities),
                    "checkpoints": s.checkpoint_count,
                    "confirmed": s.confirmed,
                }
                for s in r.shipments
            ]
        ),
    ]
    if r.dispute is not None:
        d = r.dispute
        ruling = (
            f"resolved: {rupiah(d.to_supplier_idr)} to the supplier, {rupiah(d.to_agency_idr)} "
            "to the agency"
            if d.resolved
            else "open"
        )
        parts += ["", f"dispute: opened by {d.opened_by} at {cell(d.opened_at)}; {ruling}"]
    return "\n".join(parts)


def _shipment(r: ShipmentReport) -> str:
    s = r.shipment
    origin = s.origin
    parts = [
        r.summary,
        "",
        render_record(
            {
                "shipment": s.shipment_id,
                "order": s.order_id,
                "status": s.status.name.lower(),
                "supplier": s.supplier,
                "custodian": s.custodian,
                "nominee": s.nominee,
                "quantities": list(s.quantities),
                "origin": (
                    " ".join(
                        x for x in (origin.country_code, origin.region, origin.producer_gln) if x
                    )
                    if origin
                    else None
                ),
                "expected arrival": s.expected_arrival_at,
                "arrived": s.arrived_at,
                "delivery confirmed": s.confirmed,
                "history head": s.head,
            }
        ),
        "",
        "checkpoints (history proven against the head on chain):",
        render_table([_checkpoint_row(c) for c in r.checkpoints]),
    ]
    return "\n".join(parts)


def _checkpoint_row(c: Checkpoint) -> dict[str, Any]:
    coordinates = None
    if c.latitude_e6 or c.longitude_e6:
        coordinates = f"{c.latitude_e6 / 1e6:.6f},{c.longitude_e6 / 1e6:.6f}"
    return {
        "#": c.index,
        "kind": c.kind.name.lower(),
        "location": c.location,
        "coordinates": coordinates,
        "occurred": c.occurred_at,
        "custodian": c.custodian,
    }


def document(value: Any) -> Any:
    """A model or result as JSON-compatible data (``--json``)."""
    return plain(value)
