"""Sign-In with Ethereum (EIP-4361) for the portal: messages built and verified by the server.

The server builds the whole message (domain, address, statement, URI, version 1, chain id, a
fresh nonce, issued-at and expiration time) and remembers its nonce; the user's wallet signs it
with ``personal_sign`` (EIP-191); the server parses the signed text, checks that it is the
message it issued (nonce known and unused, domain and URI of this portal, chain id of this
chain, not expired) and recovers the signer with eth-account. A nonce is consumed by the first
verification attempt, whether it succeeds or not, so a signed message cannot be replayed.

Example::

    >>> from eth_account import Account
    >>> from eth_account.messages import encode_defunct
    >>> siwe = SignIn(domain="portal.example", uri="https://portal.example", chain_id=1945)
    >>> account = Account.create()
    >>> message = siwe.challenge(account.address, now=1_800_000_000)
    >>> signature = account.sign_message(encode_defunct(text=message)).signature.hex()
    >>> siwe.verify(message, signature, now=1_800_000_010) == account.address
    True
"""

import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils.address import is_hex_address, to_checksum_address

from py_client.errors import RantaiError

STATEMENT = "Masuk ke portal Rantai / Sign in to the Rantai portal."
MESSAGE_TTL_S = 300
NONCE_BYTES = 12
MAX_PENDING = 10_000

_MESSAGE = re.compile(
    r"^(?P<domain>[^\s]+) wants you to sign in with your Ethereum account:\n"
    r"(?P<address>0x[0-9a-fA-F]{40})\n\n"
    r"(?:(?P<statement>[^\n]+)\n)?\n"
    r"URI: (?P<uri>[^\n]+)\n"
    r"Version: (?P<version>[^\n]+)\n"
    r"Chain ID: (?P<chain_id>[0-9]+)\n"
    r"Nonce: (?P<nonce>[A-Za-z0-9]{8,})\n"
    r"Issued At: (?P<issued_at>[^\n]+)\n"
    r"Expiration Time: (?P<expiration>[^\n]+)$"
)


