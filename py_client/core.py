"""The core of the Rantai client: :class:`ClientCore`, the connection, contracts and typed reads.

``ClientCore.connect()`` reads the settings (environment and ``.env``), connects to the node with
a chain-id check against the settings and the deployment file, builds the contracts from the ABIs
shipped in ``py_client/abi/`` and loads the signer when one is configured (without one the client
is read-only). It holds the reads as nouns and the one way to send (:meth:`ClientCore.transact`):
everything the role views (:mod:`py_client.roles`) and the document service
(:mod:`py_client.documents`) need, so it sits below both and imports neither. Users take
:class:`~py_client.client.Rantai`, which adds the role views and ``documents`` on top.

Example::

    >>> from py_client.core import ClientCore
    >>> client = ClientCore.connect()  # doctest: +SKIP
    >>> client.whoami().org_id  # doctest: +SKIP
    10
    >>> client.status("ocds-rantai-31337-T1").summary  # doctest: +SKIP
    'ocds-rantai-31337-T1: tender 1 open, 2 bid(s)'
"""

import logging
import re
from collections.abc import Mapping
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Self, TypeVar

from eth_abi.abi import encode
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak
from web3.contract import Contract
from web3.contract.contract import ContractFunction
from web3.exceptions import ContractLogicError
from web3.types import EventData, TxReceipt

from py_client.chain import Chain
from py_client.deployment import Deployment
from py_client.errors import (
    ChainIdMismatch,
    ConfigError,
    HistoryMismatch,
    NoSigner,
    UnknownReference,
)
from py_client.hashing import ascii_text
from py_client.inputs import checked_address
from py_client.models import (
    ZERO_HASH,
    AbiRecord,
    AdendumRecord,
    AdendumState,
    Award,
    AwardRecord,
    Bid,
    BidRecord,
    BidState,
    Budget,
    BudgetRecord,
    Checkpoint,
    CheckpointHeadRecord,
    CheckpointKind,
    CheckpointRefRecord,
    Dispute,
    DisputeRecord,
    DisputeWindow,
    Item,
    Line,
    LineRecord,
    Order,
    OrderRecord,
    OrderReport,
    OrderSummaryRecord,
    OrganisationRecord,
    OrgKind,
    Origin,
    Participant,
    Policy,
    PolicyRecord,
    RedFlag,
    Role,
    Shipment,
    ShipmentRecord,
    ShipmentReport,
    StatusReport,
    Tender,
    TenderRecord,
    TenderReport,
    TenderStatus,
    from_unix,
    optional_address,
    optional_time,
)
from py_client.receipts import CONTRACT_NAMES, EventDecoder, TxResult, load_abi
from py_client.reverts import decode_revert, typed_revert
from py_client.salts import SaltStore
from py_client.sender import Sender
from py_client.settings import GasMode, Settings
from py_client.signers import load_signer

log = logging.getLogger(__name__)

R = TypeVar("R", bound=AbiRecord)
"""A record type of :mod:`py_client.models` (:meth:`ClientCore.record`)."""

LOG_CHUNK_BLOCKS = 5_000
"""Blocks per ``eth_getLogs`` request (Besu's default range cap)."""

_REFERENCE = re.compile(
    r"^(?:(?P<ocid>.+)-(?P<chain>\d+)-(?P<ocidkind>T|PO)(?P<ocidnum>\d+)"
    r"|(?P<word>tender|order|shipment|po|t|s)\s*[:#]?\s*(?P<num>\d+))$",
    re.IGNORECASE,
)


