"""``rantai audit``: index the chain's events into a database and question it.

``sync`` needs the node and the deployment (the usual settings); ``process``, ``agency``,
``supplier`` and ``flags`` read the database only. The database is ``--db`` (a SQLite file or a
``postgresql://`` URL), else the ``RANTAI_AUDIT_DB`` setting (environment or ``.env``), else
``rantai-audit.sqlite`` in the current directory.
"""

import argparse
import logging
import os
import time
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from py_client.audit import flags as flag_checks
from py_client.audit import queries
from py_client.audit.db import DEFAULT_DATABASE, Database, is_postgres_url, open_database
from py_client.audit.errors import NotIndexed
from py_client.audit.rpc import RawRpc
from py_client.audit.sync import sync
from py_client.audit.writer import single_writer
from py_client.cli.argtypes import AMOUNT, COUNT, DURATION, ID, arg
from py_client.cli.context import Context, Output
from py_client.cli.groups import leaf
from py_client.cli.output import plain, render_record, render_table
from py_client.deployment import Deployment
from py_client.errors import ChainIdMismatch, ConfigError
from py_client.formatting import iso_time, rupiah
from py_client.inputs import (
    InputError,
    parse_id,
)

AUDIT_DB_VARIABLE = "RANTAI_AUDIT_DB"
log = logging.getLogger(__name__)


PERCENT = arg(parse_id, "percentage")
MINIMUM = arg(parse_id, "minimum")
TIMELINE_ARGS = 4  # arguments shown per timeline entry in text output


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seconds must be a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"seconds must be positive: {text!r}")
    return value


def database_target(args: argparse.Namespace) -> str:
    """``--db``, else ``RANTAI_AUDIT_DB`` (environment, then the env file), else the default."""
    return setting(args, "db", AUDIT_DB_VARIABLE) or DEFAULT_DATABASE


def setting(args: argparse.Namespace, option: str, variable: str) -> str | None:
    """``--option``, else ``variable`` from the environment, else from the env file."""
    given = getattr(args, option, None)
    if given:
        return str(given)
    if os.environ.get(variable):
        return os.environ[variable]
    env_file = Path(getattr(args, "env_file", None) or ".env")
    if env_file.is_file():
        value = dotenv_values(env_file).get(variable)
        if value:
            return value
    return None


def _open(args: argparse.Namespace, create: bool) -> Database:
    target = database_target(args)
    if not create and not is_postgres_url(target) and not Path(target).is_file():
        raise NotIndexed(f"audit database {target} does not exist: run 'rantai audit sync' first")
    return open_database(target, create=create)


# ------------------------------------------------------------------------- handlers


def cmd_sync(ctx: Context, args: argparse.Namespace) -> Output:
    """``audit sync``: index every Rantai event up to the head (or ``--to-block``).

    The writer lock of the database is held throughout (:mod:`py_client.audit.writer`): a second
    indexer is refused (or, with ``--wait``, waits). With ``--follow`` the command stays the
    database's single indexer, syncing every ``--interval`` seconds until interrupted.
    """
    settings = ctx.settings
    if not settings.deployment:
        raise ConfigError("audit sync needs the deployment: set RANTAI_DEPLOYMENT or --deployment")
    if args.follow and args.to_block is not None:
        raise InputError("--follow indexes up to each new head: it takes no --to-block")
    deployment = Deployment.load(settings.deployment)
    rpc = RawRpc(settings.rpc_url, jwt=settings.rpc_jwt)
    rounds = 0
    try:
        chain_id = int(rpc.call("eth_chainId"), 16)
        for expected, source in (
            (settings.chain_id, "RANTAI_CHAIN_ID"),
            (deployment.chain_id, "the deployment file"),
        ):
            if expected is not None and expected != chain_id:
                raise ChainIdMismatch(expected, chain_id, source)
        with _open(args, create=True) as db, single_writer(db, wait=args.wait):
            target = db.target
            report = sync(db, rpc, deployment, to_block=args.to_block, max_range=args.max_range)
            total = report.events
            texts = _portal_texts(db, settings.document_store) if args.follow else None
            while args.follow:
                if texts is not None:  # the portal's search words of new tenders
                    texts.index_texts()
                rounds += 1
                if report.events:
                    log.info("indexed %s events up to block %s", report.events, report.to_block)
                try:
                    time.sleep(args.interval)
                except KeyboardInterrupt:
                    break
                report = sync(db, rpc, deployment, max_range=args.max_range)
                total += report.events
    finally:
        rpc.close()
    if args.follow:
        text = (
            f"followed the chain into {target} for {rounds} rounds: {total} events, "
            f"indexed through block {report.to_block}"
        )
        return Output({"database": target, "events": total, "to_block": report.to_block}, text)
    rate = f"{report.events_per_second:,.0f}"
    text = (
        f"indexed {report.events} events of blocks {report.from_block}..{report.to_block} "
        f"into {target} in {report.seconds:.1f} s ({rate} events/s; "
        f"{report.ranges} log requests, {report.refused_ranges} refused, "
        f"{report.skipped} already indexed)"
    )
    return Output({"database": target, "result": plain(report)}, text)


