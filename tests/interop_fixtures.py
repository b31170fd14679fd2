"""Fixtures of the report, export and import tests: synced indexes and an in-process CLI runner.

``dirty_index`` / ``clean_index`` are the scenario chains of audit_fixtures.py indexed once per
session and backend (SQLite file, PostgreSQL database). ``run_cli(*argv)`` runs ``rantai`` in
process in a fresh folder with no RANTAI_* settings and returns code, stdout and stderr.
Import with ``from interop_fixtures import *``.
"""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import Scenario, open_fresh

from py_client.audit import RawRpc, sync
from py_client.audit.db import Database
from py_client.cli import main


def synced(audit_db: Callable[[], str], scenario: Scenario) -> Database:
    """A fresh database of the current backend with ``scenario``'s chain indexed."""
    db = open_fresh(audit_db)
    sync(db, RawRpc(scenario.node.rpc_url), scenario.deployment)
    return db


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


class CliResult:
    """The outcome of one ``rantai`` run."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def doc(self) -> Any:
        return json.loads(self.out)

    @property
    def error(self) -> str:
        """The one-line error message (asserting it is exactly one line)."""
        assert self.err.count("\n") == 1, self.err
        assert self.err.startswith("error: "), self.err
        return self.err[len("error: ") : -1]


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


__all__ = ["CliResult", "clean_index", "dirty_index", "run_cli", "synced"]
