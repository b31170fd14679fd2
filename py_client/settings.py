"""Client settings from the environment and an optional ``.env`` file (python-dotenv).

========================  ===========================================================
variable                  meaning
========================  ===========================================================
RANTAI_RPC_URL            JSON-RPC endpoint of a node (default ``http://127.0.0.1:8545``)
RANTAI_CHAIN_ID           chain id the node must report; checked before anything is sent
RANTAI_DEPLOYMENT         deployment JSON file, or a network name under ``deployments/``
RANTAI_KEYSTORE           encrypted keystore JSON (geth / ``ape accounts export`` format)
RANTAI_KEYSTORE_PASSWORD  its password (or RANTAI_KEYSTORE_PASSWORD_FILE: a file holding it)
RANTAI_PRIVATE_KEY        hex private key, for automation
RANTAI_MNEMONIC           BIP-39 mnemonic, with RANTAI_HD_PATH (default m/44'/60'/0'/0/0)
RANTAI_GAS_MODE           ``auto`` | ``legacy`` | ``eip1559`` | ``free`` (default ``auto``)
RANTAI_TX_TIMEOUT         seconds to wait for a receipt (default 120)
RANTAI_REBROADCAST_AFTER  seconds before the same signed bytes are sent again (default 15)
RANTAI_SALT_DIR           where bid salts are kept (default ``~/.rantai/salts``)
RANTAI_ENCRYPTION_KEY     encryption key file (default ``~/.rantai/encryption-key.json``)
RANTAI_ENCRYPTION_KEY_PASSWORD  its password (or ..._PASSWORD_FILE: a file holding it)
RANTAI_DOCUMENT_STORE     document store: a folder (default ``~/.rantai/documents``)
RANTAI_RPC_JWT            JWT sent as ``Authorization: Bearer`` to an authenticated RPC node
                          (or RANTAI_RPC_JWT_FILE: a file holding it); ``user:pass@`` in
                          RANTAI_RPC_URL is sent as HTTP basic authentication instead
========================  ===========================================================

Example::

    >>> s = Settings.from_env(environ={"RANTAI_CHAIN_ID": "1945", "RANTAI_GAS_MODE": "free"})
    >>> (s.chain_id, s.gas_mode)
    (1945, 'free')
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast, get_args

from dotenv import dotenv_values

from py_client.errors import ConfigError

GasMode = Literal["auto", "legacy", "eip1559", "free"]
GAS_MODES: tuple[str, ...] = get_args(GasMode)
DEFAULT_RPC_URL = "http://127.0.0.1:8545"
DEFAULT_HD_PATH = "m/44'/60'/0'/0/0"


@dataclass(frozen=True)
class Settings:
    """Where the client connects, how it signs and how it pays for gas."""

    rpc_url: str = DEFAULT_RPC_URL
    chain_id: int | None = None
    deployment: str | None = None
    keystore: Path | None = None
    keystore_password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    mnemonic: str | None = field(default=None, repr=False)
    hd_path: str = DEFAULT_HD_PATH
    gas_mode: GasMode = "auto"
    tx_timeout_s: float = 120.0
    rebroadcast_after_s: float = 15.0
    salt_dir: Path | None = None
    encryption_key: Path | None = None
    encryption_key_password: str | None = field(default=None, repr=False)
    document_store: str | None = None
    rpc_jwt: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(
        cls, env_file: str | Path | None = ".env", environ: Mapping[str, str] | None = None
    ) -> "Settings":
        """Read settings from ``environ`` (default ``os.environ``) over an optional ``.env`` file.

        Args:
            env_file: A dotenv file whose values apply where the environment has none; ``None``
                reads no file. A missing file is not an error.
            environ: The environment to read; ``os.environ`` when omitted.

        Returns:
            The settings.

        Raises:
            ConfigError: A value is malformed (one line naming the variable).
        """
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls._parse(values)

    @classmethod
    def _parse(cls, v: Mapping[str, str]) -> "Settings":
        gas_mode = v.get("RANTAI_GAS_MODE", "auto").strip().lower()
        if gas_mode not in GAS_MODES:
            allowed = ", ".join(GAS_MODES)
            raise ConfigError(f"RANTAI_GAS_MODE must be one of {allowed}: {gas_mode!r}")
        keystore = v.get("RANTAI_KEYSTORE")
        return cls(
            rpc_url=v.get("RANTAI_RPC_URL", DEFAULT_RPC_URL),
            chain_id=_optional_int(v, "RANTAI_CHAIN_ID"),
            deployment=v.get("RANTAI_DEPLOYMENT") or None,
            keystore=Path(keystore) if keystore else None,
            keystore_password=_password(v),
            private_key=v.get("RANTAI_PRIVATE_KEY") or None,
            mnemonic=v.get("RANTAI_MNEMONIC") or None,
            hd_path=v.get("RANTAI_HD_PATH") or DEFAULT_HD_PATH,
            gas_mode=cast(GasMode, gas_mode),
            tx_timeout_s=_positive_float(v, "RANTAI_TX_TIMEOUT", 120.0),
            rebroadcast_after_s=_positive_float(v, "RANTAI_REBROADCAST_AFTER", 15.0),
            salt_dir=Path(v["RANTAI_SALT_DIR"]).expanduser() if v.get("RANTAI_SALT_DIR") else None,
            encryption_key=(
                Path(v["RANTAI_ENCRYPTION_KEY"]).expanduser()
                if v.get("RANTAI_ENCRYPTION_KEY")
                else None
            ),
            encryption_key_password=_secret(v, "RANTAI_ENCRYPTION_KEY_PASSWORD"),
            document_store=v.get("RANTAI_DOCUMENT_STORE") or None,
            rpc_jwt=(_secret(v, "RANTAI_RPC_JWT") or "").strip() or None,
        )


def _optional_int(values: Mapping[str, str], name: str) -> int | None:
    raw = values.get(name, "").strip()
    if not raw:
        return None
    try:
        number = int(raw, 0)
    except ValueError:
        raise ConfigError(f"{name} must be an integer: {raw!r}") from None
    if number <= 0:
        raise ConfigError(f"{name} must be positive: {raw!r}")
    return number


def _positive_float(values: Mapping[str, str], name: str, default: float) -> float:
    raw = values.get(name, "").strip()
    if not raw:
        return default
    try:
        number = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds: {raw!r}") from None
    if number <= 0:
        raise ConfigError(f"{name} must be positive: {raw!r}")
    return number


def _password(values: Mapping[str, str]) -> str | None:
    if "RANTAI_KEYSTORE_PASSWORD" in values:
        return values["RANTAI_KEYSTORE_PASSWORD"]
    password_file = values.get("RANTAI_KEYSTORE_PASSWORD_FILE")
    if not password_file:
        return None
    try:
        return Path(password_file).read_text().rstrip("\n")
    except OSError as err:
        raise ConfigError(f"RANTAI_KEYSTORE_PASSWORD_FILE cannot be read: {err}") from err


def _secret(values: Mapping[str, str], name: str) -> str | None:
    """``name``, else the content of the file ``<name>_FILE`` names, else ``None``."""
    if name in values:
        return values[name]
    secret_file = values.get(f"{name}_FILE")
    if not secret_file:
        return None
    try:
        return Path(secret_file).expanduser().read_text().rstrip("\n")
    except OSError as err:
        raise ConfigError(f"{name}_FILE cannot be read: {err}") from err
