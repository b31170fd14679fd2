"""The exception hierarchy of the Rantai client: one root, ``RantaiError``.

Errors the client detects itself are defined here. Every custom error of the Rantai contracts has
its own exception class in :mod:`py_client.contract_errors` (generated from the ABIs), derived
from :class:`ContractError`, so a revert surfaces as, for example, ``TenderingRevealClosed`` with
the error's arguments as attributes.

Checks before sending raise :class:`PreflightError` subclasses (nothing was sent):
:class:`NotAuthorized`, :class:`SystemPaused`, :class:`WrongState`, :class:`DeadlinePassed`,
:class:`TooEarly`, :class:`PriceAboveHps`, :class:`AllowanceTooLow`, :class:`BudgetExceeded`,
:class:`CeilingExceeded`, :class:`InvalidParameters`, :class:`SaltExists`. Malformed arguments
raise :class:`InvalidInput` whether checks are on or not.
"""

from typing import Any, ClassVar

from py_client.formatting import rupiah


class RantaiError(Exception):
    """Root of every error the Rantai client raises on purpose."""


class ConfigError(RantaiError, ValueError):
    """A setting is missing or malformed (environment, ``.env`` or arguments)."""


class ChainIdMismatch(ConfigError):
    """The node serves another chain than the settings or the deployment expect."""

    def __init__(self, expected: int, actual: int, source: str) -> None:
        super().__init__(
            f"chain id mismatch: {source} expects {expected}, the node reports {actual}; "
            "nothing was sent"
        )
        self.expected = expected
        self.actual = actual


class SignerError(RantaiError):
    """The signing key cannot be loaded (missing file, wrong password, malformed key)."""


class TransactionTimeout(RantaiError, TimeoutError):
    """No receipt arrived in time, although the signed transaction was re-broadcast."""

    def __init__(self, tx_hash: str, waited_s: float) -> None:
        super().__init__(f"no receipt for transaction {tx_hash} after {waited_s:.0f} s")
        self.tx_hash = tx_hash
        self.waited_s = waited_s


class TransactionRejected(RantaiError):
    """The node refused the signed transaction (fee too low, pool full, bad nonce...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the node rejected the transaction: {reason}")
        self.reason = reason


class TransactionReverted(RantaiError):
    """A transaction or call reverted without a custom error the client knows."""

    def __init__(self, reason: str, data: str | None = None) -> None:
        super().__init__(f"reverted: {reason}")
        self.reason = reason
        self.data = data


class PreflightError(RantaiError):
    """A check before sending found the operation would fail; nothing was sent."""


class ContractError(RantaiError):
    """A custom error of a Rantai contract (or of OpenZeppelin code inside it).

    Subclasses are generated per error; ``arguments`` keeps the decoded values by ABI name and
    each value is also an attribute in snake_case.
    """

    contract: ClassVar[str] = ""
    signature: ClassVar[str] = ""
    selector: ClassVar[str] = ""
    argument_names: ClassVar[tuple[str, ...]] = ()
    argument_types: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *values: Any) -> None:
        self.arguments: dict[str, Any] = dict(zip(self.argument_names, values, strict=True))
        shown = ", ".join(f"{k}={_show(v)}" for k, v in self.arguments.items())
        super().__init__(f"{type(self).__name__}({shown})")


def _show(value: Any) -> str:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return str(value)


class InvalidInput(RantaiError, ValueError):
    """An argument is malformed (negative amount, naive datetime, bad address...); nothing sent."""


class NoSigner(SignerError):
    """A sending method was called on a read-only client (no signer configured)."""

    def __init__(self) -> None:
        super().__init__(
            "this client is read-only: set RANTAI_KEYSTORE (+ password), RANTAI_PRIVATE_KEY or "
            "RANTAI_MNEMONIC to send transactions"
        )


class UnknownReference(RantaiError, LookupError):
    """A reference (ocid, ``order:<n>``, ``shipment:<n>``...) names nothing the client can read."""


class HistoryMismatch(RantaiError):
    """The checkpoint events of a shipment do not fold into the head stored on chain."""

    def __init__(self, shipment_id: int, detail: str) -> None:
        super().__init__(f"checkpoint history of shipment {shipment_id} is not proven: {detail}")
        self.shipment_id = shipment_id


class SaltStoreError(RantaiError, OSError):
    """The bid salt store cannot be written or read; for a commit, nothing was sent."""


class SaltNotFound(RantaiError, LookupError):
    """No salt record exists for a bid to reveal (and no price and salt were given)."""

    def __init__(self, tender_id: int, bidder: str, path: str) -> None:
        super().__init__(
            f"no salt record for tender {tender_id} and bidder {bidder} (looked for {path}); "
            "pass price and salt explicitly to reveal"
        )
        self.tender_id = tender_id
        self.bidder = bidder
        self.path = path


class SaltExists(PreflightError, FileExistsError):
    """A salt record for this tender and bidder exists: a new commit would lose it."""

    def __init__(self, tender_id: int, bidder: str, path: str) -> None:
        super().__init__(
            f"a salt record for tender {tender_id} and bidder {bidder} already exists at {path}; "
            "if that bid was never committed, run 'rantai bid commit' again with --replace-salt "
            "(from Python: replace=True); the old salt is lost"
        )
        self.tender_id = tender_id
        self.bidder = bidder
        self.path = path


class NotAuthorized(PreflightError, PermissionError):
    """The signer lacks the role, is in no or a suspended organisation, or is not the party."""

    def __init__(self, message: str, account: str = "", role: str = "") -> None:
        super().__init__(message)
        self.account = account
        self.role = role


class SystemPaused(PreflightError):
    """The governor paused the Rantai system: no state change is possible."""

    def __init__(self) -> None:
        super().__init__("the Rantai system is paused by the governor; nothing was sent")


class WrongState(PreflightError):
    """The tender, bid, order or shipment is not in the state the action needs."""

    def __init__(self, message: str, state: object = None) -> None:
        super().__init__(message)
        self.state = state


class DeadlinePassed(PreflightError):
    """A deadline of the action has passed (bid deadline, reveal window, expected arrival...)."""

    def __init__(self, message: str, deadline_at: object = None) -> None:
        super().__init__(message)
        self.deadline_at = deadline_at


class TooEarly(PreflightError):
    """The action's window has not opened yet (reveal, finalisation, retention, termination)."""

    def __init__(self, message: str, opens_at: object = None) -> None:
        super().__init__(message)
        self.opens_at = opens_at


