"""Client settings and signers: environment, .env files, keystore, private key, mnemonic."""

import json
from pathlib import Path

import pytest
from eth_account import Account

from py_client.errors import ConfigError, SignerError
from py_client.settings import DEFAULT_RPC_URL, Settings
from py_client.signers import from_keystore, from_mnemonic, load_signer

KEY = "0x" + "11" * 32
ADDRESS = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"
ANVIL_MNEMONIC = "test test test test test test test test test test test junk"


def test_defaults_without_any_setting() -> None:
    settings = Settings.from_env(env_file=None, environ={})
    assert settings.rpc_url == DEFAULT_RPC_URL
    assert settings.chain_id is None
    assert settings.gas_mode == "auto"


def test_environment_overrides_dotenv_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("RANTAI_RPC_URL=http://node:8545\nRANTAI_CHAIN_ID=1945\n")
    settings = Settings.from_env(env_file, environ={"RANTAI_CHAIN_ID": "0x799"})
    assert settings.rpc_url == "http://node:8545"
    assert settings.chain_id == 1945


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RANTAI_GAS_MODE", "cheap", "RANTAI_GAS_MODE must be one of auto, legacy, eip1559, free"),
        ("RANTAI_CHAIN_ID", "besu", "RANTAI_CHAIN_ID must be an integer"),
        ("RANTAI_CHAIN_ID", "-5", "RANTAI_CHAIN_ID must be positive"),
        ("RANTAI_TX_TIMEOUT", "soon", "RANTAI_TX_TIMEOUT must be a number of seconds"),
    ],
)
def test_malformed_setting_is_a_one_line_error_naming_it(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        Settings.from_env(env_file=None, environ={variable: value})
    assert "\n" not in str(caught.value)


def test_private_key_signer() -> None:
    assert load_signer(Settings(private_key=KEY)).address == ADDRESS


def test_malformed_private_key_raises_SignerError() -> None:
    with pytest.raises(SignerError, match="private key is not 32 bytes of hex"):
        load_signer(Settings(private_key="0x1234"))


def test_keystore_signer_decrypts_with_password(tmp_path: Path) -> None:
    keystore = tmp_path / "key.json"
    keystore.write_text(json.dumps(Account.encrypt(KEY, "rahasia", iterations=2)))
    assert from_keystore(keystore, "rahasia").address == ADDRESS


def test_keystore_with_wrong_password_fails_clearly(tmp_path: Path) -> None:
    keystore = tmp_path / "key.json"
    keystore.write_text(json.dumps(Account.encrypt(KEY, "rahasia", iterations=2)))
    with pytest.raises(SignerError, match="wrong password or damaged file"):
        from_keystore(keystore, "salah")


def test_missing_keystore_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(SignerError, match="keystore file not found"):
        from_keystore(tmp_path / "absent.json", "x")


def test_keystore_password_from_file(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("rahasia\n")
    settings = Settings.from_env(
        env_file=None,
        environ={
            "RANTAI_KEYSTORE": "k.json",
            "RANTAI_KEYSTORE_PASSWORD_FILE": str(tmp_path / "pw"),
        },
    )
    assert settings.keystore_password == "rahasia"


def test_mnemonic_signer_follows_the_derivation_path() -> None:
    first = from_mnemonic(ANVIL_MNEMONIC, "m/44'/60'/0'/0/0")
    second = load_signer(Settings(mnemonic=ANVIL_MNEMONIC, hd_path="m/44'/60'/0'/0/1"))
    assert first.address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    assert second.address == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def test_no_signer_configured_says_what_to_set() -> None:
    with pytest.raises(SignerError, match="RANTAI_PRIVATE_KEY"):
        load_signer(Settings())
