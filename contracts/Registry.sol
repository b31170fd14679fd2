// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Registry
/// @notice Participants (organisations, accounts, roles), the procurement policy and the agencies'
/// budget ceilings (pagu) of the Rantai pilot.
/// @dev GOVERNOR administers every Rantai role and runs the governance functions, which stay
/// usable while paused so the governor can repair the system. Participants are checked with
/// `checkParticipant`, which enforces the pause and suspensions for every Rantai contract.
///
/// Storage packing:
/// - `_policy`: slot 0 = minTenderPeriodSec (64) | confirmationWindowSec (64) | maxBidsPerTender
///   (32) | penaltyPerMillePerDay (16) | penaltyCapBps (16) | retentionBps (16) = 208 bits;
///   slot 1 = directPurchaseCeilingIdr (256); slot 2 = checkpointBackdateToleranceSec (64) |
///   minBondPerMille (16) | aboveHpsFlagCount (16) | objectionBondPerMille (16) |
///   objectionWindowSec (64) | acceptanceWindowSec (64) = 240 bits; slot 3 =
///   bondReturnTimeoutSec (64) | splitWindowSec (64) | disputeResponseWindowSec (64) | adendumCapBps
///   (16). `_treasuryAccount` has a slot
///   of its own; `_payoutAccounts[orgId]` one slot per organisation that sets one.
/// - `_organisations[id]`: slot 0 = kind (8) | suspended (8); slot 1 = metadataHash.
/// - `_budgets[org][year]`: one slot = ceilingIdr (128) | committedIdr (128). Ceilings above
///   `type(uint128).max` revert with OpenZeppelin's `SafeCastOverflowedUintDowncast`; commitments
///   never exceed the ceiling, so they always fit.
/// - `_pauseClock`: one slot = pausedAt (64) | pausedTotalSec (64). `pausedAt` is non-zero exactly
///   while paused (`_pause` sets it, `_unpause` clears it), so `tenderAwardTerms` reads the pause
///   from this slot alone.
/// - `_totalAllocatedIdr`: the sum of all ceilings (the RupiahToken's mint cap).
contract Registry is AccessControl, Pausable, IRegistry {
    /// @dev The pause clock: when the running pause began (zero when none runs) and the seconds
    /// of all ended pauses.
    struct PauseClock {
        uint64 pausedAt;
        uint64 pausedTotalSec;
    }

    /// @inheritdoc IRegistry
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR");
    /// @inheritdoc IRegistry
    bytes32 public constant AGENCY_ROLE = keccak256("AGENCY");
    /// @inheritdoc IRegistry
    bytes32 public constant SUPPLIER_ROLE = keccak256("SUPPLIER");
    /// @inheritdoc IRegistry
    bytes32 public constant CARRIER_ROLE = keccak256("CARRIER");
    /// @inheritdoc IRegistry
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR");
    /// @inheritdoc IRegistry
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER");
    /// @inheritdoc IRegistry
    bytes32 public constant TREASURY_ROLE = keccak256("TREASURY");
    /// @inheritdoc IRegistry
    bytes32 public constant BUDGET_SPENDER_ROLE = keccak256("BUDGET_SPENDER");
    /// @inheritdoc IRegistry
    bytes32 public constant ESCROW_ROLE = keccak256("ESCROW");
    /// @inheritdoc IRegistry
    /// @dev Administered by DEFAULT_ADMIN (left at AccessControl's default).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER");

    /// @dev Roles administered by GOVERNOR: the participant roles plus BUDGET_SPENDER and ESCROW.
    uint256 private constant _RANTAI_ROLE_COUNT = 8;
    /// @dev Participant roles an account loses when it leaves its organisation (AGENCY..TREASURY).
    uint256 private constant _PARTICIPANT_ROLE_COUNT = 6;
    /// @dev Longest encryption public key accepted, in bytes.
    uint256 private constant _MAX_ENCRYPTION_KEY_LENGTH = 128;
    /// @dev Most envelopes one `recordDocumentGrant` call covers (one event each).
    uint256 private constant _MAX_GRANT_ENVELOPES = 64;

    // Policy bounds (inclusive).
    uint256 private constant _MIN_TENDER_PERIOD_MIN_SEC = 1 hours;
    uint256 private constant _MIN_TENDER_PERIOD_MAX_SEC = 365 days;
    uint256 private constant _CONFIRMATION_WINDOW_MIN_SEC = 1 hours;
    uint256 private constant _CONFIRMATION_WINDOW_MAX_SEC = 90 days;
    uint256 private constant _MAX_BIDS_MIN = 1;
    uint256 private constant _MAX_BIDS_MAX = 200;
    uint256 private constant _PENALTY_PER_MILLE_MAX = 50;
    uint256 private constant _PENALTY_CAP_BPS_MAX = 10_000;
    uint256 private constant _RETENTION_BPS_MAX = 2_000;
    uint256 private constant _CHECKPOINT_BACKDATE_MAX_SEC = 7 days;
    uint256 private constant _MIN_BOND_PER_MILLE_MIN = 1;
    uint256 private constant _MIN_BOND_PER_MILLE_MAX = 100;
    uint256 private constant _ABOVE_HPS_FLAG_COUNT_MIN = 1;
    uint256 private constant _ABOVE_HPS_FLAG_COUNT_MAX = 200;
    uint256 private constant _OBJECTION_BOND_PER_MILLE_MAX = 50;
    uint256 private constant _OBJECTION_WINDOW_MIN_SEC = 1 hours;
    uint256 private constant _OBJECTION_WINDOW_MAX_SEC = 30 days;
    uint256 private constant _ACCEPTANCE_WINDOW_MIN_SEC = 1 days;
    uint256 private constant _ACCEPTANCE_WINDOW_MAX_SEC = 90 days;
    uint256 private constant _BOND_RETURN_TIMEOUT_MIN_SEC = 1 days;
    uint256 private constant _BOND_RETURN_TIMEOUT_MAX_SEC = 365 days;
    uint256 private constant _SPLIT_WINDOW_MAX_SEC = 365 days;
    uint256 private constant _DISPUTE_RESPONSE_WINDOW_MIN_SEC = 1 hours;
    uint256 private constant _DISPUTE_RESPONSE_WINDOW_MAX_SEC = 30 days;
    uint256 private constant _ADENDUM_CAP_MAX_BPS = 5_000;

    mapping(uint64 orgId => Organisation) private _organisations;
    mapping(address account => uint64 orgId) private _orgOf;
    mapping(uint64 agencyOrgId => mapping(uint16 fiscalYear => Budget)) private _budgets;
    mapping(address account => bytes publicKey) private _encryptionKeys;
    Policy private _policy;
    address private _treasuryAccount;
    /// @dev The cumulative pause clock: one slot, read by `pausedSeconds`.
    PauseClock private _pauseClock;
    /// @dev Holders of GOVERNOR and of DEFAULT_ADMIN (the roles that must never be left empty).
    mapping(bytes32 role => uint256 holders) private _adminCount;
    uint256 private _totalAllocatedIdr;
    /// @dev Where refunds owed to an organisation go (issue 13 item 6); unset → treasury account.
    mapping(uint64 orgId => address account) private _payoutAccounts;

    /// @param governor The governance council: DEFAULT_ADMIN and GOVERNOR, admin of every role.
    /// @dev Sets the default policy (3-day tenders, 7-day confirmation window, 200 bids, penalty
    /// 1 per mille per day capped at 5 %, 5 % retention, Rp 200 juta direct-purchase ceiling,
    /// checkpoints dated at most 1 day before their shipment's registration).
    constructor(address governor) {
        _grantRole(DEFAULT_ADMIN_ROLE, governor);
        _grantRole(GOVERNOR_ROLE, governor);
        bytes32[_RANTAI_ROLE_COUNT] memory roles = [
            AGENCY_ROLE,
            SUPPLIER_ROLE,
            CARRIER_ROLE,
            AUDITOR_ROLE,
            ARBITER_ROLE,
            TREASURY_ROLE,
            BUDGET_SPENDER_ROLE,
            ESCROW_ROLE
        ];
        for (uint256 i = 0; i < _RANTAI_ROLE_COUNT; ++i) {
            _setRoleAdmin(roles[i], GOVERNOR_ROLE);
        }
        _setMinTenderPeriod(3 days);
        _setConfirmationWindow(7 days);
        _setMaxBidsPerTender(200);
        _setPenaltyPerMillePerDay(1);
        _setPenaltyCapBps(500);
        _setRetentionBps(500);
        _setDirectPurchaseCeiling(200_000_000);
        _setCheckpointBackdateTolerance(1 days);
        // Tendering v2 defaults: 0.5 % minimum bid bond (jaminan penawaran), RN02 at 3 above-HPS
        // reveals, no objection bond, 5-day sanggah, 14 days to accept, bond back 60 days after
        // the objection window if never ordered, forfeits to the governor until a treasury is set.
        _setMinBondPerMille(5);
        _setAboveHpsFlagCount(3);
        _setObjectionBondPerMille(0);
        _setObjectionWindow(5 days);
        _setAcceptanceWindow(14 days);
        _setBondReturnTimeout(60 days);
        // Orders v2 default: direct purchases summed per agency and supplier over 90 days.
        _setSplitWindow(90 days);
        _setTreasuryAccount(governor);
        // Issue 13 item 7: the other party of a dispute has 3 days to answer before a ruling.
        _setDisputeResponseWindow(3 days);
        // Issue 13 item 4: adendums may raise an order by at most 10 % of its original total.
        _setAdendumCapBps(1_000);
    }

    // ---------------------------------------------------------------- organisations and accounts

    /// @inheritdoc IRegistry
    function registerOrganisation(uint64 orgId, OrgKind kind, bytes32 metadataHash)
        external
        onlyRole(GOVERNOR_ROLE)
    {
        if (orgId == 0 || kind == OrgKind.None) revert RegistryInvalidOrganisation(orgId, kind);
        if (_organisations[orgId].kind != OrgKind.None) revert RegistryOrganisationExists(orgId);
        _organisations[orgId] = Organisation({kind: kind, suspended: false, metadataHash: metadataHash});
        emit OrganisationRegistered(orgId, kind, metadataHash);
    }

    /// @inheritdoc IRegistry
    function updateOrganisationMetadata(uint64 orgId, bytes32 metadataHash) external onlyRole(GOVERNOR_ROLE) {
        _existingOrganisation(orgId).metadataHash = metadataHash;
        emit OrganisationMetadataUpdated(orgId, metadataHash);
    }

    /// @inheritdoc IRegistry
    function suspendOrganisation(uint64 orgId, bytes32 reasonHash) external onlyRole(GOVERNOR_ROLE) {
        _existingOrganisation(orgId).suspended = true;
        emit OrganisationSuspended(orgId, reasonHash);
    }

    /// @inheritdoc IRegistry
    function reinstateOrganisation(uint64 orgId, bytes32 reasonHash) external onlyRole(GOVERNOR_ROLE) {
        _existingOrganisation(orgId).suspended = false;
        emit OrganisationReinstated(orgId, reasonHash);
    }

    /// @inheritdoc IRegistry
    function addAccount(address account, uint64 orgId) external onlyRole(GOVERNOR_ROLE) {
        _existingOrganisation(orgId);
        uint64 existingOrgId = _orgOf[account];
        if (existingOrgId != 0) revert RegistryAccountAlreadyMember(account, existingOrgId);
        _orgOf[account] = orgId;
        emit AccountAdded(account, orgId);
    }

    /// @inheritdoc IRegistry
    /// @dev Revokes AGENCY, SUPPLIER, CARRIER, AUDITOR, ARBITER and TREASURY (each revocation of a
    /// held role emits `RoleRevoked`); GOVERNOR and the contract roles are left to `revokeRole`.
    function removeAccount(address account) external onlyRole(GOVERNOR_ROLE) {
        uint64 orgId = _orgOf[account];
        if (orgId == 0) revert RegistryAccountNotMember(account);
        delete _orgOf[account];
        emit AccountRemoved(account, orgId);
        if (_payoutAccounts[orgId] == account) {
            delete _payoutAccounts[orgId];
            emit PayoutAccountSet(orgId, address(0));
        }
        bytes32[_PARTICIPANT_ROLE_COUNT] memory roles =
            [AGENCY_ROLE, SUPPLIER_ROLE, CARRIER_ROLE, AUDITOR_ROLE, ARBITER_ROLE, TREASURY_ROLE];
        for (uint256 i = 0; i < _PARTICIPANT_ROLE_COUNT; ++i) {
            _revokeRole(roles[i], account);
        }
    }

    /// @inheritdoc IRegistry
    function setPayoutAccount(uint64 orgId, address account) external onlyRole(GOVERNOR_ROLE) {
        _existingOrganisation(orgId);
        if (account == address(0)) revert RegistryInvalidPayoutAccount(orgId, account);
        _payoutAccounts[orgId] = account;
        emit PayoutAccountSet(orgId, account);
    }

    /// @inheritdoc IRegistry
    function payoutAccount(uint64 orgId) external view returns (address account) {
        account = _payoutAccounts[orgId];
        if (account == address(0)) account = _treasuryAccount;
    }

    // -------------------------------------------------------------------------------- policy

    /// @inheritdoc IRegistry
    function setMinTenderPeriod(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setMinTenderPeriod(seconds_);
    }

    /// @inheritdoc IRegistry
    function setConfirmationWindow(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setConfirmationWindow(seconds_);
    }

    /// @inheritdoc IRegistry
    function setMaxBidsPerTender(uint32 maxBids) external onlyRole(GOVERNOR_ROLE) {
        _setMaxBidsPerTender(maxBids);
    }

    /// @inheritdoc IRegistry
    function setPenaltyPerMillePerDay(uint16 perMille) external onlyRole(GOVERNOR_ROLE) {
        _setPenaltyPerMillePerDay(perMille);
    }

    /// @inheritdoc IRegistry
    function setPenaltyCapBps(uint16 bps) external onlyRole(GOVERNOR_ROLE) {
        _setPenaltyCapBps(bps);
    }

    /// @inheritdoc IRegistry
    function setRetentionBps(uint16 bps) external onlyRole(GOVERNOR_ROLE) {
        _setRetentionBps(bps);
    }

    /// @inheritdoc IRegistry
    function setDirectPurchaseCeiling(uint256 ceilingIdr) external onlyRole(GOVERNOR_ROLE) {
        _setDirectPurchaseCeiling(ceilingIdr);
    }

    /// @inheritdoc IRegistry
    function setCheckpointBackdateTolerance(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setCheckpointBackdateTolerance(seconds_);
    }

    // Tendering v2 policy (issue 13, items 2 and 3).

    /// @inheritdoc IRegistry
    function setMinBondPerMille(uint16 perMille) external onlyRole(GOVERNOR_ROLE) {
        _setMinBondPerMille(perMille);
    }

    /// @inheritdoc IRegistry
    function setAboveHpsFlagCount(uint16 count) external onlyRole(GOVERNOR_ROLE) {
        _setAboveHpsFlagCount(count);
    }

    /// @inheritdoc IRegistry
    function setObjectionBondPerMille(uint16 perMille) external onlyRole(GOVERNOR_ROLE) {
        _setObjectionBondPerMille(perMille);
    }

    /// @inheritdoc IRegistry
    function setObjectionWindow(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setObjectionWindow(seconds_);
    }

    /// @inheritdoc IRegistry
    function setAcceptanceWindow(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setAcceptanceWindow(seconds_);
    }

    /// @inheritdoc IRegistry
    function setBondReturnTimeout(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setBondReturnTimeout(seconds_);
    }

    /// @inheritdoc IRegistry
    function setSplitWindow(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setSplitWindow(seconds_);
    }

    /// @inheritdoc IRegistry
    function setDisputeResponseWindow(uint64 seconds_) external onlyRole(GOVERNOR_ROLE) {
        _setDisputeResponseWindow(seconds_);
    }

    /// @inheritdoc IRegistry
    function disputeResponseWindowSec() external view returns (uint64) {
        return _policy.disputeResponseWindowSec;
    }

    /// @inheritdoc IRegistry
    function setAdendumCapBps(uint16 bps) external onlyRole(GOVERNOR_ROLE) {
        _setAdendumCapBps(bps);
    }

    /// @inheritdoc IRegistry
    function adendumCapBps() external view returns (uint16) {
        return _policy.adendumCapBps;
    }

    /// @inheritdoc IRegistry
    function setTreasuryAccount(address account) external onlyRole(GOVERNOR_ROLE) {
        _setTreasuryAccount(account);
    }

    /// @inheritdoc IRegistry
    function treasuryAccount() external view returns (address) {
        return _treasuryAccount;
    }

    // ------------------------------------------------------------------------------- budgets

    /// @inheritdoc IRegistry
    /// @dev Reverts with `SafeCastOverflowedUintDowncast(128, ceilingIdr)` above `type(uint128).max`.
    function allocateBudget(uint64 agencyOrgId, uint16 fiscalYear, uint256 ceilingIdr) external {
        checkParticipant(msg.sender, TREASURY_ROLE);
        OrgKind kind = _organisations[agencyOrgId].kind;
        if (kind != OrgKind.Agency) revert RegistryInvalidOrganisation(agencyOrgId, kind);
        Budget storage budget_ = _budgets[agencyOrgId][fiscalYear];
        uint256 committedIdr = budget_.committedIdr;
        if (ceilingIdr < committedIdr) {
            revert RegistryCeilingBelowCommitted(agencyOrgId, fiscalYear, ceilingIdr, committedIdr);
        }
        uint256 oldCeilingIdr = budget_.ceilingIdr;
        budget_.ceilingIdr = SafeCast.toUint128(ceilingIdr);
        _totalAllocatedIdr = _totalAllocatedIdr - oldCeilingIdr + ceilingIdr;
        emit BudgetAllocated(agencyOrgId, fiscalYear, ceilingIdr);
    }

    /// @inheritdoc IRegistry
    function commitBudget(uint64 agencyOrgId, uint16 fiscalYear, uint256 amountIdr)
        external
        onlyRole(BUDGET_SPENDER_ROLE)
        whenNotPaused
    {
        Budget storage budget_ = _budgets[agencyOrgId][fiscalYear];
        uint256 committedIdr = budget_.committedIdr;
        uint256 availableIdr = budget_.ceilingIdr - committedIdr;
        if (amountIdr > availableIdr) {
            revert RegistryBudgetExceeded(agencyOrgId, fiscalYear, amountIdr, availableIdr);
        }
        committedIdr += amountIdr;
        // safe because committedIdr <= ceilingIdr, which is a uint128
        budget_.committedIdr = uint128(committedIdr);
        emit BudgetCommitted(agencyOrgId, fiscalYear, amountIdr, committedIdr, msg.sender);
    }

    /// @inheritdoc IRegistry
    function releaseBudget(uint64 agencyOrgId, uint16 fiscalYear, uint256 amountIdr)
        external
        onlyRole(BUDGET_SPENDER_ROLE)
    {
        Budget storage budget_ = _budgets[agencyOrgId][fiscalYear];
        uint256 committedIdr = budget_.committedIdr;
        if (amountIdr > committedIdr) {
            revert RegistryBudgetReleaseExceedsCommitted(agencyOrgId, fiscalYear, amountIdr, committedIdr);
        }
        committedIdr -= amountIdr;
        // safe because committedIdr only decreased from a uint128
        budget_.committedIdr = uint128(committedIdr);
        emit BudgetReleased(agencyOrgId, fiscalYear, amountIdr, committedIdr, msg.sender);
    }

    // --------------------------------------------------------------------- keys and the pause

    /// @inheritdoc IRegistry
    /// @dev Requirements: not paused; the caller belongs to an organisation. A suspended
    /// organisation's account may still publish: it keeps receiving documents of its running
    /// orders and disputes.
    function publishEncryptionKey(bytes calldata publicKey) external whenNotPaused {
        if (_orgOf[msg.sender] == 0) revert RegistryAccountNotMember(msg.sender);
        if (publicKey.length == 0 || publicKey.length > _MAX_ENCRYPTION_KEY_LENGTH) {
            revert RegistryInvalidEncryptionKey(msg.sender, publicKey.length);
        }
        _encryptionKeys[msg.sender] = publicKey;
        emit EncryptionKeyPublished(msg.sender, publicKey);
    }

    /// @inheritdoc IRegistry
    /// @dev A suspended organisation's account may still grant, as it may publish a key: an audit
    /// of a blacklisted supplier needs its documents.
    function recordDocumentGrant(bytes32[] calldata envelopeHashes, address grantee, bytes32 grantHash)
        external
        whenNotPaused
    {
        _checkGrantor(msg.sender);
        if (!hasRole(AUDITOR_ROLE, grantee)) revert RegistryUnauthorizedAccount(grantee, AUDITOR_ROLE);
        if (_encryptionKeys[grantee].length == 0) revert RegistryMissingEncryptionKey(grantee);
        uint256 count = envelopeHashes.length;
        if (count == 0 || count > _MAX_GRANT_ENVELOPES || grantHash == bytes32(0)) {
            revert RegistryInvalidGrant(count, grantHash);
        }
        for (uint256 i = 0; i < count; ++i) {
            bytes32 envelopeHash = envelopeHashes[i];
            if (envelopeHash == bytes32(0)) revert RegistryInvalidGrant(count, grantHash);
            emit DocumentAccessGranted(envelopeHash, grantee, msg.sender, grantHash);
        }
    }

    /// @inheritdoc IRegistry
    function pause() external onlyRole(GOVERNOR_ROLE) {
        _pause();
    }

    /// @inheritdoc IRegistry
    function unpause() external onlyRole(GOVERNOR_ROLE) {
        _unpause();
    }

    /// @inheritdoc IRegistry
    /// @dev Goes through OpenZeppelin's internal `_pause()` like `pause`, so every pause hook
    /// (the pause clock) runs the same for both.
    function emergencyPause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IRegistry
    function pausedSeconds() public view returns (uint64) {
        uint64 total = _pauseClock.pausedTotalSec;
        if (paused()) total += uint64(block.timestamp) - _pauseClock.pausedAt;
        return total;
    }

    /// @inheritdoc IRegistry
    function tenderAwardTerms() external view returns (TenderAwardTerms memory) {
        PauseClock memory clock = _pauseClock;
        // One slot for the pause and the clock: `pausedAt` is non-zero exactly while paused (a
        // flag here, not a time comparison).
        // slither-disable-next-line timestamp
        if (clock.pausedAt != 0) revert EnforcedPause();
        Policy storage p = _policy;
        return TenderAwardTerms(
            clock.pausedTotalSec, // no pause is running: the ended pauses' total
            p.objectionWindowSec,
            p.acceptanceWindowSec,
            p.bondReturnTimeoutSec,
            p.objectionBondPerMille,
            p.aboveHpsFlagCount
        );
    }

    /// @inheritdoc IRegistry
    function adminCount(bytes32 role) external view returns (uint256) {
        return _adminCount[role];
    }

    /// @dev Counts the holders of GOVERNOR and DEFAULT_ADMIN. Separation of duties (issue 13
    /// item 7): a participant role only in an organisation of its kind (`_checkRoleKind`).
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        _checkRoleKind(role, account);
        granted = super._grantRole(role, account);
        if (granted && _isAdminRole(role)) ++_adminCount[role];
    }

    /// @dev Every way of losing a role (`revokeRole`, `renounceRole`, `removeAccount`) ends here:
    /// the last holder of GOVERNOR or DEFAULT_ADMIN cannot leave, else nobody could ever govern,
    /// unpause or rule the escrow again. Hand-over is two-step: grant the new holder, then leave.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        bool admin = _isAdminRole(role);
        if (admin && hasRole(role, account) && _adminCount[role] == 1) {
            revert RegistryLastAdmin(role, account);
        }
        revoked = super._revokeRole(role, account);
        if (revoked && admin) --_adminCount[role];
    }

    /// @dev Reverts `RegistryRoleKindMismatch` when `role` is a participant role and `account`'s
    /// organisation is not of the role's kind (or the account is in none). Other roles
    /// (GOVERNOR, DEFAULT_ADMIN, PAUSER, BUDGET_SPENDER, ESCROW) are not bound to a kind. As an
    /// account has one organisation and an organisation one kind, its roles are of one kind.
    function _checkRoleKind(bytes32 role, address account) private view {
        OrgKind want;
        if (role == AGENCY_ROLE) want = OrgKind.Agency;
        else if (role == SUPPLIER_ROLE) want = OrgKind.Supplier;
        else if (role == CARRIER_ROLE) want = OrgKind.Carrier;
        else if (role == AUDITOR_ROLE) want = OrgKind.Auditor;
        else if (role == ARBITER_ROLE) want = OrgKind.Arbiter;
        else if (role == TREASURY_ROLE) want = OrgKind.Treasury;
        else return;
        uint64 orgId = _orgOf[account];
        OrgKind kind = _organisations[orgId].kind;
        // A contractor is a supplier of works and services (DESIGN section 5).
        if (kind == want || (want == OrgKind.Supplier && kind == OrgKind.Contractor)) return;
        revert RegistryRoleKindMismatch(account, role, orgId, kind);
    }

    function _isAdminRole(bytes32 role) private pure returns (bool) {
        return role == GOVERNOR_ROLE || role == DEFAULT_ADMIN_ROLE;
    }

    /// @dev Every pause, whatever function triggers it, starts the pause clock.
    function _pause() internal override {
        super._pause();
        _pauseClock.pausedAt = uint64(block.timestamp);
    }

    /// @dev Every unpause adds the pause just ended to the clock's total and clears its start.
    function _unpause() internal override {
        super._unpause();
        PauseClock storage clock = _pauseClock;
        uint64 totalSec = clock.pausedTotalSec + (uint64(block.timestamp) - clock.pausedAt);
        (clock.pausedAt, clock.pausedTotalSec) = (0, totalSec);
    }

    // ---------------------------------------------------------------------------------- views

    /// @inheritdoc IRegistry
    function checkParticipant(address account, bytes32 role) public view returns (uint64 orgId) {
        _requireNotPaused();
        orgId = _orgOf[account];
        if (orgId == 0 || !hasRole(role, account)) revert RegistryUnauthorizedAccount(account, role);
        if (_organisations[orgId].suspended) revert RegistryOrganisationSuspended(orgId);
    }

    /// @inheritdoc IRegistry
    function organisation(uint64 orgId) external view returns (Organisation memory) {
        return _organisations[orgId];
    }

    /// @inheritdoc IRegistry
    function orgOf(address account) external view returns (uint64 orgId) {
        return _orgOf[account];
    }

    /// @inheritdoc IRegistry
    function policy() external view returns (Policy memory) {
        return _policy;
    }

    /// @inheritdoc IRegistry
    function budget(uint64 agencyOrgId, uint16 fiscalYear) external view returns (Budget memory) {
        return _budgets[agencyOrgId][fiscalYear];
    }

    /// @inheritdoc IRegistry
    function totalAllocatedIdr() external view returns (uint256) {
        return _totalAllocatedIdr;
    }

    /// @inheritdoc IRegistry
    function encryptionKey(address account) external view returns (bytes memory) {
        return _encryptionKeys[account];
    }

    /// @inheritdoc IRegistry
    function paused() public view override(Pausable, IRegistry) returns (bool) {
        return super.paused();
    }

    /// @notice ERC-165: IRegistry, IAccessControl and IERC165.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------ internals

    /// @dev The organisation `orgId`; reverts `RegistryUnknownOrganisation` if it does not exist.
    function _existingOrganisation(uint64 orgId) private view returns (Organisation storage org) {
        org = _organisations[orgId];
        if (org.kind == OrgKind.None) revert RegistryUnknownOrganisation(orgId);
    }

    /// @dev Reverts `RegistryNotAGrantor` unless `account` is in an organisation and holds a
    /// participant role (the roles `removeAccount` revokes).
    function _checkGrantor(address account) private view {
        if (_orgOf[account] != 0) {
            bytes32[_PARTICIPANT_ROLE_COUNT] memory roles =
                [AGENCY_ROLE, SUPPLIER_ROLE, CARRIER_ROLE, AUDITOR_ROLE, ARBITER_ROLE, TREASURY_ROLE];
            for (uint256 i = 0; i < _PARTICIPANT_ROLE_COUNT; ++i) {
                if (hasRole(roles[i], account)) return;
            }
        }
        revert RegistryNotAGrantor(account);
    }

    /// @dev Reverts `RegistryInvalidPolicy(parameter, value)` unless `minValue <= value <= maxValue`.
    function _checkRange(bytes32 parameter, uint256 value, uint256 minValue, uint256 maxValue) private pure {
        if (value < minValue || value > maxValue) revert RegistryInvalidPolicy(parameter, value);
    }

    function _setMinTenderPeriod(uint64 seconds_) private {
        _checkRange("minTenderPeriodSec", seconds_, _MIN_TENDER_PERIOD_MIN_SEC, _MIN_TENDER_PERIOD_MAX_SEC);
        uint256 oldValue = _policy.minTenderPeriodSec;
        _policy.minTenderPeriodSec = seconds_;
        emit PolicyChanged("minTenderPeriodSec", oldValue, seconds_);
    }

    function _setConfirmationWindow(uint64 seconds_) private {
        _checkRange(
            "confirmationWindowSec", seconds_, _CONFIRMATION_WINDOW_MIN_SEC, _CONFIRMATION_WINDOW_MAX_SEC
        );
        uint256 oldValue = _policy.confirmationWindowSec;
        _policy.confirmationWindowSec = seconds_;
        emit PolicyChanged("confirmationWindowSec", oldValue, seconds_);
    }

    function _setMaxBidsPerTender(uint32 maxBids) private {
        _checkRange("maxBidsPerTender", maxBids, _MAX_BIDS_MIN, _MAX_BIDS_MAX);
        uint256 oldValue = _policy.maxBidsPerTender;
        _policy.maxBidsPerTender = maxBids;
        emit PolicyChanged("maxBidsPerTender", oldValue, maxBids);
    }

    function _setPenaltyPerMillePerDay(uint16 perMille) private {
        _checkRange("penaltyPerMillePerDay", perMille, 0, _PENALTY_PER_MILLE_MAX);
        uint256 oldValue = _policy.penaltyPerMillePerDay;
        _policy.penaltyPerMillePerDay = perMille;
        emit PolicyChanged("penaltyPerMillePerDay", oldValue, perMille);
    }

    function _setPenaltyCapBps(uint16 bps) private {
        _checkRange("penaltyCapBps", bps, 0, _PENALTY_CAP_BPS_MAX);
        uint256 oldValue = _policy.penaltyCapBps;
        _policy.penaltyCapBps = bps;
        emit PolicyChanged("penaltyCapBps", oldValue, bps);
    }

    function _setRetentionBps(uint16 bps) private {
        _checkRange("retentionBps", bps, 0, _RETENTION_BPS_MAX);
        uint256 oldValue = _policy.retentionBps;
        _policy.retentionBps = bps;
        emit PolicyChanged("retentionBps", oldValue, bps);
    }

    function _setDirectPurchaseCeiling(uint256 ceilingIdr) private {
        uint256 oldValue = _policy.directPurchaseCeilingIdr;
        _policy.directPurchaseCeilingIdr = ceilingIdr;
        emit PolicyChanged("directPurchaseCeilingIdr", oldValue, ceilingIdr);
    }

    function _setCheckpointBackdateTolerance(uint64 seconds_) private {
        _checkRange("checkpointBackdateToleranceSec", seconds_, 0, _CHECKPOINT_BACKDATE_MAX_SEC);
        uint256 oldValue = _policy.checkpointBackdateToleranceSec;
        _policy.checkpointBackdateToleranceSec = seconds_;
        emit PolicyChanged("checkpointBackdateToleranceSec", oldValue, seconds_);
    }

    // Tendering v2 policy setters (issue 13, items 2 and 3).

    function _setMinBondPerMille(uint16 perMille) private {
        _checkRange("minBondPerMille", perMille, _MIN_BOND_PER_MILLE_MIN, _MIN_BOND_PER_MILLE_MAX);
        uint256 oldValue = _policy.minBondPerMille;
        _policy.minBondPerMille = perMille;
        emit PolicyChanged("minBondPerMille", oldValue, perMille);
    }

    function _setAboveHpsFlagCount(uint16 count) private {
        _checkRange("aboveHpsFlagCount", count, _ABOVE_HPS_FLAG_COUNT_MIN, _ABOVE_HPS_FLAG_COUNT_MAX);
        uint256 oldValue = _policy.aboveHpsFlagCount;
        _policy.aboveHpsFlagCount = count;
        emit PolicyChanged("aboveHpsFlagCount", oldValue, count);
    }

    function _setObjectionBondPerMille(uint16 perMille) private {
        _checkRange("objectionBondPerMille", perMille, 0, _OBJECTION_BOND_PER_MILLE_MAX);
        uint256 oldValue = _policy.objectionBondPerMille;
        _policy.objectionBondPerMille = perMille;
        emit PolicyChanged("objectionBondPerMille", oldValue, perMille);
    }

    function _setObjectionWindow(uint64 seconds_) private {
        _checkRange("objectionWindowSec", seconds_, _OBJECTION_WINDOW_MIN_SEC, _OBJECTION_WINDOW_MAX_SEC);
        uint256 oldValue = _policy.objectionWindowSec;
        _policy.objectionWindowSec = seconds_;
        emit PolicyChanged("objectionWindowSec", oldValue, seconds_);
    }

    function _setAcceptanceWindow(uint64 seconds_) private {
        _checkRange("acceptanceWindowSec", seconds_, _ACCEPTANCE_WINDOW_MIN_SEC, _ACCEPTANCE_WINDOW_MAX_SEC);
        uint256 oldValue = _policy.acceptanceWindowSec;
        _policy.acceptanceWindowSec = seconds_;
        emit PolicyChanged("acceptanceWindowSec", oldValue, seconds_);
    }

    function _setBondReturnTimeout(uint64 seconds_) private {
        _checkRange(
            "bondReturnTimeoutSec", seconds_, _BOND_RETURN_TIMEOUT_MIN_SEC, _BOND_RETURN_TIMEOUT_MAX_SEC
        );
        uint256 oldValue = _policy.bondReturnTimeoutSec;
        _policy.bondReturnTimeoutSec = seconds_;
        emit PolicyChanged("bondReturnTimeoutSec", oldValue, seconds_);
    }

    function _setSplitWindow(uint64 seconds_) private {
        if (seconds_ != 0) _checkRange("splitWindowSec", seconds_, 1 days, _SPLIT_WINDOW_MAX_SEC);
        uint256 oldValue = _policy.splitWindowSec;
        _policy.splitWindowSec = seconds_;
        emit PolicyChanged("splitWindowSec", oldValue, seconds_);
    }

    function _setDisputeResponseWindow(uint64 seconds_) private {
        _checkRange(
            "disputeResponseWindowSec", seconds_, _DISPUTE_RESPONSE_WINDOW_MIN_SEC, _DISPUTE_RESPONSE_WINDOW_MAX_SEC
        );
        uint256 oldValue = _policy.disputeResponseWindowSec;
        _policy.disputeResponseWindowSec = seconds_;
        emit PolicyChanged("disputeResponseWindowSec", oldValue, seconds_);
    }

    function _setAdendumCapBps(uint16 bps) private {
        _checkRange("adendumCapBps", bps, 0, _ADENDUM_CAP_MAX_BPS);
        uint256 oldValue = _policy.adendumCapBps;
        _policy.adendumCapBps = bps;
        emit PolicyChanged("adendumCapBps", oldValue, bps);
    }

    function _setTreasuryAccount(address account) private {
        uint256 newValue = uint256(uint160(account));
        if (account == address(0)) revert RegistryInvalidPolicy("treasuryAccount", newValue);
        uint256 oldValue = uint256(uint160(_treasuryAccount));
        _treasuryAccount = account;
        emit PolicyChanged("treasuryAccount", oldValue, newValue);
    }
}
