"""The portal's word search index (issue 21, national scale): kept with ``portal_texts``,
back-filled for an older index, and the same answers as the scan it replaces."""

from py_client.audit import open_database
from py_client.audit.db import Database
from py_client.portal.cache import TEXTS_TABLE
from py_client.portal.documents import PublicDocuments, TenderText
from py_client.portal.listing import Filters, Lists
from py_client.portal.search import fill_words, has_search, search_words


def _tender(db: Database, tender_id: int) -> None:
    db.execute(
        "INSERT INTO tenders (tender_id, ocid, agency, agency_org_id, fiscal_year, spec_hash, "
        "spec_uri, hps_idr, bond_idr, bid_deadline_at, reveal_deadline_at, status, bid_count, "
        "opened_block, opened_tx, opened_at) VALUES (?, ?, '0xab', 10, 2026, '0x01', '', "
        "1000, 0, 0, 0, 'Open', 0, 1, '0x02', 0)",
        [tender_id, f"ocds-rantai-31337-T{tender_id}"],
    )


def _found(lists: Lists, q: str) -> list[int]:
    return sorted(int(r["tender_id"]) for r in lists.tenders(Filters(q=q)).rows)


def test_words_are_found_by_their_start_and_every_word_must_match() -> None:
    db = open_database(":memory:")
    docs = PublicDocuments(db, None)
    lists = Lists(db)
    for tender_id, title in ((1, "Pengadaan pompa air"), (2, "Printer laser A4"), (3, "Pompa")):
        _tender(db, tender_id)
        docs.remember(TenderText(tender_id, "0x01", title=title))
    assert has_search(db)
    assert _found(lists, "pomp") == [1, 3]
    assert _found(lists, "POMPA air") == [1]
    assert _found(lists, "printer laser") == [2]
    assert _found(lists, "ompa") == []  # the start of a word, not its middle
    assert _found(lists, '" OR *') == []  # no words: nothing, and no query syntax reaches FTS
    assert _found(lists, "ocds-rantai-31337-T2") == [2]
    assert lists.tenders(Filters(q="pompa")).total == 2
    # A tender's words re-read (its page shown after the spec arrived) replace the old ones.
    docs.remember(TenderText(1, "0x01", title="Genset"))
    assert _found(lists, "pompa") == [3]
    assert _found(lists, "genset") == [1]


def test_an_index_made_before_the_search_table_is_back_filled() -> None:
    db = open_database(":memory:")
    db.execute(TEXTS_TABLE)
    _tender(db, 7)
    db.execute(
        "INSERT INTO portal_texts (tender_id, spec_hash, title, words, verified) "
        "VALUES (7, '0x01', 'Beras', 'beras medium', 1)"
    )
    assert not has_search(db)
    PublicDocuments(db, None)  # a writable portal or the indexer: creates and fills it
    assert has_search(db)
    assert fill_words(db) == 0
    assert _found(Lists(db), "medium") == [7]


def test_search_words_keep_letters_and_digits_only() -> None:
    assert search_words('Pompa "air" 10-PK, ; drop') == ["pompa", "air", "10", "pk", "drop"]
    assert search_words("a b c d e f g") == ["a", "b", "c", "d", "e"]
