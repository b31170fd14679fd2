"""The pilot on the embedded local chain, run by `make demo`.

Registry stage: deploy the participant registry and the Rupiah settlement token on a fresh anvil,
register the treasury and an agency (organisations, accounts, roles), allocate the agency's budget
ceiling (pagu), mint rupiah to the agency as the treasury would, and show what happened on chain.
The full pilot (tender, order, shipments, payments) replaces this once the lifecycle contracts and
client exist.
"""

from typing import Any

from ape import accounts, chain, project

# IRegistry.OrgKind values.
GOVERNANCE_KIND = 1
AGENCY_KIND = 2
TREASURY_KIND = 8

GOVERNANCE_ORG = 1
AGENCY_ORG = 10
TREASURY_ORG = 60
FISCAL_YEAR = 2026


def _deploy(contract_type: Any, *args: Any, sender: Any) -> Any:
    contract = contract_type.deploy(*args, sender=sender)
    receipt = chain.get_receipt(contract.txn_hash)
    print(
        f"deployed {contract_type.name} at {contract.address} in block {receipt.block_number} "
        f"(gas {receipt.gas_used:,})"
    )
    return contract


def _join(registry: Any, governor: Any, org_id: int, kind: int, account: Any, role: str) -> None:
    """Registers organisation `org_id`, makes `account` act for it and grants it `role`."""
    registry.registerOrganisation(org_id, kind, org_id.to_bytes(32, "big"), sender=governor)
    registry.addAccount(account, org_id, sender=governor)
    registry.grantRole(getattr(registry, role)(), account, sender=governor)
    print(f"organisation {org_id}: account {account.address} with {role}")


def main() -> None:
    governor, treasury, agency = accounts.test_accounts[:3]
    print(
        f"chain id {chain.chain_id} at block {chain.blocks.head.number} (fresh anvil, london EVM)"
    )

    registry = _deploy(project.Registry, governor, sender=governor)
    token = _deploy(project.RupiahToken, registry, sender=governor)
    policy = registry.policy()
    print(
        f"policy: tenders >= {policy.minTenderPeriodSec // 86400} days, direct purchase <= "
        f"Rp {policy.directPurchaseCeilingIdr:,}, penalty {policy.penaltyPerMillePerDay} per mille "
        f"per day capped at {policy.penaltyCapBps / 100:g} %, retention "
        f"{policy.retentionBps / 100:g} %"
    )

    _join(registry, governor, GOVERNANCE_ORG, GOVERNANCE_KIND, governor, "GOVERNOR_ROLE")
    _join(registry, governor, TREASURY_ORG, TREASURY_KIND, treasury, "TREASURY_ROLE")
    _join(registry, governor, AGENCY_ORG, AGENCY_KIND, agency, "AGENCY_ROLE")

    allocation = registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, 5_000_000_000, sender=treasury)
    allocated = allocation.decode_logs(registry.BudgetAllocated)[0]
    print(
        f"treasury allocated a {allocated.fiscalYear} budget ceiling of "
        f"Rp {allocated.ceilingIdr:,} to agency organisation {allocated.agencyOrgId}"
    )

    amount_idr = 1_500_000_000
    mint = token.mint(agency, amount_idr, sender=treasury)
    minted = mint.decode_logs(token.RupiahMinted)[0]
    print(f"treasury {minted.treasury} minted Rp {minted.amountIdr:,} to agency {minted.to}")
    print(
        f"agency balance: Rp {token.balanceOf(agency):,} {token.symbol()} "
        f"(decimals {token.decimals()}, total supply Rp {token.totalSupply():,})"
    )
    print("demo finished; ape stops anvil on exit")
