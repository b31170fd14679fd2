"""Exceptions for the custom errors of the Rantai contracts. GENERATED: do not edit.

Regenerate with `make abi` (tools/export_client_abis.py) after changing a contract. Each class
carries its ABI signature and selector; `BY_SELECTOR` maps a revert's first four bytes to it.
"""

from typing import Any

from py_client.errors import ContractError


class AccessControlBadConfirmation(ContractError):
    """`AccessControlBadConfirmation()` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "AccessControlBadConfirmation()"
    selector = "0x6697b232"
    argument_names = ()
    argument_types = ()


class AccessControlUnauthorizedAccount(ContractError, PermissionError):
    """`AccessControlUnauthorizedAccount(address account, bytes32 neededRole)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "AccessControlUnauthorizedAccount(address,bytes32)"
    selector = "0xe2517d3f"
    argument_names = ('account', 'neededRole', )
    argument_types = ('address', 'bytes32', )

    def __init__(self, account: Any, needed_role: Any) -> None:
        super().__init__(account, needed_role)
        self.account = account
        self.needed_role = needed_role


class ERC20InsufficientAllowance(ContractError, ValueError):
    """`ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "ERC20InsufficientAllowance(address,uint256,uint256)"
    selector = "0xfb8f41b2"
    argument_names = ('spender', 'allowance', 'needed', )
    argument_types = ('address', 'uint256', 'uint256', )

    def __init__(self, spender: Any, allowance: Any, needed: Any) -> None:
        super().__init__(spender, allowance, needed)
        self.spender = spender
        self.allowance = allowance
        self.needed = needed


class ERC20InsufficientBalance(ContractError, ValueError):
    """`ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "ERC20InsufficientBalance(address,uint256,uint256)"
    selector = "0xe450d38c"
    argument_names = ('sender', 'balance', 'needed', )
    argument_types = ('address', 'uint256', 'uint256', )

    def __init__(self, sender: Any, balance: Any, needed: Any) -> None:
        super().__init__(sender, balance, needed)
        self.sender = sender
        self.balance = balance
        self.needed = needed


class ERC20InvalidApprover(ContractError, ValueError):
    """`ERC20InvalidApprover(address approver)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "ERC20InvalidApprover(address)"
    selector = "0xe602df05"
    argument_names = ('approver', )
    argument_types = ('address', )

    def __init__(self, approver: Any) -> None:
        super().__init__(approver)
        self.approver = approver


class ERC20InvalidReceiver(ContractError, ValueError):
    """`ERC20InvalidReceiver(address receiver)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "ERC20InvalidReceiver(address)"
    selector = "0xec442f05"
    argument_names = ('receiver', )
    argument_types = ('address', )

    def __init__(self, receiver: Any) -> None:
        super().__init__(receiver)
        self.receiver = receiver


