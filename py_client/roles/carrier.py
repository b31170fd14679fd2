"""The carrier's view: checkpoints and custody handovers of shipments."""

from py_client.contract_errors import ShipmentTrackingDuplicateCheckpointRef
from py_client.document_inputs import DocumentInput
from py_client.errors import InvalidInput, InvalidParameters, NotAuthorized, WrongState
from py_client.formatting import wib
from py_client.hashing import ascii_field, checkpoint_ref, client_ref
from py_client.inputs import checked_address, checkpoint_kind
from py_client.limits import INT32_MAX, INT32_MIN, MAX_LATITUDE_E6, MAX_LONGITUDE_E6
from py_client.models import CheckpointKind, Role, ShipmentStatus
from py_client.receipts import TxResult
from py_client.roles.base import RoleView, Timestamp, unix


class CarrierView(RoleView):
    """Actions of a carrier holding custody of shipments (CARRIER role).

    Example::

        >>> c = client.carrier  # doctest: +SKIP
        >>> c.record_checkpoint(1, "picked_up", "IDTPP", latitude_e6=-6_104_000,
        ...                     longitude_e6=106_880_000, evidence="waybill.pdf")  # doctest: +SKIP
        >>> c.record_checkpoint(1, "arrived", "IDJKT")  # doctest: +SKIP
    """

    role = Role.CARRIER

    def record_checkpoint(
        self,
        shipment_id: int,
        kind: CheckpointKind | int | str,
        location: str,
        *,
        occurred_at: Timestamp | None = None,
        latitude_e6: int = 0,
        longitude_e6: int = 0,
        evidence: DocumentInput | None = None,
        ref: bytes | str | None = None,
    ) -> TxResult:
        """Record a checkpoint of a shipment in the signer's custody.

        Args:
            shipment_id: The shipment.
            kind: What happened; ``ARRIVED`` ends tracking (the block's time is the arrival).
            location: UN/LOCODE (e.g. ``IDTPP``) or GLN, ASCII, up to 32 characters.
            occurred_at: When it happened; the latest block's time when omitted. Not in the
                future and not before the previous checkpoint.
            latitude_e6: Latitude in micro-degrees (0 with longitude 0: no coordinates).
            longitude_e6: Longitude in micro-degrees.
            evidence: Evidence document (photo, waybill); ``Confidential(path)`` stores it
                encrypted to the shipment's parties, the custodian and every AUDITOR first.
            ref: The checkpoint's reference, unique per carrier organisation (a scan id,
                ``0x`` + 64 hex digits, see :func:`~py_client.hashing.client_ref`); by default
                derived from the checkpoint's content (:func:`~py_client.hashing.checkpoint_ref`).

        Emits ``CheckpointRecorded`` and, for ``ARRIVED``, ``ShipmentArrived``.

        Raises:
            ShipmentTrackingDuplicateCheckpointRef: The organisation already used ``ref``.
        """
        kind = checkpoint_kind(kind)
        encoded_location = ascii_field(location, 32, "location")
        for value, name in ((latitude_e6, "latitude"), (longitude_e6, "longitude")):
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not INT32_MIN <= value <= INT32_MAX
            ):
                raise InvalidInput(f"{name} must be an integer of micro-degrees")
        when = self._latest_time() if occurred_at is None else unix(occurred_at, "occurred at")
        given_ref = None if ref is None else client_ref(ref, "checkpoint reference")
        if self.checking:
            if given_ref is not None:
                self._check_checkpoint_ref(given_ref)
            self._check_custodian(shipment_id)
            if kind == CheckpointKind.NONE:
                raise InvalidParameters("checkpoint kind NONE is not a checkpoint")
            if not location:
                raise InvalidParameters("a checkpoint needs a location code")
            if abs(latitude_e6) > MAX_LATITUDE_E6 or abs(longitude_e6) > MAX_LONGITUDE_E6:
                raise InvalidParameters(
                    f"coordinates out of range: {latitude_e6}, {longitude_e6} (micro-degrees)"
                )
            if when > self._pending_time():
                raise InvalidParameters("the checkpoint's time is in the future")
            last = self.client.checkpoint_head(shipment_id).last_occurred_at
            if when < last:
                raise InvalidParameters(
                    f"the checkpoint's time is before the previous checkpoint's ({wib(last)})"
                )
        checkpoint = (
            int(kind),
            encoded_location,
            latitude_e6,
            longitude_e6,
            when,
            self._record(evidence, "evidence", shipment_id=shipment_id),
        )
        reference = given_ref or checkpoint_ref(shipment_id, checkpoint)
        if self.checking and given_ref is None:
            self._check_checkpoint_ref(reference)
        fn = self.client.tracking.functions.recordCheckpoint(shipment_id, checkpoint, reference)
        return self._send(fn)

    def _check_checkpoint_ref(self, reference: bytes) -> None:
        """The signer's organisation has not used ``reference`` for a checkpoint."""
        org_id = self._check_participant(Role.CARRIER)
        used = self.client.checkpoint_of_ref(org_id, reference)
        if used.shipment_id:
            raise ShipmentTrackingDuplicateCheckpointRef(
                org_id, reference, used.shipment_id, used.index
            )

    def nominate_custodian(self, shipment_id: int, next_carrier: str) -> TxResult:
        """Nominate ``next_carrier`` to take custody. Emits ``CustodianNominated``."""
        next_carrier = checked_address(next_carrier, "next carrier")
        if self.checking:
            self._check_custodian(shipment_id)
            if next_carrier == self.address:
                raise InvalidParameters("a custodian cannot nominate itself")
            self._check_participant(Role.CARRIER, next_carrier, f"carrier {next_carrier}")
        fn = self.client.tracking.functions.nominateCustodian(shipment_id, next_carrier)
        return self._send(fn)

    def accept_custody(self, shipment_id: int) -> TxResult:
        """Take custody of a shipment the signer was nominated for. Emits ``CustodyTransferred``."""
        if self.checking:
            self._check_participant(Role.CARRIER)
            shipment = self.client.shipment(shipment_id, with_origin=False)
            if shipment.status == ShipmentStatus.ARRIVED:
                raise WrongState(f"shipment {shipment_id} has arrived", shipment.status)
            if shipment.nominee != self.address:
                raise NotAuthorized(
                    f"{self.address} is not the nominee of shipment {shipment_id}",
                    self.address,
                    Role.CARRIER.value,
                )
        return self._send(self.client.tracking.functions.acceptCustody(shipment_id))

    def _check_custodian(self, shipment_id: int) -> None:
        self._check_participant(Role.CARRIER)
        shipment = self.client.shipment(shipment_id, with_origin=False)
        if shipment.status == ShipmentStatus.ARRIVED:
            raise WrongState(
                f"shipment {shipment_id} has arrived: tracking is closed", shipment.status
            )
        if shipment.custodian != self.address:
            raise NotAuthorized(
                f"{self.address} does not hold custody of shipment {shipment_id} "
                f"({shipment.custodian} does)",
                self.address,
                Role.CARRIER.value,
            )
