"""The exception hierarchy of the Rantai client: one root, ``RantaiError``.

Errors the client detects itself are defined here. Every custom error of the Rantai contracts has
its own exception class in :mod:`py_client.contract_errors` (generated from the ABIs), derived
from :class:`ContractError`, so a revert surfaces as, for example, ``TenderingRevealClosed`` with
the error's arguments as attributes.
"""

from typing import Any, ClassVar


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
