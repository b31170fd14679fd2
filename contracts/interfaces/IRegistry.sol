// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @title Rantai participant registry, policy and budgets
/// @notice Who may do what (organisations, accounts, roles), the procurement policy the other
/// contracts enforce, and each agency's budget ceiling (pagu) per fiscal year.
/// @dev Roles are OpenZeppelin AccessControl roles; GOVERNOR administers every role. An account
/// acts for exactly one organisation; a suspended organisation (daftar hitam) can start nothing new.
/// The other Rantai contracts call `checkParticipant` before every state change and commit or
/// release budget through `commitBudget` / `releaseBudget` (they hold BUDGET_SPENDER).
interface IRegistry is IAccessControl {
    /// @notice What an organisation is. Contractors are suppliers of works and services.
    enum OrgKind {
        None,
        Governance,
        Agency,
        Supplier,
        Contractor,
        Carrier,
        Auditor,
        Arbiter,
        Treasury
    }

    /// @notice An organisation; its off-chain profile (name, NIB/NPWP) is behind `metadataHash`.
    struct Organisation {
        OrgKind kind;
        bool suspended;
        bytes32 metadataHash;
    }

    /// @notice Policy parameters, changed only by GOVERNOR (each change emits `PolicyChanged`).
    /// @dev The first six fields share one slot, the ceiling the second; later fields follow.
    /// `checkpointBackdateToleranceSec` (issue 13): how long before its shipment's registration
    /// the first checkpoint may be dated (goods may leave before the clerk registers them).
    struct Policy {
        uint64 minTenderPeriodSec;
        uint64 confirmationWindowSec;
        uint32 maxBidsPerTender;
        uint16 penaltyPerMillePerDay;
        uint16 penaltyCapBps;
        uint16 retentionBps;
        uint256 directPurchaseCeilingIdr;
        uint64 checkpointBackdateToleranceSec;
        // Tendering v2 (issue 13, items 2 and 3): slot 2 = checkpointBackdateToleranceSec, the
        // three per-mille/count fields and two windows (240 bits); slot 3 = bondReturnTimeoutSec.
        uint16 minBondPerMille;
        uint16 aboveHpsFlagCount;
        uint16 objectionBondPerMille;
        uint64 objectionWindowSec;
        uint64 acceptanceWindowSec;
        uint64 bondReturnTimeoutSec;
        // Orders v2 (issue 13, item 8), in slot 3 after bondReturnTimeoutSec.
        uint64 splitWindowSec;
        // Issue 13 item 7: slot 3 also holds the time the other party of a dispute has to answer
        // before an arbiter may rule.
        uint64 disputeResponseWindowSec;
        // Issue 13 item 4: slot 3 also holds the adendum cap, the most a signed adendum may raise
        // an order above its original total, in basis points (Perpres 16/2018 adendum kontrak).
        uint16 adendumCapBps;
    }

    /// @notice What a tender's finalisation reads from the registry, in one call
    /// (`tenderAwardTerms`): the pause clock (`pausedSeconds`; no pause is running) and the
    /// policy it applies to an award (the objection, acceptance and bond-return windows, the
    /// objection bond, the above-HPS red-flag count), the policy's slots 2 and 3 only.
    struct TenderAwardTerms {
        uint64 pausedSeconds;
        uint64 objectionWindowSec;
        uint64 acceptanceWindowSec;
        uint64 bondReturnTimeoutSec;
        uint16 objectionBondPerMille;
        uint16 aboveHpsFlagCount;
    }

    /// @notice Budget of one agency in one fiscal year, in whole rupiah.
    struct Budget {
        uint128 ceilingIdr;
        uint128 committedIdr;
    }

