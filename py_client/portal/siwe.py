"""Sign-In with Ethereum (EIP-4361) for the portal: the server issues, keeps and checks the message.

The server builds the whole message with the reference implementation (the ``siwe`` package:
domain, address, statement, URI, version 1, chain id, a fresh nonce, issued-at and expiration
time) and **keeps the exact text it issued** with its nonce, the client and session it went to
and its expiry (:class:`~py_client.portal.sessions.NonceStore`, in the database every worker
shares). The wallet signs it with ``personal_sign`` (EIP-191). On verification the server takes
the issued record by the nonce (single use: gone after the first attempt, successful or not),
and decides everything from what it kept, never from what the client sent:

- the message must have been issued to this session and must not be past the expiry the server
  recorded (a client that rewrites ``Expiration Time`` changes the bytes and is refused);
- the signed text must be byte for byte the issued one (a changed domain, URI, chain, time or
  address is named in the refusal, as parsed by ``siwe``);
- the signature must recover (eth-account) to the address the message was issued for.

Challenges are bounded: at most ``per_client`` pending per client address and ``total`` in all;
beyond that a clear refusal says when to try again, and a flood from one client leaves room for
everyone else.

Example::

    >>> from eth_account import Account
    >>> from eth_account.messages import encode_defunct
    >>> from py_client.audit.db import open_database
    >>> from py_client.portal.sessions import NonceStore
    >>> siwe = SignIn("portal.example", "https://portal.example", 1945,
    ...               NonceStore(open_database(":memory:")))
    >>> account = Account.create()
    >>> message = siwe.challenge(account.address, client="10.0.0.1", session="s1",
    ...                          now=1_800_000_000)
    >>> signature = account.sign_message(encode_defunct(text=message)).signature.hex()
    >>> siwe.verify(message, signature, session="s1", now=1_800_000_010) == account.address
    True
"""

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils.address import is_hex_address, to_checksum_address
from pydantic import ValidationError
from siwe import SiweMessage  # type: ignore[import-untyped]  # ships no type hints

from py_client.errors import RantaiError
from py_client.portal.sessions import NonceStore, PendingSignIn

STATEMENT = "Masuk ke portal Rantai / Sign in to the Rantai portal."
MESSAGE_TTL_S = 300
NONCE_BYTES = 12
MAX_PENDING_PER_CLIENT = 20
MAX_PENDING = 10_000
_NONCE_LINE = re.compile(r"^Nonce: ([A-Za-z0-9]{8,})$", re.MULTILINE)


class SignInError(RantaiError, PermissionError):
    """A sign-in message or signature is refused; ``reason`` is a short code for messages.

    Codes: ``malformed``, ``address``, ``domain``, ``uri``, ``version``, ``chain``, ``nonce``,
    ``expired``, ``not-yet``, ``altered``, ``session``, ``signature``, ``busy``, ``busy_client``.
    ``retry_in_s`` says, for the two ``busy`` codes, when a new challenge can be had.
    """

    def __init__(self, reason: str, detail: str, retry_in_s: int = 0) -> None:
        super().__init__(f"sign-in refused ({reason}): {detail}")
        self.reason = reason
        self.detail = detail
        self.retry_in_s = retry_in_s


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
    expiration_time: datetime | None


def _iso(unix_seconds: float) -> str:
    return datetime.fromtimestamp(int(unix_seconds), UTC).isoformat().replace("+00:00", "Z")


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
    """The EIP-4361 text of a sign-in request (built by the ``siwe`` package)."""
    message = SiweMessage(
        domain=domain,
        address=to_checksum_address(address),
        statement=statement,
        uri=uri,
        version="1",
        chain_id=chain_id,
        nonce=nonce,
        issued_at=_iso(issued_at),
        expiration_time=_iso(expiration),
    )
    return str(message.prepare_message())


def parse_message(text: str) -> SignInMessage:
    """The fields of an EIP-4361 message (parsed by the ``siwe`` package's ABNF grammar).

    Raises:
        SignInError: ``malformed`` when the text is not such a message.
    """
    try:
        parsed = SiweMessage.from_message(text)
    except (ValueError, ValidationError) as err:
        raise SignInError("malformed", "not an EIP-4361 sign-in message") from err

    def moment(value: str | None) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))

    issued = moment(parsed.issued_at)
    if issued is None:  # pragma: no cover - the grammar requires it
        raise SignInError("malformed", "no Issued At")
    return SignInMessage(
        domain=parsed.domain,
        address=parsed.address,
        statement=parsed.statement,
        uri=str(parsed.uri),
        version=str(parsed.version.value if hasattr(parsed.version, "value") else parsed.version),
        chain_id=int(parsed.chain_id),
        nonce=parsed.nonce,
        issued_at=issued,
        expiration_time=moment(parsed.expiration_time),
    )