class ERC20InvalidSender(ContractError, ValueError):
    """`ERC20InvalidSender(address sender)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "ERC20InvalidSender(address)"
    selector = "0x96c6fd1e"
    argument_names = ('sender', )
    argument_types = ('address', )

    def __init__(self, sender: Any) -> None:
        super().__init__(sender)
        self.sender = sender


class ERC20InvalidSpender(ContractError, ValueError):
    """`ERC20InvalidSpender(address spender)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "ERC20InvalidSpender(address)"
    selector = "0x94280d62"
    argument_names = ('spender', )
    argument_types = ('address', )

    def __init__(self, spender: Any) -> None:
        super().__init__(spender)
        self.spender = spender


class EnforcedPause(ContractError):
    """`EnforcedPause()` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "EnforcedPause()"
    selector = "0xd93c0665"
    argument_names = ()
    argument_types = ()


class ExpectedPause(ContractError):
    """`ExpectedPause()` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "ExpectedPause()"
    selector = "0x8dfc202b"
    argument_names = ()
    argument_types = ()


class FailedCall(ContractError):
    """`FailedCall()` reverted by RantaiTimelock or its base contracts."""

    contract = "RantaiTimelock"
    signature = "FailedCall()"
    selector = "0xd6bda275"
    argument_names = ()
    argument_types = ()


class OrderEscrowArbiterConflict(ContractError):
    """`OrderEscrowArbiterConflict(uint256 orderId, address member, uint64 orgId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowArbiterConflict(uint256,address,uint64)"
    selector = "0x98428676"
    argument_names = ('orderId', 'member', 'orgId', )
    argument_types = ('uint256', 'address', 'uint64', )

    def __init__(self, order_id: Any, member: Any, org_id: Any) -> None:
        super().__init__(order_id, member, org_id)
        self.order_id = order_id
        self.member = member
        self.org_id = org_id


class OrderEscrowArrivalUnconfirmed(ContractError):
    """`OrderEscrowArrivalUnconfirmed(uint256 orderId, uint256 shipmentId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowArrivalUnconfirmed(uint256,uint256)"
    selector = "0xb0a9bc1e"
    argument_names = ('orderId', 'shipmentId', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, shipment_id: Any) -> None:
        super().__init__(order_id, shipment_id)
        self.order_id = order_id
        self.shipment_id = shipment_id


class OrderEscrowConfirmationWindowOpen(ContractError):
    """`OrderEscrowConfirmationWindowOpen(uint256 shipmentId, uint256 escalableAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowConfirmationWindowOpen(uint256,uint256)"
    selector = "0x7ef0948e"
    argument_names = ('shipmentId', 'escalableAt', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, shipment_id: Any, escalable_at: Any) -> None:
        super().__init__(shipment_id, escalable_at)
        self.shipment_id = shipment_id
        self.escalable_at = escalable_at


class OrderEscrowDirectPurchaseCeilingExceeded(ContractError, ValueError):
    """`OrderEscrowDirectPurchaseCeilingExceeded(uint256 totalIdr, uint256 ceilingIdr)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowDirectPurchaseCeilingExceeded(uint256,uint256)"
    selector = "0xab936046"
    argument_names = ('totalIdr', 'ceilingIdr', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, total_idr: Any, ceiling_idr: Any) -> None:
        super().__init__(total_idr, ceiling_idr)
        self.total_idr = total_idr
        self.ceiling_idr = ceiling_idr


class OrderEscrowDisputeAlreadyResponded(ContractError):
    """`OrderEscrowDisputeAlreadyResponded(uint256 orderId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowDisputeAlreadyResponded(uint256)"
    selector = "0xa0a4932f"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class OrderEscrowDisputeOpen(ContractError):
    """`OrderEscrowDisputeOpen(uint256 orderId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowDisputeOpen(uint256)"
    selector = "0xd31df26c"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class OrderEscrowDuplicateRef(ContractError):
    """`OrderEscrowDuplicateRef(uint64 orgId, bytes32 ref, uint256 orderId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowDuplicateRef(uint64,bytes32,uint256)"
    selector = "0x338196f3"
    argument_names = ('orgId', 'ref', 'orderId', )
    argument_types = ('uint64', 'bytes32', 'uint256', )

    def __init__(self, org_id: Any, ref: Any, order_id: Any) -> None:
        super().__init__(org_id, ref, order_id)
        self.org_id = org_id
        self.ref = ref
        self.order_id = order_id


class OrderEscrowInsufficientAllowance(ContractError, ValueError):
    """`OrderEscrowInsufficientAllowance(address agency, uint256 allowanceIdr, uint256 neededIdr)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInsufficientAllowance(address,uint256,uint256)"
    selector = "0xc4ef715f"
    argument_names = ('agency', 'allowanceIdr', 'neededIdr', )
    argument_types = ('address', 'uint256', 'uint256', )

    def __init__(self, agency: Any, allowance_idr: Any, needed_idr: Any) -> None:
        super().__init__(agency, allowance_idr, needed_idr)
        self.agency = agency
        self.allowance_idr = allowance_idr
        self.needed_idr = needed_idr


class OrderEscrowInsufficientBalance(ContractError, ValueError):
    """`OrderEscrowInsufficientBalance(address agency, uint256 balanceIdr, uint256 neededIdr)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInsufficientBalance(address,uint256,uint256)"
    selector = "0xbf70c5a9"
    argument_names = ('agency', 'balanceIdr', 'neededIdr', )
    argument_types = ('address', 'uint256', 'uint256', )

    def __init__(self, agency: Any, balance_idr: Any, needed_idr: Any) -> None:
        super().__init__(agency, balance_idr, needed_idr)
        self.agency = agency
        self.balance_idr = balance_idr
        self.needed_idr = needed_idr


class OrderEscrowInvalidDeadline(ContractError, ValueError):
    """`OrderEscrowInvalidDeadline(uint64 deliveryDeadlineAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInvalidDeadline(uint64)"
    selector = "0xb67182f0"
    argument_names = ('deliveryDeadlineAt', )
    argument_types = ('uint64', )

    def __init__(self, delivery_deadline_at: Any) -> None:
        super().__init__(delivery_deadline_at)
        self.delivery_deadline_at = delivery_deadline_at


class OrderEscrowInvalidLine(ContractError, ValueError):
    """`OrderEscrowInvalidLine(uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInvalidLine(uint256)"
    selector = "0x63122f05"
    argument_names = ('lineIndex', )
    argument_types = ('uint256', )

    def __init__(self, line_index: Any) -> None:
        super().__init__(line_index)
        self.line_index = line_index


class OrderEscrowInvalidLineCount(ContractError, ValueError):
    """`OrderEscrowInvalidLineCount(uint256 lineCount)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInvalidLineCount(uint256)"
    selector = "0xafdd2c61"
    argument_names = ('lineCount', )
    argument_types = ('uint256', )

    def __init__(self, line_count: Any) -> None:
        super().__init__(line_count)
        self.line_count = line_count


class OrderEscrowInvalidMaintenancePeriod(ContractError, ValueError):
    """`OrderEscrowInvalidMaintenancePeriod(uint64 maintenancePeriodSec)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInvalidMaintenancePeriod(uint64)"
    selector = "0xd495d23a"
    argument_names = ('maintenancePeriodSec', )
    argument_types = ('uint64', )

    def __init__(self, maintenance_period_sec: Any) -> None:
        super().__init__(maintenance_period_sec)
        self.maintenance_period_sec = maintenance_period_sec


class OrderEscrowInvalidState(ContractError, ValueError):
    """`OrderEscrowInvalidState(uint256 orderId, uint8 state)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowInvalidState(uint256,uint8)"
    selector = "0x47575060"
    argument_names = ('orderId', 'state', )
    argument_types = ('uint256', 'uint8', )

    def __init__(self, order_id: Any, state: Any) -> None:
        super().__init__(order_id, state)
        self.order_id = order_id
        self.state = state


class OrderEscrowLineCountMismatch(ContractError, ValueError):
    """`OrderEscrowLineCountMismatch(uint256 shipmentId, uint256 quantityCount, uint256 lineCount)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowLineCountMismatch(uint256,uint256,uint256)"
    selector = "0x63b694dc"
    argument_names = ('shipmentId', 'quantityCount', 'lineCount', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, shipment_id: Any, quantity_count: Any, line_count: Any) -> None:
        super().__init__(shipment_id, quantity_count, line_count)
        self.shipment_id = shipment_id
        self.quantity_count = quantity_count
        self.line_count = line_count


class OrderEscrowMaintenancePeriodRunning(ContractError):
    """`OrderEscrowMaintenancePeriodRunning(uint256 orderId, uint64 retentionReleaseAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowMaintenancePeriodRunning(uint256,uint64)"
    selector = "0xd1ca6223"
    argument_names = ('orderId', 'retentionReleaseAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, order_id: Any, retention_release_at: Any) -> None:
        super().__init__(order_id, retention_release_at)
        self.order_id = order_id
        self.retention_release_at = retention_release_at


class OrderEscrowMilestoneAlreadyConfirmed(ContractError):
    """`OrderEscrowMilestoneAlreadyConfirmed(uint256 orderId, uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowMilestoneAlreadyConfirmed(uint256,uint256)"
    selector = "0x03e166d2"
    argument_names = ('orderId', 'lineIndex', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any) -> None:
        super().__init__(order_id, line_index)
        self.order_id = order_id
        self.line_index = line_index


class OrderEscrowMilestoneAlreadySubmitted(ContractError):
    """`OrderEscrowMilestoneAlreadySubmitted(uint256 orderId, uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowMilestoneAlreadySubmitted(uint256,uint256)"
    selector = "0xde54b4e0"
    argument_names = ('orderId', 'lineIndex', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any) -> None:
        super().__init__(order_id, line_index)
        self.order_id = order_id
        self.line_index = line_index


class OrderEscrowMilestoneLineInShipment(ContractError):
    """`OrderEscrowMilestoneLineInShipment(uint256 shipmentId, uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowMilestoneLineInShipment(uint256,uint256)"
    selector = "0x02599fa8"
    argument_names = ('shipmentId', 'lineIndex', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, shipment_id: Any, line_index: Any) -> None:
        super().__init__(shipment_id, line_index)
        self.shipment_id = shipment_id
        self.line_index = line_index


class OrderEscrowMilestoneNotSubmitted(ContractError):
    """`OrderEscrowMilestoneNotSubmitted(uint256 orderId, uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowMilestoneNotSubmitted(uint256,uint256)"
    selector = "0xe5513e6e"
    argument_names = ('orderId', 'lineIndex', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any) -> None:
        super().__init__(order_id, line_index)
        self.order_id = order_id
        self.line_index = line_index


class OrderEscrowMilestonesAwaitingAcceptance(ContractError):
    """`OrderEscrowMilestonesAwaitingAcceptance(uint256 orderId, uint256 count)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowMilestonesAwaitingAcceptance(uint256,uint256)"
    selector = "0x3e313142"
    argument_names = ('orderId', 'count', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, count: Any) -> None:
        super().__init__(order_id, count)
        self.order_id = order_id
        self.count = count


class OrderEscrowNoOpenDispute(ContractError):
    """`OrderEscrowNoOpenDispute(uint256 orderId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNoOpenDispute(uint256)"
    selector = "0x5aab74ac"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class OrderEscrowNotAwardAgency(ContractError):
    """`OrderEscrowNotAwardAgency(uint256 tenderId, uint64 callerOrgId, uint64 awardAgencyOrgId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNotAwardAgency(uint256,uint64,uint64)"
    selector = "0x519cdb8a"
    argument_names = ('tenderId', 'callerOrgId', 'awardAgencyOrgId', )
    argument_types = ('uint256', 'uint64', 'uint64', )

    def __init__(self, tender_id: Any, caller_org_id: Any, award_agency_org_id: Any) -> None:
        super().__init__(tender_id, caller_org_id, award_agency_org_id)
        self.tender_id = tender_id
        self.caller_org_id = caller_org_id
        self.award_agency_org_id = award_agency_org_id


class OrderEscrowNotDisputeRespondent(ContractError):
    """`OrderEscrowNotDisputeRespondent(uint256 orderId, address account)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNotDisputeRespondent(uint256,address)"
    selector = "0x207e0d2e"
    argument_names = ('orderId', 'account', )
    argument_types = ('uint256', 'address', )

    def __init__(self, order_id: Any, account: Any) -> None:
        super().__init__(order_id, account)
        self.order_id = order_id
        self.account = account


class OrderEscrowNotMilestoneLine(ContractError):
    """`OrderEscrowNotMilestoneLine(uint256 orderId, uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNotMilestoneLine(uint256,uint256)"
    selector = "0xfbb9e0c6"
    argument_names = ('orderId', 'lineIndex', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any) -> None:
        super().__init__(order_id, line_index)
        self.order_id = order_id
        self.line_index = line_index


class OrderEscrowNotOrderAgency(ContractError):
    """`OrderEscrowNotOrderAgency(uint256 orderId, address account)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNotOrderAgency(uint256,address)"
    selector = "0x39a45056"
    argument_names = ('orderId', 'account', )
    argument_types = ('uint256', 'address', )

    def __init__(self, order_id: Any, account: Any) -> None:
        super().__init__(order_id, account)
        self.order_id = order_id
        self.account = account


class OrderEscrowNotOrderParty(ContractError):
    """`OrderEscrowNotOrderParty(uint256 orderId, address account)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNotOrderParty(uint256,address)"
    selector = "0xeadd4033"
    argument_names = ('orderId', 'account', )
    argument_types = ('uint256', 'address', )

    def __init__(self, order_id: Any, account: Any) -> None:
        super().__init__(order_id, account)
        self.order_id = order_id
        self.account = account


class OrderEscrowNotOrderSupplier(ContractError):
    """`OrderEscrowNotOrderSupplier(uint256 orderId, address account)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowNotOrderSupplier(uint256,address)"
    selector = "0x117dabe4"
    argument_names = ('orderId', 'account', )
    argument_types = ('uint256', 'address', )

    def __init__(self, order_id: Any, account: Any) -> None:
        super().__init__(order_id, account)
        self.order_id = order_id
        self.account = account


class OrderEscrowReceivedExceedsRemaining(ContractError, ValueError):
    """`OrderEscrowReceivedExceedsRemaining(uint256 lineIndex, uint256 receivedQuantity, uint256 remainingQuantity)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowReceivedExceedsRemaining(uint256,uint256,uint256)"
    selector = "0xad700cbd"
    argument_names = ('lineIndex', 'receivedQuantity', 'remainingQuantity', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, line_index: Any, received_quantity: Any, remaining_quantity: Any) -> None:
        super().__init__(line_index, received_quantity, remaining_quantity)
        self.line_index = line_index
        self.received_quantity = received_quantity
        self.remaining_quantity = remaining_quantity


class OrderEscrowReceivedExceedsShipped(ContractError, ValueError):
    """`OrderEscrowReceivedExceedsShipped(uint256 lineIndex, uint256 receivedQuantity, uint256 shippedQuantity)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowReceivedExceedsShipped(uint256,uint256,uint256)"
    selector = "0x22f6ef20"
    argument_names = ('lineIndex', 'receivedQuantity', 'shippedQuantity', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, line_index: Any, received_quantity: Any, shipped_quantity: Any) -> None:
        super().__init__(line_index, received_quantity, shipped_quantity)
        self.line_index = line_index
        self.received_quantity = received_quantity
        self.shipped_quantity = shipped_quantity


class OrderEscrowResponseWindowOpen(ContractError):
    """`OrderEscrowResponseWindowOpen(uint256 orderId, uint256 respondByAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowResponseWindowOpen(uint256,uint256)"
    selector = "0xaebbf97d"
    argument_names = ('orderId', 'respondByAt', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, respond_by_at: Any) -> None:
        super().__init__(order_id, respond_by_at)
        self.order_id = order_id
        self.respond_by_at = respond_by_at


class OrderEscrowReviewWindowClosed(ContractError):
    """`OrderEscrowReviewWindowClosed(uint256 orderId, uint256 lineIndex, uint256 reviewEndsAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowReviewWindowClosed(uint256,uint256,uint256)"
    selector = "0xe2d5e2ab"
    argument_names = ('orderId', 'lineIndex', 'reviewEndsAt', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any, review_ends_at: Any) -> None:
        super().__init__(order_id, line_index, review_ends_at)
        self.order_id = order_id
        self.line_index = line_index
        self.review_ends_at = review_ends_at


class OrderEscrowReviewWindowOpen(ContractError):
    """`OrderEscrowReviewWindowOpen(uint256 orderId, uint256 lineIndex, uint256 reviewEndsAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowReviewWindowOpen(uint256,uint256,uint256)"
    selector = "0x8a4a803b"
    argument_names = ('orderId', 'lineIndex', 'reviewEndsAt', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any, review_ends_at: Any) -> None:
        super().__init__(order_id, line_index, review_ends_at)
        self.order_id = order_id
        self.line_index = line_index
        self.review_ends_at = review_ends_at


class OrderEscrowRulingMismatch(ContractError, ValueError):
    """`OrderEscrowRulingMismatch(uint256 orderId, uint256 rulingTotalIdr, uint256 heldIdr)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowRulingMismatch(uint256,uint256,uint256)"
    selector = "0x7ba06504"
    argument_names = ('orderId', 'rulingTotalIdr', 'heldIdr', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, order_id: Any, ruling_total_idr: Any, held_idr: Any) -> None:
        super().__init__(order_id, ruling_total_idr, held_idr)
        self.order_id = order_id
        self.ruling_total_idr = ruling_total_idr
        self.held_idr = held_idr


class OrderEscrowShipmentAlreadyConfirmed(ContractError):
    """`OrderEscrowShipmentAlreadyConfirmed(uint256 shipmentId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowShipmentAlreadyConfirmed(uint256)"
    selector = "0x80829a45"
    argument_names = ('shipmentId', )
    argument_types = ('uint256', )

    def __init__(self, shipment_id: Any) -> None:
        super().__init__(shipment_id)
        self.shipment_id = shipment_id


class OrderEscrowShipmentNotArrived(ContractError):
    """`OrderEscrowShipmentNotArrived(uint256 shipmentId, uint8 status)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowShipmentNotArrived(uint256,uint8)"
    selector = "0xc162b439"
    argument_names = ('shipmentId', 'status', )
    argument_types = ('uint256', 'uint8', )

    def __init__(self, shipment_id: Any, status: Any) -> None:
        super().__init__(shipment_id, status)
        self.shipment_id = shipment_id
        self.status = status


class OrderEscrowShipmentTrackingAlreadySet(ContractError):
    """`OrderEscrowShipmentTrackingAlreadySet(address shipmentTracking)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowShipmentTrackingAlreadySet(address)"
    selector = "0x014bc390"
    argument_names = ('shipmentTracking', )
    argument_types = ('address', )

    def __init__(self, shipment_tracking: Any) -> None:
        super().__init__(shipment_tracking)
        self.shipment_tracking = shipment_tracking


class OrderEscrowShipmentTrackingNotSet(ContractError):
    """`OrderEscrowShipmentTrackingNotSet()` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowShipmentTrackingNotSet()"
    selector = "0x9c789fd1"
    argument_names = ()
    argument_types = ()


class OrderEscrowTerminationTooEarly(ContractError):
    """`OrderEscrowTerminationTooEarly(uint256 orderId, uint256 terminableAt)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowTerminationTooEarly(uint256,uint256)"
    selector = "0x92092fd5"
    argument_names = ('orderId', 'terminableAt', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, terminable_at: Any) -> None:
        super().__init__(order_id, terminable_at)
        self.order_id = order_id
        self.terminable_at = terminable_at


class OrderEscrowTotalMismatch(ContractError, ValueError):
    """`OrderEscrowTotalMismatch(uint256 tenderId, uint256 linesTotalIdr, uint256 awardPriceIdr)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowTotalMismatch(uint256,uint256,uint256)"
    selector = "0x4cd71ad7"
    argument_names = ('tenderId', 'linesTotalIdr', 'awardPriceIdr', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, tender_id: Any, lines_total_idr: Any, award_price_idr: Any) -> None:
        super().__init__(tender_id, lines_total_idr, award_price_idr)
        self.tender_id = tender_id
        self.lines_total_idr = lines_total_idr
        self.award_price_idr = award_price_idr


class OrderEscrowUnauthorizedAccount(ContractError, PermissionError):
    """`OrderEscrowUnauthorizedAccount(address account, bytes32 neededRole)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowUnauthorizedAccount(address,bytes32)"
    selector = "0xaf4a097f"
    argument_names = ('account', 'neededRole', )
    argument_types = ('address', 'bytes32', )

    def __init__(self, account: Any, needed_role: Any) -> None:
        super().__init__(account, needed_role)
        self.account = account
        self.needed_role = needed_role


class OrderEscrowUnknownLine(ContractError, LookupError):
    """`OrderEscrowUnknownLine(uint256 orderId, uint256 lineIndex)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowUnknownLine(uint256,uint256)"
    selector = "0x3fd34781"
    argument_names = ('orderId', 'lineIndex', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, line_index: Any) -> None:
        super().__init__(order_id, line_index)
        self.order_id = order_id
        self.line_index = line_index


class OrderEscrowUnknownOrder(ContractError, LookupError):
    """`OrderEscrowUnknownOrder(uint256 orderId)` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowUnknownOrder(uint256)"
    selector = "0x249a527b"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class OrderEscrowZeroAddress(ContractError, ValueError):
    """`OrderEscrowZeroAddress()` reverted by OrderEscrow or its base contracts."""

    contract = "OrderEscrow"
    signature = "OrderEscrowZeroAddress()"
    selector = "0x0a1e5c6e"
    argument_names = ()
    argument_types = ()


class ReentrancyGuardReentrantCall(ContractError):
    """`ReentrancyGuardReentrantCall()` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "ReentrancyGuardReentrantCall()"
    selector = "0x3ee5aeb5"
    argument_names = ()
    argument_types = ()


class RegistryAccountAlreadyMember(ContractError):
    """`RegistryAccountAlreadyMember(address account, uint64 orgId)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryAccountAlreadyMember(address,uint64)"
    selector = "0xb9737af0"
    argument_names = ('account', 'orgId', )
    argument_types = ('address', 'uint64', )

    def __init__(self, account: Any, org_id: Any) -> None:
        super().__init__(account, org_id)
        self.account = account
        self.org_id = org_id


class RegistryAccountNotMember(ContractError):
    """`RegistryAccountNotMember(address account)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryAccountNotMember(address)"
    selector = "0xf12dac6e"
    argument_names = ('account', )
    argument_types = ('address', )

    def __init__(self, account: Any) -> None:
        super().__init__(account)
        self.account = account


class RegistryBudgetExceeded(ContractError, ValueError):
    """`RegistryBudgetExceeded(uint64 agencyOrgId, uint16 fiscalYear, uint256 requestedIdr, uint256 availableIdr)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryBudgetExceeded(uint64,uint16,uint256,uint256)"
    selector = "0xee39ff9e"
    argument_names = ('agencyOrgId', 'fiscalYear', 'requestedIdr', 'availableIdr', )
    argument_types = ('uint64', 'uint16', 'uint256', 'uint256', )

    def __init__(self, agency_org_id: Any, fiscal_year: Any, requested_idr: Any, available_idr: Any) -> None:
        super().__init__(agency_org_id, fiscal_year, requested_idr, available_idr)
        self.agency_org_id = agency_org_id
        self.fiscal_year = fiscal_year
        self.requested_idr = requested_idr
        self.available_idr = available_idr


class RegistryBudgetReleaseExceedsCommitted(ContractError, ValueError):
    """`RegistryBudgetReleaseExceedsCommitted(uint64 agencyOrgId, uint16 fiscalYear, uint256 releasedIdr, uint256 committedIdr)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryBudgetReleaseExceedsCommitted(uint64,uint16,uint256,uint256)"
    selector = "0x0ccd6eb1"
    argument_names = ('agencyOrgId', 'fiscalYear', 'releasedIdr', 'committedIdr', )
    argument_types = ('uint64', 'uint16', 'uint256', 'uint256', )

    def __init__(self, agency_org_id: Any, fiscal_year: Any, released_idr: Any, committed_idr: Any) -> None:
        super().__init__(agency_org_id, fiscal_year, released_idr, committed_idr)
        self.agency_org_id = agency_org_id
        self.fiscal_year = fiscal_year
        self.released_idr = released_idr
        self.committed_idr = committed_idr


class RegistryCeilingBelowCommitted(ContractError, ValueError):
    """`RegistryCeilingBelowCommitted(uint64 agencyOrgId, uint16 fiscalYear, uint256 ceilingIdr, uint256 committedIdr)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryCeilingBelowCommitted(uint64,uint16,uint256,uint256)"
    selector = "0xd0f54a5b"
    argument_names = ('agencyOrgId', 'fiscalYear', 'ceilingIdr', 'committedIdr', )
    argument_types = ('uint64', 'uint16', 'uint256', 'uint256', )

    def __init__(self, agency_org_id: Any, fiscal_year: Any, ceiling_idr: Any, committed_idr: Any) -> None:
        super().__init__(agency_org_id, fiscal_year, ceiling_idr, committed_idr)
        self.agency_org_id = agency_org_id
        self.fiscal_year = fiscal_year
        self.ceiling_idr = ceiling_idr
        self.committed_idr = committed_idr


class RegistryInvalidEncryptionKey(ContractError, ValueError):
    """`RegistryInvalidEncryptionKey(address account, uint256 length)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryInvalidEncryptionKey(address,uint256)"
    selector = "0xfbb78923"
    argument_names = ('account', 'length', )
    argument_types = ('address', 'uint256', )

    def __init__(self, account: Any, length: Any) -> None:
        super().__init__(account, length)
        self.account = account
        self.length = length


class RegistryInvalidGrant(ContractError, ValueError):
    """`RegistryInvalidGrant(uint256 envelopeCount, bytes32 grantHash)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryInvalidGrant(uint256,bytes32)"
    selector = "0x403998ac"
    argument_names = ('envelopeCount', 'grantHash', )
    argument_types = ('uint256', 'bytes32', )

    def __init__(self, envelope_count: Any, grant_hash: Any) -> None:
        super().__init__(envelope_count, grant_hash)
        self.envelope_count = envelope_count
        self.grant_hash = grant_hash


class RegistryInvalidOrganisation(ContractError, ValueError):
    """`RegistryInvalidOrganisation(uint64 orgId, uint8 kind)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryInvalidOrganisation(uint64,uint8)"
    selector = "0x79a0e669"
    argument_names = ('orgId', 'kind', )
    argument_types = ('uint64', 'uint8', )

    def __init__(self, org_id: Any, kind: Any) -> None:
        super().__init__(org_id, kind)
        self.org_id = org_id
        self.kind = kind


class RegistryInvalidPayoutAccount(ContractError, ValueError):
    """`RegistryInvalidPayoutAccount(uint64 orgId, address account)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryInvalidPayoutAccount(uint64,address)"
    selector = "0xb44a6b47"
    argument_names = ('orgId', 'account', )
    argument_types = ('uint64', 'address', )

    def __init__(self, org_id: Any, account: Any) -> None:
        super().__init__(org_id, account)
        self.org_id = org_id
        self.account = account


class RegistryInvalidPolicy(ContractError, ValueError):
    """`RegistryInvalidPolicy(bytes32 parameter, uint256 value)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryInvalidPolicy(bytes32,uint256)"
    selector = "0x1a377971"
    argument_names = ('parameter', 'value', )
    argument_types = ('bytes32', 'uint256', )

    def __init__(self, parameter: Any, value: Any) -> None:
        super().__init__(parameter, value)
        self.parameter = parameter
        self.value = value


class RegistryLastAdmin(ContractError):
    """`RegistryLastAdmin(bytes32 role, address account)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryLastAdmin(bytes32,address)"
    selector = "0x89c7bc24"
    argument_names = ('role', 'account', )
    argument_types = ('bytes32', 'address', )

    def __init__(self, role: Any, account: Any) -> None:
        super().__init__(role, account)
        self.role = role
        self.account = account


class RegistryMissingEncryptionKey(ContractError, LookupError):
    """`RegistryMissingEncryptionKey(address account)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryMissingEncryptionKey(address)"
    selector = "0x4058946e"
    argument_names = ('account', )
    argument_types = ('address', )

    def __init__(self, account: Any) -> None:
        super().__init__(account)
        self.account = account


class RegistryNotAGrantor(ContractError, PermissionError):
    """`RegistryNotAGrantor(address account)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryNotAGrantor(address)"
    selector = "0x5a14a9ee"
    argument_names = ('account', )
    argument_types = ('address', )

    def __init__(self, account: Any) -> None:
        super().__init__(account)
        self.account = account


class RegistryOrganisationExists(ContractError):
    """`RegistryOrganisationExists(uint64 orgId)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryOrganisationExists(uint64)"
    selector = "0xfaf579ba"
    argument_names = ('orgId', )
    argument_types = ('uint64', )

    def __init__(self, org_id: Any) -> None:
        super().__init__(org_id)
        self.org_id = org_id


class RegistryOrganisationSuspended(ContractError, PermissionError):
    """`RegistryOrganisationSuspended(uint64 orgId)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryOrganisationSuspended(uint64)"
    selector = "0x607c26c4"
    argument_names = ('orgId', )
    argument_types = ('uint64', )

    def __init__(self, org_id: Any) -> None:
        super().__init__(org_id)
        self.org_id = org_id


class RegistryRoleKindMismatch(ContractError, ValueError):
    """`RegistryRoleKindMismatch(address account, bytes32 role, uint64 orgId, uint8 kind)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryRoleKindMismatch(address,bytes32,uint64,uint8)"
    selector = "0x7d4967d9"
    argument_names = ('account', 'role', 'orgId', 'kind', )
    argument_types = ('address', 'bytes32', 'uint64', 'uint8', )

    def __init__(self, account: Any, role: Any, org_id: Any, kind: Any) -> None:
        super().__init__(account, role, org_id, kind)
        self.account = account
        self.role = role
        self.org_id = org_id
        self.kind = kind


class RegistryUnauthorizedAccount(ContractError, PermissionError):
    """`RegistryUnauthorizedAccount(address account, bytes32 neededRole)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryUnauthorizedAccount(address,bytes32)"
    selector = "0xe976e101"
    argument_names = ('account', 'neededRole', )
    argument_types = ('address', 'bytes32', )

    def __init__(self, account: Any, needed_role: Any) -> None:
        super().__init__(account, needed_role)
        self.account = account
        self.needed_role = needed_role


class RegistryUnknownOrganisation(ContractError, LookupError):
    """`RegistryUnknownOrganisation(uint64 orgId)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "RegistryUnknownOrganisation(uint64)"
    selector = "0xba849b54"
    argument_names = ('orgId', )
    argument_types = ('uint64', )

    def __init__(self, org_id: Any) -> None:
        super().__init__(org_id)
        self.org_id = org_id


class RupiahTokenMintExceedsBudgets(ContractError, ValueError):
    """`RupiahTokenMintExceedsBudgets(uint256 amountIdr, uint256 availableIdr)` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "RupiahTokenMintExceedsBudgets(uint256,uint256)"
    selector = "0x43e31ca1"
    argument_names = ('amountIdr', 'availableIdr', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, amount_idr: Any, available_idr: Any) -> None:
        super().__init__(amount_idr, available_idr)
        self.amount_idr = amount_idr
        self.available_idr = available_idr


class RupiahTokenZeroAmount(ContractError, ValueError):
    """`RupiahTokenZeroAmount()` reverted by RupiahToken or its base contracts."""

    contract = "RupiahToken"
    signature = "RupiahTokenZeroAmount()"
    selector = "0xcb2b6a6c"
    argument_names = ()
    argument_types = ()


class SafeCastOverflowedUintDowncast(ContractError):
    """`SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)` reverted by Registry or its base contracts."""

    contract = "Registry"
    signature = "SafeCastOverflowedUintDowncast(uint8,uint256)"
    selector = "0x6dfcc650"
    argument_names = ('bits', 'value', )
    argument_types = ('uint8', 'uint256', )

    def __init__(self, bits: Any, value: Any) -> None:
        super().__init__(bits, value)
        self.bits = bits
        self.value = value


class SafeERC20FailedOperation(ContractError):
    """`SafeERC20FailedOperation(address token)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "SafeERC20FailedOperation(address)"
    selector = "0x5274afe7"
    argument_names = ('token', )
    argument_types = ('address', )

    def __init__(self, token: Any) -> None:
        super().__init__(token)
        self.token = token


class ShipmentTrackingAlreadyArrived(ContractError):
    """`ShipmentTrackingAlreadyArrived(uint256 shipmentId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingAlreadyArrived(uint256)"
    selector = "0x01bd5008"
    argument_names = ('shipmentId', )
    argument_types = ('uint256', )

    def __init__(self, shipment_id: Any) -> None:
        super().__init__(shipment_id)
        self.shipment_id = shipment_id


class ShipmentTrackingCheckpointBeforeRegistration(ContractError):
    """`ShipmentTrackingCheckpointBeforeRegistration(uint256 shipmentId, uint64 occurredAt, uint64 earliestAt)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingCheckpointBeforeRegistration(uint256,uint64,uint64)"
    selector = "0x363b2c81"
    argument_names = ('shipmentId', 'occurredAt', 'earliestAt', )
    argument_types = ('uint256', 'uint64', 'uint64', )

    def __init__(self, shipment_id: Any, occurred_at: Any, earliest_at: Any) -> None:
        super().__init__(shipment_id, occurred_at, earliest_at)
        self.shipment_id = shipment_id
        self.occurred_at = occurred_at
        self.earliest_at = earliest_at


class ShipmentTrackingCheckpointInFuture(ContractError):
    """`ShipmentTrackingCheckpointInFuture(uint64 occurredAt, uint256 nowAt)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingCheckpointInFuture(uint64,uint256)"
    selector = "0x2f3942e8"
    argument_names = ('occurredAt', 'nowAt', )
    argument_types = ('uint64', 'uint256', )

    def __init__(self, occurred_at: Any, now_at: Any) -> None:
        super().__init__(occurred_at, now_at)
        self.occurred_at = occurred_at
        self.now_at = now_at


class ShipmentTrackingCheckpointOutOfOrder(ContractError):
    """`ShipmentTrackingCheckpointOutOfOrder(uint64 occurredAt, uint64 previousOccurredAt)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingCheckpointOutOfOrder(uint64,uint64)"
    selector = "0x84242d12"
    argument_names = ('occurredAt', 'previousOccurredAt', )
    argument_types = ('uint64', 'uint64', )

    def __init__(self, occurred_at: Any, previous_occurred_at: Any) -> None:
        super().__init__(occurred_at, previous_occurred_at)
        self.occurred_at = occurred_at
        self.previous_occurred_at = previous_occurred_at


class ShipmentTrackingCustodianActive(ContractError):
    """`ShipmentTrackingCustodianActive(uint256 shipmentId, address custodian)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingCustodianActive(uint256,address)"
    selector = "0xb3c6a606"
    argument_names = ('shipmentId', 'custodian', )
    argument_types = ('uint256', 'address', )

    def __init__(self, shipment_id: Any, custodian: Any) -> None:
        super().__init__(shipment_id, custodian)
        self.shipment_id = shipment_id
        self.custodian = custodian


class ShipmentTrackingDuplicateCheckpointRef(ContractError):
    """`ShipmentTrackingDuplicateCheckpointRef(uint64 orgId, bytes32 ref, uint256 shipmentId, uint32 index)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingDuplicateCheckpointRef(uint64,bytes32,uint256,uint32)"
    selector = "0x2ae52980"
    argument_names = ('orgId', 'ref', 'shipmentId', 'index', )
    argument_types = ('uint64', 'bytes32', 'uint256', 'uint32', )

    def __init__(self, org_id: Any, ref: Any, shipment_id: Any, index: Any) -> None:
        super().__init__(org_id, ref, shipment_id, index)
        self.org_id = org_id
        self.ref = ref
        self.shipment_id = shipment_id
        self.index = index


class ShipmentTrackingDuplicateShipmentRef(ContractError):
    """`ShipmentTrackingDuplicateShipmentRef(uint64 orgId, bytes32 ref, uint256 shipmentId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingDuplicateShipmentRef(uint64,bytes32,uint256)"
    selector = "0xf510f3a0"
    argument_names = ('orgId', 'ref', 'shipmentId', )
    argument_types = ('uint64', 'bytes32', 'uint256', )

    def __init__(self, org_id: Any, ref: Any, shipment_id: Any) -> None:
        super().__init__(org_id, ref, shipment_id)
        self.org_id = org_id
        self.ref = ref
        self.shipment_id = shipment_id


class ShipmentTrackingExpectedArrivalNotInFuture(ContractError):
    """`ShipmentTrackingExpectedArrivalNotInFuture(uint64 expectedArrivalAt, uint256 nowAt)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingExpectedArrivalNotInFuture(uint64,uint256)"
    selector = "0x9d3775cd"
    argument_names = ('expectedArrivalAt', 'nowAt', )
    argument_types = ('uint64', 'uint256', )

    def __init__(self, expected_arrival_at: Any, now_at: Any) -> None:
        super().__init__(expected_arrival_at, now_at)
        self.expected_arrival_at = expected_arrival_at
        self.now_at = now_at


class ShipmentTrackingInvalidCheckpointKind(ContractError, ValueError):
    """`ShipmentTrackingInvalidCheckpointKind(uint256 shipmentId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingInvalidCheckpointKind(uint256)"
    selector = "0xe5e61467"
    argument_names = ('shipmentId', )
    argument_types = ('uint256', )

    def __init__(self, shipment_id: Any) -> None:
        super().__init__(shipment_id)
        self.shipment_id = shipment_id


class ShipmentTrackingInvalidCoordinates(ContractError, ValueError):
    """`ShipmentTrackingInvalidCoordinates(int32 latitudeE6, int32 longitudeE6)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingInvalidCoordinates(int32,int32)"
    selector = "0x60c96e57"
    argument_names = ('latitudeE6', 'longitudeE6', )
    argument_types = ('int32', 'int32', )

    def __init__(self, latitude_e6: Any, longitude_e6: Any) -> None:
        super().__init__(latitude_e6, longitude_e6)
        self.latitude_e6 = latitude_e6
        self.longitude_e6 = longitude_e6


class ShipmentTrackingInvalidNominee(ContractError, ValueError):
    """`ShipmentTrackingInvalidNominee(uint256 shipmentId, address nominee)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingInvalidNominee(uint256,address)"
    selector = "0x56ccdf33"
    argument_names = ('shipmentId', 'nominee', )
    argument_types = ('uint256', 'address', )

    def __init__(self, shipment_id: Any, nominee: Any) -> None:
        super().__init__(shipment_id, nominee)
        self.shipment_id = shipment_id
        self.nominee = nominee


class ShipmentTrackingInvalidQuantities(ContractError, ValueError):
    """`ShipmentTrackingInvalidQuantities(uint256 orderId, uint256 length, uint16 lineCount)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingInvalidQuantities(uint256,uint256,uint16)"
    selector = "0xa4a46a79"
    argument_names = ('orderId', 'length', 'lineCount', )
    argument_types = ('uint256', 'uint256', 'uint16', )

    def __init__(self, order_id: Any, length: Any, line_count: Any) -> None:
        super().__init__(order_id, length, line_count)
        self.order_id = order_id
        self.length = length
        self.line_count = line_count


class ShipmentTrackingMissingLocation(ContractError):
    """`ShipmentTrackingMissingLocation(uint256 shipmentId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingMissingLocation(uint256)"
    selector = "0x3f5a9fa7"
    argument_names = ('shipmentId', )
    argument_types = ('uint256', )

    def __init__(self, shipment_id: Any) -> None:
        super().__init__(shipment_id)
        self.shipment_id = shipment_id


class ShipmentTrackingMissingRef(ContractError):
    """`ShipmentTrackingMissingRef()` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingMissingRef()"
    selector = "0xb4273ebf"
    argument_names = ()
    argument_types = ()


class ShipmentTrackingNotCustodian(ContractError):
    """`ShipmentTrackingNotCustodian(uint256 shipmentId, address caller, address custodian)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingNotCustodian(uint256,address,address)"
    selector = "0xad50f0ff"
    argument_names = ('shipmentId', 'caller', 'custodian', )
    argument_types = ('uint256', 'address', 'address', )

    def __init__(self, shipment_id: Any, caller: Any, custodian: Any) -> None:
        super().__init__(shipment_id, caller, custodian)
        self.shipment_id = shipment_id
        self.caller = caller
        self.custodian = custodian


class ShipmentTrackingNotNominee(ContractError):
    """`ShipmentTrackingNotNominee(uint256 shipmentId, address caller, address nominee)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingNotNominee(uint256,address,address)"
    selector = "0xcbeef020"
    argument_names = ('shipmentId', 'caller', 'nominee', )
    argument_types = ('uint256', 'address', 'address', )

    def __init__(self, shipment_id: Any, caller: Any, nominee: Any) -> None:
        super().__init__(shipment_id, caller, nominee)
        self.shipment_id = shipment_id
        self.caller = caller
        self.nominee = nominee


class ShipmentTrackingNotOrderSupplier(ContractError):
    """`ShipmentTrackingNotOrderSupplier(uint256 orderId, address caller, address supplier)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingNotOrderSupplier(uint256,address,address)"
    selector = "0x477b221c"
    argument_names = ('orderId', 'caller', 'supplier', )
    argument_types = ('uint256', 'address', 'address', )

    def __init__(self, order_id: Any, caller: Any, supplier: Any) -> None:
        super().__init__(order_id, caller, supplier)
        self.order_id = order_id
        self.caller = caller
        self.supplier = supplier


class ShipmentTrackingNothingShipped(ContractError):
    """`ShipmentTrackingNothingShipped(uint256 orderId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingNothingShipped(uint256)"
    selector = "0x99523233"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class ShipmentTrackingOrderDisputed(ContractError):
    """`ShipmentTrackingOrderDisputed(uint256 orderId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingOrderDisputed(uint256)"
    selector = "0x1134ccdf"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class ShipmentTrackingOrderNotActive(ContractError):
    """`ShipmentTrackingOrderNotActive(uint256 orderId, uint8 state)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingOrderNotActive(uint256,uint8)"
    selector = "0x861b4011"
    argument_names = ('orderId', 'state', )
    argument_types = ('uint256', 'uint8', )

    def __init__(self, order_id: Any, state: Any) -> None:
        super().__init__(order_id, state)
        self.order_id = order_id
        self.state = state


class ShipmentTrackingQuantityTooLarge(ContractError):
    """`ShipmentTrackingQuantityTooLarge(uint256 line, uint256 quantity)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingQuantityTooLarge(uint256,uint256)"
    selector = "0xfa75b4c7"
    argument_names = ('line', 'quantity', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, line: Any, quantity: Any) -> None:
        super().__init__(line, quantity)
        self.line = line
        self.quantity = quantity


class ShipmentTrackingTooManyShipments(ContractError, ValueError):
    """`ShipmentTrackingTooManyShipments(uint256 orderId, uint256 maxShipments)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingTooManyShipments(uint256,uint256)"
    selector = "0xa6f78cbc"
    argument_names = ('orderId', 'maxShipments', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, order_id: Any, max_shipments: Any) -> None:
        super().__init__(order_id, max_shipments)
        self.order_id = order_id
        self.max_shipments = max_shipments


class ShipmentTrackingUnknownShipment(ContractError, LookupError):
    """`ShipmentTrackingUnknownShipment(uint256 shipmentId)` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingUnknownShipment(uint256)"
    selector = "0x5f071299"
    argument_names = ('shipmentId', )
    argument_types = ('uint256', )

    def __init__(self, shipment_id: Any) -> None:
        super().__init__(shipment_id)
        self.shipment_id = shipment_id


class ShipmentTrackingZeroAddress(ContractError, ValueError):
    """`ShipmentTrackingZeroAddress()` reverted by ShipmentTracking or its base contracts."""

    contract = "ShipmentTracking"
    signature = "ShipmentTrackingZeroAddress()"
    selector = "0x66164040"
    argument_names = ()
    argument_types = ()


class TenderingAcceptanceClosed(ContractError):
    """`TenderingAcceptanceClosed(uint256 tenderId, uint64 acceptBy)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingAcceptanceClosed(uint256,uint64)"
    selector = "0xb8f86b55"
    argument_names = ('tenderId', 'acceptBy', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, accept_by: Any) -> None:
        super().__init__(tender_id, accept_by)
        self.tender_id = tender_id
        self.accept_by = accept_by


class TenderingAcceptanceOpen(ContractError):
    """`TenderingAcceptanceOpen(uint256 tenderId, uint64 acceptBy)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingAcceptanceOpen(uint256,uint64)"
    selector = "0xc0a7d763"
    argument_names = ('tenderId', 'acceptBy', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, accept_by: Any) -> None:
        super().__init__(tender_id, accept_by)
        self.tender_id = tender_id
        self.accept_by = accept_by


class TenderingAlreadyBid(ContractError):
    """`TenderingAlreadyBid(uint256 tenderId, address bidder)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingAlreadyBid(uint256,address)"
    selector = "0x08cd77cb"
    argument_names = ('tenderId', 'bidder', )
    argument_types = ('uint256', 'address', )

    def __init__(self, tender_id: Any, bidder: Any) -> None:
        super().__init__(tender_id, bidder)
        self.tender_id = tender_id
        self.bidder = bidder


class TenderingAwardAlreadyOrdered(ContractError):
    """`TenderingAwardAlreadyOrdered(uint256 tenderId, uint256 existingOrderId)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingAwardAlreadyOrdered(uint256,uint256)"
    selector = "0x94946fc6"
    argument_names = ('tenderId', 'existingOrderId', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, tender_id: Any, existing_order_id: Any) -> None:
        super().__init__(tender_id, existing_order_id)
        self.tender_id = tender_id
        self.existing_order_id = existing_order_id


class TenderingAwardOnHold(ContractError):
    """`TenderingAwardOnHold(uint256 tenderId, uint64 objectionEndsAt, uint16 pendingObjections)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingAwardOnHold(uint256,uint64,uint16)"
    selector = "0xeeab1f84"
    argument_names = ('tenderId', 'objectionEndsAt', 'pendingObjections', )
    argument_types = ('uint256', 'uint64', 'uint16', )

    def __init__(self, tender_id: Any, objection_ends_at: Any, pending_objections: Any) -> None:
        super().__init__(tender_id, objection_ends_at, pending_objections)
        self.tender_id = tender_id
        self.objection_ends_at = objection_ends_at
        self.pending_objections = pending_objections


class TenderingBidPeriodTooShort(ContractError):
    """`TenderingBidPeriodTooShort(uint64 bidDeadlineAt, uint256 earliestAllowedAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingBidPeriodTooShort(uint64,uint256)"
    selector = "0x24816afb"
    argument_names = ('bidDeadlineAt', 'earliestAllowedAt', )
    argument_types = ('uint64', 'uint256', )

    def __init__(self, bid_deadline_at: Any, earliest_allowed_at: Any) -> None:
        super().__init__(bid_deadline_at, earliest_allowed_at)
        self.bid_deadline_at = bid_deadline_at
        self.earliest_allowed_at = earliest_allowed_at


class TenderingBidderChangedOrganisation(ContractError):
    """`TenderingBidderChangedOrganisation(uint256 tenderId, address bidder, uint64 bidOrgId, uint64 currentOrgId)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingBidderChangedOrganisation(uint256,address,uint64,uint64)"
    selector = "0xed1ce2c3"
    argument_names = ('tenderId', 'bidder', 'bidOrgId', 'currentOrgId', )
    argument_types = ('uint256', 'address', 'uint64', 'uint64', )

    def __init__(self, tender_id: Any, bidder: Any, bid_org_id: Any, current_org_id: Any) -> None:
        super().__init__(tender_id, bidder, bid_org_id, current_org_id)
        self.tender_id = tender_id
        self.bidder = bidder
        self.bid_org_id = bid_org_id
        self.current_org_id = current_org_id


class TenderingBiddingClosed(ContractError):
    """`TenderingBiddingClosed(uint256 tenderId, uint64 bidDeadlineAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingBiddingClosed(uint256,uint64)"
    selector = "0x5953bf4e"
    argument_names = ('tenderId', 'bidDeadlineAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, bid_deadline_at: Any) -> None:
        super().__init__(tender_id, bid_deadline_at)
        self.tender_id = tender_id
        self.bid_deadline_at = bid_deadline_at


class TenderingBondNotReturnable(ContractError):
    """`TenderingBondNotReturnable(uint256 tenderId, uint64 returnableAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingBondNotReturnable(uint256,uint64)"
    selector = "0x6eec189e"
    argument_names = ('tenderId', 'returnableAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, returnable_at: Any) -> None:
        super().__init__(tender_id, returnable_at)
        self.tender_id = tender_id
        self.returnable_at = returnable_at


class TenderingBondTooLow(ContractError):
    """`TenderingBondTooLow(uint256 bondIdr, uint256 minBondIdr)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingBondTooLow(uint256,uint256)"
    selector = "0xf49c75b9"
    argument_names = ('bondIdr', 'minBondIdr', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, bond_idr: Any, min_bond_idr: Any) -> None:
        super().__init__(bond_idr, min_bond_idr)
        self.bond_idr = bond_idr
        self.min_bond_idr = min_bond_idr


class TenderingCannotObject(ContractError):
    """`TenderingCannotObject(uint256 tenderId, address bidder, uint8 state, uint8 objection)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingCannotObject(uint256,address,uint8,uint8)"
    selector = "0x85e7aaa3"
    argument_names = ('tenderId', 'bidder', 'state', 'objection', )
    argument_types = ('uint256', 'address', 'uint8', 'uint8', )

    def __init__(self, tender_id: Any, bidder: Any, state: Any, objection: Any) -> None:
        super().__init__(tender_id, bidder, state, objection)
        self.tender_id = tender_id
        self.bidder = bidder
        self.state = state
        self.objection = objection


class TenderingCommitmentMismatch(ContractError, ValueError):
    """`TenderingCommitmentMismatch(uint256 tenderId, address bidder)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingCommitmentMismatch(uint256,address)"
    selector = "0x69c3bc6a"
    argument_names = ('tenderId', 'bidder', )
    argument_types = ('uint256', 'address', )

    def __init__(self, tender_id: Any, bidder: Any) -> None:
        super().__init__(tender_id, bidder)
        self.tender_id = tender_id
        self.bidder = bidder


class TenderingDeliveryOutsidePeriod(ContractError):
    """`TenderingDeliveryOutsidePeriod(uint256 tenderId, uint64 deliveryDeadlineAt, uint64 deliveryFromAt, uint64 deliveryUntilAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingDeliveryOutsidePeriod(uint256,uint64,uint64,uint64)"
    selector = "0x95f2f4e6"
    argument_names = ('tenderId', 'deliveryDeadlineAt', 'deliveryFromAt', 'deliveryUntilAt', )
    argument_types = ('uint256', 'uint64', 'uint64', 'uint64', )

    def __init__(self, tender_id: Any, delivery_deadline_at: Any, delivery_from_at: Any, delivery_until_at: Any) -> None:
        super().__init__(tender_id, delivery_deadline_at, delivery_from_at, delivery_until_at)
        self.tender_id = tender_id
        self.delivery_deadline_at = delivery_deadline_at
        self.delivery_from_at = delivery_from_at
        self.delivery_until_at = delivery_until_at


class TenderingInvalidBond(ContractError, ValueError):
    """`TenderingInvalidBond(uint256 bondIdr)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingInvalidBond(uint256)"
    selector = "0x8d886502"
    argument_names = ('bondIdr', )
    argument_types = ('uint256', )

    def __init__(self, bond_idr: Any) -> None:
        super().__init__(bond_idr)
        self.bond_idr = bond_idr


class TenderingInvalidDeliveryPeriod(ContractError, ValueError):
    """`TenderingInvalidDeliveryPeriod(uint64 deliveryFromAt, uint64 deliveryUntilAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingInvalidDeliveryPeriod(uint64,uint64)"
    selector = "0x632ecf9f"
    argument_names = ('deliveryFromAt', 'deliveryUntilAt', )
    argument_types = ('uint64', 'uint64', )

    def __init__(self, delivery_from_at: Any, delivery_until_at: Any) -> None:
        super().__init__(delivery_from_at, delivery_until_at)
        self.delivery_from_at = delivery_from_at
        self.delivery_until_at = delivery_until_at


class TenderingInvalidHps(ContractError, ValueError):
    """`TenderingInvalidHps(uint256 hpsIdr)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingInvalidHps(uint256)"
    selector = "0x618476df"
    argument_names = ('hpsIdr', )
    argument_types = ('uint256', )

    def __init__(self, hps_idr: Any) -> None:
        super().__init__(hps_idr)
        self.hps_idr = hps_idr


class TenderingInvalidItemCount(ContractError, ValueError):
    """`TenderingInvalidItemCount(uint256 count, uint256 maxItems)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingInvalidItemCount(uint256,uint256)"
    selector = "0x13d46ac4"
    argument_names = ('count', 'maxItems', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, count: Any, max_items: Any) -> None:
        super().__init__(count, max_items)
        self.count = count
        self.max_items = max_items


class TenderingInvalidOrderId(ContractError, ValueError):
    """`TenderingInvalidOrderId(uint256 orderId)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingInvalidOrderId(uint256)"
    selector = "0x3288aaaf"
    argument_names = ('orderId', )
    argument_types = ('uint256', )

    def __init__(self, order_id: Any) -> None:
        super().__init__(order_id)
        self.order_id = order_id


class TenderingInvalidQuantity(ContractError, ValueError):
    """`TenderingInvalidQuantity(uint256 index)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingInvalidQuantity(uint256)"
    selector = "0x2b4719b3"
    argument_names = ('index', )
    argument_types = ('uint256', )

    def __init__(self, index: Any) -> None:
        super().__init__(index)
        self.index = index


class TenderingItemsMismatch(ContractError, ValueError):
    """`TenderingItemsMismatch(uint256 tenderId, bytes32 linesHash, bytes32 itemsHash)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingItemsMismatch(uint256,bytes32,bytes32)"
    selector = "0xf4995b36"
    argument_names = ('tenderId', 'linesHash', 'itemsHash', )
    argument_types = ('uint256', 'bytes32', 'bytes32', )

    def __init__(self, tender_id: Any, lines_hash: Any, items_hash: Any) -> None:
        super().__init__(tender_id, lines_hash, items_hash)
        self.tender_id = tender_id
        self.lines_hash = lines_hash
        self.items_hash = items_hash


class TenderingNoPendingObjection(ContractError):
    """`TenderingNoPendingObjection(uint256 tenderId, address objector)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingNoPendingObjection(uint256,address)"
    selector = "0xa51eef8f"
    argument_names = ('tenderId', 'objector', )
    argument_types = ('uint256', 'address', )

    def __init__(self, tender_id: Any, objector: Any) -> None:
        super().__init__(tender_id, objector)
        self.tender_id = tender_id
        self.objector = objector


class TenderingNotAwarded(ContractError):
    """`TenderingNotAwarded(uint256 tenderId, uint8 status)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingNotAwarded(uint256,uint8)"
    selector = "0x4a4d487b"
    argument_names = ('tenderId', 'status', )
    argument_types = ('uint256', 'uint8', )

    def __init__(self, tender_id: Any, status: Any) -> None:
        super().__init__(tender_id, status)
        self.tender_id = tender_id
        self.status = status


class TenderingNotCurrentOrder(ContractError):
    """`TenderingNotCurrentOrder(uint256 tenderId, uint256 orderId, uint256 currentOrderId)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingNotCurrentOrder(uint256,uint256,uint256)"
    selector = "0xe7e6452a"
    argument_names = ('tenderId', 'orderId', 'currentOrderId', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, tender_id: Any, order_id: Any, current_order_id: Any) -> None:
        super().__init__(tender_id, order_id, current_order_id)
        self.tender_id = tender_id
        self.order_id = order_id
        self.current_order_id = current_order_id


class TenderingNotOpen(ContractError):
    """`TenderingNotOpen(uint256 tenderId, uint8 status)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingNotOpen(uint256,uint8)"
    selector = "0x08aee665"
    argument_names = ('tenderId', 'status', )
    argument_types = ('uint256', 'uint8', )

    def __init__(self, tender_id: Any, status: Any) -> None:
        super().__init__(tender_id, status)
        self.tender_id = tender_id
        self.status = status


class TenderingNotTenderAgency(ContractError):
    """`TenderingNotTenderAgency(uint256 tenderId, address account)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingNotTenderAgency(uint256,address)"
    selector = "0x91a3a383"
    argument_names = ('tenderId', 'account', )
    argument_types = ('uint256', 'address', )

    def __init__(self, tender_id: Any, account: Any) -> None:
        super().__init__(tender_id, account)
        self.tender_id = tender_id
        self.account = account


class TenderingObjectionClosed(ContractError):
    """`TenderingObjectionClosed(uint256 tenderId, uint64 objectionEndsAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingObjectionClosed(uint256,uint64)"
    selector = "0xa0b924a5"
    argument_names = ('tenderId', 'objectionEndsAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, objection_ends_at: Any) -> None:
        super().__init__(tender_id, objection_ends_at)
        self.tender_id = tender_id
        self.objection_ends_at = objection_ends_at


class TenderingOrganisationAlreadyBid(ContractError):
    """`TenderingOrganisationAlreadyBid(uint256 tenderId, uint64 orgId, address existingBidder)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingOrganisationAlreadyBid(uint256,uint64,address)"
    selector = "0x62ad555c"
    argument_names = ('tenderId', 'orgId', 'existingBidder', )
    argument_types = ('uint256', 'uint64', 'address', )

    def __init__(self, tender_id: Any, org_id: Any, existing_bidder: Any) -> None:
        super().__init__(tender_id, org_id, existing_bidder)
        self.tender_id = tender_id
        self.org_id = org_id
        self.existing_bidder = existing_bidder


class TenderingReasonRequired(ContractError):
    """`TenderingReasonRequired(uint256 tenderId)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingReasonRequired(uint256)"
    selector = "0x2d6faad3"
    argument_names = ('tenderId', )
    argument_types = ('uint256', )

    def __init__(self, tender_id: Any) -> None:
        super().__init__(tender_id)
        self.tender_id = tender_id


class TenderingRevealClosed(ContractError):
    """`TenderingRevealClosed(uint256 tenderId, uint64 revealDeadlineAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingRevealClosed(uint256,uint64)"
    selector = "0x433d1ced"
    argument_names = ('tenderId', 'revealDeadlineAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, reveal_deadline_at: Any) -> None:
        super().__init__(tender_id, reveal_deadline_at)
        self.tender_id = tender_id
        self.reveal_deadline_at = reveal_deadline_at


class TenderingRevealNotOpen(ContractError):
    """`TenderingRevealNotOpen(uint256 tenderId, uint64 bidDeadlineAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingRevealNotOpen(uint256,uint64)"
    selector = "0x45ddf8af"
    argument_names = ('tenderId', 'bidDeadlineAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, bid_deadline_at: Any) -> None:
        super().__init__(tender_id, bid_deadline_at)
        self.tender_id = tender_id
        self.bid_deadline_at = bid_deadline_at


class TenderingRevealPeriodNotOver(ContractError):
    """`TenderingRevealPeriodNotOver(uint256 tenderId, uint64 revealDeadlineAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingRevealPeriodNotOver(uint256,uint64)"
    selector = "0xde284258"
    argument_names = ('tenderId', 'revealDeadlineAt', )
    argument_types = ('uint256', 'uint64', )

    def __init__(self, tender_id: Any, reveal_deadline_at: Any) -> None:
        super().__init__(tender_id, reveal_deadline_at)
        self.tender_id = tender_id
        self.reveal_deadline_at = reveal_deadline_at


class TenderingRevealPeriodTooShort(ContractError):
    """`TenderingRevealPeriodTooShort(uint64 revealDeadlineAt, uint256 earliestAllowedAt)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingRevealPeriodTooShort(uint64,uint256)"
    selector = "0x7eedb731"
    argument_names = ('revealDeadlineAt', 'earliestAllowedAt', )
    argument_types = ('uint64', 'uint256', )

    def __init__(self, reveal_deadline_at: Any, earliest_allowed_at: Any) -> None:
        super().__init__(reveal_deadline_at, earliest_allowed_at)
        self.reveal_deadline_at = reveal_deadline_at
        self.earliest_allowed_at = earliest_allowed_at


class TenderingTooManyBids(ContractError, ValueError):
    """`TenderingTooManyBids(uint256 tenderId, uint32 maxBids)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingTooManyBids(uint256,uint32)"
    selector = "0xf107cd42"
    argument_names = ('tenderId', 'maxBids', )
    argument_types = ('uint256', 'uint32', )

    def __init__(self, tender_id: Any, max_bids: Any) -> None:
        super().__init__(tender_id, max_bids)
        self.tender_id = tender_id
        self.max_bids = max_bids


class TenderingUnauthorizedEscrow(ContractError, PermissionError):
    """`TenderingUnauthorizedEscrow(address caller)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingUnauthorizedEscrow(address)"
    selector = "0xa9bc738f"
    argument_names = ('caller', )
    argument_types = ('address', )

    def __init__(self, caller: Any) -> None:
        super().__init__(caller)
        self.caller = caller


class TenderingUnknownTender(ContractError, LookupError):
    """`TenderingUnknownTender(uint256 tenderId)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingUnknownTender(uint256)"
    selector = "0x6b45f7cf"
    argument_names = ('tenderId', )
    argument_types = ('uint256', )

    def __init__(self, tender_id: Any) -> None:
        super().__init__(tender_id)
        self.tender_id = tender_id


class TenderingWrongBidState(ContractError):
    """`TenderingWrongBidState(uint256 tenderId, address bidder, uint8 state)` reverted by Tendering or its base contracts."""

    contract = "Tendering"
    signature = "TenderingWrongBidState(uint256,address,uint8)"
    selector = "0x47136f98"
    argument_names = ('tenderId', 'bidder', 'state', )
    argument_types = ('uint256', 'address', 'uint8', )

    def __init__(self, tender_id: Any, bidder: Any, state: Any) -> None:
        super().__init__(tender_id, bidder, state)
        self.tender_id = tender_id
        self.bidder = bidder
        self.state = state


class TimelockInsufficientDelay(ContractError, ValueError):
    """`TimelockInsufficientDelay(uint256 delay, uint256 minDelay)` reverted by RantaiTimelock or its base contracts."""

    contract = "RantaiTimelock"
    signature = "TimelockInsufficientDelay(uint256,uint256)"
    selector = "0x54336609"
    argument_names = ('delay', 'minDelay', )
    argument_types = ('uint256', 'uint256', )

    def __init__(self, delay: Any, min_delay: Any) -> None:
        super().__init__(delay, min_delay)
        self.delay = delay
        self.min_delay = min_delay


class TimelockInvalidOperationLength(ContractError, ValueError):
    """`TimelockInvalidOperationLength(uint256 targets, uint256 payloads, uint256 values)` reverted by RantaiTimelock or its base contracts."""

    contract = "RantaiTimelock"
    signature = "TimelockInvalidOperationLength(uint256,uint256,uint256)"
    selector = "0xffb03211"
    argument_names = ('targets', 'payloads', 'values', )
    argument_types = ('uint256', 'uint256', 'uint256', )

    def __init__(self, targets: Any, payloads: Any, values: Any) -> None:
        super().__init__(targets, payloads, values)
        self.targets = targets
        self.payloads = payloads
        self.values = values


class TimelockUnauthorizedCaller(ContractError, PermissionError):
    """`TimelockUnauthorizedCaller(address caller)` reverted by RantaiTimelock or its base contracts."""

    contract = "RantaiTimelock"
    signature = "TimelockUnauthorizedCaller(address)"
    selector = "0xe2850c59"
    argument_names = ('caller', )
    argument_types = ('address', )

    def __init__(self, caller: Any) -> None:
        super().__init__(caller)
        self.caller = caller


class TimelockUnexecutedPredecessor(ContractError):
    """`TimelockUnexecutedPredecessor(bytes32 predecessorId)` reverted by RantaiTimelock or its base contracts."""

    contract = "RantaiTimelock"
    signature = "TimelockUnexecutedPredecessor(bytes32)"
    selector = "0x90a9a618"
    argument_names = ('predecessorId', )
    argument_types = ('bytes32', )

    def __init__(self, predecessor_id: Any) -> None:
        super().__init__(predecessor_id)
        self.predecessor_id = predecessor_id


class TimelockUnexpectedOperationState(ContractError):
    """`TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates)` reverted by RantaiTimelock or its base contracts."""

    contract = "RantaiTimelock"
    signature = "TimelockUnexpectedOperationState(bytes32,bytes32)"
    selector = "0x5ead8eb5"
    argument_names = ('operationId', 'expectedStates', )
    argument_types = ('bytes32', 'bytes32', )

    def __init__(self, operation_id: Any, expected_states: Any) -> None:
        super().__init__(operation_id, expected_states)
        self.operation_id = operation_id
        self.expected_states = expected_states


BY_SELECTOR: dict[str, type[ContractError]] = {
    "0x6697b232": AccessControlBadConfirmation,
    "0xe2517d3f": AccessControlUnauthorizedAccount,
    "0xfb8f41b2": ERC20InsufficientAllowance,
    "0xe450d38c": ERC20InsufficientBalance,
    "0xe602df05": ERC20InvalidApprover,
    "0xec442f05": ERC20InvalidReceiver,
    "0x96c6fd1e": ERC20InvalidSender,
    "0x94280d62": ERC20InvalidSpender,
    "0xd93c0665": EnforcedPause,
    "0x8dfc202b": ExpectedPause,
    "0xd6bda275": FailedCall,
    "0x98428676": OrderEscrowArbiterConflict,
    "0xb0a9bc1e": OrderEscrowArrivalUnconfirmed,
    "0x7ef0948e": OrderEscrowConfirmationWindowOpen,
    "0xab936046": OrderEscrowDirectPurchaseCeilingExceeded,
    "0xa0a4932f": OrderEscrowDisputeAlreadyResponded,
    "0xd31df26c": OrderEscrowDisputeOpen,
    "0x338196f3": OrderEscrowDuplicateRef,
    "0xc4ef715f": OrderEscrowInsufficientAllowance,
    "0xbf70c5a9": OrderEscrowInsufficientBalance,
    "0xb67182f0": OrderEscrowInvalidDeadline,
    "0x63122f05": OrderEscrowInvalidLine,
    "0xafdd2c61": OrderEscrowInvalidLineCount,
    "0xd495d23a": OrderEscrowInvalidMaintenancePeriod,
    "0x47575060": OrderEscrowInvalidState,
    "0x63b694dc": OrderEscrowLineCountMismatch,
    "0xd1ca6223": OrderEscrowMaintenancePeriodRunning,
    "0x03e166d2": OrderEscrowMilestoneAlreadyConfirmed,
    "0xde54b4e0": OrderEscrowMilestoneAlreadySubmitted,
    "0x02599fa8": OrderEscrowMilestoneLineInShipment,
    "0xe5513e6e": OrderEscrowMilestoneNotSubmitted,
    "0x3e313142": OrderEscrowMilestonesAwaitingAcceptance,
    "0x5aab74ac": OrderEscrowNoOpenDispute,
    "0x519cdb8a": OrderEscrowNotAwardAgency,
    "0x207e0d2e": OrderEscrowNotDisputeRespondent,
    "0xfbb9e0c6": OrderEscrowNotMilestoneLine,
    "0x39a45056": OrderEscrowNotOrderAgency,
    "0xeadd4033": OrderEscrowNotOrderParty,
    "0x117dabe4": OrderEscrowNotOrderSupplier,
    "0xad700cbd": OrderEscrowReceivedExceedsRemaining,
    "0x22f6ef20": OrderEscrowReceivedExceedsShipped,
    "0xaebbf97d": OrderEscrowResponseWindowOpen,
    "0xe2d5e2ab": OrderEscrowReviewWindowClosed,
    "0x8a4a803b": OrderEscrowReviewWindowOpen,
    "0x7ba06504": OrderEscrowRulingMismatch,
    "0x80829a45": OrderEscrowShipmentAlreadyConfirmed,
    "0xc162b439": OrderEscrowShipmentNotArrived,
    "0x014bc390": OrderEscrowShipmentTrackingAlreadySet,
    "0x9c789fd1": OrderEscrowShipmentTrackingNotSet,
    "0x92092fd5": OrderEscrowTerminationTooEarly,
    "0x4cd71ad7": OrderEscrowTotalMismatch,
    "0xaf4a097f": OrderEscrowUnauthorizedAccount,
    "0x3fd34781": OrderEscrowUnknownLine,
    "0x249a527b": OrderEscrowUnknownOrder,
    "0x0a1e5c6e": OrderEscrowZeroAddress,
    "0x3ee5aeb5": ReentrancyGuardReentrantCall,
    "0xb9737af0": RegistryAccountAlreadyMember,
    "0xf12dac6e": RegistryAccountNotMember,
    "0xee39ff9e": RegistryBudgetExceeded,
    "0x0ccd6eb1": RegistryBudgetReleaseExceedsCommitted,
    "0xd0f54a5b": RegistryCeilingBelowCommitted,
    "0xfbb78923": RegistryInvalidEncryptionKey,
    "0x403998ac": RegistryInvalidGrant,
    "0x79a0e669": RegistryInvalidOrganisation,
    "0xb44a6b47": RegistryInvalidPayoutAccount,
    "0x1a377971": RegistryInvalidPolicy,
    "0x89c7bc24": RegistryLastAdmin,
    "0x4058946e": RegistryMissingEncryptionKey,
    "0x5a14a9ee": RegistryNotAGrantor,
    "0xfaf579ba": RegistryOrganisationExists,
    "0x607c26c4": RegistryOrganisationSuspended,
    "0x7d4967d9": RegistryRoleKindMismatch,
    "0xe976e101": RegistryUnauthorizedAccount,
    "0xba849b54": RegistryUnknownOrganisation,
    "0x43e31ca1": RupiahTokenMintExceedsBudgets,
    "0xcb2b6a6c": RupiahTokenZeroAmount,
    "0x6dfcc650": SafeCastOverflowedUintDowncast,
    "0x5274afe7": SafeERC20FailedOperation,
    "0x01bd5008": ShipmentTrackingAlreadyArrived,
    "0x363b2c81": ShipmentTrackingCheckpointBeforeRegistration,
    "0x2f3942e8": ShipmentTrackingCheckpointInFuture,
    "0x84242d12": ShipmentTrackingCheckpointOutOfOrder,
    "0xb3c6a606": ShipmentTrackingCustodianActive,
    "0x2ae52980": ShipmentTrackingDuplicateCheckpointRef,
    "0xf510f3a0": ShipmentTrackingDuplicateShipmentRef,
    "0x9d3775cd": ShipmentTrackingExpectedArrivalNotInFuture,
    "0xe5e61467": ShipmentTrackingInvalidCheckpointKind,
    "0x60c96e57": ShipmentTrackingInvalidCoordinates,
    "0x56ccdf33": ShipmentTrackingInvalidNominee,
    "0xa4a46a79": ShipmentTrackingInvalidQuantities,
    "0x3f5a9fa7": ShipmentTrackingMissingLocation,
    "0xb4273ebf": ShipmentTrackingMissingRef,
    "0xad50f0ff": ShipmentTrackingNotCustodian,
    "0xcbeef020": ShipmentTrackingNotNominee,
    "0x477b221c": ShipmentTrackingNotOrderSupplier,
    "0x99523233": ShipmentTrackingNothingShipped,
    "0x1134ccdf": ShipmentTrackingOrderDisputed,
    "0x861b4011": ShipmentTrackingOrderNotActive,
    "0xfa75b4c7": ShipmentTrackingQuantityTooLarge,
    "0xa6f78cbc": ShipmentTrackingTooManyShipments,
    "0x5f071299": ShipmentTrackingUnknownShipment,
    "0x66164040": ShipmentTrackingZeroAddress,
    "0xb8f86b55": TenderingAcceptanceClosed,
    "0xc0a7d763": TenderingAcceptanceOpen,
    "0x08cd77cb": TenderingAlreadyBid,
    "0x94946fc6": TenderingAwardAlreadyOrdered,
    "0xeeab1f84": TenderingAwardOnHold,
    "0x24816afb": TenderingBidPeriodTooShort,
    "0xed1ce2c3": TenderingBidderChangedOrganisation,
    "0x5953bf4e": TenderingBiddingClosed,
    "0x6eec189e": TenderingBondNotReturnable,
    "0xf49c75b9": TenderingBondTooLow,
    "0x85e7aaa3": TenderingCannotObject,
    "0x69c3bc6a": TenderingCommitmentMismatch,
    "0x95f2f4e6": TenderingDeliveryOutsidePeriod,
    "0x8d886502": TenderingInvalidBond,
    "0x632ecf9f": TenderingInvalidDeliveryPeriod,
    "0x618476df": TenderingInvalidHps,
    "0x13d46ac4": TenderingInvalidItemCount,
    "0x3288aaaf": TenderingInvalidOrderId,
    "0x2b4719b3": TenderingInvalidQuantity,
    "0xf4995b36": TenderingItemsMismatch,
    "0xa51eef8f": TenderingNoPendingObjection,
    "0x4a4d487b": TenderingNotAwarded,
    "0xe7e6452a": TenderingNotCurrentOrder,
    "0x08aee665": TenderingNotOpen,
    "0x91a3a383": TenderingNotTenderAgency,
    "0xa0b924a5": TenderingObjectionClosed,
    "0x62ad555c": TenderingOrganisationAlreadyBid,
    "0x2d6faad3": TenderingReasonRequired,
    "0x433d1ced": TenderingRevealClosed,
    "0x45ddf8af": TenderingRevealNotOpen,
    "0xde284258": TenderingRevealPeriodNotOver,
    "0x7eedb731": TenderingRevealPeriodTooShort,
    "0xf107cd42": TenderingTooManyBids,
    "0xa9bc738f": TenderingUnauthorizedEscrow,
    "0x6b45f7cf": TenderingUnknownTender,
    "0x47136f98": TenderingWrongBidState,
    "0x54336609": TimelockInsufficientDelay,
    "0xffb03211": TimelockInvalidOperationLength,
    "0xe2850c59": TimelockUnauthorizedCaller,
    "0x90a9a618": TimelockUnexecutedPredecessor,
    "0x5ead8eb5": TimelockUnexpectedOperationState,
}
