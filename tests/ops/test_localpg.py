"""py_client/ops/localpg.py: the throw-away PostgreSQL server of the tests and benchmarks."""

import pytest

from py_client.audit import open_database
from py_client.ops import localpg


def test_a_server_starts_gives_databases_and_leaves_nothing_behind() -> None:
    if localpg.pg_binary("initdb") is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found")
    server = localpg.start_postgres()
    try:
        first, second = server.new_database(), server.new_database()
        assert first != second
        assert first.startswith(f"postgresql://postgres@127.0.0.1:{server.port}/audit_")
        db = open_database(first)
        try:
            assert db.scalar("SELECT 1") == 1
        finally:
            db.close()
    finally:
        server.stop()
    assert not server.data_dir.parent.exists()


def test_without_the_server_binaries_the_refusal_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(localpg, "pg_binary", lambda name: None)
    with pytest.raises(localpg.PostgresUnavailable, match=r"^PostgreSQL server binaries"):
        localpg.start_postgres()
