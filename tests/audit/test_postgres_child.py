"""The PostgreSQL writer process stages a large update (``COPY`` into a temporary table, one
``UPDATE … FROM``) only where that gives the rows of one update after the other."""

from collections.abc import Iterator
from typing import Any

import pytest

from py_client.audit import handlers
from tests.support.audit import PostgresServer

psycopg = pytest.importorskip("psycopg")
child = pytest.importorskip("py_client.audit.postgres_child")

PROGRESS = handlers.SHIPMENT_PROGRESS.replace("?", "%s")
TABLE = (
    "CREATE TABLE shipments (shipment_id TEXT PRIMARY KEY, checkpoint_count INTEGER NOT NULL, "
    "head TEXT, status TEXT NOT NULL, amount_idr NUMERIC(78, 0))"
)
START = [("s1", 0, None, "Registered", 0), ("s2", 3, "h", "Arrived", 0), ("s3", 5, "h", "X", 0)]


@pytest.fixture
def conn(postgres_server: PostgresServer) -> Iterator[Any]:
    with psycopg.connect(postgres_server.new_database(), autocommit=True) as connection:
        connection.execute(TABLE)
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO shipments VALUES (%s, %s, %s, %s, %s)", START)
        yield connection


def _rows(conn: Any) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT * FROM shipments ORDER BY shipment_id").fetchall()


def _one_after_the_other(conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> list[Any]:
    """The table after ``sql`` for each row in turn, the table then put back."""
    before = _rows(conn)
    with conn.cursor() as cursor:
        for row in rows:
            cursor.execute(sql, row)
    after = _rows(conn)
    with conn.cursor() as cursor:
        cursor.execute("DELETE FROM shipments")
        cursor.executemany("INSERT INTO shipments VALUES (%s, %s, %s, %s, %s)", before)
    return after


def _stages(conn: Any) -> int:
    return int(
        conn.execute(
            "SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'rantai_stage_update_%%' "
            "AND relpersistence = 't' AND pg_table_is_visible(oid)"
        ).fetchone()[0]
    )


def test_a_large_update_of_one_row_per_key_is_staged_with_the_same_rows(conn: Any) -> None:
    # s1 moves on; s2 stays Arrived (the CASE reads the row as it was); s3 is not behind (5 < 4
    # fails); s9 names no row.
    rows = [(2, "h2", "s1", 2), (7, "h7", "s2", 7), (4, "h4", "s3", 4), (1, "x", "s9", 1)]
    expected = _one_after_the_other(conn, PROGRESS, rows)
    assert child._plain_update(PROGRESS, rows) == [
        "checkpoint_count",
        "head",
        "shipment_id",
        "checkpoint_count",
    ]
    assert child.commit(conn, [(PROGRESS, rows)], 1) is None
    assert _stages(conn) == 1
    assert (
        _rows(conn)
        == expected
        == [
            ("s1", 2, "h2", "InTransit", 0),
            ("s2", 7, "h7", "Arrived", 0),
            ("s3", 5, "h", "X", 0),
        ]
    )
    assert child.commit(conn, [(PROGRESS, [(9, "h9", "s1", 9)])], 1) is None  # the stage again
    assert _rows(conn)[0] == ("s1", 9, "h9", "InTransit", 0)


def test_a_stage_column_takes_its_column_type(conn: Any) -> None:
    # An amount beyond 64 bits is copied into NUMERIC, as executemany would send it.
    sql = "UPDATE shipments SET amount_idr = %s WHERE shipment_id = %s"
    big = 10**30 + 7
    assert child.commit(conn, [(sql, [(big, "s1"), (1, "s2")])], 1) is None
    assert _stages(conn) == 1
    assert [row[4] for row in _rows(conn)] == [big, 1, 0]


def test_two_rows_of_one_key_run_one_after_the_other(conn: Any) -> None:
    # Staged, both rows would meet s1 as it was and one of them would win; in turn, the first
    # moves s1 to 2 and the second (2 < 3) to 3, while (1, s1, 1) comes too late.
    rows = [(2, "a", "s1", 2), (3, "b", "s1", 3), (1, "c", "s1", 1)]
    assert child._plain_update(PROGRESS, rows) is None
    expected = _one_after_the_other(conn, PROGRESS, rows)
    assert child.commit(conn, [(PROGRESS, rows)], 1) is None
    assert _stages(conn) == 0
    assert _rows(conn) == expected
    assert _rows(conn)[0] == ("s1", 3, "b", "InTransit", 0)


@pytest.mark.parametrize(
    "sql",
    [
        # reads another table: one update after the other sees the rows the earlier ones wrote
        handlers.COUNT_BIDS.replace("?", "%s"),
        # a placeholder in an expression: its type is not a column's
        "UPDATE shipments SET checkpoint_count = checkpoint_count + %s WHERE shipment_id = %s",
        # no equality condition: every row could meet every target row
        "UPDATE shipments SET head = %s WHERE checkpoint_count < %s",
        # a condition other than a comparison with a placeholder
        "UPDATE shipments SET head = %s WHERE shipment_id = %s OR status = 'X'",
    ],
)
def test_updates_that_cannot_be_staged_are_left_to_executemany(sql: str) -> None:
    assert child._plain_update(sql, [(1, "s1"), (2, "s2")]) is None


def test_every_handler_update_of_one_row_by_key_qualifies() -> None:
    # The large runs of a catch-up: the bids, shipments and orders updates.
    for name in ("REVEAL_BID", "BOND_OUTCOME", "ORDER_STATE", "SHIPMENT_ARRIVED", "ORDER_TERMS"):
        sql = getattr(handlers, name).replace("?", "%s")
        width = sql.count("%s")
        rows = [tuple(f"{n}-{i}" for i in range(width)) for n in range(3)]
        assert child._plain_update(sql, rows) is not None, name


def test_a_failing_staged_update_rolls_the_whole_frame_back(conn: Any) -> None:
    insert = "INSERT INTO shipments VALUES (%s, %s, %s, %s, %s)"
    failing = "UPDATE shipments SET checkpoint_count = %s WHERE shipment_id = %s"
    frame = [(insert, [("s4", 0, None, "Registered", 0)]), (failing, [(None, "s1"), (1, "s2")])]
    error = child.commit(conn, frame, 1)
    assert str(error).startswith("NotNullViolation")
    assert _rows(conn) == sorted(START)
