"""The indexer's PostgreSQL writer process: commits ranges sent to it, one transaction each.

:func:`py_client.audit.sync.sync` starts it (``python -I postgres_child.py``) for a large
catch-up into PostgreSQL, so that psycopg's work (adapting every parameter, the protocol
messages) runs beside the decoding in another process instead of taking turns with it under
one interpreter lock. The first pickled frame on its standard input is ``(connection URL, rows
from which an insert is staged)`` (the URL never on the command line, where ``ps`` would show a
password); then each frame is ``(end, statements)``: ``statements`` a list of ``(sql, rows)`` in
PostgreSQL's placeholders, a ``COPY … FROM STDIN`` first (the range's new events), the range's
next-block mark last. It runs each frame in one transaction, in order, with
``synchronous_commit`` off as the indexer's own connection does: the copy, each large plain
insert staged (:func:`staged`: ``COPY`` into a temporary table and one ``INSERT … SELECT``, as
PostgreSQL loads in bulk), each large update of one row per key staged as well
(:func:`staged_update`: ``COPY``, then one ``UPDATE … FROM``), the other statements by
``executemany`` in pipelines. It answers
``(end, None)`` once committed, or ``(end, "error text")`` after the rollback (it then stops).
End of input: it closes the connection and exits.

Frames come only from the indexer that started it, through a pipe (pickle is never read from
anywhere else). It imports psycopg and nothing of ``py_client``.
"""

import gc
import pickle
import re
import sys
from collections.abc import Iterable
from typing import Any, BinaryIO, NamedTuple

import psycopg

_PLAIN_INSERT = re.compile(
    r"INSERT INTO (?P<table>\w+) \((?P<columns>\w+(?:, \w+)*)\) "
    r"VALUES \(%s(?:, %s)*\)(?P<tail> ON CONFLICT \(\w+(?:, \w+)*\) DO NOTHING)?"
)
"""An insert of placeholders only, with no conflict handling or ``DO NOTHING``: what
:func:`staged` can run as one ``INSERT … SELECT`` (``DO UPDATE`` cannot affect one row twice in
one statement; constants and subqueries in ``VALUES`` are left to ``executemany``)."""

_PLAIN_UPDATE = re.compile(
    r"UPDATE (?P<table>\w+) SET (?P<sets>.+?) "
    r"WHERE (?P<where>\w+ (?:=|<|>|<=|>=) %s(?: AND \w+ (?:=|<|>|<=|>=) %s)*)"
)
"""An update whose conditions are comparisons of columns with placeholders joined by ``AND``:
what :func:`staged_update` can run as one ``UPDATE … FROM`` (when no two rows name the same
row: see there)."""
_COMPARED = re.compile(r"(?P<column>\w+) (?P<op>=|<|>|<=|>=) %s")
"""A placeholder's column: the one it is assigned to or compared with (its type)."""


def serve(frames: BinaryIO, answers: BinaryIO) -> int:
    """Commit the frames read from ``frames``; 0 when all did."""
    try:
        url, stage_min_rows = pickle.load(frames)  # noqa: S301 (our parent's pipe)
    except (EOFError, pickle.UnpicklingError):
        return 0
    conn = psycopg.connect(str(url), autocommit=True, connect_timeout=10)
    try:
        conn.execute("SET synchronous_commit = off")
        while True:
            try:
                end, statements = pickle.load(frames)  # noqa: S301 (our parent's pipe)
            except (EOFError, pickle.UnpicklingError):  # the end, or a parent killed mid-frame
                return 0
            error = commit(conn, statements, stage_min_rows)
            pickle.dump((end, error), answers)
            answers.flush()
            if error is not None:
                return 1
    finally:
        conn.close()


def commit(
    conn: psycopg.Connection[Any],
    statements: list[tuple[str, list[Any]]],
    stage_min_rows: int,
) -> str | None:
    """Run ``statements`` in one transaction, in order; ``None``, or the error after the
    rollback. ``COPY`` statements copy their rows; a plain insert of at least
    ``stage_min_rows`` rows is staged (:func:`staged`), and so is such an update whose rows
    each name another row (:func:`staged_update`); the other statements run by
    ``executemany`` in pipelines."""
    try:
        with conn.transaction(), conn.cursor() as cursor:
            waiting: list[tuple[str, list[Any]]] = []  # executemany runs for the next pipeline
            for sql, rows in statements:
                if not rows:
                    continue
                large = len(rows) >= stage_min_rows
                plain = _plain_insert(sql) if large else None
                update = large and plain is None and _plain_update(sql, rows) is not None
                if not sql.startswith("COPY ") and plain is None and not update:
                    waiting.append((sql, rows))
                    continue
                _pipelined(conn, cursor, waiting)
                if plain is not None:
                    staged(cursor, plain["table"], plain["columns"], plain["tail"], rows)
                elif update:
                    staged_update(cursor, sql, rows)
                else:
                    _copy(cursor, sql, rows)
            _pipelined(conn, cursor, waiting)
    except psycopg.Error as err:
        return f"{type(err).__name__}: {err}"
    return None


