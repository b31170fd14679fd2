"""The words of the public pages added for issue 21: lists, documents, events, red flags.

Merged into :data:`py_client.portal.i18n.TEXT` (same (Indonesian, English) pairs, same test of
both languages and fields); the data is in ``words/public.toml``, ``words/events.toml`` and
``words/checks.toml``. :func:`flag_sentence` and :func:`check_definition` give the audit
toolkit's red-flag findings (English in :mod:`py_client.audit.flags`) in the page's language,
from each finding's code and data.
"""

from collections.abc import Callable, Mapping
from typing import Any

from py_client.portal.wordings import load_wordings

PUBLIC_TEXT = load_wordings("public")
EVENT_WORDS = load_wordings("events")
CHECK_DEFINITIONS = load_wordings("checks")
FINDING_SENTENCES = load_wordings("findings")  # the checks whose data fills in as it is

Money = Callable[[int], str]


class _ZeroWhenMissing(dict[str, Any]):
    """A finding's data for a sentence: a value it lacks reads as 0."""

    def __missing__(self, key: str) -> int:
        return 0


def flag_sentence(code: str, data: Mapping[str, Any], lang: str, money: Money) -> str:
    """A red-flag finding of the audit toolkit as a sentence in ``lang``."""
    d = {k: v for k, v in data.items() if v is not None}
    idn = lang == "id"
    if code == "split-purchase":
        count, total = len(d.get("order_ids", [])), money(int(d.get("total_idr", 0)))
        ceiling, days = money(int(d.get("ceiling_idr", 0))), d.get("window_days", 0)
        return (
            f"{count} pembelian langsung dalam {days:g} hari berjumlah {total}, di atas batas "
            f"{ceiling}"
            if idn
            else f"{count} direct purchases within {days:g} days sum to {total}, above the "
            f"ceiling {ceiling}"
        )
    sentence = FINDING_SENTENCES.get(code)
    if sentence is not None:
        return sentence[0 if idn else 1].format_map(_ZeroWhenMissing(d))
    if code == "payment-without-confirmation":
        kind = str(d.get("kind", ""))
        kinds = {"delivery": ("penerimaan", "delivery"), "retention": ("retensi", "retention")}
        word = kinds.get(kind, ("putusan", "ruling"))[0 if idn else 1]
        paid = money(int(d.get("paid_idr", 0)))
        return (
            f"pembayaran {word} sebesar {paid} tanpa konfirmasi"
            if idn
            else f"{word} payment of {paid} without a confirmation"
        )
    if code == "unrevealed-bid":
        outcome = d.get("bond_outcome")
        bond = money(int(d.get("bond_amount_idr", 0) or 0))
        base = (
            "penawaran tersegel tidak pernah dibuka" if idn else "bid committed and never revealed"
        )
        if outcome == "forfeited":
            base += f"; jaminan {bond} disita" if idn else f"; bond of {bond} forfeited"
        elif outcome == "refunded":
            base += f"; jaminan {bond} dikembalikan" if idn else f"; bond of {bond} refunded"
        return base
    return code


def check_definition(name: str, lang: str, fallback: str) -> str:
    """The one-line definition of an audit check in ``lang`` (``fallback`` when unknown)."""
    pair = CHECK_DEFINITIONS.get(name)
    return fallback if pair is None else pair[0 if lang == "id" else 1]


for _event, _pair in EVENT_WORDS.items():
    PUBLIC_TEXT[f"event.{_event}"] = _pair

__all__ = [
    "CHECK_DEFINITIONS",
    "EVENT_WORDS",
    "FINDING_SENTENCES",
    "PUBLIC_TEXT",
    "check_definition",
    "flag_sentence",
]
