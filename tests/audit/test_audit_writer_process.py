"""The SQLite writer process commits two ranges that wait in its pipe in one transaction."""

import fcntl
import os
import pickle
import sqlite3
from pathlib import Path

from py_client.audit.sqlite_child import commit, next_frames

MARK = (
    "INSERT INTO state (key, value) VALUES ('next_block', ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
PADDING = "x" * 200_000  # a range's frame is megabytes: larger than the pipe and its buffer


def _statements(end: int) -> list[tuple[str, list[tuple[object, ...]]]]:
    return [("INSERT INTO rows (n, pad) VALUES (?, ?)", [(end, PADDING)]), (MARK, [(end + 1,)])]


def _frame(end: int) -> bytes:
    return pickle.dumps((end, _statements(end)))


def _pipe_holding(data: bytes) -> int:
    """A pipe (large enough to hold ``data``) with ``data`` written and the writing end closed;
    returns the reading end."""
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 1 << 20)
    with os.fdopen(write, "wb") as sender:
        sender.write(data)
    return read


def test_frames_waiting_in_the_pipe_are_read_together_up_to_two() -> None:
    with os.fdopen(_pipe_holding(_frame(10) + _frame(20) + _frame(30)), "rb") as frames:
        assert [end for end, _ in next_frames(frames)] == [10, 20]
        assert [end for end, _ in next_frames(frames)] == [30]
        assert next_frames(frames) == []


def test_a_frame_cut_short_is_dropped_and_the_whole_one_before_it_kept() -> None:
    with os.fdopen(_pipe_holding(_frame(10) + _frame(20)[:-5]), "rb") as frames:
        assert [end for end, _ in next_frames(frames)] == [10]
        assert next_frames(frames) == []


def test_two_ranges_in_one_transaction_keep_the_later_mark(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "w.sqlite", isolation_level=None)
    conn.execute("CREATE TABLE rows (n INTEGER, pad TEXT)")
    conn.execute("CREATE TABLE state (key TEXT PRIMARY KEY, value INTEGER)")
    batch = [(10, _statements(10)), (20, _statements(20))]
    assert commit(conn, [s for _, statements in batch for s in statements]) is None
    assert conn.execute("SELECT n FROM rows ORDER BY n").fetchall() == [(10,), (20,)]
    assert conn.execute("SELECT value FROM state").fetchall() == [(21,)]
    failing = [*batch[0][1], ("INSERT INTO missing VALUES (?)", [(1,)])]
    assert "no such table: missing" in str(commit(conn, failing))
    assert conn.execute("SELECT COUNT(*) FROM rows").fetchone() == (2,)  # rolled back whole
    conn.close()