def _difference(issued: str, signed: str) -> tuple[str, str]:
    """Why ``signed`` is not ``issued``: the first differing field, as a reason code."""
    try:
        fields = parse_message(signed)
    except SignInError:
        return "malformed", "the signed text is not an EIP-4361 message"
    kept = parse_message(issued)
    for reason, name in (
        ("domain", "domain"),
        ("uri", "uri"),
        ("chain", "chain_id"),
        ("version", "version"),
        ("address", "address"),
    ):
        if getattr(fields, name) != getattr(kept, name):
            return reason, f"{name} is {getattr(fields, name)}, issued {getattr(kept, name)}"
    return "altered", "the signed text differs from the issued message"


@dataclass(eq=False)
class SignIn:
    """Issues sign-in messages and verifies their signatures (any worker, any thread).

    Args:
        domain: The portal's host (and port), as the browser shows it: ``portal.example.go.id``.
        uri: The portal's base URI (``https://portal.example.go.id``).
        chain_id: The chain the portal serves.
        store: Where issued messages are kept (shared by every worker).
        ttl_s: How long a message may be signed and presented.
        per_client: Most pending messages per client address.
        total: Most pending messages in all.
        clock: The time source (unix seconds).
    """

    domain: str
    uri: str
    chain_id: int
    store: NonceStore
    ttl_s: int = MESSAGE_TTL_S
    per_client: int = MAX_PENDING_PER_CLIENT
    total: int = MAX_PENDING
    clock: Callable[[], float] = time.time

    def challenge(
        self, address: str, *, client: str, session: str, now: float | None = None
    ) -> str:
        """A fresh message for ``address`` to sign, kept until it is used or expires.

        Args:
            address: The account that will sign.
            client: The client's address (the bound per client is counted on it).
            session: The session the message is issued to (only it may present the signature).
            now: The time (unix seconds); the clock's when omitted.

        Raises:
            SignInError: ``address`` is not an address (``address``), or too many messages are
                pending for this client (``busy_client``) or in all (``busy``).
        """
        if not isinstance(address, str) or not is_hex_address(address):
            raise SignInError("address", f"not an address: {address!r}")
        issued = int(self.clock() if now is None else now)
        self.store.forget_expired(issued)
        if self.store.pending(issued, client) >= self.per_client:
            wait = self.store.first_expiry(issued, client) - issued
            raise SignInError("busy_client", f"{self.per_client} sign-ins pending", wait)
        if self.store.pending(issued) >= self.total:
            wait = self.store.first_expiry(issued) - issued
            raise SignInError("busy", f"{self.total} sign-ins pending in all", wait)
        nonce = secrets.token_hex(NONCE_BYTES)
        message = build_message(
            domain=self.domain,
            address=address,
            uri=self.uri,
            chain_id=self.chain_id,
            nonce=nonce,
            issued_at=issued,
            expiration=issued + self.ttl_s,
        )
        self.store.add(
            PendingSignIn(
                nonce=nonce,
                client=client,
                session_hash=session,
                address=to_checksum_address(address),
                message=message,
                issued_at=issued,
                expires_at=issued + self.ttl_s,
            )
        )
        return message

    def verify(
        self, message: str, signature: str, *, session: str, now: float | None = None
    ) -> str:
        """The checksummed address that signed ``message``, once every check passes.

        Raises:
            SignInError: The message was not issued here or was used (``nonce``), was issued to
                another session (``session``), is past the recorded expiry (``expired``), is
                not the issued text (the differing field, or ``altered``), or the signature
                does not recover to its address (``signature``).
        """
        at = self.clock() if now is None else now
        found = _NONCE_LINE.search(message.replace("\r\n", "\n"))
        if found is None:
            raise SignInError("malformed", "not an EIP-4361 sign-in message (no nonce)")
        kept = self.store.take(found[1])  # single use, even when refused
        if kept is None:
            raise SignInError("nonce", "this sign-in message was not issued here or was used")
        if kept.expires_at <= at:
            raise SignInError("expired", f"the message expired at {_iso(kept.expires_at)}")
        if not secrets.compare_digest(kept.session_hash, session):
            raise SignInError("session", "the message was issued to another session")
        if message != kept.message:
            reason, detail = _difference(kept.message, message)
            raise SignInError(reason, detail)
        try:
            recovered = Account.recover_message(
                encode_defunct(text=kept.message), signature=signature
            )
        except (ValueError, TypeError) as err:
            raise SignInError("signature", f"unreadable signature: {err}") from err
        if to_checksum_address(recovered) != kept.address:
            raise SignInError("signature", f"signed by {recovered}, not {kept.address}")
        return kept.address


__all__ = [
    "MAX_PENDING",
    "MAX_PENDING_PER_CLIENT",
    "STATEMENT",
    "SignIn",
    "SignInError",
    "SignInMessage",
    "build_message",
    "parse_message",
]
