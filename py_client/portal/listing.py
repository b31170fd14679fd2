"""Paged, filtered lists of the public pages, built for a nation's data (issue 21).

Every list page (``/tenders``, ``/orders``, ``/shipments``, ``/payments``, the organisations)
reads one page of rows (``LIMIT``/``OFFSET`` over an indexed order) with the total number of
matching rows and their money totals, never every row. The filters are the query string of the
page: ``agency`` and ``supplier`` (organisation ids), ``status``, ``year`` (fiscal year),
``region`` (a shipment's origin region: an order, tender or payment matches when one of its
shipments comes from there) and ``q``, words that match an ocid, a tender's title or its item
descriptions (from the public documents, :mod:`py_client.portal.documents`).

Example::

    >>> from py_client.audit import open_database
    >>> Lists(open_database(":memory:")).tenders(Filters()).total
    0
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from py_client.audit.db import Database, Row
from py_client.audit.schema import PORTAL_INDEXES
from py_client.portal.cache import TEXTS_TABLE, IndexCache, has_texts
from py_client.portal.public import escrow_states
from py_client.portal.search import has_search, match_clause, search_words

PER_PAGE = 25
MAX_PER_PAGE = 200
MAX_WORDS = 5
MAX_FILTER_TEXT = 120
FILTER_NAMES = ("agency", "supplier", "status", "year", "region", "q")


@dataclass(frozen=True)
class Filters:
    """What a list page is asked for (from its query string, see :meth:`parse`)."""

    agency: int | None = None
    supplier: int | None = None
    status: str = ""
    year: int | None = None
    region: str = ""
    q: str = ""
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> "Filters":
        """Filters from a query string; a value that is not a number is ignored, not an error."""
        return cls(
            agency=_positive(query.get("agency")),
            supplier=_positive(query.get("supplier")),
            status=str(query.get("status") or "").strip()[:40],
            year=_positive(query.get("year")),
            region=str(query.get("region") or "").strip()[:MAX_FILTER_TEXT],
            q=str(query.get("q") or "").strip()[:MAX_FILTER_TEXT],
            page=_positive(query.get("page")) or 1,
            per_page=min(_positive(query.get("per_page")) or PER_PAGE, MAX_PER_PAGE),
        )

    @property
    def words(self) -> list[str]:
        """The search words (at most :data:`MAX_WORDS`), lower case."""
        return [w.lower() for w in self.q.split()][:MAX_WORDS]

    def query_string(self, **changes: Any) -> str:
        """This filter set as a query string, with ``changes`` applied (for paging links)."""
        values = replace(self, **changes)
        pairs = {
            name: getattr(values, name)
            for name in (*FILTER_NAMES, "page")
            if getattr(values, name) not in (None, "")
        }
        if pairs.get("page") == 1:
            pairs.pop("page")
        if values.per_page != PER_PAGE:
            pairs["per_page"] = values.per_page
        return urlencode(pairs)


@dataclass
class ListPage:
    """One page of a list: its rows, how many match in all, and their money totals."""

    rows: list[Row]
    total: int
    filters: Filters
    sums: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """The number of pages (at least 1)."""
        return max(1, -(-self.total // self.filters.per_page))

    @property
    def first(self) -> int:
        """The position of the first row shown (1-based; 0 when none)."""
        return 0 if not self.rows else (self.filters.page - 1) * self.filters.per_page + 1

    @property
    def last(self) -> int:
        """The position of the last row shown."""
        return 0 if not self.rows else self.first + len(self.rows) - 1

    def link(self, page: int) -> str:
        """The query string of another page of the same list."""
        return self.filters.query_string(page=page)


def _positive(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    number = int(text)
    return number if number > 0 else None


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


TENDER_FILTERS = {
    "agency": "t.agency_org_id = ?",
    "supplier": "t.tender_id IN (SELECT tender_id FROM bids WHERE supplier_org_id = ?)",
    "status": "t.status = ?",
    "year": "t.fiscal_year = ?",
    "region": "t.order_id IN (SELECT order_id FROM shipments WHERE origin_region = ?)",
}
"""The filters of the tender list, each as its ``WHERE`` clause (one parameter)."""
ORDER_FILTERS = {
    "agency": "o.agency_org_id = ?",
    "supplier": "o.supplier_org_id = ?",
    "year": "o.fiscal_year = ?",
    "region": "o.order_id IN (SELECT order_id FROM shipments WHERE origin_region = ?)",
}
"""The filters of the lists of orders and what belongs to them (``o``: the order)."""
PAYMENT_SUMS = ("paid_idr", "penalty_idr", "retention_idr", "to_agency_idr")


def _clauses(f: Filters, sql: Mapping[str, str]) -> tuple[list[str], list[Any]]:
    """The ``WHERE`` clauses (and their parameters) of the filters in ``sql`` that ``f`` sets."""
    clauses: list[str] = []
    params: list[Any] = []
    for name, clause in sql.items():
        value = getattr(f, name)
        if value:
            clauses.append(clause)
            params.append(value)
    return clauses, params


def _search(
    f: Filters,
    alias: str,
    tender_column: str,
    clauses: list[str],
    params: list[Any],
    texts: bool,
    db: Database | None = None,
) -> None:
    """An ocid (``ocds-…``) matches exactly; other words match a tender's title and items
    (nothing while the index has no ``portal_texts`` yet). With the search index (``db``
    given, :mod:`py_client.portal.search`) a word matches the start of a tender's words;
    without it, anywhere in them (a scan of ``portal_texts``)."""
    if not f.q:
        return
    if f.q.lower().startswith("ocds-"):
        clauses.append(f"{alias}.ocid = ?")
        params.append(f.q)
        return
    if not texts:
        clauses.append("1 = 0")
        return
    if db is not None:
        clause, values = match_clause(db, tender_column, search_words(f.q, MAX_WORDS))
        clauses.append(clause)
        params.extend(values)
        return
    for word in f.words:
        clauses.append(
            f"{tender_column} IN (SELECT tender_id FROM portal_texts WHERE words LIKE ? "  # noqa: S608 - fixed column names only
            "ESCAPE '\\')"
        )
        params.append(_like(word))


class Lists:
    """The list queries of the public pages over one audit database."""

    def __init__(self, db: Database, *, writable: bool = True) -> None:
        self.db = db
        self.cache = IndexCache(db)
        self.searchable = False  # the word search index exists (the indexer makes it)
        if writable:  # an index created before these existed (read-only: the indexer adds them)
            db.execute(TEXTS_TABLE)
            for statement in PORTAL_INDEXES:
                db.execute(statement)

    def _page(
        self,
        base: str,
        clauses: Sequence[str],
        params: Sequence[Any],
        order: str,
        sums: Mapping[str, str],
        filters: Filters,
        keys: Sequence[str] = (),
        rows_from: str = "",
    ) -> ListPage:
        """One page of ``SELECT * {base}`` with its count and ``sums`` (kept per index state).

        With ``keys`` (the key columns of the listed rows) and ``rows_from`` (the ``FROM`` and
        joins that read those rows in full) the page is a deferred join: the keys of the page
        are found first, from indexes only, and kept per index state like the count (a page
        viewed again does not sort the matching rows again); only those rows are read in full.
        """
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        totals = ", ".join(
            ["COUNT(*) AS n", *(f"COALESCE(SUM({sql}), 0) AS {name}" for name, sql in sums.items())]
        )
        head_sql = f"SELECT {totals} {base}{where}"
        head = self.cache.get(
            (head_sql, tuple(params)), lambda: self.db.query(head_sql, list(params))[0]
        )
        total = int(head["n"] or 0)
        pages = max(1, -(-total // filters.per_page))
        if filters.page > pages:
            filters = replace(filters, page=pages)
        offset = (filters.page - 1) * filters.per_page
        if keys:
            key_sql = f"SELECT {', '.join(keys)} {base}{where} ORDER BY {order} LIMIT ? OFFSET ?"
            key_params = (*params, filters.per_page, offset)
            found: list[tuple[Any, ...]] = self.cache.get(
                (key_sql, key_params),
                lambda: [tuple(r.values()) for r in self.db.query(key_sql, list(key_params))],
            )
            one = "(" + " AND ".join(f"{column} = ?" for column in keys) + ")"
            rows = (
                self.db.query(
                    f"SELECT * {rows_from} WHERE {' OR '.join(one for _ in found)} "
                    f"ORDER BY {order}",
                    [value for key in found for value in key],
                )
                if found
                else []
            )
        else:
            rows = self.db.query(
                f"SELECT * {base}{where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, filters.per_page, offset],
            )
        return ListPage(rows, total, filters, {name: int(head[name] or 0) for name in sums})

    def _texts(self) -> bool:
        self.cache.texts = self.cache.texts or has_texts(self.db)
        return self.cache.texts

    def _search_db(self) -> Database | None:
        """The database when its word search index exists (else ``None``: ``LIKE``)."""
        self.searchable = self.searchable or (self._texts() and has_search(self.db))
        return self.db if self.searchable else None

    # ------------------------------------------------------------------ tenders

    def tenders(self, f: Filters) -> ListPage:
        """Tenders, newest first, with HPS totals; search by ocid, title and item words."""
        clauses, params = _clauses(f, TENDER_FILTERS)
        _search(f, "t", "t.tender_id", clauses, params, self._texts(), self._search_db())
        return self._page(
            "FROM tenders t",
            clauses,
            params,
            "t.tender_id DESC",
            {"hps_idr": "t.hps_idr"},
            f,
        )

    # ------------------------------------------------------------------ orders

    def _order_clauses(self, f: Filters, own: Collection[str] = ()) -> tuple[list[str], list[Any]]:
        """The clauses of the order filters (``o``) but those a list has of its ``own``."""
        order = {name: sql for name, sql in ORDER_FILTERS.items() if name not in own}
        clauses, params = _clauses(f, order)
        _search(f, "o", "o.tender_id", clauses, params, self._texts(), self._search_db())
        return clauses, params

    def orders(self, f: Filters) -> ListPage:
        """Orders, newest first, each with its escrow state, and the total value."""
        clauses, params = self._order_clauses(f)
        more, values = _clauses(f, {"status": "o.state = ?"})
        page = self._page(
            "FROM orders o",
            clauses + more,
            params + values,
            "o.order_id DESC",
            {"total_idr": "o.total_idr"},
            f,
        )
        states = escrow_states(self.db, page.rows)
        for row in page.rows:
            row["escrow"] = states[int(row["order_id"])]
        return page

    # ------------------------------------------------------------------ shipments, payments

    def _of_orders(
        self,
        f: Filters,
        table: str,
        own: Mapping[str, str],
        order: str,
        sums: Mapping[str, str],
        keys: Sequence[str],
    ) -> ListPage:
        """A list of what belongs to orders (``table``: name and alias), by the order filters
        and its ``own``; joined to ``orders o`` for the count and page keys only when an order
        filter asks for it."""
        alias = table.split()[1]
        rows_from = f"FROM {table} JOIN orders o ON o.order_id = {alias}.order_id"
        clauses, params = self._order_clauses(f, own)
        base = rows_from if clauses else f"FROM {table}"
        more, values = _clauses(f, own)
        return self._page(
            base, clauses + more, params + values, order, sums, f, keys=keys, rows_from=rows_from
        )

    def shipments(self, f: Filters) -> ListPage:
        """Shipments, newest first, with their order's ocid."""
        own = {"status": "s.status = ?", "region": "s.origin_region = ?"}
        return self._of_orders(f, "shipments s", own, "s.shipment_id DESC", {}, ("s.shipment_id",))

    def payments(self, f: Filters) -> ListPage:
        """Payments, newest first, with the amounts' totals over every matching payment."""
        return self._of_orders(
            f,
            "payments p",
            {"status": "p.kind = ?"},
            "p.block_number DESC, p.log_index DESC",
            {name: f"p.{name}" for name in PAYMENT_SUMS},
            ("p.tx_hash", "p.log_index"),
        )

    # ------------------------------------------------------------------ organisations

    def organisations(self, kinds: Sequence[str], f: Filters, names: Mapping[int, str]) -> ListPage:
        """Organisations of ``kinds`` by id; ``q`` matches their profile names."""
        marks = ", ".join("?" for _ in kinds)
        clauses = [f"g.kind IN ({marks})"]
        params: list[Any] = list(kinds)
        if f.status in ("suspended", "active"):
            clauses.append("g.suspended = ?")
            params.append(1 if f.status == "suspended" else 0)
        if f.words:
            wanted = [
                org_id for org_id, name in names.items() if all(w in name.lower() for w in f.words)
            ]
            wanted += [int(w) for w in f.words if w.isdigit()]
            clauses.append(f"g.org_id IN ({', '.join('?' for _ in wanted) or 'NULL'})")
            params.extend(wanted)
        page = self._page("FROM organisations g", clauses, params, "g.org_id", {}, f)
        ids: list[int] = [int(r["org_id"]) for r in page.rows]
        members: dict[int, list[str]] = {}
        if ids:
            for m in self.db.query(
                f"SELECT address, org_id FROM accounts WHERE active = 1 AND org_id IN "  # noqa: S608 - placeholders only
                f"({', '.join('?' for _ in ids)}) ORDER BY address",
                ids,
            ):
                members.setdefault(int(m["org_id"]), []).append(str(m["address"]))
        for row in page.rows:
            org_id = int(row["org_id"])
            row["name"] = names.get(org_id, f"#{org_id}")
            row["accounts"] = members.get(org_id, [])
        return page

    def paid(self, *, agency: int | None = None, supplier: int | None = None) -> int:
        """Money paid out of escrow to suppliers, for one agency's or one supplier's orders."""
        column, value = ("agency_org_id", agency) if agency else ("supplier_org_id", supplier)
        return int(
            self.db.scalar(
                "SELECT COALESCE(SUM(p.paid_idr), 0) FROM payments p JOIN orders o ON "  # noqa: S608 - fixed column names only
                f"o.order_id = p.order_id WHERE o.{column} = ?",
                [value],
            )
            or 0
        )

    def options(self) -> dict[str, list[Any]]:
        """The values the filter forms offer: fiscal years and regions in the index."""
        found: dict[str, list[Any]] = self.cache.get("options", self._options)
        return found

    def _options(self) -> dict[str, list[Any]]:
        years = [
            int(r["fiscal_year"])
            for r in self.db.query(
                "SELECT DISTINCT fiscal_year FROM tenders UNION "
                "SELECT DISTINCT fiscal_year FROM orders ORDER BY 1 DESC"
            )
        ]
        regions = [
            str(r["origin_region"])
            for r in self.db.query(
                "SELECT DISTINCT origin_region FROM shipments WHERE origin_region <> '' "
                "ORDER BY 1 LIMIT 200"
            )
        ]
        return {"years": years, "regions": regions}


__all__ = ["FILTER_NAMES", "MAX_PER_PAGE", "PER_PAGE", "Filters", "ListPage", "Lists"]
