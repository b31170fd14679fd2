"""Red flags: the contracts' own flag events plus analytics computed from the audit index.

Each check has a name, a one-line definition (also in ``docs/audit.md``) and the flags it found:

==========================  ====================================================================
check                       a flag is raised for
==========================  ====================================================================
``on-chain``                every ``RedFlagRaised`` event (R018 single eligible bid, R028
                            identical prices, R035 all but the winner disqualified, R036 lowest
                            bid disqualified; Rantai's RN01 cancelled after the bid deadline,
                            RN02 many above-HPS reveals, RN03 bid withheld, RN04 award moved
                            to the next bidder), and OrderEscrow's ``DirectPurchaseSplitFlagged``
                            (RN05, *pemecahan paket*) and ``AdendumSigned`` (RN06, a signed
                            *adendum*), as the contracts raised them
``split-purchase``          a cluster of direct purchases (orders without a tender, not
                            cancelled) by one agency organisation to one supplier organisation,
                            created within ``split_window`` of the cluster's first, at least two,
                            each within the direct-purchase ceiling but together above it (the
                            ceiling in force at the first order, from the indexed policy, unless
                            given)
``price-gap``               an awarded tender whose runner-up price (second-lowest eligible bid:
                            revealed, valid, not disqualified) exceeds the winning price by at
                            least ``gap_threshold_pct`` percent of the winning price
``serial-loser``            a supplier organisation with at least ``serial_losses`` revealed bids
                            in finalised tenders (awarded or failed) and no award
``late-delivery``           a supplier organisation with at least ``late_min_deliveries`` confirmed
                            deliveries (shipments and milestones) of which at least
                            ``late_rate_pct`` percent were confirmed late (``daysLate`` > 0)
``payment-without-``        a delivery payment (``PaymentReleased``) not preceded, in the same
``confirmation``            transaction, by a confirmation (``DeliveryConfirmed`` or
                            ``MilestoneConfirmed``) of the same order with the same value; or a
                            ruling payout without a dispute opened before it. Must be zero.
``unrevealed-bid``          a committed bid never revealed in a tender past its reveal deadline
                            (at the last indexed block) that was not cancelled; its bond is
                            forfeited
==========================  ====================================================================

Example::

    >>> report = red_flags(open_database("rantai-audit.sqlite"))  # doctest: +SKIP
    >>> [(c.name, len(c.flags)) for c in report.checks]  # doctest: +SKIP
    [('on-chain', 1), ('split-purchase', 0), ...]
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from py_client.audit.db import Database, Row
from py_client.audit.errors import NotIndexed
from py_client.audit.queries import indexed_through, require_indexed
from py_client.errors import InvalidInput
from py_client.models import RED_FLAG_DESCRIPTIONS

CEILING_PARAMETER = "directPurchaseCeilingIdr"

DEFINITIONS = {
    "on-chain": "a RedFlagRaised event of the Tendering contract (R018, R028, R035, R036; "
    "Rantai's RN01-RN04), and OrderEscrow's RN05 (split purchase) and RN06 (signed adendum)",
    "split-purchase": (
        "direct purchases by one agency to one supplier within the window, each within the "
        "direct-purchase ceiling, together above it"
    ),
    "price-gap": (
        "the runner-up's price exceeds the winning price by at least the threshold percentage"
    ),
    "serial-loser": (
        "a supplier with at least the minimum number of revealed bids in finalised tenders "
        "and no award"
    ),
    "late-delivery": (
        "a supplier with at least the minimum number of confirmed deliveries, of which at "
        "least the threshold percentage were late"
    ),
    "payment-without-confirmation": (
        "a delivery payment without a matching confirmation before it in its transaction, or "
        "a ruling payout without a dispute; must be zero"
    ),
    "unrevealed-bid": (
        "a bid committed but never revealed in a tender past its reveal deadline, not cancelled"
    ),
}


@dataclass(frozen=True)
class FlagOptions:
    """Thresholds of the analytic checks (defaults in ``docs/audit.md``)."""

    split_window: timedelta = timedelta(days=30)
    ceiling_idr: int | None = None  # None: the policy's ceiling in force at the first order
    gap_threshold_pct: int = 25
    serial_losses: int = 3
    late_rate_pct: int = 50
    late_min_deliveries: int = 2

    def __post_init__(self) -> None:
        if self.split_window <= timedelta(0):
            raise InvalidInput(f"split window must be positive: {self.split_window}")
        if self.ceiling_idr is not None and self.ceiling_idr <= 0:
            raise InvalidInput(f"ceiling must be positive: {self.ceiling_idr}")
        for name in ("gap_threshold_pct", "serial_losses", "late_rate_pct", "late_min_deliveries"):
            if getattr(self, name) < 1:
                raise InvalidInput(f"{name.replace('_', ' ')} must be at least 1")
        if self.late_rate_pct > 100:
            raise InvalidInput(f"late rate must be at most 100 %: {self.late_rate_pct}")


@dataclass(frozen=True)
class Flag:
    """One red flag."""

    check: str
    code: str
    description: str
    ocid: str | None
    agency_org_id: int | None
    supplier_org_id: int | None
    at: int | None
    data: dict[str, Any] = field(default_factory=dict)


def _found(check: str, r: Row, description: str, at: int | None, data: dict[str, Any]) -> Flag:
    """An analytic flag (its code is the check's name) on the process and parties of row ``r``
    (a row without ``ocid`` or ``agency_org_id`` concerns no single process or agency)."""
    ocid = r.get("ocid")
    return Flag(
        check=check,
        code=check,
        description=description,
        ocid=str(ocid) if ocid is not None else None,
        agency_org_id=r.get("agency_org_id"),
        supplier_org_id=r["supplier_org_id"],
        at=at,
        data=data,
    )


def _columns(r: Row, *names: str) -> dict[str, Any]:
    """The ``names`` columns of row ``r``, as a flag's data."""
    return {name: r[name] for name in names}


@dataclass(frozen=True)
class Check:
    """One check: its definition and what it found."""

    name: str
    definition: str
    flags: list[Flag]


@dataclass(frozen=True)
class FlagReport:
    """Every check over the index up to ``indexed_through``."""

    indexed_through: int
    options: FlagOptions
    checks: list[Check]

    @property
    def flags(self) -> list[Flag]:
        """Every flag of every check."""
        return [f for c in self.checks for f in c.flags]

    def check(self, name: str) -> Check:
        """The check called ``name``."""
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)