def _portal_texts(db: Database, store: str | None) -> Any:
    """The portal's tables (search words, list indexes), kept by the single indexer so that
    read-only portal workers find them (docs/portal.md)."""
    from py_client.documents.store import open_store
    from py_client.portal.documents import PublicDocuments
    from py_client.portal.listing import Lists

    Lists(db)
    return PublicDocuments(db, open_store(store))


def cmd_process(ctx: Context, args: argparse.Namespace) -> Output:
    """``audit process``: the full timeline of one ocid."""
    with _open(args, create=False) as db:
        report = queries.process(db, args.ocid)
    return Output({"result": plain(report)}, render_process(report))


def cmd_agency(ctx: Context, args: argparse.Namespace) -> Output:
    """``audit agency``: one agency's tenders, orders and money."""
    with _open(args, create=False) as db:
        report = queries.agency(db, args.org_id)
    return Output({"result": plain(report)}, render_agency(report))


def cmd_supplier(ctx: Context, args: argparse.Namespace) -> Output:
    """``audit supplier``: one supplier's bids, awards, orders, deliveries and money."""
    with _open(args, create=False) as db:
        report = queries.supplier(db, args.supplier)
    return Output({"result": plain(report)}, render_supplier(report))


def cmd_flags(ctx: Context, args: argparse.Namespace) -> Output:
    """``audit flags``: on-chain red flags and the analytics of the index."""
    options = flag_options(args, split_window=args.window, ceiling_idr=args.ceiling)
    with _open(args, create=False) as db:
        report = flag_checks.red_flags(db, options)
    document = {
        "result": {
            "indexed_through": report.indexed_through,
            "options": plain(options),
            "flag_count": len(report.flags),
            "checks": plain(report.checks),
        }
    }
    return Output(document, render_flags(report))


# ------------------------------------------------------------------------- text output


