"""The audit report: one self-contained HTML page built from the audit index.

``rantai audit report -o report.html`` writes a page an auditor can open offline, archive and
mail: inline CSS, inline SVG charts drawn by :mod:`py_client.audit.charts`, no script and no
reference to anything outside the file (a Content-Security-Policy of ``default-src 'none'`` makes
a browser refuse any fetch even if data from the chain contained a link). It shows:

- totals: processes, contract value, paid, late penalties, retention, red flags;
- charts: contract value by agency, payments by supplier, delivery delays (days late per
  confirmed delivery, grouped), red flags per month;
- tables: every process (ocid, agency, supplier, state, value, paid, penalties, deliveries,
  worst delay, flags), every red flag, every delivery confirmation.

Organisations are named by their on-chain id unless ``names`` gives names (their profiles are
off chain). The data is gathered by :func:`gather` (useful on its own) and rendered by
:func:`render_html`.

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> html = render_html(gather(db))  # doctest: +SKIP
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

from py_client.audit.charts import bar_chart, column_chart, number
from py_client.audit.db import Database
from py_client.audit.flags import FlagOptions, red_flags
from py_client.audit.index import index_info
from py_client.formatting import iso_time, rupiah

DELAY_BINS: tuple[tuple[str, int, int], ...] = (
    ("on time", 0, 0),
    ("1-3 d", 1, 3),
    ("4-7 d", 4, 7),
    ("8-14 d", 8, 14),
    ("15-30 d", 15, 30),
    ("> 30 d", 31, 2**63 - 1),
)


@dataclass(frozen=True)
class ProcessRow:
    """One contracting process (a tender and its order, or a direct purchase)."""

    ocid: str
    kind: str  # "tender" or "direct"
    agency_org_id: int
    supplier_org_id: int | None
    state: str
    value_idr: int
    paid_idr: int
    penalty_idr: int
    deliveries: int
    max_days_late: int
    flags: int


@dataclass(frozen=True)
class FlagRow:
    """One red flag: an on-chain ``RedFlagRaised`` event or a finding of an analytic check."""

    at: int | None  # None: the finding has no single moment (a rate over many deliveries)
    code: str
    description: str
    ocid: str
    detail: str
    source: str  # the check that found it (py_client.audit.flags): "on-chain", "price-gap"...


@dataclass(frozen=True)
class DeliveryRow:
    """One delivery confirmation."""

    ocid: str
    order_id: int
    what: str
    confirmed_at: int
    days_late: int
    value_idr: int


@dataclass
class ReportData:
    """Everything the page shows, gathered from the index."""

    chain_id: int
    last_block: int
    last_block_at: int | None
    processes: list[ProcessRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)
    deliveries: list[DeliveryRow] = field(default_factory=list)
    spending_by_agency: list[tuple[int, int]] = field(default_factory=list)
    paid_by_supplier: list[tuple[int, int]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def delay_histogram(self) -> list[tuple[str, int]]:
        """Deliveries per delay bin (:data:`DELAY_BINS`)."""
        return [
            (label, sum(1 for d in self.deliveries if low <= d.days_late <= high))
            for label, low, high in DELAY_BINS
        ]

    def flags_per_month(self) -> list[tuple[str, int]]:
        """Dated red flags per calendar month (UTC), every month from the first to the last."""
        months = sorted({_month(f.at) for f in self.flags if f.at is not None})
        if not months:
            return []
        counts = {m: 0 for m in _month_range(months[0], months[-1])}
        for f in self.flags:
            if f.at is not None:
                counts[_month(f.at)] += 1
        return list(counts.items())


def _month(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m")


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def gather(db: Database, options: FlagOptions | None = None) -> ReportData:
    """Read what the report shows from the audit index.

    Args:
        db: The audit index.
        options: Thresholds of the analytic red-flag checks (defaults of
            :class:`~py_client.audit.flags.FlagOptions` when omitted).
    """
    info = index_info(db)
    data = ReportData(info.chain_id, info.last_block, info.last_block_at)
    data.flags = _flags(db, options)
    data.deliveries = _deliveries(db)
    data.processes = _processes(db, data.flags)
    data.spending_by_agency = [
        (int(r["org"]), int(r["total"]))
        for r in db.query(
            "SELECT agency_org_id AS org, SUM(total_idr) AS total FROM orders "
            "WHERE state <> 'Cancelled' GROUP BY agency_org_id ORDER BY total DESC, org"
        )
    ]
    data.paid_by_supplier = [
        (int(r["org"]), int(r["paid"]))
        for r in db.query(
            "SELECT o.supplier_org_id AS org, SUM(p.paid_idr) AS paid FROM payments p "
            "JOIN orders o ON o.order_id = p.order_id GROUP BY o.supplier_org_id "
            "ORDER BY paid DESC, org"
        )
    ]
    sums = db.query(
        "SELECT COALESCE(SUM(paid_idr), 0) AS paid, COALESCE(SUM(penalty_idr), 0) AS penalty, "
        "COALESCE(SUM(retention_idr), 0) AS retained, "
        "COALESCE(SUM(CASE WHEN kind = 'retention' THEN paid_idr ELSE 0 END), 0) AS released "
        "FROM payments"
    )[0]
    data.totals = {
        "processes": len(data.processes),
        "tenders": int(db.scalar("SELECT COUNT(*) FROM tenders") or 0),
        "orders": int(db.scalar("SELECT COUNT(*) FROM orders") or 0),
        "contract_value_idr": sum(v for _, v in data.spending_by_agency),
        "paid_idr": int(sums["paid"]),
        "penalty_idr": int(sums["penalty"]),
        "retention_held_idr": int(sums["retained"]),
        "retention_released_idr": int(sums["released"]),
        "deliveries": len(data.deliveries),
        "late_deliveries": sum(1 for d in data.deliveries if d.days_late > 0),
        "flags": len(data.flags),
    }
    return data


def _flags(db: Database, options: FlagOptions | None) -> list[FlagRow]:
    found = red_flags(db, options)
    rows = [
        FlagRow(
            at=f.at,
            code=f.code,
            description=f.description,
            ocid=f.ocid or "",
            detail=", ".join(f"{k} {_shown(v)}" for k, v in f.data.items()),
            source=f.check,
        )
        for f in found.flags
    ]
    return sorted(rows, key=lambda f: (f.at is None, f.at or 0, f.code))


def _shown(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return number(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)


def _deliveries(db: Database) -> list[DeliveryRow]:
    rows = db.query(
        "SELECT d.order_id, d.kind, d.shipment_id, d.line_index, d.confirmed_at, d.days_late, "
        "d.value_idr, o.ocid FROM deliveries d JOIN orders o ON o.order_id = d.order_id "
        "ORDER BY d.block_number, d.log_index"
    )
    return [
        DeliveryRow(
            ocid=str(r["ocid"]),
            order_id=int(r["order_id"]),
            what=(
                f"shipment {r['shipment_id']}"
                if r["kind"] == "shipment"
                else f"milestone line {int(r['line_index']) + 1}"
            ),
            confirmed_at=int(r["confirmed_at"]),
            days_late=int(r["days_late"]),
            value_idr=int(r["value_idr"]),
        )
        for r in rows
    ]


def _processes(db: Database, flags: list[FlagRow]) -> list[ProcessRow]:
    orders = {str(r["ocid"]): r for r in db.query("SELECT * FROM orders ORDER BY order_id")}
    paid: dict[int, tuple[int, int]] = {
        int(r["order_id"]): (int(r["paid"]), int(r["penalty"]))
        for r in db.query(
            "SELECT order_id, SUM(paid_idr) AS paid, SUM(penalty_idr) AS penalty "
            "FROM payments GROUP BY order_id"
        )
    }
    late: dict[int, tuple[int, int]] = {
        int(r["order_id"]): (int(r["n"]), int(r["worst"]))
        for r in db.query(
            "SELECT order_id, COUNT(*) AS n, MAX(days_late) AS worst FROM deliveries "
            "GROUP BY order_id"
        )
    }
    flag_count: dict[str, int] = {}
    for f in flags:
        flag_count[f.ocid] = flag_count.get(f.ocid, 0) + 1
    out = []
    for t in db.query("SELECT * FROM tenders ORDER BY tender_id"):
        ocid = str(t["ocid"])
        order = orders.pop(ocid, None)
        award = db.query("SELECT * FROM awards WHERE tender_id = ?", [t["tender_id"]])
        value = int(award[0]["price_idr"]) if award else int(t["hps_idr"])
        supplier = int(award[0]["supplier_org_id"]) if award else None
        state = str(t["status"])
        order_id = int(order["order_id"]) if order is not None else -1
        if order is not None:
            state = f"{state} / order {order['state']}"
            value = int(order["total_idr"])
        out.append(
            ProcessRow(
                ocid=ocid,
                kind="tender",
                agency_org_id=int(t["agency_org_id"]),
                supplier_org_id=supplier,
                state=state,
                value_idr=value,
                paid_idr=paid.get(order_id, (0, 0))[0],
                penalty_idr=paid.get(order_id, (0, 0))[1],
                deliveries=late.get(order_id, (0, 0))[0],
                max_days_late=late.get(order_id, (0, 0))[1],
                flags=flag_count.get(ocid, 0),
            )
        )
    for ocid, o in orders.items():
        order_id = int(o["order_id"])
        out.append(
            ProcessRow(
                ocid=ocid,
                kind="direct" if o["tender_id"] is None else "tender",
                agency_org_id=int(o["agency_org_id"]),
                supplier_org_id=int(o["supplier_org_id"]),
                state=f"order {o['state']}" + (" (disputed)" if o["disputed"] else ""),
                value_idr=int(o["total_idr"]),
                paid_idr=paid.get(order_id, (0, 0))[0],
                penalty_idr=paid.get(order_id, (0, 0))[1],
                deliveries=late.get(order_id, (0, 0))[0],
                max_days_late=late.get(order_id, (0, 0))[1],
                flags=flag_count.get(ocid, 0),
            )
        )
    return out


# --------------------------------------------------------------------------- rendering

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;
background:#f6f7f9}
header{background:#1f3a52;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85;font-size:13px}
main{padding:18px 28px;max-width:1200px}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:14px 18px;
margin:0 0 18px}
h2{font-size:17px;margin:0 0 10px}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
.tile{border:1px solid #dde2e8;border-radius:6px;padding:8px 12px;min-width:150px;
background:#fbfcfd}
.tile b{display:block;font-size:18px}
.tile span{font-size:12px;color:#5a6775}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(640px,1fr));gap:18px}
figure{margin:0}
figcaption{font-weight:600;margin:0 0 6px}
svg.chart{max-width:100%;height:auto;font-size:12px}
svg .label,svg .tick{fill:#39444f}
svg .value{fill:#1d2733;font-weight:600}
svg .axis{stroke:#9aa5b1}
svg .empty{fill:#8a96a3;font-style:italic}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e6eaee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.late td{background:#fff4e5}
.flag{display:inline-block;background:#bc4749;color:#fff;border-radius:3px;padding:0 5px;
font-weight:600}
.muted{color:#6b7785}
footer{padding:0 28px 24px;font-size:12px;color:#6b7785}
"""