class ClientCore:
    """A connection to a Rantai deployment, optionally with a signer: reads and sending.

    Build one with :meth:`connect`. Reads are methods of the client (``tender``, ``order``,
    ``shipment``...); sending methods live on the role views that
    :class:`~py_client.client.Rantai` adds (``agency``, ``supplier``, ``carrier``, ``governor``,
    ``treasury``, ``arbiter``, ``auditor``).

    Attributes:
        preflight: Whether sending methods check their preconditions before sending (default
            true). A failed check raises a :class:`~py_client.errors.PreflightError` and sends
            nothing; with checks off, the chain's typed contract error surfaces instead (also
            before sending: gas estimation replays the call).
    """

    def __init__(
        self,
        chain: Chain,
        deployment: Deployment,
        signer: LocalAccount | None = None,
        *,
        gas_mode: GasMode = "auto",
        tx_timeout_s: float = 120.0,
        rebroadcast_after_s: float = 15.0,
        preflight: bool = True,
        salt_dir: str | Path | None = None,
        document_store: str | Path | None = None,
        encryption_key: str | Path | None = None,
        encryption_key_password: str | None = None,
    ) -> None:
        if deployment.chain_id != chain.chain_id:
            raise ChainIdMismatch(deployment.chain_id, chain.chain_id, "the deployment file")
        self.chain = chain
        self.w3 = chain.w3
        self.deployment = deployment
        self.preflight = preflight
        self.salts = SaltStore(salt_dir)
        self._document_options = (document_store, encryption_key, encryption_key_password)
        self.decoder = EventDecoder(deployment.addresses)
        self.contracts: dict[str, Contract] = {
            name: self.w3.eth.contract(address=deployment.address(name), abi=load_abi(name))  # type: ignore[call-overload]
            for name in CONTRACT_NAMES
        }
        self.account = signer
        self.sender: Sender | None = None
        if signer is not None:
            self.sender = Sender(
                chain,
                signer,
                decode_revert,
                gas_mode=gas_mode,
                timeout_s=tx_timeout_s,
                rebroadcast_after_s=rebroadcast_after_s,
            )

    # ------------------------------------------------------------------------------ connect

    @classmethod
    def connect(
        cls,
        settings: Settings | None = None,
        *,
        env_file: str | None = ".env",
        preflight: bool = True,
        salt_dir: str | Path | None = None,
        check_code: bool = True,
    ) -> Self:
        """Connect to the deployment the settings describe.

        Args:
            settings: Client settings; read from the environment and ``env_file`` when omitted.
            env_file: The dotenv file read when ``settings`` is omitted (``None``: no file).
            preflight: Check preconditions before sending (see :attr:`preflight`).
            salt_dir: Where bid salts are kept (default: ``settings.salt_dir``, i.e.
                ``RANTAI_SALT_DIR``, else ``~/.rantai/salts``).
            check_code: Check that every contract of the deployment has code on chain.

        Returns:
            A connected client; read-only when no signer is configured.

        Raises:
            ConfigError: No deployment is configured, the file is unreadable, the node cannot be
                reached, or a contract has no code.
            ChainIdMismatch: The node's chain id differs from the settings or the deployment.
            SignerError: A signer is configured but cannot be loaded.

        Example::

            >>> from py_client import Rantai, Settings
            >>> client = Rantai.connect(Settings(  # doctest: +SKIP
            ...     rpc_url="http://127.0.0.1:8545", chain_id=31337,
            ...     deployment="deployments/local.json"))  # no signer: read-only
            >>> client.policy().retention_bps  # doctest: +SKIP
            500
            >>> agency = Rantai.connect()  # RANTAI_* from the environment / .env  # doctest: +SKIP
            >>> agency.whoami().roles  # doctest: +SKIP
            frozenset({<Role.AGENCY: 'AGENCY'>})
        """
        if settings is None:
            settings = Settings.from_env(env_file)
        if not settings.deployment:
            raise ConfigError("no deployment configured: set RANTAI_DEPLOYMENT (file or network)")
        deployment = Deployment.load(settings.deployment)
        if settings.chain_id is not None and settings.chain_id != deployment.chain_id:
            raise ConfigError(
                f"RANTAI_CHAIN_ID is {settings.chain_id} but the deployment file "
                f"{settings.deployment} is for chain {deployment.chain_id}"
            )
        chain = Chain.connect(settings)
        signer = None
        if settings.keystore or settings.private_key or settings.mnemonic:
            signer = load_signer(settings)
        client = cls(
            chain,
            deployment,
            signer,
            gas_mode=settings.gas_mode,
            tx_timeout_s=settings.tx_timeout_s,
            rebroadcast_after_s=settings.rebroadcast_after_s,
            preflight=preflight,
            salt_dir=salt_dir if salt_dir is not None else settings.salt_dir,
            document_store=settings.document_store,
            encryption_key=settings.encryption_key,
            encryption_key_password=settings.encryption_key_password,
        )
        if check_code:
            client._check_code()
        return client

    def _check_code(self) -> None:
        for name, address in self.deployment.addresses.items():
            if not self.w3.eth.get_code(address):  # type: ignore[arg-type]
                raise ConfigError(
                    f"no contract code at {address} ({name}) on chain {self.chain_id}: "
                    "is the deployment file for this node?"
                )

    # ----------------------------------------------------------------------------- basics

    @property
    def chain_id(self) -> int:
        """The chain id of the node (checked against the settings and the deployment)."""
        return self.chain.chain_id

    @property
    def address(self) -> str | None:
        """The signer's address, or ``None`` for a read-only client."""
        return None if self.account is None else str(self.account.address)

    @property
    def registry(self) -> Contract:
        """The web3 ``Registry`` contract."""
        return self.contracts["Registry"]

    @property
    def token(self) -> Contract:
        """The web3 ``RupiahToken`` contract."""
        return self.contracts["RupiahToken"]

    @property
    def tendering(self) -> Contract:
        """The web3 ``Tendering`` contract."""
        return self.contracts["Tendering"]

    @property
    def escrow(self) -> Contract:
        """The web3 ``OrderEscrow`` contract."""
        return self.contracts["OrderEscrow"]

    @property
    def tracking(self) -> Contract:
        """The web3 ``ShipmentTracking`` contract."""
        return self.contracts["ShipmentTracking"]

    @cached_property
    def ocid_prefix(self) -> str:
        """The OCDS ocid prefix of the deployment, e.g. ``ocds-rantai``."""
        return str(self.call(self.tendering.functions.ocidPrefix()))

    def ocid(self, kind: str, number: int) -> str:
        """The ocid ``<prefix>-<chainId>-<kind><number>`` (kind ``T`` or ``PO``)."""
        return f"{self.ocid_prefix}-{self.chain_id}-{kind}{number}"

    def now(self) -> int:
        """The latest block's timestamp (unix seconds): the chain's idea of now."""
        return int(self.w3.eth.get_block("latest")["timestamp"])

    def require_signer(self) -> str:
        """The signer's address.

        Raises:
            NoSigner: The client is read-only.
        """
        if self.account is None:
            raise NoSigner()
        return str(self.account.address)

    def call(self, function: ContractFunction) -> Any:
        """Call a view; a revert raises its typed exception."""
        try:
            return function.call()
        except ContractLogicError as err:
            raise typed_revert(err) from err

    def transact(
        self, function: ContractFunction, gas: int | None = None, **created: int | None
    ) -> TxResult:
        """Sign, send and wait for ``function``; return the decoded result.

        Args:
            function: A bound contract function.
            gas: A gas limit; estimated when omitted.
            created: Ids the caller derived (``tender_id=...``), copied into the result.

        Raises:
            NoSigner: The client is read-only.
            ContractError: The call reverts with a Rantai custom error (nothing is sent when the
                estimate already reverts).
        """
        sender = self._sender()
        receipt: TxReceipt = sender.transact(function, gas=gas)
        return self.decoder.result(receipt, **created)

    def estimate(self, function: ContractFunction) -> int:
        """Gas for ``function`` sent by the signer, with a margin; nothing is sent.

        Raises:
            NoSigner: The client is read-only.
            ContractError: The call would revert with a Rantai custom error.
        """
        sender = self._sender()
        return sender.estimate(
            {
                "from": sender.address,
                "to": function.address,
                "data": function._encode_transaction_data(),
                "chainId": self.chain_id,
            }
        )

    def _sender(self) -> Sender:
        if self.sender is None:
            raise NoSigner()
        return self.sender

    # ----------------------------------------------------------------------- raw records
    # The stored structs as :mod:`py_client.models` records (field names from the ABI): what the
    # role views check before sending. The reads below build the friendlier models from them.

    def record(self, kind: type[R], *args: Any) -> R:
        """The view function ``kind.ABI`` names, called with ``args``, as the record ``kind``
        (e.g. ``client.record(TenderRecord, 3)``): the one reader of the stored structs."""
        contract, function = kind.ABI
        fn = getattr(self.contracts[contract].functions, function)(*args)
        return kind.from_abi(self.call(fn))

    def organisation_record(self, org_id: int) -> OrganisationRecord:
        """``Registry.organisation(org_id)``."""
        return self.record(OrganisationRecord, org_id)

    def policy_record(self) -> PolicyRecord:
        """``Registry.policy()`` (durations in seconds)."""
        return self.record(PolicyRecord)

    def budget_record(self, org_id: int, fiscal_year: int) -> BudgetRecord:
        """``Registry.budget(org_id, fiscal_year)``."""
        return self.record(BudgetRecord, org_id, fiscal_year)

    def tender_record(self, tender_id: int) -> TenderRecord:
        """``Tendering.tender(tender_id)`` (times on the tender clock, unix seconds)."""
        return self.record(TenderRecord, tender_id)

    def bid_record(self, tender_id: int, bidder: str) -> BidRecord:
        """``Tendering.bid(tender_id, bidder)``."""
        return self.record(BidRecord, tender_id, bidder)

    def award_record(self, tender_id: int) -> AwardRecord:
        """``Tendering.award(tender_id)``."""
        return self.record(AwardRecord, tender_id)

    def order_record(self, order_id: int) -> OrderRecord:
        """``OrderEscrow.order(order_id)``."""
        return self.record(OrderRecord, order_id)

    def order_summary(self, order_id: int) -> OrderSummaryRecord:
        """``OrderEscrow.orderSummary(order_id)``."""
        return self.record(OrderSummaryRecord, order_id)

    def line_record(self, order_id: int, index: int) -> LineRecord:
        """``OrderEscrow.line(order_id, index)``: terms and delivered quantity."""
        return self.record(LineRecord, order_id, index)

    def shipment_record(self, shipment_id: int) -> ShipmentRecord:
        """``ShipmentTracking.shipment(shipment_id)``."""
        return self.record(ShipmentRecord, shipment_id)

    def checkpoint_head(self, shipment_id: int) -> CheckpointHeadRecord:
        """``ShipmentTracking.checkpointHead(shipment_id)``."""
        return self.record(CheckpointHeadRecord, shipment_id)

    def checkpoint_of_ref(self, org_id: int, ref: bytes) -> CheckpointRefRecord:
        """``ShipmentTracking.checkpointOfRef(org_id, ref)`` (shipment 0: the ref is unused)."""
        return self.record(CheckpointRefRecord, org_id, ref)

    # ----------------------------------------------------------------------------- reads

    def participant(self, address: str) -> Participant:
        """What the registry knows about ``address``: organisation, kind, roles, suspension."""
        address = checked_address(address)
        reg = self.registry.functions
        org_id = int(self.call(reg.orgOf(address)))
        kind, suspended, metadata = OrgKind.NONE, False, ZERO_HASH
        if org_id:
            org = self.organisation_record(org_id)
            kind, suspended, metadata = org.kind, org.suspended, org.metadata_hash
        roles = frozenset(r for r in Role if self.call(reg.hasRole(r.role_id, address)))
        return Participant(
            address=address,
            org_id=org_id,
            org_kind=kind,
            roles=roles,
            suspended=suspended,
            paused=bool(self.call(reg.paused())),
            metadata_hash=metadata,
            encryption_key=bytes(self.call(reg.encryptionKey(address))),
        )

    def whoami(self) -> Participant:
        """The signer as the registry sees it (address, organisation, roles, suspended, paused).

        Raises:
            NoSigner: The client is read-only.
        """
        return self.participant(self.require_signer())

    def policy(self) -> Policy:
        """The registry's procurement policy."""
        return self.policy_record().to_policy()

    def budget(self, org_id: int, fiscal_year: int) -> Budget:
        """The budget ceiling (pagu) of agency ``org_id`` in ``fiscal_year``, and its use."""
        b = self.budget_record(org_id, fiscal_year)
        return Budget(org_id, fiscal_year, b.ceiling_idr, b.committed_idr)

    def balance(self, address: str | None = None) -> int:
        """Rupiah balance of ``address`` (the signer's when omitted)."""
        owner = checked_address(address) if address else self.require_signer()
        return int(self.call(self.token.functions.balanceOf(owner)))

    def allowance(self, owner: str, spender: str) -> int:
        """Rupiah allowance of ``spender`` over ``owner``'s tokens."""
        fn = self.token.functions.allowance(checked_address(owner), checked_address(spender))
        return int(self.call(fn))

    def tender(self, tender_id: int, *, with_spec: bool = True) -> Tender:
        """Tender ``tender_id``: stored state plus spec and items from ``TenderOpened``.

        Args:
            tender_id: The tender.
            with_spec: Also read spec hash, URI and items from the ``TenderOpened`` event (one
                log query); without it they are ``None`` / empty.

        Raises:
            TenderingUnknownTender: No such tender.
        """
        t = self.tender_record(tender_id)
        spec_hash: bytes | None = None
        spec_uri: str | None = None
        items: tuple[Item, ...] = ()
        opened = (
            self.logs("Tendering", "TenderOpened", {"tenderId": tender_id}) if with_spec else []
        )
        for event in opened:
            params = event["args"]["params"]
            spec_hash, spec_uri = bytes(params["specHash"]), str(params["specUri"])
            items = tuple(
                Item(bytes(i["descriptionHash"]), int(i["quantity"]), ascii_text(i["unit"]))
                for i in params["items"]
            )
        return Tender(
            tender_id=tender_id,
            ocid=self.ocid("T", tender_id),
            agency=t.agency,
            agency_org_id=t.agency_org_id,
            fiscal_year=t.fiscal_year,
            status=t.status,
            hps_idr=t.hps_idr,
            bond_idr=t.bond_idr,
            bid_deadline_at=from_unix(t.bid_deadline_at),
            reveal_deadline_at=from_unix(t.reveal_deadline_at),
            max_bids=t.max_bids,
            bid_count=t.bid_count,
            winner=optional_address(t.winner),
            order_id=t.order_id or None,
            winner_bond_held=t.winner_bond_held,
            spec_hash=spec_hash,
            spec_uri=spec_uri,
            items=items,
            accepted=t.accepted,
            pending_objections=t.pending_objections,
            objection_ends_at=optional_time(t.objection_ends_at),
            ordered_at=optional_time(t.ordered_at),
            acceptance_window=(
                timedelta(seconds=t.acceptance_window_sec) if t.acceptance_window_sec else None
            ),
            bond_return_at=optional_time(t.bond_return_at),
            objection_bond_idr=t.objection_bond_idr,
            delivery_from_at=optional_time(t.delivery_from_at),
            delivery_until_at=optional_time(t.delivery_until_at),
            items_hash=t.items_hash,
        )

    def tender_count(self) -> int:
        """How many tenders were opened (the highest id)."""
        return int(self.call(self.tendering.functions.tenderCount()))

    def bid(self, tender_id: int, bidder: str, hps_idr: int | None = None) -> Bid:
        """The bid of ``bidder`` in ``tender_id`` (state NONE when it did not bid)."""
        bidder = checked_address(bidder)
        b = self.bid_record(tender_id, bidder)
        state = b.state
        price: int | None = None
        valid: bool | None = None
        if state in (BidState.REVEALED, BidState.DISQUALIFIED, BidState.EXCLUDED):
            price = b.price_idr
            if hps_idr is None:
                hps_idr = self.tender_record(tender_id).hps_idr
            valid = 0 < price <= hps_idr
        return Bid(
            tender_id,
            bidder,
            b.commitment,
            b.supplier_org_id,
            b.seq,
            state,
            price,
            valid,
            b.objection,
        )

    def bids(self, tender_id: int) -> list[Bid]:
        """Every bid of ``tender_id`` in commit order."""
        hps = self.tender_record(tender_id).hps_idr
        bidders = self.call(self.tendering.functions.bidders(tender_id))
        return [self.bid(tender_id, b, hps) for b in bidders]

    def award(self, tender_id: int) -> Award | None:
        """The award of ``tender_id``, or ``None`` unless the tender is Awarded."""
        if self.tender_record(tender_id).status != TenderStatus.AWARDED:
            return None
        a = self.award_record(tender_id)
        return Award(
            tender_id,
            a.agency,
            a.agency_org_id,
            a.fiscal_year,
            a.supplier,
            a.supplier_org_id,
            a.price_idr,
            a.order_id or None,
        )

    def red_flags(self, tender_id: int) -> list[RedFlag]:
        """Red flags raised when ``tender_id`` was finalised (``RedFlagRaised`` events)."""
        return [
            RedFlag(
                tender_id=tender_id,
                code=bytes(e["args"]["code"]).decode("ascii", errors="replace"),
                bidder=e["args"]["bidder"],
                price_idr=int(e["args"]["priceIdr"]),
                block_number=int(e["blockNumber"]),
                tx_hash=_hex(e["transactionHash"]),
            )
            for e in self.logs("Tendering", "RedFlagRaised", {"tenderId": tender_id})
        ]

    def order(self, order_id: int) -> Order:
        """Order ``order_id``.

        Raises:
            OrderEscrowUnknownOrder: No such order.
        """
        o = self.order_record(order_id)
        tender_id = o.tender_id
        return Order(
            order_id=order_id,
            ocid=self.ocid("T", tender_id) if tender_id else self.ocid("PO", order_id),
            agency=o.agency,
            agency_org_id=o.agency_org_id,
            fiscal_year=o.fiscal_year,
            state=o.state,
            disputed=o.disputed,
            supplier=o.supplier,
            line_count=o.line_count,
            retention_bps=o.retention_bps,
            penalty_per_mille_per_day=o.penalty_per_mille_per_day,
            penalty_cap_bps=o.penalty_cap_bps,
            delivery_deadline_at=from_unix(o.delivery_deadline_at),
            maintenance_period=timedelta(seconds=o.maintenance_period_sec),
            confirmation_window=timedelta(seconds=o.confirmation_window_sec),
            retention_release_at=optional_time(o.retention_release_at),
            total_idr=o.total_idr,
            unpaid_idr=o.unpaid_idr,
            retention_held_idr=o.retention_held_idr,
            tender_id=tender_id or None,
        )

    def order_count(self) -> int:
        """How many orders exist (the highest id)."""
        return int(self.call(self.escrow.functions.orderCount()))

    def lines(self, order_id: int) -> list[Line]:
        """The lines of ``order_id`` with what was delivered of each.

        The escrow stores only what payment needs (quantity, unit price, due date, delivered);
        item hash, unit and origin come from the order's ``OrderCreated`` event (one log query).
        """
        count = self.order_summary(order_id).line_count
        created = self.logs("OrderEscrow", "OrderCreated", {"orderId": order_id})
        described = [line for event in created[:1] for line in event["args"]["lines"]]
        result = []
        for index in range(count):
            read = self.line_record(order_id, index)
            described_line = described[index] if index < len(described) else None
            result.append(
                Line(
                    item_hash=bytes(described_line["itemHash"]) if described_line else ZERO_HASH,
                    quantity=read.terms.quantity,
                    unit_price_idr=read.terms.unit_price_idr,
                    unit=ascii_text(described_line["unit"]) if described_line else "",
                    origin_country=(
                        ascii_text(described_line["originCountry"]) if described_line else ""
                    ),
                    due_at=optional_time(read.terms.due_at),
                    delivered_quantity=read.delivered_quantity,
                    index=index,
                )
            )
        return result

    def terminable_at(self, order_id: int) -> int:
        """Unix time from which the agency may terminate ``order_id``."""
        return int(self.call(self.escrow.functions.terminableAt(order_id)))

    def shipment(self, shipment_id: int, *, with_origin: bool = True) -> Shipment:
        """Shipment ``shipment_id`` with its quantities, origin and confirmation.

        ``with_origin=False`` skips the log query for the origin (``origin`` is then ``None``).

        Raises:
            ShipmentTrackingUnknownShipment: No such shipment.
        """
        s = self.shipment_record(shipment_id)
        quantities = self.call(self.tracking.functions.shippedQuantities(shipment_id))
        origin = None
        ref = None
        registered = (
            self.logs("ShipmentTracking", "ShipmentRegistered", {"shipmentId": shipment_id})
            if with_origin
            else []
        )
        for event in registered:
            o = event["args"]["origin"]
            origin = Origin(
                ascii_text(o["countryCode"]), ascii_text(o["region"]), ascii_text(o["producerGln"])
            )
            ref = bytes(event["args"]["ref"])
        return Shipment(
            shipment_id=shipment_id,
            order_id=s.order_id,
            supplier=s.supplier,
            custodian=s.custodian,
            nominee=optional_address(s.nominee),
            status=s.status,
            expected_arrival_at=from_unix(s.expected_arrival_at),
            arrived_at=optional_time(s.arrived_at),
            checkpoint_count=s.checkpoint_count,
            head=s.head,
            quantities=tuple(int(q) for q in quantities),
            confirmed=bool(self.call(self.escrow.functions.isShipmentConfirmed(shipment_id))),
            origin=origin,
            ref=ref,
        )

    def shipments_of(self, order_id: int) -> list[int]:
        """Ids of the shipments of ``order_id`` in registration order."""
        return [int(i) for i in self.call(self.tracking.functions.shipmentsOfOrder(order_id))]

    def checkpoints(self, shipment_id: int) -> list[Checkpoint]:
        """The checkpoint history of ``shipment_id``, proven against the head stored on chain.

        Rebuilt from ``CheckpointRecorded`` events; each checkpoint's running hash is recomputed
        and the last one compared with ``checkpointHead`` (and the count), so a missing or
        altered event is detected.

        Raises:
            HistoryMismatch: The events do not fold into the stored head.
            ShipmentTrackingUnknownShipment: No such shipment.
        """
        stored = self.checkpoint_head(shipment_id)
        head, count = stored.head, stored.checkpoint_count
        result: list[Checkpoint] = []
        running = ZERO_HASH
        events = self.logs("ShipmentTracking", "CheckpointRecorded", {"shipmentId": shipment_id})
        for position, event in enumerate(events):
            a = event["args"]
            if int(a["index"]) != position:
                raise HistoryMismatch(shipment_id, f"checkpoint {position} is missing")
            running = next_head(
                running,
                a["custodian"],
                int(a["kind"]),
                bytes(a["location"]),
                int(a["latitudeE6"]),
                int(a["longitudeE6"]),
                int(a["occurredAt"]),
                bytes(a["evidenceHash"]),
            )
            if running != bytes(a["newHead"]):
                raise HistoryMismatch(
                    shipment_id, f"checkpoint {position} does not hash to its head"
                )
            result.append(
                Checkpoint(
                    shipment_id=shipment_id,
                    index=position,
                    custodian=a["custodian"],
                    kind=CheckpointKind(a["kind"]),
                    location=ascii_text(a["location"]),
                    latitude_e6=int(a["latitudeE6"]),
                    longitude_e6=int(a["longitudeE6"]),
                    occurred_at=from_unix(a["occurredAt"]),
                    evidence_hash=bytes(a["evidenceHash"]),
                    new_head=bytes(a["newHead"]),
                    block_number=int(event["blockNumber"]),
                    tx_hash=_hex(event["transactionHash"]),
                    ref=bytes(a["ref"]),
                )
            )
        if len(result) != int(count) or running != bytes(head):
            raise HistoryMismatch(
                shipment_id, f"{len(result)} events but {count} checkpoints stored, or heads differ"
            )
        return result

    def dispute_window(self, order_id: int) -> DisputeWindow:
        """The response window of the dispute of ``order_id`` (issue 13 item 7), read from the
        escrow; all empty when no dispute was ever opened."""
        d = self.record(DisputeRecord, order_id)
        return DisputeWindow(
            order_id=order_id,
            opened_at=optional_time(d.opened_at),
            respond_by=optional_time(d.respond_by_at),
            opened_by_supplier=d.opened_by_supplier,
            responded=d.responded,
        )

    def adendum_state(self, order_id: int) -> AdendumState:
        """The adendums of ``order_id`` (issue 13 item 4): pending proposal, original total,
        count.

        Raises:
            OrderEscrowUnknownOrder: No such order.
        """
        a = self.record(AdendumRecord, order_id)
        return AdendumState(
            order_id=order_id,
            pending_hash=a.pending_hash if any(a.pending_hash) else None,
            proposer=optional_address(a.proposer),
            original_total_idr=a.original_total_idr or None,
            count=a.count,
        )

    def payout_account(self, org_id: int) -> str:
        """Where refunds owed to organisation ``org_id`` go (its payout account, or the state
        treasury account when none is set)."""
        return str(self.call(self.registry.functions.payoutAccount(org_id)))

    def dispute(self, order_id: int) -> Dispute | None:
        """The dispute of ``order_id`` (an order has at most one), or ``None``."""
        opened = self.logs("OrderEscrow", "DisputeOpened", {"orderId": order_id})
        if not opened:
            return None
        o = opened[-1]
        dispute = Dispute(
            order_id=order_id,
            opened_by=o["args"]["openedBy"],
            shipment_id=int(o["args"]["shipmentId"]) or None,
            reason_hash=bytes(o["args"]["reasonHash"]),
            opened_at=self._block_time(int(o["blockNumber"])),
            opened_tx=_hex(o["transactionHash"]),
        )
        resolved = self.logs("OrderEscrow", "DisputeResolved", {"orderId": order_id})
        if not resolved:
            return dispute
        r = resolved[-1]["args"]
        return Dispute(
            order_id=dispute.order_id,
            opened_by=dispute.opened_by,
            shipment_id=dispute.shipment_id,
            reason_hash=dispute.reason_hash,
            opened_at=dispute.opened_at,
            opened_tx=dispute.opened_tx,
            resolved=True,
            arbiter=r["arbiter"],
            to_supplier_idr=int(r["toSupplierIdr"]),
            to_agency_idr=int(r["toAgencyIdr"]),
            ruling_hash=bytes(r["rulingHash"]),
            resolved_at=self._block_time(int(resolved[-1]["blockNumber"])),
        )

    def status(self, ref: str) -> StatusReport:
        """A typed status summary of the process ``ref`` names.

        Args:
            ref: An ocid (``ocds-rantai-<chainId>-T<n>`` or ``-PO<n>``), or ``tender:<n>``,
                ``order:<n>``, ``shipment:<n>`` (also ``T<n>``, ``PO<n>``, ``S<n>``).

        Returns:
            A :class:`TenderReport`, :class:`OrderReport` or :class:`ShipmentReport`.

        Raises:
            UnknownReference: ``ref`` is malformed, for another chain, or names nothing.
        """
        kind, number = self.parse_reference(ref)
        try:
            if kind == "tender":
                return self._tender_report(number)
            if kind == "order":
                return self._order_report(number)
            shipment = self.shipment(number)
            return ShipmentReport(shipment, tuple(self.checkpoints(number)))
        except LookupError as err:
            raise UnknownReference(f"{ref}: {err}") from err

    def parse_reference(self, ref: str) -> tuple[str, int]:
        """Split ``ref`` into (``tender`` | ``order`` | ``shipment``, number).

        Raises:
            UnknownReference: ``ref`` is malformed or an ocid of another chain or prefix.
        """
        match = _REFERENCE.match(ref.strip())
        if match is None:
            raise UnknownReference(
                f"not a reference: {ref!r} (expected an ocid, tender:<n>, order:<n> or "
                "shipment:<n>)"
            )
        if match["ocid"] is not None:
            if int(match["chain"]) != self.chain_id or match["ocid"] != self.ocid_prefix:
                raise UnknownReference(
                    f"{ref} is not an ocid of this deployment "
                    f"({self.ocid_prefix}-{self.chain_id}-…)"
                )
            kind = "tender" if match["ocidkind"].upper() == "T" else "order"
            return kind, int(match["ocidnum"])
        word = match["word"].lower()
        kind = {"t": "tender", "po": "order", "s": "shipment"}.get(word, word)
        return kind, int(match["num"])

    def _tender_report(self, tender_id: int) -> TenderReport:
        tender = self.tender(tender_id)
        order = self._order_report(tender.order_id) if tender.order_id else None
        return TenderReport(
            ocid=tender.ocid,
            tender=tender,
            bids=tuple(self.bids(tender_id)),
            red_flags=tuple(self.red_flags(tender_id)),
            award=self.award(tender_id),
            order=order,
        )

    def _order_report(self, order_id: int) -> OrderReport:
        order = self.order(order_id)
        return OrderReport(
            ocid=order.ocid,
            order=order,
            lines=tuple(self.lines(order_id)),
            shipments=tuple(self.shipment(s) for s in self.shipments_of(order_id)),
            dispute=self.dispute(order_id),
        )

    # ----------------------------------------------------------------------------- logs

    def logs(
        self,
        contract: str,
        event: str,
        filters: Mapping[str, Any] | None = None,
        from_block: int | None = None,
        to_block: int | None = None,
    ) -> list[EventData]:
        """Events of ``contract`` named ``event`` matching indexed ``filters``, oldest first.

        Requests at most :data:`LOG_CHUNK_BLOCKS` blocks at a time (Besu caps log ranges).
        """
        start = self.deployment.start_block if from_block is None else from_block
        end = int(self.w3.eth.block_number) if to_block is None else to_block
        event_type = self.contracts[contract].events[event]
        found: list[EventData] = []
        while start <= end:
            stop = min(start + LOG_CHUNK_BLOCKS - 1, end)
            found.extend(
                event_type.get_logs(
                    argument_filters=dict(filters or {}), from_block=start, to_block=stop
                )
            )
            start = stop + 1
        return found

    def _block_time(self, block_number: int) -> Any:
        return from_unix(int(self.w3.eth.get_block(block_number)["timestamp"]))


def next_head(
    head: bytes,
    custodian: str,
    kind: int,
    location: bytes,
    latitude_e6: int,
    longitude_e6: int,
    occurred_at: int,
    evidence_hash: bytes,
) -> bytes:
    """The running checkpoint hash exactly as ``ShipmentTracking.nextHead`` computes it."""
    return keccak(
        encode(
            ["bytes32", "uint8", "bytes32", "int32", "int32", "uint64", "bytes32", "address"],
            [
                head,
                kind,
                location,
                latitude_e6,
                longitude_e6,
                occurred_at,
                evidence_hash,
                custodian,
            ],
        )
    )


def _hex(value: Any) -> str:
    return "0x" + bytes(value).hex()


__all__ = ["LOG_CHUNK_BLOCKS", "ClientCore", "next_head"]
