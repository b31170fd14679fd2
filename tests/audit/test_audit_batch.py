"""The statement batch moves a statement back to an earlier run of the same SQL only where the
result is the one of running every statement in event order (on SQLite, the audit schema)."""

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from py_client.audit.handlers import (
    INSERT_ORDER,
    INSERT_PAYMENT,
    ORDER_STATE,
    ORDER_TERMS,
    RETENTION_DUE,
    UPSERT_BUDGET_CEILING,
    UPSERT_BUDGET_COMMITTED,
    UPSERT_RETENTION_HELD,
    Batch,
)
from py_client.audit.schema import create_statements

Step = tuple[Any, str, tuple[Any, ...]]  # (key or None, sql, params)


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    for ddl in create_statements():
        db.execute(ddl)
    yield db
    db.close()


def _order(order_id: int) -> tuple[Any, ...]:
    return (
        order_id,
        f"ocds-{order_id}",
        None,
        "0xa",
        10,
        "0xb",
        20,
        2026,
        100,
        1,
        0,
        0,
        1,
        "0x1",
        1,
    )


def _payment(order_id: int, log: int, retention: int) -> tuple[Any, ...]:
    return (f"0x{log:x}", log, order_id, "delivery", "0xb", 90, 0, retention, 0, 1, 1)


def _rows(db: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("orders", "payments", "retention", "budgets")
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}  # noqa: S608


def _batched(steps: list[Step]) -> Batch:
    batch = Batch()
    for key, sql, params in steps:
        if key is None:
            batch.add(sql, *params)
        else:
            batch.add_keyed(key, sql, *params)
    return batch


def _same_as_in_order(conn: sqlite3.Connection, steps: list[Step]) -> Batch:
    """Run ``steps`` one by one on a copy and batched on ``conn``; assert the same rows."""
    alone = sqlite3.connect(":memory:")
    conn.backup(alone)
    for _, sql, params in steps:
        alone.execute(sql, params)
    batch = _batched(steps)
    for sql, rows in batch.statements():
        conn.executemany(sql, rows)
    assert _rows(conn) == _rows(alone)
    alone.close()
    return batch


def test_orders_of_other_keys_share_runs_across_each_others_updates(
    conn: sqlite3.Connection,
) -> None:
    steps: list[Step] = []
    for order_id in range(1, 6):
        key = ("order", order_id)
        steps += [
            (key, INSERT_ORDER, _order(order_id)),
            (key, ORDER_TERMS, (500, 1, 500, 86400, order_id)),
            (key, INSERT_PAYMENT, _payment(order_id, order_id, 10 * order_id)),
            (key, UPSERT_RETENTION_HELD, (order_id, order_id)),
            (key, RETENTION_DUE, (99, order_id)),
        ]
    batch = _same_as_in_order(conn, steps)
    assert len(batch.ops) == 5  # one run per statement instead of one per order and statement
    assert conn.execute(
        "SELECT held_idr, release_at FROM retention WHERE order_id = 3"
    ).fetchall() == [(30, 99)]


def test_the_same_key_keeps_its_order(conn: sqlite3.Connection) -> None:
    # The second payment of order 1 must be summed after it is inserted, not moved before it.
    one = ("order", 1)
    steps: list[Step] = [
        (one, INSERT_ORDER, _order(1)),
        (one, INSERT_PAYMENT, _payment(1, 1, 10)),
        (one, UPSERT_RETENTION_HELD, (1, 1)),
        (one, INSERT_PAYMENT, _payment(1, 2, 5)),
        (one, UPSERT_RETENTION_HELD, (1, 1)),
    ]
    batch = _same_as_in_order(conn, steps)
    assert len(batch.ops) == 5
    assert conn.execute("SELECT held_idr FROM retention").fetchall() == [(15,)]


def test_an_unkeyed_statement_in_between_stops_the_move(conn: sqlite3.Connection) -> None:
    steps: list[Step] = [
        (("order", 1), INSERT_ORDER, _order(1)),
        (None, ORDER_STATE, ("Active", 2)),  # names an order, but says nothing of its reach
        (("order", 2), INSERT_ORDER, _order(2)),
    ]
    batch = _same_as_in_order(conn, steps)
    assert len(batch.ops) == 3
    # Keys of another kind do not commute either.
    steps = [
        (("order", 3), INSERT_ORDER, _order(3)),
        (("tender", 9), ORDER_STATE, ("Active", 3)),
        (("order", 4), INSERT_ORDER, _order(4)),
    ]
    assert len(_batched(steps).ops) == 3


def test_a_budget_run_keeps_the_last_row_of_each_budget(conn: sqlite3.Connection) -> None:
    # Running totals of two budgets in turn, then two ceilings: each budget ends with its last
    # total and ceiling, as event after event, from one row per budget and run.
    steps: list[Step] = [
        (None, UPSERT_BUDGET_COMMITTED, (7, 2026, 100)),
        (None, UPSERT_BUDGET_COMMITTED, (8, 2026, 5)),
        (None, UPSERT_BUDGET_COMMITTED, (7, 2026, 40)),
        (None, UPSERT_BUDGET_COMMITTED, (7, 2027, 1)),
        (None, UPSERT_BUDGET_COMMITTED, (8, 2026, 6)),
        (None, UPSERT_BUDGET_CEILING, (7, 2026, 1000)),
        (None, UPSERT_BUDGET_CEILING, (7, 2026, 900)),
    ]
    batch = _same_as_in_order(conn, steps)
    assert [rows for _, rows in batch.statements()] == [
        [(7, 2026, 40), (8, 2026, 6), (7, 2027, 1)],
        [(7, 2026, 900)],
    ]
    assert conn.execute("SELECT * FROM budgets ORDER BY 1, 2").fetchall() == [
        (7, 2026, 900, 40),
        (7, 2027, 0, 1),
        (8, 2026, 0, 6),
    ]
