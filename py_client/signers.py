"""Local signers: every transaction is signed here and sent raw; nodes never hold keys.

Three sources, in this order of precedence when several are set: an encrypted keystore JSON
(geth / ``ape accounts export`` format), a private key (automation), a BIP-39 mnemonic with a
derivation path.

Example::

    >>> from py_client.settings import Settings
    >>> key = "0x" + "11" * 32
    >>> load_signer(Settings(private_key=key)).address
    '0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A'
"""

from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount

from py_client.errors import SignerError
from py_client.inputs import InputError, load_json
from py_client.settings import Settings


def load_signer(settings: Settings) -> LocalAccount:
    """Return the signing account the settings describe.

    Args:
        settings: Client settings naming a keystore, a private key or a mnemonic.

    Returns:
        An eth-account ``LocalAccount``.

    Raises:
        SignerError: No signer is configured, the keystore cannot be read or decrypted, or the
            key or mnemonic is malformed.
    """
    if settings.keystore is not None:
        return from_keystore(settings.keystore, settings.keystore_password)
    if settings.private_key is not None:
        return from_private_key(settings.private_key)
    if settings.mnemonic is not None:
        return from_mnemonic(settings.mnemonic, settings.hd_path)
    raise SignerError(
        "no signer configured: set RANTAI_KEYSTORE (+ password), RANTAI_PRIVATE_KEY or "
        "RANTAI_MNEMONIC"
    )


def from_keystore(path: Path, password: str | None) -> LocalAccount:
    """Decrypt an encrypted keystore JSON file."""
    if password is None:
        raise SignerError(f"keystore {path} needs RANTAI_KEYSTORE_PASSWORD")
    try:
        encrypted = load_json(Path(path), "keystore file")
    except InputError as err:
        raise SignerError(str(err)) from err
    try:
        key = Account.decrypt(encrypted, password)
    except ValueError as err:
        raise SignerError(f"keystore {path}: wrong password or damaged file") from err
    return from_private_key(key.hex())


def from_private_key(private_key: str) -> LocalAccount:
    """Build an account from a hex private key (with or without ``0x``)."""
    try:
        account: LocalAccount = Account.from_key(private_key)
    except (ValueError, TypeError) as err:
        raise SignerError("private key is not 32 bytes of hex") from err
    return account


def from_mnemonic(mnemonic: str, hd_path: str) -> LocalAccount:
    """Derive an account from a BIP-39 mnemonic and a derivation path."""
    Account.enable_unaudited_hdwallet_features()
    try:
        account: LocalAccount = Account.from_mnemonic(mnemonic, account_path=hd_path)
    except (ValueError, TypeError) as err:
        raise SignerError(f"mnemonic or derivation path {hd_path!r} is invalid: {err}") from err
    return account