class PriceAboveHps(PreflightError, ValueError):
    """A bid price above the tender's HPS (owner's estimate) would be revealed but invalid."""

    def __init__(self, tender_id: int, price_idr: int, hps_idr: int) -> None:
        super().__init__(
            f"price {rupiah(price_idr)} is above the HPS {rupiah(hps_idr)} of tender {tender_id}: "
            "the bid would be invalid (to commit it anyway: 'rantai bid commit' with "
            "--allow-invalid; from Python: allow_invalid=True)"
        )
        self.tender_id = tender_id
        self.price_idr = price_idr
        self.hps_idr = hps_idr


class AllowanceTooLow(PreflightError, ValueError):
    """The token allowance (bid bond, escrow) or balance is below what the action pulls."""

    def __init__(self, message: str, allowance_idr: int, needed_idr: int) -> None:
        super().__init__(message)
        self.allowance_idr = allowance_idr
        self.needed_idr = needed_idr


class BudgetExceeded(PreflightError, ValueError):
    """The agency's remaining budget (pagu) for the fiscal year is below the amount."""

    def __init__(
        self, org_id: int, fiscal_year: int, requested_idr: int, available_idr: int
    ) -> None:
        super().__init__(
            f"budget exceeded: {rupiah(requested_idr)} requested, {rupiah(available_idr)} left for "
            f"organisation {org_id} in {fiscal_year}"
        )
        self.org_id = org_id
        self.fiscal_year = fiscal_year
        self.requested_idr = requested_idr
        self.available_idr = available_idr


class CeilingExceeded(PreflightError, ValueError):
    """A direct purchase above the policy's direct-purchase ceiling (use a tender)."""

    def __init__(self, total_idr: int, ceiling_idr: int) -> None:
        super().__init__(
            f"direct purchase of {rupiah(total_idr)} exceeds the ceiling {rupiah(ceiling_idr)}; "
            "open a tender instead"
        )
        self.total_idr = total_idr
        self.ceiling_idr = ceiling_idr


class DuplicateReference(PreflightError, ValueError):
    """The organisation already created an order with this client reference (issue 13 item 9)."""

    def __init__(self, org_id: int, reference: bytes, order_id: int) -> None:
        super().__init__(
            f"organisation {org_id} already has order {order_id} with reference "
            f"0x{reference.hex()}; nothing was sent"
        )
        self.org_id = org_id
        self.reference = reference
        self.order_id = order_id


class InvalidParameters(PreflightError, ValueError):
    """The arguments break a rule the contract enforces (counts, ranges, totals, periods)."""