class SignInError(RantaiError, PermissionError):
    """A sign-in message or signature is refused; ``reason`` is a short code for messages.

    Codes: ``malformed``, ``address``, ``domain``, ``uri``, ``version``, ``chain``, ``nonce``,
    ``expired``, ``not-yet``, ``signature``.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"sign-in refused ({reason}): {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SignInMessage:
    """The fields of a parsed EIP-4361 message."""

    domain: str
    address: str
    statement: str | None
    uri: str
    version: str
    chain_id: int
    nonce: str
    issued_at: datetime
    expiration_time: datetime


def _iso(unix_seconds: float) -> str:
    return datetime.fromtimestamp(int(unix_seconds), UTC).isoformat().replace("+00:00", "Z")


def _parse_time(text: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SignInError("malformed", f"{field} is not an RFC 3339 time: {text!r}") from None
    if moment.tzinfo is None:
        raise SignInError("malformed", f"{field} has no time zone: {text!r}")
    return moment


def build_message(
    *,
    domain: str,
    address: str,
    uri: str,
    chain_id: int,
    nonce: str,
    issued_at: float,
    expiration: float,
    statement: str = STATEMENT,
) -> str:
    """The EIP-4361 text of a sign-in request."""
    return (
        f"{domain} wants you to sign in with your Ethereum account:\n"
        f"{to_checksum_address(address)}\n\n"
        f"{statement}\n\n"
        f"URI: {uri}\n"
        "Version: 1\n"
        f"Chain ID: {chain_id}\n"
        f"Nonce: {nonce}\n"
        f"Issued At: {_iso(issued_at)}\n"
        f"Expiration Time: {_iso(expiration)}"
    )


def parse_message(text: str) -> SignInMessage:
    """The fields of an EIP-4361 message.

    Raises:
        SignInError: ``malformed`` when the text is not such a message.
    """
    match = _MESSAGE.match(text.replace("\r\n", "\n"))
    if match is None:
        raise SignInError("malformed", "not an EIP-4361 sign-in message")
    return SignInMessage(
        domain=match["domain"],
        address=match["address"],
        statement=match["statement"],
        uri=match["uri"],
        version=match["version"],
        chain_id=int(match["chain_id"]),
        nonce=match["nonce"],
        issued_at=_parse_time(match["issued_at"], "Issued At"),
        expiration_time=_parse_time(match["expiration"], "Expiration Time"),
    )


class SignIn:
    """Issues sign-in messages and verifies their signatures (thread-safe).

    Args:
        domain: The portal's host (and port), as the browser shows it: ``127.0.0.1:8000``.
        uri: The portal's base URI.
        chain_id: The chain the portal serves.
        ttl_s: How long a message may be signed and presented.
        clock: The time source (unix seconds).
    """

    def __init__(
        self,
        domain: str,
        uri: str,
        chain_id: int,
        ttl_s: int = MESSAGE_TTL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.domain = domain
        self.uri = uri
        self.chain_id = chain_id
        self.ttl_s = ttl_s
        self.clock = clock
        self._pending: dict[str, tuple[str, float]] = {}  # nonce -> (address, expires at)
        self._lock = threading.Lock()

    def challenge(self, address: str, now: float | None = None) -> str:
        """A fresh message for ``address`` to sign; its nonce is remembered until it expires.

        Raises:
            SignInError: ``address`` is not an address.
        """
        if not isinstance(address, str) or not is_hex_address(address):
            raise SignInError("address", f"not an address: {address!r}")
        issued = self.clock() if now is None else now
        nonce = secrets.token_hex(NONCE_BYTES)
        with self._lock:
            self._forget_expired(issued)
            if len(self._pending) >= MAX_PENDING:
                raise SignInError("nonce", "too many sign-ins in progress; try again shortly")
            self._pending[nonce] = (to_checksum_address(address), issued + self.ttl_s)
        return build_message(
            domain=self.domain,
            address=address,
            uri=self.uri,
            chain_id=self.chain_id,
            nonce=nonce,
            issued_at=issued,
            expiration=issued + self.ttl_s,
        )

    def verify(self, message: str, signature: str, now: float | None = None) -> str:
        """The checksummed address that signed ``message``, once every check passes.

        Raises:
            SignInError: The message was not issued here (``nonce``), was already used
                (``nonce``), names another domain, URI or chain, has expired, or the signature
                does not recover to its address (``signature``).
        """
        at = self.clock() if now is None else now
        fields = parse_message(message)
        with self._lock:
            pending = self._pending.pop(fields.nonce, None)  # single use, even when refused
        if pending is None:
            raise SignInError("nonce", "this sign-in message was not issued here or was used")
        issued_for, _ = pending
        if fields.domain != self.domain:
            raise SignInError(
                "domain", f"message for {fields.domain}, this portal is {self.domain}"
            )
        if fields.uri != self.uri:
            raise SignInError("uri", f"message for {fields.uri}, this portal is {self.uri}")
        if fields.version != "1":
            raise SignInError("version", f"version {fields.version} is not 1")
        if fields.chain_id != self.chain_id:
            raise SignInError("chain", f"chain {fields.chain_id}, this portal is {self.chain_id}")
        if fields.expiration_time.timestamp() <= at:
            raise SignInError("expired", f"the message expired at {fields.expiration_time}")
        if fields.issued_at.timestamp() > at + 60:
            raise SignInError(
                "not-yet", f"the message is issued in the future ({fields.issued_at})"
            )
        if to_checksum_address(fields.address) != issued_for:
            raise SignInError("address", "the message names another account than was issued")
        try:
            recovered = Account.recover_message(encode_defunct(text=message), signature=signature)
        except (ValueError, TypeError) as err:
            raise SignInError("signature", f"unreadable signature: {err}") from err
        if to_checksum_address(recovered) != issued_for:
            raise SignInError("signature", f"signed by {recovered}, not {issued_for}")
        return issued_for

    def _forget_expired(self, now: float) -> None:
        expired = [n for n, (_, until) in self._pending.items() if until <= now]
        for nonce in expired:
            del self._pending[nonce]


__all__ = ["STATEMENT", "SignIn", "SignInError", "SignInMessage", "build_message", "parse_message"]