def render_process(report: queries.ProcessReport) -> str:
    """A process as text: tender, bids, award, orders, and the timeline."""
    parts = [f"process {report.ocid}"]
    if report.tender is not None:
        t = report.tender
        parts.append(
            render_record(
                {
                    "tender": t["tender_id"],
                    "status": t["status"],
                    "agency": f"org {t['agency_org_id']} ({t['agency']})",
                    "HPS": rupiah(t["hps_idr"]),
                    "bond": rupiah(t["bond_idr"]),
                    "bid deadline": iso_time(t["bid_deadline_at"]),
                    "reveal deadline": iso_time(t["reveal_deadline_at"]),
                    "spec": t["spec_uri"],
                }
            )
        )
        parts.append(
            "bids\n"
            + render_table(
                [
                    {
                        "seq": b["seq"],
                        "org": b["supplier_org_id"],
                        "bidder": b["bidder"],
                        "state": b["state"],
                        "price": rupiah(b["price_idr"]),
                        "valid": None if b["valid"] is None else bool(b["valid"]),
                        "bond": b["bond_outcome"],
                    }
                    for b in report.bids
                ]
            )
        )
        if report.award is not None:
            a = report.award
            parts.append(f"award: org {a['supplier_org_id']} at {rupiah(a['price_idr'])}")
        for flag in report.red_flags:
            parts.append(f"red flag {flag['code']}: bidder {flag['bidder']}")
    for detail in report.orders:
        parts.append(render_order(detail))
    parts.append(
        "timeline\n"
        + render_table(
            [
                {
                    "at": iso_time(e.at),
                    "block": e.block_number,
                    "event": e.event,
                    "args": ", ".join(
                        f"{k}={v}"
                        for k, v in list(e.args.items())[:TIMELINE_ARGS]
                        if not isinstance(v, dict | list)
                    ),
                }
                for e in report.timeline
            ]
        )
    )
    return "\n\n".join(parts)


def render_order(detail: queries.OrderDetail) -> str:
    """One order with its shipments, confirmations and payments."""
    o = detail.order
    lines = [
        render_record(
            {
                "order": o["order_id"],
                "state": o["state"] + (" (disputed)" if o["disputed"] else ""),
                "agency": f"org {o['agency_org_id']}",
                "supplier": f"org {o['supplier_org_id']} ({o['supplier']})",
                "total": rupiah(o["total_idr"]),
                "delivery deadline": iso_time(o["delivery_deadline_at"]),
            }
        )
    ]
    for s in detail.shipments:
        sh = s.shipment
        lines.append(
            f"shipment {sh['shipment_id']}: {sh['status']}, {sh['checkpoint_count']} checkpoints, "
            f"arrived {iso_time(sh['arrived_at'])}"
        )
        lines.extend(
            f"  {c['idx']}: {c['kind']} at {c['location']} {iso_time(c['occurred_at'])}"
            for c in s.checkpoints
        )
    lines.extend(
        f"confirmed {d['kind']} {d['shipment_id'] or d['line_index']}: {rupiah(d['value_idr'])}, "
        f"{d['days_late']} days late, {iso_time(d['confirmed_at'])}"
        for d in detail.deliveries
    )
    lines.extend(
        f"paid ({p['kind']}): {rupiah(p['paid_idr'])}, penalty {rupiah(p['penalty_idr'])}, "
        f"retention {rupiah(p['retention_idr'])}, to agency {rupiah(p['to_agency_idr'])}"
        for p in detail.payments
    )
    if detail.dispute is not None:
        d = detail.dispute
        resolved = (
            f"resolved: {rupiah(d['to_supplier_idr'])} to supplier, "
            f"{rupiah(d['to_agency_idr'])} back"
            if d["resolved_at"] is not None
            else "open"
        )
        lines.append(f"dispute opened by {d['opened_by']} {iso_time(d['opened_at'])}: {resolved}")
    return "\n".join(lines)


def render_totals(totals: queries.Totals) -> str:
    """Money totals as a record."""
    return render_record(
        {
            "orders": totals.orders,
            "ordered": rupiah(totals.ordered_idr),
            "paid on delivery": rupiah(totals.paid_idr),
            "late penalties": rupiah(totals.penalties_idr),
            "retention released": rupiah(totals.retention_released_idr),
            "rulings to supplier": rupiah(totals.ruling_to_supplier_idr),
            "rulings to agency": rupiah(totals.ruling_to_agency_idr),
        }
    )


def _order_rows(rows: list[dict[str, Any]]) -> str:
    return render_table(
        [
            {
                "order": r["order_id"],
                "ocid": r["ocid"],
                "agency": r["agency_org_id"],
                "supplier": r["supplier_org_id"],
                "state": r["state"],
                "total": rupiah(r["total_idr"]),
                "paid": rupiah(r["paid_idr"]),
            }
            for r in rows
        ]
    )


