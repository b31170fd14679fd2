"""Bid salts: the commitment equals the contract's, the record is stored durably before the commit
is sent, and a salt cannot be lost silently."""

import os
import stat
from pathlib import Path

import pytest

from py_client import BidState, Rantai, Settings
from py_client.contract_errors import TenderingUnknownTender
from py_client.errors import SaltExists, SaltNotFound, SaltStoreError
from py_client.salts import SALT_DIR_VARIABLE, SaltRecord, SaltStore, commitment_of, new_salt
from tests.support.client import World, committed


def test_commitment_equals_the_contracts_commitmentOf(world: World) -> None:
    client = world.supplier
    tendering = client.tendering
    for price in (0, 1, 950_000_000, 2**200):
        salt = new_salt()
        bidder = world.address("supplier")
        expected = client.call(tendering.functions.commitmentOf(7, bidder, price, salt))
        assert commitment_of(client.chain_id, tendering.address, 7, bidder, price, salt) == expected


def test_commit_stores_the_salt_privately_before_sending(world: World, salt_dir: Path) -> None:
    tender_id = world.open_tender()
    result = world.bid("supplier", tender_id, 900_000_000)
    path = result.extra["salt_file"]
    assert path.parent == salt_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(salt_dir.stat().st_mode) == 0o700
    assert [p.name for p in salt_dir.iterdir()] == [path.name]  # no temporary file left
    record = SaltRecord.from_json(path.read_text())
    assert (record.tender_id, record.bidder, record.price_idr) == (
        tender_id,
        world.address("supplier"),
        900_000_000,
    )
    assert record.chain_id == world.supplier.chain_id
    assert record.commitment == result.event("BidCommitted")["commitment"]
    assert world.supplier.bid(tender_id, world.address("supplier")).commitment == record.commitment


def test_a_new_client_reveals_from_the_stored_salt(world: World) -> None:
    tender_id = committed(world)
    world.to_reveal(tender_id)
    later = world.connect(world.accounts["supplier"])  # e.g. the next day, another process
    revealed = later.supplier.reveal_bid(tender_id).event("BidRevealed")
    assert revealed["priceIdr"] == 900_000_000
    assert revealed["valid"]


def test_unwritable_salt_store_sends_nothing(world: World, tmp_path: Path) -> None:
    tender_id = world.open_tender()
    world.fund("supplier")
    client = world.supplier
    client.supplier.approve_bond(tender_id)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    client.salts = SaltStore(blocker / "salts")
    nonce = client.w3.eth.get_transaction_count(client.address)
    with pytest.raises(SaltStoreError, match="nothing was sent"):
        client.supplier.commit_bid(tender_id, 900_000_000)
    assert client.w3.eth.get_transaction_count(client.address) == nonce
    assert client.bid(tender_id, world.address("supplier")).state == BidState.NONE


def test_existing_salt_is_not_overwritten_without_replace(world: World, salt_dir: Path) -> None:
    tender_id = committed(world)
    (path,) = salt_dir.iterdir()
    before = path.read_text()
    with pytest.raises(SaltExists, match="replace=True"):
        world.supplier.supplier.commit_bid(tender_id, 800_000_000)
    assert path.read_text() == before


def test_replace_overwrites_a_salt_of_a_bid_never_sent(world: World, salt_dir: Path) -> None:
    tender_id = world.open_tender()
    world.fund("supplier")
    world.supplier.supplier.approve_bond(tender_id)
    store = world.supplier.salts
    tendering = world.supplier.tendering.address
    stale = SaltRecord(
        world.supplier.chain_id, tendering, tender_id, world.address("supplier"), 1, new_salt()
    )
    store.save(stale)  # e.g. a crash after storing, before sending
    result = world.supplier.supplier.commit_bid(tender_id, 900_000_000, replace=True)
    stored = store.load(stale.chain_id, tendering, tender_id, world.address("supplier"))
    assert stored.price_idr == 900_000_000
    assert stored.commitment == result.event("BidCommitted")["commitment"]


def test_failed_estimate_stores_no_salt(world: World, salt_dir: Path) -> None:
    with pytest.raises(TenderingUnknownTender):
        world.raw("supplier").supplier.commit_bid(999, 900_000_000)
    assert not salt_dir.exists() or not any(salt_dir.iterdir())


def test_reveal_without_a_record_is_a_clear_error(world: World, salt_dir: Path) -> None:
    tender_id = committed(world)
    for path in salt_dir.iterdir():
        path.unlink()
    world.to_reveal(tender_id)
    with pytest.raises(SaltNotFound, match="no salt record for tender") as caught:
        world.supplier.supplier.reveal_bid(tender_id)
    assert caught.value.tender_id == tender_id


def test_explicit_price_and_salt_reveal_without_a_record(world: World, salt_dir: Path) -> None:
    tender_id = world.open_tender()
    world.fund("supplier")
    world.supplier.supplier.approve_bond(tender_id)
    salt = new_salt()
    world.supplier.supplier.commit_bid(tender_id, 700_000_000, salt=salt)
    for path in salt_dir.iterdir():
        path.unlink()
    world.to_reveal(tender_id)
    result = world.supplier.supplier.reveal_bid(tender_id, price_idr=700_000_000, salt=salt)
    assert result.event("BidRevealed")["salt"] == salt


def test_salt_directory_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SALT_DIR_VARIABLE, str(tmp_path / "from-env"))
    assert SaltStore().directory == tmp_path / "from-env"
    monkeypatch.delenv(SALT_DIR_VARIABLE)
    assert SaltStore().directory == Path(os.path.expanduser("~/.rantai/salts"))


def test_damaged_record_is_reported(tmp_path: Path) -> None:
    store = SaltStore(tmp_path)
    record = SaltRecord(1, "0x" + "11" * 20, 1, "0x" + "22" * 20, 5, new_salt())
    store.save(record).write_text("{not json")
    with pytest.raises(SaltStoreError, match="damaged"):
        store.load(1, record.tendering, 1, record.bidder)


def test_salt_directory_from_settings(rpc_url: str, deployment_file: Path, tmp_path: Path) -> None:
    environ = {
        "RANTAI_RPC_URL": rpc_url,
        "RANTAI_DEPLOYMENT": str(deployment_file),
        "RANTAI_SALT_DIR": str(tmp_path / "agency-salts"),
    }
    settings = Settings.from_env(env_file=None, environ=environ)
    assert Rantai.connect(settings).salts.directory == tmp_path / "agency-salts"
    explicit = Rantai.connect(settings, salt_dir=tmp_path / "other")
    assert explicit.salts.directory == tmp_path / "other"
