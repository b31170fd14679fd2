"""The audit database schema (version :data:`SCHEMA_VERSION`), the same on SQLite and PostgreSQL.

Two layers, both filled by :mod:`py_client.audit.sync` from chain events only:

- ``events``: every log of the five Rantai contracts, one row per (block, log index), with
  its decoded arguments as JSON and the tender, order and shipment ids it names (copied from the
  arguments ``tenderId``, ``orderId``, ``shipmentId``; null when absent or zero), so a process's
  whole history is one indexed query. Nothing is lost here, whatever the typed tables keep.
- Typed tables the queries, red flags, the report and the exports read: organisations,
  accounts, roles, policy, budgets, tenders (items, bids, awards, red flags), orders (lines,
  acceptances, deliveries, payments, retention, disputes), shipments (lines, checkpoints,
  custody) and block timestamps.

Conventions: addresses are lowercase ``0x`` hex; hashes ``0x`` hex; short ASCII codes (units,
UN/LOCODEs, ISO codes, red-flag codes, policy names) decoded to text; times unix seconds (UTC);
amounts whole rupiah in 64-bit integers. An amount above 2^63-1 (only an invalid bid price can
be that large: every order total, HPS and budget fits) is stored as 2^63-1 in the typed tables;
``events.args`` keeps the exact value. Flags are integers 0/1.

``audit_schema`` holds the version; ``audit_state`` the chain, the contract addresses and the
next block to index. Changing any table means a new version: an older database is refused
(:class:`~py_client.audit.errors.SchemaMismatch`) rather than migrated behind the user's back.
"""

# 2 (issue 13): client references of shipments, checkpoints and orders; tender_delivery_periods;
# split_flag_events; the payout account and dispute response columns.
# 3 (issue 13 item 4): adendum_events (signed adendums, red flag RN06).
# 4 (issue 19): events keyed by (block_number, log_index) — a log's index is its position in
# the block — instead of (tx_hash, log_index): the key's index grows at its end in chain order
# instead of at random hash positions (a third of the writer's time for events), and it replaces
# the events_block index.
SCHEMA_VERSION = 4

INT64_MAX = 2**63 - 1

