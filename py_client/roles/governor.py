"""The governor's view: organisations, accounts, roles, policy, suspension and the pause."""

from py_client.errors import InvalidInput, InvalidParameters, NotAuthorized, WrongState
from py_client.hashing import HashInput
from py_client.inputs import checked_address
from py_client.limits import UINT64_MAX
from py_client.models import ROLE_ORG_KINDS, OrgKind, Role
from py_client.receipts import TxResult
from py_client.roles.base import Duration, RoleView, amount, doc, seconds_of

# Registry's policy bounds (inclusive), for checks before sending.
_HOUR = 3600
_DAY = 86_400
POLICY_BOUNDS = {
    "min_tender_period": (_HOUR, 365 * _DAY),
    "confirmation_window": (_HOUR, 90 * _DAY),
    "max_bids_per_tender": (1, 200),
    "penalty_per_mille_per_day": (0, 50),
    "penalty_cap_bps": (0, 10_000),
    "retention_bps": (0, 2_000),
    "direct_purchase_ceiling_idr": (0, 2**256 - 1),
    "checkpoint_backdate_tolerance": (0, 7 * _DAY),
    "dispute_response_window": (_HOUR, 30 * _DAY),
    "adendum_cap_bps": (0, 5_000),
}
_SETTERS = {
    "min_tender_period": "setMinTenderPeriod",
    "confirmation_window": "setConfirmationWindow",
    "max_bids_per_tender": "setMaxBidsPerTender",
    "penalty_per_mille_per_day": "setPenaltyPerMillePerDay",
    "penalty_cap_bps": "setPenaltyCapBps",
    "retention_bps": "setRetentionBps",
    "direct_purchase_ceiling_idr": "setDirectPurchaseCeiling",
    "checkpoint_backdate_tolerance": "setCheckpointBackdateTolerance",
    "dispute_response_window": "setDisputeResponseWindow",
    "adendum_cap_bps": "setAdendumCapBps",
}


def org_kind(value: OrgKind | int | str) -> OrgKind:
    """An organisation kind from the enum, its value or its name (``"agency"``)."""
    try:
        if isinstance(value, str):
            return OrgKind[value.strip().upper()]
        return OrgKind(value)
    except (KeyError, ValueError):
        raise InvalidInput(f"unknown organisation kind: {value!r}") from None


def role_of(value: Role | str) -> Role:
    """A role from the enum or its name (``"supplier"``, ``"SUPPLIER_ROLE"``)."""
    if isinstance(value, Role):
        return value
    try:
        return Role[value.strip().upper().removesuffix("_ROLE")]
    except KeyError:
        raise InvalidInput(f"unknown role: {value!r}") from None


