"""The ``checkpoints`` bulk operation: :class:`Checkpoints`."""

from collections.abc import Sequence

from py_client.bulk.operations.base import Env, Operation, Prepared, Verdict, as_record
from py_client.bulk.operations.cells import _ascii, _cell, _degrees, _past
from py_client.bulk.operations.shared import References, row_ref
from py_client.bulk.rows import Row, RowError, text
from py_client.errors import InvalidInput, RantaiError
from py_client.formatting import wib
from py_client.hashing import document_hash
from py_client.inputs import checkpoint_kind, parse_hash, parse_id
from py_client.limits import MAX_LATITUDE_E6, MAX_LONGITUDE_E6
from py_client.models import (
    CheckpointHeadRecord,
    CheckpointKind,
    Role,
    ShipmentRecord,
    ShipmentStatus,
)

Checkpoint = tuple[int, bytes, int, int, int, bytes]
"""``recordCheckpoint``'s checkpoint: (kind, location, lat, lon, occurredAt, evidenceHash)."""


class Checkpoints(Operation):
    """Checkpoints recorded by the shipment's custodian, in file order per shipment."""

    name = "checkpoints"
    title = "shipment checkpoints (custodian carrier)"
    contract = "ShipmentTracking"
    function = "recordCheckpoint"
    role = Role.CARRIER
    columns = frozenset(
        {"ref", "shipment", "kind", "location", "lat", "lon", "at", "evidence", "evidenceHash"}
    )

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        def parse(row: Row) -> tuple[Row, int, Checkpoint, bytes]:
            checkpoint = self._checkpoint(row, env)
            ref = row_ref(row, self.name)
            return row, int(_cell(parse_id, row, "shipment")), checkpoint, ref

        parsed, carriers, verdicts = self._parse_and_sign(rows, env, Role.CARRIER, parse)
        if not parsed:
            return [], verdicts
        ids = sorted({shipment_id for _, shipment_id, *_ in parsed})
        found, heads = env.reader.per_key(ids, ShipmentRecord.ABI, CheckpointHeadRecord.ABI)
        shipments = {s: as_record(ShipmentRecord, r) for s, r in zip(ids, found, strict=True)}
        last = {}
        for s, r in zip(ids, heads, strict=True):
            head = as_record(CheckpointHeadRecord, r)
            last[s] = 0 if isinstance(head, RantaiError) else head.last_occurred_at

        def custodian_org(shipment_id: int) -> int | None:
            shipment = shipments[shipment_id]
            return None if isinstance(shipment, RantaiError) else carriers.get(shipment.custodian)

        refs = References(env, "checkpointOfRef", parsed, custodian_org, "recorded", "checkpoint")
        arrived_at: dict[int, str] = {}
        prepared: list[Prepared] = []
        for row, shipment_id, checkpoint, ref in refs.fresh(parsed, verdicts):
            shipment = shipments[shipment_id]
            kind, _, _, _, when, _ = checkpoint
            problem = None
            if isinstance(shipment, RantaiError):
                problem = f"shipment {shipment_id} does not exist"
            elif shipment.status == ShipmentStatus.ARRIVED:
                problem = f"shipment {shipment_id} has arrived: tracking is closed"
            elif shipment_id in arrived_at:
                problem = (
                    f"shipment {shipment_id} arrives at {arrived_at[shipment_id]}: tracking closes"
                )
            elif shipment.custodian not in carriers:
                problem = (
                    f"shipment {shipment_id} is in the custody of {shipment.custodian}, "
                    "not of a signer"
                )
            elif when < last[shipment_id]:
                problem = (
                    f"'at' ({wib(when)}) is before the previous checkpoint of shipment "
                    f"{shipment_id} ({wib(last[shipment_id])})"
                )
            if problem is not None or isinstance(shipment, RantaiError):
                verdicts.append(Verdict(row, "invalid", str(problem)))
                continue
            last[shipment_id] = when
            if kind == CheckpointKind.ARRIVED:
                arrived_at[shipment_id] = row.label
            refs.take(row, ref)
            shape = "arrived" if kind == CheckpointKind.ARRIVED else "moved"
            args = (shipment_id, checkpoint, ref)
            prepared.append(self._prepared(row, shipment.custodian, env, args, shape))
        return prepared, verdicts

    def _checkpoint(self, row: Row, env: Env) -> Checkpoint:
        """The checkpoint of a row: kind, location, coordinates, time (not in the future) and
        evidence (a file or its hash)."""
        try:
            kind = checkpoint_kind(text(row, "kind"))
        except InvalidInput as err:
            raise RowError(str(err)) from None
        if kind == CheckpointKind.NONE:
            raise RowError("kind 'none' is not a checkpoint")
        location = text(row, "location")
        lat = _degrees(row, "lat") if row.has("lat") else 0
        lon = _degrees(row, "lon") if row.has("lon") else 0
        if row.has("lat") != row.has("lon"):
            raise RowError("give both 'lat' and 'lon', or neither")
        if abs(lat) > MAX_LATITUDE_E6 or abs(lon) > MAX_LONGITUDE_E6:
            raise RowError(f"coordinates out of range: {lat}, {lon} (micro-degrees)")
        when = _past(row, "at", env.now)
        if when > env.now:
            raise RowError(f"'at' lies in the future (chain time {env.now})")
        if row.has("evidence") and row.has("evidenceHash"):
            raise RowError("give 'evidence' or 'evidenceHash', not both")
        evidence = b"\x00" * 32
        if row.has("evidenceHash"):
            evidence = bytes(_cell(parse_hash, row, "evidenceHash"))
        elif row.has("evidence"):
            path = (env.base_dir / text(row, "evidence")).expanduser()
            if not path.is_file():
                raise RowError(f"evidence not found: {path}")
            evidence = document_hash(path)
        return (int(kind), _ascii(location, 32, "location"), lat, lon, when, evidence)