def staged(
    cursor: psycopg.Cursor[Any], table: str, columns: str, tail: str, rows: list[Any]
) -> None:
    """``INSERT INTO table (columns) VALUES (…) tail`` for every row, as PostgreSQL loads in
    bulk: the rows copied into a temporary table of those columns (``COPY``), then one
    ``INSERT … SELECT`` in the order they came (so of two rows with the same key under ``ON
    CONFLICT DO NOTHING`` the first stays, as with one insert after the other). One statement
    for the server to plan and run instead of one per row."""
    stage = f"rantai_stage_{table}"  # names of the indexer's own SQL (\w+), never input
    numbered = ((*row, seq) for seq, row in enumerate(rows))
    _fill_stage(cursor, stage, f"{columns}, 0::bigint AS stage_seq", table, numbered)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} "  # noqa: S608
        f"ORDER BY stage_seq{tail}"
    )


class _UpdateForm(NamedTuple):
    """What :func:`staged_update` needs of an update of :data:`_PLAIN_UPDATE`'s form."""

    table: str
    columns: list[str]  # of each placeholder: the column assigned to or compared with
    keys: tuple[int, ...]  # the placeholders of the equality conditions
    stage: str  # its temporary table
    statement: str  # the update with each placeholder read from the stage


_update_forms: dict[str, _UpdateForm | None] = {}
"""The form of each update met, by its SQL (one connection per process)."""


def staged_update(cursor: psycopg.Cursor[Any], sql: str, rows: list[Any]) -> None:
    """``sql`` (an update :func:`_plain_update` accepts for ``rows``) for every row as one
    ``UPDATE … FROM``: the rows copied into a temporary table whose column ``rantai_pN`` has
    the type of the column the Nth placeholder is assigned to or compared with, each
    placeholder then read from it. The same as one update after the other only when no target
    row meets two rows: :func:`_plain_update` accepts only rows whose equality conditions'
    values differ pairwise, so each target row meets at most one, and its expressions see it
    as before that row's update, as one update after the other would."""
    form = _update_form(sql)
    assert form is not None  # noqa: S101 (commit stages only what _plain_update accepted)
    typed = ", ".join(f"{column} AS rantai_p{n}" for n, column in enumerate(form.columns, 1))
    _fill_stage(cursor, form.stage, typed, form.table, rows)
    cursor.execute(form.statement)


def _plain_update(sql: str, rows: list[Any]) -> list[str] | None:
    """The column of each placeholder of ``sql`` when :func:`staged_update` can run it for
    ``rows``: an update of :data:`_PLAIN_UPDATE`'s form (:func:`_update_form`) and no two rows
    with the same values in its equality conditions."""
    form = _update_form(sql)
    if form is None:
        return None
    try:
        distinct = len({tuple(row[n] for n in form.keys) for row in rows})
    except TypeError:  # a value that is no key
        return None
    return form.columns if distinct == len(rows) else None


def _update_form(sql: str) -> _UpdateForm | None:
    """``sql``'s form when it is an update of :data:`_PLAIN_UPDATE`'s form reading no other
    row (no ``SELECT``), every placeholder assigned to or compared with a column, with at least
    one equality condition; ``None`` otherwise. Worked out once per SQL."""
    if sql in _update_forms:
        return _update_forms[sql]
    form = None
    found = _PLAIN_UPDATE.fullmatch(sql)
    compared = list(_COMPARED.finditer(sql))
    if (
        found is not None
        and "SELECT" not in sql.upper()
        and " FROM " not in sql.upper()
        and len(compared) == sql.count("%s")
    ):
        start = found.start("where")
        keys = tuple(n for n, c in enumerate(compared) if c.start() >= start and c["op"] == "=")
        if keys:
            stage = f"rantai_stage_update_{len(_update_forms)}"
            placeholders = iter(range(1, len(compared) + 1))
            reading = re.sub("%s", lambda _: f"rantai_s.rantai_p{next(placeholders)}", sql)
            sets, where = reading.split(" WHERE ", 1)
            statement = f"{sets} FROM {stage} AS rantai_s WHERE {where}"
            columns = [c["column"] for c in compared]
            form = _UpdateForm(found["table"], columns, keys, stage, statement)
    _update_forms[sql] = form
    return form


def _plain_insert(sql: str) -> re.Match[str] | None:
    found = _PLAIN_INSERT.fullmatch(sql)
    if found is None or sql.count("%s") != found["columns"].count(",") + 1:
        return None
    return found


def _fill_stage(
    cursor: psycopg.Cursor[Any], stage: str, select: str, table: str, rows: Iterable[Any]
) -> None:
    """The temporary table ``stage`` (``select``'s columns of ``table``, no rows: their
    types), created once per connection, holding ``rows`` only."""
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} AS "  # noqa: S608
        f"SELECT {select} FROM {table} WITH NO DATA"
    )
    cursor.execute(f"TRUNCATE {stage}")
    _copy(cursor, f"COPY {stage} FROM STDIN", rows)


def _copy(cursor: psycopg.Cursor[Any], sql: str, rows: Iterable[Any]) -> None:
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _pipelined(
    conn: psycopg.Connection[Any], cursor: psycopg.Cursor[Any], runs: list[tuple[str, list[Any]]]
) -> None:
    """The waiting ``executemany`` runs in one pipeline (then none wait)."""
    if not runs:
        return
    with conn.pipeline():
        for sql, rows in runs:
            cursor.executemany(sql, rows)
    runs.clear()


if __name__ == "__main__":
    gc.disable()  # frames hold no cycles (as in sqlite_child)
    sys.exit(serve(sys.stdin.buffer, sys.stdout.buffer))