def red_flags(db: Database, options: FlagOptions | None = None) -> FlagReport:
    """Run every check over the index.

    Raises:
        NotIndexed: Nothing is indexed, or no ceiling is known for the split-purchase check.
    """
    require_indexed(db)
    options = options or FlagOptions()
    found = {
        "on-chain": on_chain(db),
        "split-purchase": split_purchases(db, options),
        "price-gap": price_gaps(db, options),
        "serial-loser": serial_losers(db, options),
        "late-delivery": late_deliveries(db, options),
        "payment-without-confirmation": unconfirmed_payments(db),
        "unrevealed-bid": unrevealed_bids(db),
    }
    checks = [Check(name, DEFINITIONS[name], flags) for name, flags in found.items()]
    return FlagReport(indexed_through(db), options, checks)


# The on-chain red flags: (query, the row's time column, its data columns). The code is the
# row's ``code`` for ``RedFlagRaised`` and fixed for the split-purchase and adendum events.
_ON_CHAIN: tuple[tuple[str | None, str, str, tuple[str, ...]], ...] = (
    (
        None,
        "SELECT r.*, t.ocid, t.agency_org_id, b.supplier_org_id FROM red_flag_events r "
        "JOIN tenders t ON t.tender_id = r.tender_id "
        "LEFT JOIN bids b ON b.tender_id = r.tender_id AND b.bidder = r.bidder "
        "ORDER BY r.block_number, r.log_index",
        "raised_at",
        ("tender_id", "bidder", "price_idr", "tx_hash"),
    ),
    (
        "RN05",
        "SELECT s.*, o.ocid FROM split_flag_events s JOIN orders o ON o.order_id = s.order_id "
        "ORDER BY s.block_number, s.log_index",
        "raised_at",
        ("order_id", "window_total_idr", "ceiling_idr", "tx_hash"),
    ),
    (
        "RN06",  # every signed adendum (``AdendumSigned``, issue 13 item 4), with its change
        "SELECT a.*, o.ocid, o.agency_org_id, o.supplier_org_id FROM adendum_events a "
        "JOIN orders o ON o.order_id = a.order_id ORDER BY a.block_number, a.log_index",
        "signed_at",
        (
            "order_id",
            "number",
            "original_total_idr",
            "old_total_idr",
            "new_total_idr",
            "delivery_deadline_at",
            "reason_hash",
            "tx_hash",
        ),
    ),
)


def on_chain(db: Database) -> list[Flag]:
    """The contracts' red flags: ``RedFlagRaised``, split purchases (RN05), adendums (RN06)."""
    flags: list[Flag] = []
    for fixed_code, query, time_column, data_columns in _ON_CHAIN:
        for r in db.query(query):
            code = fixed_code or str(r["code"])
            flags.append(
                Flag(
                    check="on-chain",
                    code=code,
                    description=RED_FLAG_DESCRIPTIONS.get(code, "red flag raised on chain"),
                    ocid=str(r["ocid"]),
                    agency_org_id=r["agency_org_id"],
                    supplier_org_id=r["supplier_org_id"],
                    at=r[time_column],
                    data=_columns(r, *data_columns),
                )
            )
    return flags


