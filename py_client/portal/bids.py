"""What the browser needs to reveal a sealed bid itself: the window, the commitment, the fees.

A reveal is built in the browser (``static/bids.js``): the price and salt stay in the browser
until they are in a signed transaction on its way to the chain. The server only tells the
signed-in supplier, for one tender, the reveal window (bid deadline, reveal deadline, the
chain's time now), the commitment the chain holds for them and its state, and the fixed fields
of the transaction (``from``, ``to``, ``chainId``, ``gas``, fees) — :func:`reveal_context`.
The browser refuses to send anything outside the window, and sends only a salt whose
commitment is the one on chain.

Example::

    >>> REVEAL_GAS > 100_000
    True
"""

from typing import Any

from py_client.client import Rantai

REVEAL_GAS = 300_000
"""Gas limit of a browser-built ``revealBid`` (it needs well under half; unused gas is not paid)."""


def reveal_context(client: Rantai, bidder: str, tender_id: int) -> dict[str, Any]:
    """The reveal window, the bidder's commitment on chain and the transaction's fixed fields.

    Args:
        client: A read-only client.
        bidder: The signed-in supplier's address.
        tender_id: The tender.

    Returns:
        A JSON-ready dict: ``tenderId``, ``bidDeadlineAt``, ``revealDeadlineAt``, ``chainNow``
        (unix seconds), ``bid`` (``state`` name and ``commitment`` hex), ``tx``.

    Raises:
        TenderingUnknownTender: No such tender.
    """
    tender = client.tender(tender_id, with_spec=False)
    bid = client.bid(tender_id, bidder)
    fees = {k: hex(int(str(v))) for k, v in client.chain.fee_fields("auto").items()}
    return {
        "tenderId": tender_id,
        "chainId": client.chain_id,
        "tendering": client.tendering.address,
        "bidder": bid.bidder,
        "bidDeadlineAt": int(tender.bid_deadline_at.timestamp()),
        "revealDeadlineAt": int(tender.reveal_deadline_at.timestamp()),
        "chainNow": client.now(),
        "bid": {"state": bid.state.name, "commitment": "0x" + bid.commitment.hex()},
        "tx": {
            "from": bid.bidder,
            "to": client.tendering.address,
            "chainId": hex(client.chain_id),
            "gas": hex(REVEAL_GAS),
            "value": "0x0",
            **fees,
        },
    }


__all__ = ["REVEAL_GAS", "reveal_context"]