    /// @notice `account` lacks `neededRole` (or is not a member of any organisation).
    error RegistryUnauthorizedAccount(address account, bytes32 neededRole);
    /// @notice The organisation of the acting account is suspended.
    error RegistryOrganisationSuspended(uint64 orgId);
    /// @notice No organisation has this id.
    error RegistryUnknownOrganisation(uint64 orgId);
    /// @notice An organisation with this id already exists.
    error RegistryOrganisationExists(uint64 orgId);
    /// @notice Organisation id 0 and kind None are reserved.
    error RegistryInvalidOrganisation(uint64 orgId, OrgKind kind);
    /// @notice The account already belongs to an organisation.
    error RegistryAccountAlreadyMember(address account, uint64 orgId);
    /// @notice The account belongs to no organisation.
    error RegistryAccountNotMember(address account);
    /// @notice A policy value is outside its allowed range.
    error RegistryInvalidPolicy(bytes32 parameter, uint256 value);
    /// @notice Committing `requestedIdr` would exceed the ceiling; `availableIdr` is what is left.
    error RegistryBudgetExceeded(uint64 agencyOrgId, uint16 fiscalYear, uint256 requestedIdr, uint256 availableIdr);
    /// @notice Releasing more than is committed.
    error RegistryBudgetReleaseExceedsCommitted(uint64 agencyOrgId, uint16 fiscalYear, uint256 releasedIdr, uint256 committedIdr);
    /// @notice A new ceiling below what is already committed.
    error RegistryCeilingBelowCommitted(uint64 agencyOrgId, uint16 fiscalYear, uint256 ceilingIdr, uint256 committedIdr);
    /// @notice The encryption public key is empty or longer than 128 bytes.
    error RegistryInvalidEncryptionKey(address account, uint256 length);
    /// @notice `account` may not grant document access: it belongs to no organisation or holds
    /// no participant role (AGENCY, SUPPLIER, CARRIER, AUDITOR, ARBITER, TREASURY).
    error RegistryNotAGrantor(address account);
    /// @notice `account` has published no encryption key, so nothing can be wrapped for it.
    error RegistryMissingEncryptionKey(address account);
    /// @notice A grant names no envelope, more than 64, a zero envelope hash or a zero grant hash.
    error RegistryInvalidGrant(uint256 envelopeCount, bytes32 grantHash);
    /// @notice `account` is the last holder of `role` (GOVERNOR or DEFAULT_ADMIN) and may not
    /// renounce it or have it revoked: grant it to the successor first (two-step hand-over).
    error RegistryLastAdmin(bytes32 role, address account);
    /// @notice Separation of duties (issue 13 item 7): `role` may not be held in organisation
    /// `orgId` of kind `kind` (0/None when `account` belongs to no organisation). AGENCY needs
    /// an Agency, SUPPLIER a Supplier or Contractor, CARRIER a Carrier, AUDITOR an Auditor,
    /// ARBITER an Arbiter and TREASURY a Treasury organisation; so an account holds roles of one
    /// kind only.
    error RegistryRoleKindMismatch(address account, bytes32 role, uint64 orgId, OrgKind kind);
    /// @notice A payout account may not be the zero address.
    error RegistryInvalidPayoutAccount(uint64 orgId, address account);

    event OrganisationRegistered(uint64 indexed orgId, OrgKind kind, bytes32 metadataHash);
    event OrganisationMetadataUpdated(uint64 indexed orgId, bytes32 metadataHash);
    event OrganisationSuspended(uint64 indexed orgId, bytes32 reasonHash);
    event OrganisationReinstated(uint64 indexed orgId, bytes32 reasonHash);
    event AccountAdded(address indexed account, uint64 indexed orgId);
    event AccountRemoved(address indexed account, uint64 indexed orgId);
    /// @notice Refunds owed to organisation `orgId` now go to `account`; `address(0)` means the
    /// explicit account was cleared (its holder left the organisation) and the default applies.
    event PayoutAccountSet(uint64 indexed orgId, address indexed account);
    /// @notice A policy parameter changed; `parameter` is its name as bytes32 (e.g. "penaltyCapBps").
    event PolicyChanged(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);
    event BudgetAllocated(uint64 indexed agencyOrgId, uint16 indexed fiscalYear, uint256 ceilingIdr);
    event BudgetCommitted(uint64 indexed agencyOrgId, uint16 indexed fiscalYear, uint256 amountIdr, uint256 committedIdr, address indexed spender);
    event BudgetReleased(uint64 indexed agencyOrgId, uint16 indexed fiscalYear, uint256 amountIdr, uint256 committedIdr, address indexed spender);
    event EncryptionKeyPublished(address indexed account, bytes publicKey);
    /// @notice `granter` gave `grantee` the content key of the envelope `envelopeHash`, wrapped
    /// for the grantee's published key in the grant file stored under `grantHash` (off chain,
    /// content-addressed). The envelope itself is unchanged; the block's time is the grant's.
    event DocumentAccessGranted(
        bytes32 indexed envelopeHash, address indexed grantee, address indexed granter, bytes32 grantHash
    );