def ceiling_at(db: Database, block_number: int) -> int:
    """The direct-purchase ceiling in force at ``block_number`` (from indexed policy changes).

    Raises:
        NotIndexed: No policy change of the ceiling is indexed up to that block.
    """
    value = db.scalar(
        "SELECT new_value FROM policy_changes WHERE parameter = ? AND block_number <= ? "
        "ORDER BY block_number DESC, log_index DESC LIMIT 1",
        [CEILING_PARAMETER, block_number],
    )
    if value is None:
        raise NotIndexed(
            "no direct-purchase ceiling is indexed (the registry's deployment block is not in "
            "the index): give one with --ceiling"
        )
    return int(value)


def split_purchases(db: Database, options: FlagOptions) -> list[Flag]:
    """Clusters of direct purchases to one supplier that together exceed the ceiling."""
    rows = db.query(
        "SELECT order_id, ocid, agency_org_id, supplier_org_id, total_idr, created_at, "
        "created_block FROM orders WHERE tender_id IS NULL AND state <> 'Cancelled' "
        "ORDER BY agency_org_id, supplier_org_id, created_at, order_id"
    )
    groups: dict[tuple[int, int], list[Row]] = {}
    for row in rows:
        groups.setdefault((row["agency_org_id"], row["supplier_org_id"]), []).append(row)
    window = int(options.split_window.total_seconds())
    window_days = round(window / 86_400, 2)
    flags: list[Flag] = []
    for orders in groups.values():
        first = 0
        while first < len(orders):
            start = orders[first]
            ceiling = options.ceiling_idr or ceiling_at(db, start["created_block"])
            cluster = [o for o in orders[first:] if o["created_at"] < start["created_at"] + window]
            total = sum(int(o["total_idr"]) for o in cluster)
            small = all(int(o["total_idr"]) <= ceiling for o in cluster)
            if len(cluster) >= 2 and total > ceiling and small:
                description = (
                    f"{len(cluster)} direct purchases within {window_days:g} days sum "
                    f"to {total} > ceiling {ceiling}"
                )
                data = {
                    "order_ids": [o["order_id"] for o in cluster],
                    "total_idr": total,
                    "ceiling_idr": ceiling,
                    "window_days": window_days,
                }
                flags.append(
                    _found("split-purchase", start, description, start["created_at"], data)
                )
                first += len(cluster)
            else:
                first += 1
    return flags


def price_gaps(db: Database, options: FlagOptions) -> list[Flag]:
    """Awarded tenders whose runner-up is far above the winner."""
    rows = db.query(
        "SELECT t.tender_id, t.ocid, t.agency_org_id, a.supplier_org_id, a.price_idr, "
        "a.awarded_at, (SELECT MIN(b.price_idr) FROM bids b WHERE b.tender_id = t.tender_id "
        "AND b.state = 'Revealed' AND b.valid = 1 AND b.bidder <> a.supplier) AS runner_up "
        "FROM tenders t JOIN awards a ON a.tender_id = t.tender_id ORDER BY t.tender_id"
    )
    flags: list[Flag] = []
    for r in rows:
        if r["runner_up"] is None:
            continue
        winning, runner_up = int(r["price_idr"]), int(r["runner_up"])
        gap = runner_up - winning
        if gap * 100 >= options.gap_threshold_pct * winning:
            pct = round(gap * 100 / winning, 1)
            description = f"runner-up {pct} % above the winning price"
            data = {
                "tender_id": r["tender_id"],
                "winning_price_idr": winning,
                "runner_up_price_idr": runner_up,
                "gap_pct": pct,
            }
            flags.append(_found("price-gap", r, description, r["awarded_at"], data))
    return flags