# No script, no fetch of any kind: everything is inline.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _org(org_id: int | None, names: Mapping[int, str]) -> str:
    if org_id is None:
        return "—"
    return names.get(org_id, f"organisation {org_id}")


def _table(
    table_id: str,
    titles: list[str],
    rows: list[tuple[list[str], str]],
    numeric: Collection[str] = (),
) -> str:
    """An HTML table; one title per column (those in ``numeric`` right-aligned), rows are
    (escaped cells, class)."""
    head = [(title, title in numeric) for title in titles]
    parts = [f'<table id="{table_id}"><thead><tr>']
    parts += [
        f'<th class="num">{escape(h)}</th>' if n else f"<th>{escape(h)}</th>" for h, n in head
    ]
    parts.append("</tr></thead><tbody>")
    if not rows:
        parts.append(f'<tr><td colspan="{len(head)}" class="muted">none</td></tr>')
    for cells, css in rows:
        parts.append(f'<tr class="{css}">' if css else "<tr>")
        for (_, is_number), value in zip(head, cells, strict=True):
            parts.append(f'<td class="num">{value}</td>' if is_number else f"<td>{value}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def render_html(data: ReportData, names: Mapping[int, str] | None = None) -> str:
    """The report page for ``data``.

    Args:
        data: From :func:`gather`.
        names: Organisation names by on-chain id (profiles are off chain); ids otherwise.

    Returns:
        A complete HTML document (UTF-8 text) referring to nothing outside itself.
    """
    names = names or {}
    return _page(
        data,
        tile_html=_tiles(data),
        chart_html=_charts(data, names),
        processes=_processes_table(data, names),
        flags=_flags_table(data),
        deliveries=_deliveries_table(data),
    )


def _indexed(data: ReportData) -> str:
    """How far the index got: ``block 1,234 (2026-…Z)``."""
    return (
        f"block {data.last_block:,} ({iso_time(data.last_block_at)})"
        if data.last_block_at is not None
        else f"block {data.last_block:,}"
    )


def _tiles(data: ReportData) -> str:
    """The totals section's tiles."""
    t = data.totals
    tiles = [
        ("processes", number(t["processes"]), f"{t['tenders']} tenders, {t['orders']} orders"),
        ("contract value", rupiah(t["contract_value_idr"]), "orders not cancelled"),
        ("paid to suppliers", rupiah(t["paid_idr"]), "deliveries, retention, rulings"),
        ("late penalties", rupiah(t["penalty_idr"]), f"{t['late_deliveries']} late deliveries"),
        (
            "retention",
            rupiah(t["retention_held_idr"]),
            f"held; {rupiah(t['retention_released_idr'])} released",
        ),
        ("red flags", number(t["flags"]), "on-chain and analytic checks"),
    ]
    return "".join(
        f'<div class="tile" data-tile="{escape(k)}"><span>{escape(k)}</span><b>{escape(v)}</b>'
        f"<span>{escape(note)}</span></div>"
        for k, v, note in tiles
    )


def _charts(data: ReportData, names: Mapping[int, str]) -> str:
    """The charts section: spending, payments, delays, flags per month (inline SVG)."""

    def org_bars(title: str, values: list[tuple[int, int]], chart_id: str) -> str:
        return bar_chart(
            title, [(_org(o, names), v) for o, v in values], unit="Rp", chart_id=chart_id
        )

    charts = [
        (
            "Contract value by agency",
            org_bars("Contract value by agency", data.spending_by_agency, "chart-agency"),
        ),
        ("Paid by supplier", org_bars("Paid by supplier", data.paid_by_supplier, "chart-supplier")),
        (
            "Delivery delays (confirmed deliveries by days late)",
            column_chart(
                "Delivery delays",
                data.delay_histogram(),
                chart_id="chart-delays",
                y_label="deliveries",
            ),
        ),
        (
            "Red flags per month",
            column_chart(
                "Red flags per month",
                data.flags_per_month(),
                chart_id="chart-flags",
                y_label="flags",
            ),
        ),
    ]
    return "".join(
        f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"
        for caption, svg in charts
    )


def _processes_table(data: ReportData, names: Mapping[int, str]) -> str:
    """One row per process: parties, state, money, deliveries, flags."""
    money = ["value (Rp)", "paid (Rp)", "penalties (Rp)"]
    return _table(
        "processes",
        [
            "ocid",
            "kind",
            "agency",
            "supplier",
            "state",
            *money,
            "deliveries",
            "worst delay (days)",
            "flags",
        ],
        [
            (
                [
                    escape(p.ocid),
                    escape(p.kind),
                    escape(_org(p.agency_org_id, names)),
                    escape(_org(p.supplier_org_id, names)),
                    escape(p.state),
                    number(p.value_idr),
                    number(p.paid_idr),
                    number(p.penalty_idr),
                    number(p.deliveries),
                    number(p.max_days_late),
                    f'<span class="flag">{p.flags}</span>' if p.flags else "0",
                ],
                "late" if p.max_days_late > 0 else "",
            )
            for p in data.processes
        ],
        numeric=[*money, "deliveries", "worst delay (days)", "flags"],
    )


def _flags_table(data: ReportData) -> str:
    """One row per red flag, on-chain and analytic."""
    return _table(
        "flags",
        ["time", "code", "what", "ocid", "detail", "check"],
        [
            (
                [
                    escape(iso_time(f.at)) if f.at is not None else "-",
                    f'<span class="flag">{escape(f.code)}</span>',
                    escape(f.description),
                    escape(f.ocid),
                    escape(f.detail),
                    escape(f.source),
                ],
                "",
            )
            for f in data.flags
        ],
    )


def _deliveries_table(data: ReportData) -> str:
    """One row per confirmed delivery, late ones marked."""
    return _table(
        "deliveries",
        ["confirmed", "ocid", "order", "what", "days late", "value (Rp)"],
        [
            (
                [
                    escape(iso_time(d.confirmed_at)),
                    escape(d.ocid),
                    str(d.order_id),
                    escape(d.what),
                    number(d.days_late),
                    number(d.value_idr),
                ],
                "late" if d.days_late > 0 else "",
            )
            for d in data.deliveries
        ],
        numeric={"order", "days late", "value (Rp)"},
    )


def _page(
    data: ReportData,
    *,
    tile_html: str,
    chart_html: str,
    processes: str,
    flags: str,
    deliveries: str,
) -> str:
    """The whole document around the rendered sections."""
    indexed = _indexed(data)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Rantai audit report — chain {data.chain_id}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>Rantai audit report</h1><p>chain {data.chain_id}, indexed up to "
        f"{escape(indexed)}; every figure is rebuilt from chain events</p></header><main>"
        f'<section id="totals"><h2>Totals</h2><div class="tiles">{tile_html}</div></section>'
        f'<section id="charts"><h2>Charts</h2><div class="charts">{chart_html}</div></section>'
        f"<section><h2>Processes</h2>{processes}</section>"
        f"<section><h2>Red flags</h2>{flags}</section>"
        f"<section><h2>Deliveries</h2>{deliveries}</section>"
        "</main><footer>Amounts in whole rupiah. Organisations are named by their on-chain "
        "id unless a names file was given; profiles stay off chain. Generated by rantai audit "
        "report from the audit index, without contacting the node.</footer></body></html>\n"
    )
