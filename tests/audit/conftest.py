"""Fixtures of the audit tests (py_client/audit, py_client/interop): scenario chains and indexes.

``dirty_chain`` / ``clean_chain`` (session): Besu-like nodes with a played scenario
(tests/support/audit.py says which). ``audit_db`` is a factory of fresh databases for the
parametrized ``backend`` (``sqlite`` file or ``postgresql`` database on the root conftest's
``postgres_server``). ``dirty_index`` / ``clean_index`` are those chains indexed once per session
and backend; ``open_data_chain`` / ``open_data_index`` (module scope) the open-data scenario
(tests/support/interop.py) and its SQLite index. ``run_cli(*argv)`` runs ``rantai`` in process in
a fresh folder with no RANTAI_* settings.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ape
import pytest

from py_client.audit import RawRpc, sync
from py_client.audit.db import Database, open_database
from py_client.cli import main
from tests.support.audit import (
    PostgresServer,
    Scenario,
    play_clean,
    play_dirty,
    running_scenario,
)
from tests.support.interop import CliResult, play_open_data, synced


@pytest.fixture(scope="session")
def dirty_chain(project: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """A chain whose scenario triggers every red-flag check (tests/support/audit.py)."""
    with running_scenario(project, tmp_path_factory.mktemp("dirty"), play_dirty) as scenario:
        yield scenario


@pytest.fixture(scope="session")
def clean_chain(project: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """A chain whose scenario triggers no red-flag check."""
    with running_scenario(project, tmp_path_factory.mktemp("clean"), play_clean) as scenario:
        yield scenario


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine the audit suite runs on."""
    return str(request.param)


@pytest.fixture(scope="session")
def audit_db(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], str]:
    """``audit_db()``: the target (SQLite path or PostgreSQL URL) of a fresh, empty database."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        return server.new_database
    folder = tmp_path_factory.mktemp("audit-db")

    def sqlite_target() -> str:
        return str(folder / f"{uuid.uuid4().hex[:12]}.sqlite")

    return sqlite_target


@pytest.fixture(scope="session")
def dirty_index(audit_db: Callable[[], str], dirty_chain: Scenario) -> Iterator[Database]:
    db = synced(audit_db, dirty_chain)
    yield db
    db.close()


@pytest.fixture(scope="session")
def clean_index(audit_db: Callable[[], str], clean_chain: Scenario) -> Iterator[Database]:
    db = synced(audit_db, clean_chain)
    yield db
    db.close()


# Own chain, not the session's: `chain_isolation=False` tells Ape's isolation so, and a test asking
# for a new session parameter (the audit database backend) does not make Ape rebuild it.
@ape.fixture(scope="module", chain_isolation=False)
def open_data_chain(project: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """A chain with the open-data scenario (:func:`play_open_data`)."""
    with running_scenario(
        project, tmp_path_factory.mktemp("open-data"), play_open_data
    ) as scenario:
        yield scenario


@ape.fixture(scope="module", chain_isolation=False)
def open_data_index(
    open_data_chain: Scenario, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The open-data chain indexed into a fresh SQLite file."""
    db = open_database(str(tmp_path_factory.mktemp("open-data-index") / "audit.sqlite"))
    sync(db, RawRpc(open_data_chain.node.rpc_url), open_data_chain.deployment)
    yield db
    db.close()


@pytest.fixture
def run_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """``run_cli(*argv)``: ``rantai`` in process, cwd a fresh folder, no RANTAI_* settings."""
    for name in list(os.environ):
        if name.startswith("RANTAI_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