    function GOVERNOR_ROLE() external view returns (bytes32);
    function AGENCY_ROLE() external view returns (bytes32);
    function SUPPLIER_ROLE() external view returns (bytes32);
    function CARRIER_ROLE() external view returns (bytes32);
    function AUDITOR_ROLE() external view returns (bytes32);
    function ARBITER_ROLE() external view returns (bytes32);
    function TREASURY_ROLE() external view returns (bytes32);
    /// @notice Held by the Tendering and OrderEscrow contracts: may commit and release budget.
    function BUDGET_SPENDER_ROLE() external view returns (bytes32);
    /// @notice Held by the OrderEscrow contract: may consume tender awards and release bonds.
    function ESCROW_ROLE() external view returns (bytes32);
    /// @notice The emergency guardian (issue 15): may `emergencyPause` and nothing else. Its
    /// admin is DEFAULT_ADMIN (the governance timelock).
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice Registers an organisation. Requirements: GOVERNOR; id not 0 and unused; kind not None.
    function registerOrganisation(uint64 orgId, OrgKind kind, bytes32 metadataHash) external;
    /// @notice Replaces an organisation's metadata hash. Requirements: GOVERNOR; org exists.
    function updateOrganisationMetadata(uint64 orgId, bytes32 metadataHash) external;
    /// @notice Suspends (blacklists) an organisation. Requirements: GOVERNOR; org exists.
    function suspendOrganisation(uint64 orgId, bytes32 reasonHash) external;
    /// @notice Lifts a suspension. Requirements: GOVERNOR; org exists.
    function reinstateOrganisation(uint64 orgId, bytes32 reasonHash) external;
    /// @notice Makes `account` act for `orgId`. Requirements: GOVERNOR; org exists; account in no org.
    function addAccount(address account, uint64 orgId) external;
    /// @notice Removes `account` from its organisation and revokes its participant roles. If it
    /// was the organisation's payout account, that is cleared (`PayoutAccountSet(orgId, 0)`):
    /// no refund ever goes to a removed account.
    function removeAccount(address account) external;
    /// @notice Sets where refunds owed to organisation `orgId` go (escrow refunds on cancellation,
    /// termination, late penalties and dispute rulings): the organisation's own account
    /// (e.g. its *rekening kas*), not necessarily a member. Requirements: GOVERNOR; org exists;
    /// account not zero. Emits `PayoutAccountSet`.
    function setPayoutAccount(uint64 orgId, address account) external;
    /// @notice The account refunds to `orgId` go to: the one set by `setPayoutAccount`, or, when
    /// none is set (or it was cleared), the state treasury account (`treasuryAccount`), so that
    /// unspent state money returns to the Kas Negara rather than to any single person.
    function payoutAccount(uint64 orgId) external view returns (address);

    function setMinTenderPeriod(uint64 seconds_) external;
    function setConfirmationWindow(uint64 seconds_) external;
    function setMaxBidsPerTender(uint32 maxBids) external;
    function setPenaltyPerMillePerDay(uint16 perMille) external;
    function setPenaltyCapBps(uint16 bps) external;
    function setRetentionBps(uint16 bps) external;
    function setDirectPurchaseCeiling(uint256 ceilingIdr) external;
    /// @notice Issue 13: 0 .. 7 days, default 1 day.
    function setCheckpointBackdateTolerance(uint64 seconds_) external;
    /// @notice Smallest bid bond, per mille of the HPS (1..100; default 5 = 0.5 %).
    function setMinBondPerMille(uint16 perMille) external;
    /// @notice How many above-HPS reveals raise red flag RN02 (1..200; default 3).
    function setAboveHpsFlagCount(uint16 count) external;
    /// @notice Objection (*sanggah*) bond, per mille of the HPS (0..50; default 0 = none).
    function setObjectionBondPerMille(uint16 perMille) external;
    /// @notice Objection window after finalisation (1 hour..30 days; default 5 days).
    function setObjectionWindow(uint64 seconds_) external;
    /// @notice Time an awardee has to accept its order (1 day..90 days; default 14 days).
    function setAcceptanceWindow(uint64 seconds_) external;
    /// @notice Time after the objection window when an unordered winner's bond comes back
    /// (1 day..365 days; default 60 days).
    function setBondReturnTimeout(uint64 seconds_) external;
    /// @notice Window over which direct purchases of one agency organisation from one supplier
    /// organisation are summed against the direct-purchase ceiling (anti *pemecahan paket*):
    /// 0 (off) or 1 day..365 days; default 90 days. Requirements: GOVERNOR. Emits `PolicyChanged`.
    function setSplitWindow(uint64 seconds_) external;
    /// @notice Time the other party of a dispute has to answer before an arbiter may rule
    /// (1 hour..30 days; default 3 days); paused time extends it.
    function setDisputeResponseWindow(uint64 seconds_) external;
    /// @notice The policy's `disputeResponseWindowSec` alone: one slot, read by the escrow when a
    /// dispute opens (cheaper than decoding the whole `policy()`).
    function disputeResponseWindowSec() external view returns (uint64);
    /// @notice The most the adendums of an order may raise its total, cumulatively, over its
    /// original total, in basis points (0..5000 = +50 %; default 1000 = +10 %). 0 allows no
    /// increase (decreases and new deadlines stay possible). Requirements: GOVERNOR.
    /// Emits `PolicyChanged`.
    function setAdendumCapBps(uint16 bps) external;
    /// @notice The policy's `adendumCapBps` alone (one slot), read by the escrow's adendum.
    function adendumCapBps() external view returns (uint16);
    /// @notice The state treasury account (Kas Negara) that receives forfeited bonds; not zero.
    /// Until set it is the governor of the deployment. Requirements: GOVERNOR. Emits
    /// `PolicyChanged("treasuryAccount", old, new)` with the addresses as numbers.
    function setTreasuryAccount(address account) external;
    /// @notice Where forfeited bid and objection bonds go (see `setTreasuryAccount`).
    function treasuryAccount() external view returns (address);

