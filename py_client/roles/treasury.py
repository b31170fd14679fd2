"""The treasury's view: budget ceilings (pagu) and minting Rupiah for the pilot."""

from py_client.errors import InvalidParameters
from py_client.formatting import rupiah
from py_client.inputs import checked_address
from py_client.limits import UINT128_MAX
from py_client.models import OrgKind, Role
from py_client.receipts import TxResult
from py_client.roles.base import RoleView, amount, fiscal_year_of
from py_client.roles.governor import _org_id


class TreasuryView(RoleView):
    """Treasury actions (TREASURY role).

    Example::

        >>> client.treasury.allocate_budget(10, 2026, 50_000_000_000)  # doctest: +SKIP
        >>> client.treasury.mint("0x…", 1_000_000_000)  # doctest: +SKIP
    """

    role = Role.TREASURY

    def allocate_budget(self, org_id: int, fiscal_year: int, ceiling_idr: int) -> TxResult:
        """Set the budget ceiling of agency ``org_id`` for ``fiscal_year``.

        Emits ``BudgetAllocated``.
        """
        org_id, ceiling_idr = _org_id(org_id), amount(ceiling_idr, "ceiling")
        fiscal_year = fiscal_year_of(fiscal_year)
        if self.checking:
            self._check_participant(Role.TREASURY)
            kind = self.client.organisation_record(org_id).kind
            if kind != OrgKind.AGENCY:
                raise InvalidParameters(f"organisation {org_id} is not an agency ({kind.name})")
            committed = self.client.budget(org_id, fiscal_year).committed_idr
            if ceiling_idr < committed:
                raise InvalidParameters(
                    f"ceiling {rupiah(ceiling_idr)} is below the "
                    f"{rupiah(committed)} already committed"
                )
            if ceiling_idr > UINT128_MAX:
                raise InvalidParameters("a budget ceiling must fit 128 bits")
        fn = self.client.registry.functions.allocateBudget(org_id, fiscal_year, ceiling_idr)
        return self._send(fn)

    def mint(self, to: str, amount_idr: int) -> TxResult:
        """Mint ``amount_idr`` whole rupiah to ``to``. Emits ``Transfer`` and ``RupiahMinted``."""
        to, amount_idr = checked_address(to, "recipient"), amount(amount_idr)
        if self.checking:
            self._check_participant(Role.TREASURY)
            if amount_idr == 0:
                raise InvalidParameters("the amount to mint must be positive")
            if int(to, 16) == 0:
                raise InvalidParameters("cannot mint to the zero address")
        return self._send(self.client.token.functions.mint(to, amount_idr))