class GovernorView(RoleView):
    """Governance council actions (GOVERNOR role).

    Example::

        >>> gov = client.governor  # doctest: +SKIP
        >>> gov.register_organisation(24, "supplier", b"profile of PT Contoh")  # doctest: +SKIP
        >>> gov.add_account("0x…", 24); gov.grant_role("supplier", "0x…")  # doctest: +SKIP
    """

    role = Role.GOVERNOR

    def register_organisation(
        self, org_id: int, kind: OrgKind | int | str, metadata: HashInput | None = None
    ) -> TxResult:
        """Register organisation ``org_id`` of ``kind`` with its metadata (profile) hash.

        Emits ``OrganisationRegistered``.
        """
        kind = org_kind(kind)
        org_id = _org_id(org_id)
        if self.checking:
            self._check_has_role(Role.GOVERNOR)
            if org_id == 0 or kind == OrgKind.NONE:
                raise InvalidParameters("organisation id 0 and kind NONE are reserved")
            if self._kind(org_id) != OrgKind.NONE:
                raise WrongState(f"organisation {org_id} already exists")
        fn = self.client.registry.functions.registerOrganisation(
            org_id, int(kind), doc(metadata, "metadata")
        )
        return self._send(fn)

    def update_organisation_metadata(self, org_id: int, metadata: HashInput) -> TxResult:
        """Replace the metadata hash of ``org_id``. Emits ``OrganisationMetadataUpdated``."""
        org_id = _org_id(org_id)
        if self.checking:
            self._check_existing(org_id)
        fn = self.client.registry.functions.updateOrganisationMetadata(
            org_id, doc(metadata, "metadata")
        )
        return self._send(fn)

    def add_account(self, account: str, org_id: int) -> TxResult:
        """Make ``account`` act for ``org_id``. Emits ``AccountAdded``."""
        account, org_id = checked_address(account, "account"), _org_id(org_id)
        if self.checking:
            self._check_existing(org_id)
            current = self.client.call(self.client.registry.functions.orgOf(account))
            if current:
                raise WrongState(f"{account} already acts for organisation {current}")
        return self._send(self.client.registry.functions.addAccount(account, org_id))

    def remove_account(self, account: str) -> TxResult:
        """Remove ``account`` from its organisation (revokes its participant roles).

        Emits ``AccountRemoved`` and ``RoleRevoked`` per role held.
        """
        account = checked_address(account, "account")
        if self.checking:
            self._check_has_role(Role.GOVERNOR)
            if not self.client.call(self.client.registry.functions.orgOf(account)):
                raise WrongState(f"{account} belongs to no organisation")
        return self._send(self.client.registry.functions.removeAccount(account))

    def grant_role(self, role: Role | str, account: str) -> TxResult:
        """Grant ``role`` to ``account``. Emits ``RoleGranted`` (none if already held)."""
        role, account = role_of(role), checked_address(account, "account")
        if self.checking:
            self._check_role_admin(role)
            self._check_role_kind(role, account)
        return self._send(self.client.registry.functions.grantRole(role.role_id, account))

    def set_payout_account(self, org_id: int, account: str) -> TxResult:
        """Send refunds owed to organisation ``org_id`` (escrow refunds on cancellation,
        termination, late penalties, dispute rulings) to ``account``. Emits ``PayoutAccountSet``.
        """
        org_id, account = _org_id(org_id), checked_address(account, "payout account")
        if self.checking:
            self._check_existing(org_id)
            if int(account, 16) == 0:
                raise InvalidParameters("the payout account may not be the zero address")
        return self._send(self.client.registry.functions.setPayoutAccount(org_id, account))

    def revoke_role(self, role: Role | str, account: str) -> TxResult:
        """Revoke ``role`` from ``account``. Emits ``RoleRevoked`` (none if not held)."""
        role, account = role_of(role), checked_address(account, "account")
        if self.checking:
            self._check_role_admin(role)
        return self._send(self.client.registry.functions.revokeRole(role.role_id, account))

    def suspend_organisation(self, org_id: int, reason: HashInput | None = None) -> TxResult:
        """Suspend (blacklist) ``org_id``. Emits ``OrganisationSuspended``."""
        return self._org_status("suspendOrganisation", org_id, reason)

    def reinstate_organisation(self, org_id: int, reason: HashInput | None = None) -> TxResult:
        """Lift the suspension of ``org_id``. Emits ``OrganisationReinstated``."""
        return self._org_status("reinstateOrganisation", org_id, reason)

    def _org_status(self, function: str, org_id: int, reason: HashInput | None) -> TxResult:
        """Suspend or reinstate (``function`` of the Registry) an existing organisation."""
        org_id = _org_id(org_id)
        if self.checking:
            self._check_existing(org_id)
        fn = getattr(self.client.registry.functions, function)(org_id, doc(reason, "reason"))
        return self._send(fn)

    def set_policy(
        self,
        *,
        min_tender_period: Duration | None = None,
        confirmation_window: Duration | None = None,
        max_bids_per_tender: int | None = None,
        penalty_per_mille_per_day: int | None = None,
        penalty_cap_bps: int | None = None,
        retention_bps: int | None = None,
        direct_purchase_ceiling_idr: int | None = None,
        checkpoint_backdate_tolerance: Duration | None = None,
        dispute_response_window: Duration | None = None,
        adendum_cap_bps: int | None = None,
    ) -> list[TxResult]:
        """Change the named policy values, one transaction each (in the order given here).

        All values are checked against the registry's bounds before the first is sent.
        Emits ``PolicyChanged`` per value.

        Returns:
            One result per changed value.
        """
        given = {
            "min_tender_period": min_tender_period,
            "confirmation_window": confirmation_window,
            "max_bids_per_tender": max_bids_per_tender,
            "penalty_per_mille_per_day": penalty_per_mille_per_day,
            "penalty_cap_bps": penalty_cap_bps,
            "retention_bps": retention_bps,
            "direct_purchase_ceiling_idr": direct_purchase_ceiling_idr,
            "checkpoint_backdate_tolerance": checkpoint_backdate_tolerance,
            "dispute_response_window": dispute_response_window,
            "adendum_cap_bps": adendum_cap_bps,
        }
        values: dict[str, int] = {}
        for name, value in given.items():
            if value is None:
                continue
            if name in (
                "min_tender_period",
                "confirmation_window",
                "checkpoint_backdate_tolerance",
                "dispute_response_window",
            ):
                values[name] = seconds_of(value, name)
            else:
                values[name] = amount(value, name)  # type: ignore[arg-type]
        if not values:
            raise InvalidInput("set_policy needs at least one value")
        if self.checking:
            self._check_has_role(Role.GOVERNOR)
            for name, value in values.items():
                low, high = POLICY_BOUNDS[name]
                if not low <= value <= high:
                    raise InvalidParameters(f"{name} must be between {low} and {high}: {value}")
        functions = self.client.registry.functions
        return [self._send(getattr(functions, _SETTERS[n])(v)) for n, v in values.items()]

    def pause(self) -> TxResult:
        """Stop every state change of every Rantai contract. Emits ``Paused``."""
        if self.checking:
            self._check_has_role(Role.GOVERNOR)
            if self.client.call(self.client.registry.functions.paused()):
                raise WrongState("the system is already paused")
        return self._send(self.client.registry.functions.pause())

    def unpause(self) -> TxResult:
        """Resume after :meth:`pause`. Emits ``Unpaused``."""
        if self.checking:
            self._check_has_role(Role.GOVERNOR)
            if not self.client.call(self.client.registry.functions.paused()):
                raise WrongState("the system is not paused")
        return self._send(self.client.registry.functions.unpause())

    # ------------------------------------------------------------------ helpers

    def _kind(self, org_id: int) -> OrgKind:
        return self.client.organisation_record(org_id).kind

    def _check_existing(self, org_id: int) -> None:
        self._check_has_role(Role.GOVERNOR)
        if self._kind(org_id) == OrgKind.NONE:
            raise WrongState(f"organisation {org_id} does not exist")

    def _check_role_kind(self, role: Role, account: str) -> None:
        """Separation of duties: a participant role only in an organisation of its kind."""
        kinds = ROLE_ORG_KINDS.get(role.value)
        if kinds is None:
            return
        org_id = int(self.client.call(self.client.registry.functions.orgOf(account)))
        kind = self._kind(org_id) if org_id else OrgKind.NONE
        if kind.name not in kinds:
            where = (
                f"organisation {org_id} of kind {kind.name.lower()}"
                if org_id
                else "no organisation"
            )
            raise InvalidParameters(
                f"{role.value} cannot be held by {account} in {where} "
                f"(only in {' or '.join(k.lower() for k in kinds)} organisations)"
            )

    def _check_role_admin(self, role: Role) -> None:
        registry = self.client.registry.functions
        admin = bytes(self.client.call(registry.getRoleAdmin(role.role_id)))
        if not self.client.call(registry.hasRole(admin, self.address)):
            raise NotAuthorized(
                f"{self.address} may not grant or revoke {role.value} (admin role needed)",
                self.address,
                role.value,
            )


def _org_id(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= UINT64_MAX:
        raise InvalidInput(f"organisation id must be an integer 0..2^64-1: {value!r}")
    return value
