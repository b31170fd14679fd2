"""A throw-away PostgreSQL server on the loopback interface, for the tests and the benchmarks.

:func:`start_postgres` runs ``initdb`` and ``pg_ctl start`` in a fresh temporary folder (as
``nobody`` when run as root: ``initdb`` refuses root), on a free port, without fsync: a server
whose data may be lost, never one to keep data in. Stop it with :meth:`LocalPostgres.stop`.

Example::

    >>> server = start_postgres()  # doctest: +SKIP
    >>> url = server.new_database()  # doctest: +SKIP
    >>> server.stop()  # doctest: +SKIP
"""

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from py_client.ops.localchain import free_port

PG_BINARIES = ("initdb", "pg_ctl")
STARTUP_S = 30
INITDB_OPTIONS = ("-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here (the message says why, in one line)."""


def pg_binary(name: str) -> str | None:
    """The path of PostgreSQL's ``name`` (PATH, then Debian's versioned folders)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


@dataclass
class LocalPostgres:
    """A running throw-away PostgreSQL server on the loopback interface."""

    port: int
    data_dir: Path
    pg_ctl: str
    run_as: list[str]

    @property
    def url(self) -> str:
        """URL of the ``postgres`` maintenance database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """Create an empty database; returns its URL."""
        import psycopg

        name = "audit_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.data_dir), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def start_postgres() -> LocalPostgres:
    """Start a throw-away server in a fresh temporary folder.

    Raises:
        PostgresUnavailable: ``initdb`` / ``pg_ctl`` are not installed, or this runs as root
            without ``runuser``.
        subprocess.CalledProcessError: ``initdb`` or ``pg_ctl start`` failed.
    """
    initdb, pg_ctl = (pg_binary(n) for n in PG_BINARIES)
    if initdb is None or pg_ctl is None:
        raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            raise PostgresUnavailable("running as root without runuser: cannot run initdb")
        run_as = [runuser, "-u", "nobody", "--"]
    base = Path(tempfile.mkdtemp(prefix="rantai-pg-"))
    if run_as:
        base.chmod(0o755)
        shutil.chown(base, "nobody")
    data = base / "data"
    try:
        subprocess.run(
            [*run_as, initdb, "-D", str(data), *INITDB_OPTIONS], check=True, capture_output=True
        )
        port = free_port()
        options = f"-h 127.0.0.1 -p {port} -k {base} -F -c fsync=off"
        log = str(base / "server.log")
        start = ("-w", "-t", str(STARTUP_S), "start")
        subprocess.run(
            [*run_as, pg_ctl, "-D", str(data), "-o", options, "-l", log, *start],
            check=True,
            capture_output=True,
        )
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    return LocalPostgres(port, data, pg_ctl, run_as)


__all__ = ["LocalPostgres", "PostgresUnavailable", "pg_binary", "start_postgres"]