    /// @notice Sets the budget ceiling of an agency for a fiscal year. Requirements: TREASURY;
    /// org is an Agency; ceiling not below what is committed.
    function allocateBudget(uint64 agencyOrgId, uint16 fiscalYear, uint256 ceilingIdr) external;
    /// @notice Commits budget. Requirements: BUDGET_SPENDER; not paused; within the ceiling.
    function commitBudget(uint64 agencyOrgId, uint16 fiscalYear, uint256 amountIdr) external;
    /// @notice Frees committed budget. Requirements: BUDGET_SPENDER; at most what is committed.
    function releaseBudget(uint64 agencyOrgId, uint16 fiscalYear, uint256 amountIdr) external;

    /// @notice Publishes the caller's encryption public key (1..128 bytes) for documents to it.
    function publishEncryptionKey(bytes calldata publicKey) external;
    /// @notice Records that the caller re-wrapped the content keys of `envelopeHashes` for
    /// `grantee` (an auditor appointed after the documents were sealed) in the grant file
    /// stored under `grantHash`. The chain cannot see whether the caller could read the
    /// envelopes: the grantee checks the grant file against each envelope's key commitment.
    /// @dev Requirements: not paused; the caller belongs to an organisation and holds a
    /// participant role (removing the account or revoking its roles stops its future grants);
    /// `grantee` holds AUDITOR and has published an encryption key; 1..64 envelope hashes,
    /// none zero; `grantHash` not zero.
    /// Emits one `DocumentAccessGranted` per envelope.
    function recordDocumentGrant(bytes32[] calldata envelopeHashes, address grantee, bytes32 grantHash)
        external;

    /// @notice Stops every state change of every Rantai contract. Requirements: GOVERNOR.
    function pause() external;
    /// @notice Resumes after `pause`. Requirements: GOVERNOR.
    function unpause() external;
    /// @notice How many accounts hold `role` when it is GOVERNOR or DEFAULT_ADMIN (0 for any other
    /// role): the last one cannot leave (`RegistryLastAdmin`).
    function adminCount(bytes32 role) external view returns (uint256);
    /// @notice Total seconds the system has been paused since deployment, the running pause
    /// included (so the value grows while paused and stands still otherwise).
    /// @dev A deadline set when this read `snapshot` is due at
    /// `deadline + (pausedSeconds() - snapshot)`: time spent paused, when nobody could act,
    /// extends every running deadline. Every pause path (`_pause`/`_unpause`) keeps the clock.
    function pausedSeconds() external view returns (uint64);
    /// @notice The pause clock and the award policy (`TenderAwardTerms`) in one call, for
    /// `Tendering.finaliseTender` (cheaper than `paused`, `pausedSeconds` and the whole `policy`).
    /// @dev Reverts with `EnforcedPause` while paused.
    function tenderAwardTerms() external view returns (TenderAwardTerms memory);
    /// @notice The emergency guardian's brake: pauses at once, exactly as `pause`, but the
    /// guardian can neither unpause nor do anything else (unpausing is GOVERNOR's, i.e. the
    /// council through the timelock delay). Requirements: PAUSER; not paused.
    function emergencyPause() external;

    /// @notice Reverts unless `account` holds `role`, belongs to a non-suspended organisation and
    /// the system is not paused; returns the account's organisation id.
    /// @dev Reverts with `EnforcedPause`, `RegistryUnauthorizedAccount` or
    /// `RegistryOrganisationSuspended`.
    function checkParticipant(address account, bytes32 role) external view returns (uint64 orgId);
    function organisation(uint64 orgId) external view returns (Organisation memory);
    function orgOf(address account) external view returns (uint64 orgId);
    function policy() external view returns (Policy memory);
    function budget(uint64 agencyOrgId, uint16 fiscalYear) external view returns (Budget memory);
    /// @notice The sum of every budget ceiling allocated (all agencies, all fiscal years): the
    /// cap on the RupiahToken supply (issue 15, "money only against a budget").
    function totalAllocatedIdr() external view returns (uint256);
    function encryptionKey(address account) external view returns (bytes memory);
    function paused() external view returns (bool);
}