def render_agency(report: queries.AgencyReport) -> str:
    """An agency as text."""
    org = report.organisation
    tenders = render_table(
        [
            {
                "tender": t["tender_id"],
                "ocid": t["ocid"],
                "status": t["status"],
                "bids": t["bid_count"],
                "HPS": rupiah(t["hps_idr"]),
                "award": rupiah(t["award_price_idr"]),
                "winner": t["winner_org_id"],
            }
            for t in report.tenders
        ]
    )
    flags = ", ".join(f"{f['code']} ({f['ocid']})" for f in report.red_flags) or "none"
    return "\n\n".join(
        [
            f"agency organisation {org['org_id']}" + (" (suspended)" if org["suspended"] else ""),
            "accounts: " + (", ".join(a["address"] for a in report.accounts) or "none"),
            "budgets\n"
            + render_table(
                [
                    {
                        "year": b["fiscal_year"],
                        "ceiling": rupiah(b["ceiling_idr"]),
                        "committed": rupiah(b["committed_idr"]),
                    }
                    for b in report.budgets
                ]
            ),
            "tenders\n" + tenders,
            "orders\n" + _order_rows(report.orders),
            render_totals(report.totals),
            f"on-chain red flags: {flags}",
        ]
    )


def render_supplier(report: queries.SupplierReport) -> str:
    """A supplier as text."""
    org = report.organisation
    bids = render_table(
        [
            {
                "tender": b["tender_id"],
                "state": b["state"],
                "price": rupiah(b["price_idr"]),
                "won": bool(b["won"]),
                "bond": b["bond_outcome"],
            }
            for b in report.bids
        ]
    )
    late = sum(1 for d in report.deliveries if d["days_late"] > 0)
    return "\n\n".join(
        [
            f"{org['kind'].lower()} organisation {org['org_id']}"
            + (" (suspended)" if org["suspended"] else ""),
            "accounts: " + (", ".join(a["address"] for a in report.accounts) or "none"),
            "bids\n" + bids,
            "orders\n" + _order_rows(report.orders),
            f"deliveries: {len(report.deliveries)}, late: {late}",
            render_totals(report.totals),
        ]
    )


def render_flags(report: flag_checks.FlagReport) -> str:
    """Every check with its definition and flags."""
    parts = [f"red flags up to block {report.indexed_through}: {len(report.flags)}"]
    for check in report.checks:
        header = f"{check.name}: {len(check.flags)} — {check.definition}"
        if not check.flags:
            parts.append(header)
            continue
        rows = [
            {
                "code": f.code,
                "ocid": f.ocid,
                "agency": f.agency_org_id,
                "supplier": f.supplier_org_id,
                "at": iso_time(f.at),
                "what": f.description,
            }
            for f in check.flags
        ]
        parts.append(header + "\n" + render_table(rows))
    return "\n\n".join(parts)


# ------------------------------------------------------------------------- parser