TABLES: dict[str, str] = {
    "audit_schema": """
        version INTEGER NOT NULL,
        created_at BIGINT NOT NULL
    """,
    "audit_state": """
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    """,
    "blocks": """
        block_number BIGINT PRIMARY KEY,
        timestamp BIGINT NOT NULL
    """,
    "events": """
        block_number BIGINT NOT NULL,
        tx_hash TEXT NOT NULL,
        tx_index INTEGER NOT NULL,
        log_index INTEGER NOT NULL,
        contract TEXT NOT NULL,
        address TEXT NOT NULL,
        event TEXT NOT NULL,
        args TEXT NOT NULL,
        tender_id BIGINT,
        order_id BIGINT,
        shipment_id BIGINT,
        PRIMARY KEY (block_number, log_index)
    """,
    # ------------------------------------------------------------------ registry
    "organisations": """
        org_id BIGINT PRIMARY KEY,
        kind TEXT NOT NULL,
        metadata_hash TEXT NOT NULL,
        suspended INTEGER NOT NULL,
        registered_block BIGINT NOT NULL,
        registered_at BIGINT NOT NULL,
        payout_account TEXT
    """,
    "organisation_events": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        org_id BIGINT NOT NULL,
        action TEXT NOT NULL,
        document_hash TEXT NOT NULL,
        block_number BIGINT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    "accounts": """
        address TEXT PRIMARY KEY,
        org_id BIGINT NOT NULL,
        active INTEGER NOT NULL,
        added_block BIGINT NOT NULL,
        added_at BIGINT NOT NULL,
        removed_block BIGINT
    """,
    "roles": """
        role TEXT NOT NULL,
        account TEXT NOT NULL,
        active INTEGER NOT NULL,
        granted_by TEXT NOT NULL,
        granted_block BIGINT NOT NULL,
        granted_at BIGINT NOT NULL,
        revoked_block BIGINT,
        PRIMARY KEY (role, account)
    """,
    "policy_changes": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        parameter TEXT NOT NULL,
        old_value BIGINT NOT NULL,
        new_value BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    "budgets": """
        agency_org_id BIGINT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        ceiling_idr BIGINT NOT NULL,
        committed_idr BIGINT NOT NULL,
        PRIMARY KEY (agency_org_id, fiscal_year)
    """,
    # ------------------------------------------------------------------ tendering
    "tenders": """
        tender_id BIGINT PRIMARY KEY,
        ocid TEXT NOT NULL,
        agency TEXT NOT NULL,
        agency_org_id BIGINT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        spec_hash TEXT NOT NULL,
        spec_uri TEXT NOT NULL,
        hps_idr BIGINT NOT NULL,
        bond_idr BIGINT NOT NULL,
        bid_deadline_at BIGINT NOT NULL,
        reveal_deadline_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        bid_count INTEGER NOT NULL,
        opened_block BIGINT NOT NULL,
        opened_tx TEXT NOT NULL,
        opened_at BIGINT NOT NULL,
        ended_block BIGINT,
        ended_at BIGINT,
        cancel_reason_hash TEXT,
        order_id BIGINT
    """,
    "tender_delivery_periods": """
        tender_id BIGINT PRIMARY KEY,
        delivery_from_at BIGINT NOT NULL,
        delivery_until_at BIGINT NOT NULL
    """,
    "tender_items": """
        tender_id BIGINT NOT NULL,
        item_index INTEGER NOT NULL,
        description_hash TEXT NOT NULL,
        quantity BIGINT NOT NULL,
        unit TEXT NOT NULL,
        PRIMARY KEY (tender_id, item_index)
    """,
    "bids": """
        tender_id BIGINT NOT NULL,
        bidder TEXT NOT NULL,
        supplier_org_id BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        commitment TEXT NOT NULL,
        committed_block BIGINT NOT NULL,
        committed_tx TEXT NOT NULL,
        committed_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        price_idr BIGINT,
        salt TEXT,
        valid INTEGER,
        revealed_at BIGINT,
        disqualified_by TEXT,
        disqualified_reason_hash TEXT,
        disqualified_at BIGINT,
        bond_outcome TEXT,
        bond_amount_idr BIGINT,
        PRIMARY KEY (tender_id, bidder)
    """,
    "awards": """
        tender_id BIGINT PRIMARY KEY,
        supplier TEXT NOT NULL,
        supplier_org_id BIGINT NOT NULL,
        price_idr BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        tx_hash TEXT NOT NULL,
        awarded_at BIGINT NOT NULL,
        order_id BIGINT
    """,
    "red_flag_events": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        tender_id BIGINT NOT NULL,
        code TEXT NOT NULL,
        bidder TEXT NOT NULL,
        price_idr BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        raised_at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    # ------------------------------------------------------------------ orders and escrow
    "order_refs": """
        order_id BIGINT PRIMARY KEY,
        org_id BIGINT NOT NULL,
        ref TEXT NOT NULL
    """,
    "split_flag_events": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        order_id BIGINT NOT NULL,
        agency_org_id BIGINT NOT NULL,
        supplier_org_id BIGINT NOT NULL,
        window_total_idr BIGINT NOT NULL,
        ceiling_idr BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        raised_at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    "adendum_events": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        order_id BIGINT NOT NULL,
        number INTEGER NOT NULL,
        signed_by TEXT NOT NULL,
        proposed_by TEXT NOT NULL,
        reason_hash TEXT NOT NULL,
        quantities TEXT NOT NULL,
        delivery_deadline_at BIGINT NOT NULL,
        original_total_idr BIGINT NOT NULL,
        old_total_idr BIGINT NOT NULL,
        new_total_idr BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        signed_at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    "orders": """
        order_id BIGINT PRIMARY KEY,
        ocid TEXT NOT NULL,
        tender_id BIGINT,
        agency TEXT NOT NULL,
        agency_org_id BIGINT NOT NULL,
        supplier TEXT NOT NULL,
        supplier_org_id BIGINT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        total_idr BIGINT NOT NULL,
        line_count INTEGER NOT NULL,
        delivery_deadline_at BIGINT NOT NULL,
        maintenance_period_sec BIGINT NOT NULL,
        retention_bps INTEGER,
        penalty_per_mille_per_day INTEGER,
        penalty_cap_bps INTEGER,
        confirmation_window_sec BIGINT,
        state TEXT NOT NULL,
        disputed INTEGER NOT NULL,
        created_block BIGINT NOT NULL,
        created_tx TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        cancelled_at BIGINT,
        cancel_reason_hash TEXT,
        delivered_at BIGINT,
        retention_release_at BIGINT,
        terminated_at BIGINT,
        terminate_reason_hash TEXT,
        refunded_idr BIGINT,
        closed_at BIGINT
    """,
    "order_lines": """
        order_id BIGINT NOT NULL,
        line_index INTEGER NOT NULL,
        item_hash TEXT NOT NULL,
        quantity BIGINT NOT NULL,
        unit_price_idr BIGINT NOT NULL,
        unit TEXT NOT NULL,
        origin_country TEXT NOT NULL,
        due_at BIGINT,
        PRIMARY KEY (order_id, line_index)
    """,
    "acceptances": """
        order_id BIGINT PRIMARY KEY,
        supplier TEXT NOT NULL,
        contract_hash TEXT NOT NULL,
        escrowed_idr BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        tx_hash TEXT NOT NULL,
        accepted_at BIGINT NOT NULL
    """,
    "deliveries": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        order_id BIGINT NOT NULL,
        kind TEXT NOT NULL,
        shipment_id BIGINT,
        line_index INTEGER,
        bast_hash TEXT NOT NULL,
        value_idr BIGINT NOT NULL,
        days_late BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        confirmed_at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    "delivery_lines": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        line_index INTEGER NOT NULL,
        quantity BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index, line_index)
    """,
    "payments": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        order_id BIGINT NOT NULL,
        kind TEXT NOT NULL,
        supplier TEXT NOT NULL,
        paid_idr BIGINT NOT NULL,
        penalty_idr BIGINT NOT NULL,
        retention_idr BIGINT NOT NULL,
        to_agency_idr BIGINT NOT NULL,
        block_number BIGINT NOT NULL,
        paid_at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
    "retention": """
        order_id BIGINT PRIMARY KEY,
        held_idr BIGINT NOT NULL,
        release_at BIGINT,
        released_idr BIGINT,
        released_at BIGINT,
        released_tx TEXT
    """,
    "disputes": """
        order_id BIGINT PRIMARY KEY,
        opened_by TEXT NOT NULL,
        shipment_id BIGINT,
        reason_hash TEXT NOT NULL,
        opened_block BIGINT NOT NULL,
        opened_tx TEXT NOT NULL,
        opened_at BIGINT NOT NULL,
        arbiter TEXT,
        to_supplier_idr BIGINT,
        to_agency_idr BIGINT,
        ruling_hash TEXT,
        resolved_tx TEXT,
        resolved_at BIGINT,
        responded_by TEXT,
        response_hash TEXT,
        responded_at BIGINT
    """,
    # ------------------------------------------------------------------ shipments
    "shipments": """
        shipment_id BIGINT PRIMARY KEY,
        order_id BIGINT NOT NULL,
        supplier TEXT NOT NULL,
        carrier TEXT NOT NULL,
        custodian TEXT NOT NULL,
        origin_country TEXT NOT NULL,
        origin_region TEXT NOT NULL,
        producer_gln TEXT NOT NULL,
        expected_arrival_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        registered_block BIGINT NOT NULL,
        registered_tx TEXT NOT NULL,
        registered_at BIGINT NOT NULL,
        arrived_at BIGINT,
        checkpoint_count INTEGER NOT NULL,
        head TEXT NOT NULL,
        ref TEXT NOT NULL
    """,
    "shipment_lines": """
        shipment_id BIGINT NOT NULL,
        line_index INTEGER NOT NULL,
        quantity BIGINT NOT NULL,
        PRIMARY KEY (shipment_id, line_index)
    """,
    "checkpoints": """
        shipment_id BIGINT NOT NULL,
        idx INTEGER NOT NULL,
        custodian TEXT NOT NULL,
        kind TEXT NOT NULL,
        location TEXT NOT NULL,
        latitude_e6 BIGINT NOT NULL,
        longitude_e6 BIGINT NOT NULL,
        occurred_at BIGINT NOT NULL,
        evidence_hash TEXT NOT NULL,
        new_head TEXT NOT NULL,
        block_number BIGINT NOT NULL,
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        recorded_at BIGINT NOT NULL,
        ref TEXT NOT NULL,
        PRIMARY KEY (shipment_id, idx)
    """,
    "custody": """
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        shipment_id BIGINT NOT NULL,
        action TEXT NOT NULL,
        from_account TEXT NOT NULL,
        to_account TEXT NOT NULL,
        block_number BIGINT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (tx_hash, log_index)
    """,
}

PORTAL_INDEXES: tuple[str, ...] = (
    # The portal's paged, filtered lists and its public document route (issue 21); the portal
    # also adds them to an index created before they existed.
    "CREATE INDEX IF NOT EXISTS tenders_status ON tenders (status, tender_id)",
    "CREATE INDEX IF NOT EXISTS tenders_year ON tenders (fiscal_year, tender_id)",
    "CREATE INDEX IF NOT EXISTS tenders_order ON tenders (order_id)",
    "CREATE INDEX IF NOT EXISTS tenders_spec ON tenders (spec_hash)",
    "CREATE INDEX IF NOT EXISTS tender_items_hash ON tender_items (description_hash)",
    "CREATE INDEX IF NOT EXISTS order_lines_item ON order_lines (item_hash)",
    "CREATE INDEX IF NOT EXISTS orders_state ON orders (state, order_id)",
    "CREATE INDEX IF NOT EXISTS orders_year ON orders (fiscal_year, order_id)",
    "CREATE INDEX IF NOT EXISTS orders_tender ON orders (tender_id)",
    "CREATE INDEX IF NOT EXISTS shipments_region ON shipments (origin_region)",
    "CREATE INDEX IF NOT EXISTS shipments_status ON shipments (status, shipment_id)",
    "CREATE INDEX IF NOT EXISTS payments_block ON payments (block_number, log_index)",
    # The filters' combinations at national scale (bench/bench_portal.py): a page of one
    # agency's, one supplier's (in one state) or one region's rows read in index order.
    "CREATE INDEX IF NOT EXISTS tenders_agency_year ON tenders (agency_org_id, fiscal_year, "
    "tender_id)",
    "CREATE INDEX IF NOT EXISTS orders_agency_id ON orders (agency_org_id, order_id)",
    "CREATE INDEX IF NOT EXISTS orders_supplier_state ON orders (supplier_org_id, state, order_id)",
    "CREATE INDEX IF NOT EXISTS shipments_region_order ON shipments (origin_region, order_id)",
    # The payments list's page keys, newest first, from the index alone (deep pages stay cheap).
    "CREATE INDEX IF NOT EXISTS payments_block_keys ON payments (block_number, log_index, "
    "tx_hash, order_id)",
    # One agency's or supplier's payments (page keys, count and sums, escrow states) from the
    # index alone, and the home page's delay chart without sorting every delivery.
    "CREATE INDEX IF NOT EXISTS payments_order_cover ON payments (order_id, kind, block_number, "
    "log_index, tx_hash, paid_idr, penalty_idr, retention_idr, to_agency_idr)",
    "CREATE INDEX IF NOT EXISTS deliveries_kind_block ON deliveries (kind, block_number, "
    "log_index)",
    # The serial-loser red flag (py_client.audit.flags.serial_losers) asks, per bidding
    # organisation, whether it won any award: a look-up instead of a scan of every award.
    "CREATE INDEX IF NOT EXISTS awards_org ON awards (supplier_org_id)",
)

INDEXES: tuple[str, ...] = (
    # Partial: most events name one of the three ids at most (a checkpoint only its shipment).
    "CREATE INDEX IF NOT EXISTS events_tender ON events (tender_id) WHERE tender_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS events_order ON events (order_id) WHERE order_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS events_shipment ON events (shipment_id) "
    "WHERE shipment_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS tenders_ocid ON tenders (ocid)",
    "CREATE INDEX IF NOT EXISTS tenders_agency ON tenders (agency_org_id)",
    "CREATE INDEX IF NOT EXISTS bids_org ON bids (supplier_org_id)",
    "CREATE INDEX IF NOT EXISTS orders_ocid ON orders (ocid)",
    "CREATE INDEX IF NOT EXISTS orders_agency ON orders (agency_org_id)",
    "CREATE INDEX IF NOT EXISTS orders_supplier ON orders (supplier_org_id)",
    "CREATE INDEX IF NOT EXISTS deliveries_order ON deliveries (order_id)",
    "CREATE INDEX IF NOT EXISTS payments_order ON payments (order_id)",
    "CREATE INDEX IF NOT EXISTS shipments_order ON shipments (order_id)",
    "CREATE INDEX IF NOT EXISTS custody_shipment ON custody (shipment_id)",
    *PORTAL_INDEXES,
)


def create_statements() -> list[str]:
    """Every ``CREATE TABLE`` / ``CREATE INDEX`` of the schema, portable SQL."""
    tables = [
        f"CREATE TABLE IF NOT EXISTS {name} ({body.strip()})" for name, body in TABLES.items()
    ]
    return [*tables, *INDEXES]
