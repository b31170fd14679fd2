"""What a ``rantai`` command runs with: settings (environment, ``.env``, flags), the client, output.

The client is connected lazily, the first time a command needs it, so a malformed argument is
reported before any connection is made.
"""

import argparse
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from py_client.client import Rantai
from py_client.inputs import Deadline, InputFileError, RelativeTime, resolve_deadline
from py_client.models import from_unix
from py_client.settings import GasMode, Settings


@dataclass
class Output:
    """A command's result: the JSON document (``--json``), the text for humans, the exit status
    (not 0: the document says ``"ok": false``)."""

    document: dict[str, Any]
    text: str
    exit_code: int = 0


@dataclass
class Context:
    """Parsed arguments plus the lazily connected client."""

    args: argparse.Namespace
    _client: Rantai | None = field(default=None, init=False, repr=False)
    _settings: Settings | None = field(default=None, init=False, repr=False)

    @property
    def json(self) -> bool:
        """Whether output is one JSON document."""
        return bool(getattr(self.args, "json", False))

    @property
    def settings(self) -> Settings:
        """Settings from the environment and the env file, overridden by command-line flags."""
        if self._settings is None:
            env_file = getattr(self.args, "env_file", None)
            if env_file is not None and not Path(env_file).is_file():
                raise InputFileError(f"env file not found: {env_file}")
            settings = Settings.from_env(env_file or ".env")
            overrides: dict[str, Any] = {}
            for flag, name in (
                ("rpc_url", "rpc_url"),
                ("chain_id", "chain_id"),
                ("deployment", "deployment"),
                ("gas_mode", "gas_mode"),
            ):
                value = getattr(self.args, flag, None)
                if value is not None:
                    overrides[name] = value
            self._settings = dataclasses.replace(settings, **overrides)
        return self._settings

    @property
    def client(self) -> Rantai:
        """The connected client (read-only when no signer is configured)."""
        if self._client is None:
            salt_dir = getattr(self.args, "salt_dir", None)
            self._client = Rantai.connect(
                self.settings, salt_dir=str(salt_dir) if salt_dir is not None else None
            )
        return self._client

    def now(self) -> datetime:
        """The chain's clock: the latest block's time."""
        return from_unix(self.client.now())

    def deadline(self, value: Deadline, what: str) -> datetime:
        """``value`` as an absolute time; it must lie in the future of the chain's clock."""
        return resolve_deadline(value, self.now(), what)

    def moment(self, value: datetime | RelativeTime | None) -> datetime | None:
        """A past or present time (``now``, ``-2h`` or ISO-8601) as absolute, or ``None``."""
        if value is None:
            return None
        if isinstance(value, RelativeTime):
            return None if value.text == "now" else value.resolve(self.now())
        return value


def gas_mode(value: str) -> GasMode:
    """Type of ``--gas-mode`` (argparse ``choices`` does the checking)."""
    return value  # type: ignore[return-value]


def path_or_none(value: str | None) -> Path | None:
    """A path from an optional argument."""
    return Path(value) if value else None