def register_audit(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``audit`` group to ``sub`` (the top-level subparsers)."""
    parser = sub.add_parser(
        "audit",
        help="index chain events and question them",
        description="Index every Rantai event into a database (sync) and question it: a "
        "process, an agency, a supplier, red flags. See docs/audit.md.",
    )
    group = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = _leaf(common, group, "sync", cmd_sync, "index every Rantai event since the last sync")
    _sync_options(p)
    p = _leaf(
        common, group, "process", cmd_process, "a process by ocid: tender, bids, orders, timeline"
    )
    p.add_argument("ocid", metavar="OCID", help="e.g. ocds-rantai-31337-T4 or …-PO7")
    p = _leaf(
        common, group, "agency", cmd_agency, "an agency organisation's tenders, orders and money"
    )
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p = _leaf(
        common, group, "supplier", cmd_supplier, "a supplier's bids, awards, orders and deliveries"
    )
    p.add_argument("supplier", metavar="ADDRESS_OR_ORG_ID")
    p = _leaf(
        common, group, "flags", cmd_flags, "red flags: on-chain events and analytics of the index"
    )
    _flag_options(p)


def _leaf(
    common: argparse.ArgumentParser, group: Any, name: str, handler: Any, help_text: str
) -> argparse.ArgumentParser:
    """An ``audit`` command: with ``--db``, the database it reads."""
    p = leaf(common, group, name, handler, help_text)
    # named here, not by the group: `audit report` (added by cli/interop.py) keeps its name "report"
    p.set_defaults(command_name=f"audit {name}")
    db_option(p)
    return p


def db_option(p: argparse.ArgumentParser) -> None:
    """``--db``: the audit database a command reads (every ``audit`` and ``export`` command)."""
    p.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"audit database: SQLite file or postgresql:// URL (default {AUDIT_DB_VARIABLE}, "
        f"else {DEFAULT_DATABASE})",
    )


def _sync_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to-block", type=COUNT, metavar="N", help="stop at block N (default: head)")
    p.add_argument(
        "--follow",
        action="store_true",
        help="keep indexing new blocks until interrupted: the database's single indexer",
    )
    p.add_argument(
        "--interval",
        type=_seconds,
        default=2.0,
        metavar="SECONDS",
        help="seconds between two syncs with --follow (2)",
    )
    p.add_argument(
        "--wait",
        action="store_true",
        help="wait for another indexer of the database to finish instead of refusing",
    )
    p.add_argument(
        "--max-range",
        type=ID,
        default=5000,
        metavar="BLOCKS",
        help="most blocks per eth_getLogs request (the node's cap; default 5000)",
    )


def _flag_options(p: argparse.ArgumentParser) -> None:
    """The thresholds of the analytic red flags (defaults: :class:`FlagOptions`)."""
    defaults = flag_checks.FlagOptions()
    p.add_argument(
        "--window",
        type=DURATION,
        default=defaults.split_window,
        help="split purchases: window (default 30d)",
    )
    p.add_argument(
        "--ceiling", type=AMOUNT, help="split purchases: ceiling (default: the indexed policy's)"
    )
    for flag in FLAG_THRESHOLDS:
        threshold_option(p, flag)


FLAG_THRESHOLDS = {
    "--gap-pct": ("gap_threshold_pct", PERCENT, "PCT", "price gap: runner-up %% above the winner"),
    "--serial-losses": ("serial_losses", MINIMUM, "N", "serial losers: revealed bids, no award"),
    "--late-rate-pct": ("late_rate_pct", PERCENT, "PCT", "late deliveries: share late"),
    "--late-min": ("late_min_deliveries", MINIMUM, "N", "late deliveries: fewest deliveries"),
}
"""The thresholds of :class:`FlagOptions` the commands take: field, type, metavar and what
each is."""


def flag_options(args: argparse.Namespace, **given: Any) -> flag_checks.FlagOptions:
    """The :class:`FlagOptions` of the thresholds the command took (:func:`threshold_option`),
    and ``given``."""
    for flag, (field, *_) in FLAG_THRESHOLDS.items():
        dest = flag.removeprefix("--").replace("-", "_")
        if hasattr(args, dest):
            given[field] = getattr(args, dest)
    return flag_checks.FlagOptions(**given)


def threshold_option(p: argparse.ArgumentParser, flag: str, what: str | None = None) -> None:
    """The red-flag threshold ``flag`` (a key of :data:`FLAG_THRESHOLDS`) with its
    :class:`FlagOptions` default; ``what`` describes it where the table's words do not fit."""
    field, kind, metavar, described = FLAG_THRESHOLDS[flag]
    default = getattr(flag_checks.FlagOptions(), field)
    help_text = f"{what or described} (default {default})"
    p.add_argument(flag, type=kind, default=default, metavar=metavar, help=help_text)


__all__ = ["register_audit"]