def serial_losers(db: Database, options: FlagOptions) -> list[Flag]:
    """Suppliers that keep bidding and never win."""
    rows = db.query(
        "SELECT b.supplier_org_id, COUNT(*) AS losses, MAX(t.ended_at) AS last_at "
        "FROM bids b JOIN tenders t ON t.tender_id = b.tender_id "
        "WHERE t.status IN ('Awarded', 'Failed') AND b.state IN ('Revealed', 'Disqualified') "
        "AND NOT EXISTS (SELECT 1 FROM awards a WHERE a.supplier_org_id = b.supplier_org_id) "
        "GROUP BY b.supplier_org_id HAVING COUNT(*) >= ? ORDER BY b.supplier_org_id",
        [options.serial_losses],
    )
    flags = []
    for r in rows:
        tenders = db.query(
            "SELECT t.tender_id, t.ocid FROM bids b JOIN tenders t ON t.tender_id = b.tender_id "
            "WHERE b.supplier_org_id = ? AND t.status IN ('Awarded', 'Failed') "
            "AND b.state IN ('Revealed', 'Disqualified') ORDER BY t.tender_id",
            [r["supplier_org_id"]],
        )
        description = f"{r['losses']} revealed bids in finalised tenders, never awarded"
        data = {
            "losses": r["losses"],
            "tender_ids": [t["tender_id"] for t in tenders],
            "ocids": [t["ocid"] for t in tenders],
        }
        flags.append(_found("serial-loser", r, description, r["last_at"], data))
    return flags


def late_delivery_rates(db: Database) -> list[Row]:
    """Per supplier organisation: confirmed deliveries, late ones, and the late share."""
    rows = db.query(
        "SELECT o.supplier_org_id, COUNT(*) AS deliveries, "
        "SUM(CASE WHEN d.days_late > 0 THEN 1 ELSE 0 END) AS late, "
        "MAX(d.days_late) AS max_days_late, MAX(d.confirmed_at) AS last_at "
        "FROM deliveries d JOIN orders o ON o.order_id = d.order_id "
        "GROUP BY o.supplier_org_id ORDER BY o.supplier_org_id"
    )
    for r in rows:
        r["late_rate_pct"] = round(int(r["late"]) * 100 / int(r["deliveries"]), 1)
    return rows


def late_deliveries(db: Database, options: FlagOptions) -> list[Flag]:
    """Suppliers whose deliveries are late too often."""
    flags = []
    for r in late_delivery_rates(db):
        deliveries, late = int(r["deliveries"]), int(r["late"])
        if (
            deliveries < options.late_min_deliveries
            or late * 100 < options.late_rate_pct * deliveries
        ):
            continue
        description = f"{late} of {deliveries} deliveries late ({r['late_rate_pct']} %)"
        data = {
            "deliveries": deliveries,
            "late": late,
            "late_rate_pct": r["late_rate_pct"],
            "max_days_late": r["max_days_late"],
        }
        flags.append(_found("late-delivery", r, description, r["last_at"], data))
    return flags


def unconfirmed_payments(db: Database) -> list[Flag]:
    """Payments the escrow made without the confirmation (or dispute) that must precede them."""
    rows = db.query(
        "SELECT p.*, o.ocid, o.agency_org_id, o.supplier_org_id FROM payments p "
        "JOIN orders o ON o.order_id = p.order_id WHERE "
        "(p.kind = 'delivery' AND NOT EXISTS (SELECT 1 FROM deliveries d "
        "WHERE d.tx_hash = p.tx_hash AND d.order_id = p.order_id AND d.log_index < p.log_index "
        "AND d.value_idr = p.paid_idr + p.penalty_idr + p.retention_idr)) OR "
        "(p.kind = 'ruling' AND NOT EXISTS (SELECT 1 FROM disputes s "
        "WHERE s.order_id = p.order_id AND s.opened_block <= p.block_number)) "
        "ORDER BY p.block_number, p.log_index"
    )
    return [
        _found(
            "payment-without-confirmation",
            r,
            f"{r['kind']} payment of {r['paid_idr']} without a confirmation",
            r["paid_at"],
            _columns(r, "order_id", "kind", "paid_idr", "tx_hash", "log_index"),
        )
        for r in rows
    ]


def unrevealed_bids(db: Database) -> list[Flag]:
    """Bids committed and never revealed, past the reveal deadline, tender not cancelled."""
    latest = int(
        db.scalar("SELECT value FROM audit_state WHERE key = 'indexed_through_at'")
        or db.scalar("SELECT MAX(timestamp) FROM blocks")
        or 0
    )
    rows = db.query(
        "SELECT b.*, t.ocid, t.agency_org_id, t.reveal_deadline_at FROM bids b "
        "JOIN tenders t ON t.tender_id = b.tender_id WHERE b.state = 'Committed' "
        "AND t.status <> 'Cancelled' AND (t.status <> 'Open' OR t.reveal_deadline_at <= ?) "
        "ORDER BY b.tender_id, b.seq",
        [latest],
    )
    return [
        _found(
            "unrevealed-bid",
            r,
            "bid committed and never revealed"
            + (f"; bond of {r['bond_amount_idr']} forfeited" if r["bond_outcome"] else ""),
            r["reveal_deadline_at"],
            _columns(r, "tender_id", "bidder", "bond_outcome", "bond_amount_idr"),
        )
        for r in rows
    ]
