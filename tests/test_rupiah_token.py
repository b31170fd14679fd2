"""RupiahToken: whole-rupiah ERC-20 minted by the treasury."""

from typing import Any

import ape


def test_token_has_zero_decimals(deploy_token: Any) -> None:
    assert deploy_token().decimals() == 0


def test_treasury_mint_emits_RupiahMinted_and_credits(
    deploy_token: Any, treasury: Any, agency: Any
) -> None:
    token = deploy_token()
    receipt = token.mint(agency, 2_500_000, sender=treasury)
    assert token.balanceOf(agency) == 2_500_000
    assert token.totalSupply() == 2_500_000
    [minted] = receipt.decode_logs(token.RupiahMinted)
    assert (minted.to, minted.amountIdr, minted.treasury) == (agency, 2_500_000, treasury)


def test_mint_by_non_treasury_reverts_with_AccessControlUnauthorizedAccount(
    deploy_token: Any, agency: Any
) -> None:
    token = deploy_token()
    with ape.reverts(
        token.AccessControlUnauthorizedAccount, account=agency, neededRole=token.TREASURY_ROLE()
    ):
        token.mint(agency, 1, sender=agency)


def test_mint_of_zero_reverts_with_RupiahTokenZeroAmount(
    deploy_token: Any, treasury: Any, agency: Any
) -> None:
    token = deploy_token()
    with ape.reverts(token.RupiahTokenZeroAmount):
        token.mint(agency, 0, sender=treasury)
