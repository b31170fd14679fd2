"""The pilot on the embedded local chain, run by `make demo`.

Foundation stage: deploy the project's Rupiah settlement token on a fresh anvil, mint to an
agency as the treasury would, and show what happened on chain. The full pilot (tender, order,
shipments, payments) replaces this once the lifecycle contracts and client exist.
"""

from ape import accounts, chain, project


def main() -> None:
    governor, treasury, agency = accounts.test_accounts[:3]
    print(
        f"chain id {chain.chain_id} at block {chain.blocks.head.number} (fresh anvil, london EVM)"
    )

    token = project.RupiahToken.deploy(governor, treasury, sender=governor)
    receipt = chain.get_receipt(token.txn_hash)
    print(
        f"deployed RupiahToken at {token.address} in block {receipt.block_number} "
        f"(gas {receipt.gas_used:,})"
    )

    amount_idr = 1_500_000_000
    mint = token.mint(agency, amount_idr, sender=treasury)
    minted = mint.decode_logs(token.RupiahMinted)[0]
    print(f"treasury {treasury.address} minted Rp {minted.amountIdr:,} to agency {minted.to}")
    print(f"agency balance: Rp {token.balanceOf(agency):,} (decimals {token.decimals()})")
    print("demo finished; ape stops anvil on exit")
