"""Every custom error of the Rantai contracts, and every check before sending, in words (id, en).

The portal explains a refusal before anything is signed: a failed check of the client library
(:class:`~py_client.errors.PreflightError` and friends) or a contract custom error found by gas
estimation (:class:`~py_client.errors.ContractError`, generated per error) becomes one sentence
in Bahasa Indonesia or English. :data:`CONTRACT_ERRORS` holds one pair of templates per contract
error name; a test checks that it covers every error of :mod:`py_client.contract_errors`.
Template fields are the error's ABI argument names, formatted by :func:`format_argument`
(amounts as rupiah, ``…At`` times as dates in WIB).

Example::

    >>> from py_client.contract_errors import TenderingBiddingClosed
    >>> describe_error(TenderingBiddingClosed(4, 1_800_000_000), "en")
    'Bidding in tender 4 closed on 2027-01-15 15:00 WIB.'
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from py_client.errors import (
    AllowanceTooLow,
    BudgetExceeded,
    CeilingExceeded,
    ConfigError,
    ContractError,
    DeadlinePassed,
    DuplicateReference,
    InvalidInput,
    InvalidParameters,
    NoSigner,
    NotAuthorized,
    PriceAboveHps,
    RantaiError,
    SystemPaused,
    TooEarly,
    TransactionRejected,
    TransactionReverted,
    WrongState,
)
from py_client.formatting import WIB, rupiah, wib
from py_client.portal.i18n import TEXT, state
from py_client.portal.wordings import load_patterns

# (Bahasa Indonesia, English) per contract error name; fields are the ABI argument names.
CONTRACT_ERRORS: dict[str, tuple[str, str]] = {
    "AccessControlBadConfirmation": (
        "Konfirmasi pelepasan peran tidak cocok dengan akun pengirim.",
        "The role renouncement was not confirmed by the sending account.",
    ),
    "AccessControlUnauthorizedAccount": (
        "Akun {account} tidak memiliki peran yang dibutuhkan ({neededRole}).",
        "Account {account} lacks the role this needs ({neededRole}).",
    ),
    "ERC20InsufficientAllowance": (
        "Izin penarikan Rupiah untuk {spender} hanya {allowance}, dibutuhkan {needed}.",
        "The Rupiah allowance of {spender} is {allowance}; {needed} is needed.",
    ),
    "ERC20InsufficientBalance": (
        "Saldo Rupiah {sender} hanya {balance}, dibutuhkan {needed}.",
        "The Rupiah balance of {sender} is {balance}; {needed} is needed.",
    ),
    "ERC20InvalidApprover": (
        "Pemberi izin {approver} tidak sah.",
        "The approver {approver} is not valid.",
    ),
    "ERC20InvalidReceiver": (
        "Penerima {receiver} tidak sah.",
        "The receiver {receiver} is not valid.",
    ),
    "ERC20InvalidSender": ("Pengirim {sender} tidak sah.", "The sender {sender} is not valid."),
    "ERC20InvalidSpender": (
        "Pihak penarik {spender} tidak sah.",
        "The spender {spender} is not valid.",
    ),
    "EnforcedPause": (
        "Sistem Rantai sedang dihentikan sementara oleh dewan fasilitator.",
        "The Rantai system is paused by the governor.",
    ),
    "ExpectedPause": (
        "Sistem Rantai tidak sedang dihentikan sementara.",
        "The Rantai system is not paused.",
    ),
    "OrderEscrowArbiterConflict": (
        "{member} bertindak untuk organisasi {orgId}, pihak dalam pesanan {orderId}, "
        "sehingga tidak boleh memutus sengketanya.",
        "{member} acts for organisation {orgId}, a party to order {orderId}, and cannot rule "
        "on its dispute.",
    ),
    "OrderEscrowConfirmationWindowOpen": (
        "Jendela konfirmasi pengiriman {shipmentId} masih berjalan sampai {escalableAt}.",
        "The confirmation window of shipment {shipmentId} runs until {escalableAt}.",
    ),
    "OrderEscrowArrivalUnconfirmed": (
        "Pesanan {orderId} tidak dapat diputus: pengiriman {shipmentId} sudah tiba dan belum "
        "dikonfirmasi.",
        "Order {orderId} cannot be terminated: shipment {shipmentId} arrived and is unconfirmed.",
    ),
    "OrderEscrowMilestonesAwaitingAcceptance": (
        "Pesanan {orderId} tidak dapat diputus: {count} termin yang diserahkan menunggu "
        "penerimaan.",
        "Order {orderId} cannot be terminated: {count} submitted milestones await acceptance.",
    ),
    "OrderEscrowMilestoneNotSubmitted": (
        "Termin {lineIndex} pesanan {orderId} belum diserahkan oleh penyedia.",
        "Milestone {lineIndex} of order {orderId} has not been submitted by the supplier.",
    ),
    "OrderEscrowMilestoneAlreadySubmitted": (
        "Termin {lineIndex} pesanan {orderId} sudah diserahkan.",
        "Milestone {lineIndex} of order {orderId} was already submitted.",
    ),
    "OrderEscrowReviewWindowOpen": (
        "Masa pemeriksaan termin {lineIndex} pesanan {orderId} berjalan sampai {reviewEndsAt}.",
        "The review window of milestone {lineIndex} of order {orderId} runs until {reviewEndsAt}.",
    ),
    "OrderEscrowReviewWindowClosed": (
        "Masa pemeriksaan termin {lineIndex} pesanan {orderId} berakhir pada {reviewEndsAt}; "
        "termin dianggap diterima.",
        "The review window of milestone {lineIndex} of order {orderId} ended at "
        "{reviewEndsAt}; the milestone counts as accepted.",
    ),
    "OrderEscrowDirectPurchaseCeilingExceeded": (
        "Pembelian langsung {totalIdr} melebihi batas {ceilingIdr}; gunakan tender.",
        "A direct purchase of {totalIdr} exceeds the ceiling of {ceilingIdr}; use a tender.",
    ),
    "OrderAdendumCapExceeded": (
        "Adendum akan menaikkan pesanan {orderId} menjadi {newTotalIdr}, di atas batas "
        "{capIdr} (nilai awal + batas adendum kebijakan).",
        "The adendum would raise order {orderId} to {newTotalIdr}, above the cap of {capIdr} "
        "(the original total + the policy's adendum cap).",
    ),
    "OrderAdendumNoChange": (
        "Adendum tidak mengubah jumlah maupun batas waktu pesanan {orderId}.",
        "The adendum changes neither a quantity nor the deadline of order {orderId}.",
    ),
    "OrderAdendumOnlyThroughEscrow": (
        "Kontrak adendum hanya dapat dipanggil melalui kontrak escrow pesanan.",
        "The adendum contract can only be called through the order escrow.",
    ),
    "OrderEscrowDuplicateRef": (
        "Organisasi {orgId} sudah memakai referensi {ref} untuk pesanan {orderId}; pesanan "
        "kedua ditolak.",
        "Organisation {orgId} already used reference {ref} for order {orderId}; a second "
        "order is refused.",
    ),
    "OrderEscrowDisputeOpen": (
        "Pesanan {orderId} sedang dalam sengketa: pembayaran dibekukan.",
        "Order {orderId} has an open dispute: payments are frozen.",
    ),
    "OrderEscrowInsufficientAllowance": (
        "Instansi {agency} baru mengizinkan {allowanceIdr} ditarik ke escrow, dibutuhkan "
        "{neededIdr}.",
        "Agency {agency} approved {allowanceIdr} for the escrow; {neededIdr} is needed.",
    ),
    "OrderEscrowInsufficientBalance": (
        "Saldo instansi {agency} hanya {balanceIdr}, dibutuhkan {neededIdr}.",
        "Agency {agency} holds {balanceIdr}; {neededIdr} is needed.",
    ),
    "OrderEscrowInvalidDeadline": (
        "Batas waktu pengiriman {deliveryDeadlineAt} tidak sah (harus di masa depan).",
        "The delivery deadline {deliveryDeadlineAt} is not valid (it must lie ahead).",
    ),
    "OrderEscrowInvalidLine": (
        "Baris pesanan {lineIndex} tidak sah (jumlah, harga atau tanggal tonggak).",
        "Order line {lineIndex} is not valid (quantity, price or milestone date).",
    ),
    "OrderEscrowInvalidLineCount": (
        "Jumlah baris pesanan {lineCount} tidak diperbolehkan.",
        "An order cannot have {lineCount} lines.",
    ),
    "OrderEscrowInvalidMaintenancePeriod": (
        "Masa pemeliharaan {maintenancePeriodSec} detik tidak diperbolehkan.",
        "A maintenance period of {maintenancePeriodSec} seconds is not allowed.",
    ),
    "OrderEscrowInvalidState": (
        "Pesanan {orderId} tidak berada pada tahap yang memungkinkan tindakan ini.",
        "Order {orderId} is not at a stage that allows this action.",
    ),
    "OrderEscrowLineCountMismatch": (
        "Pengiriman {shipmentId}: {quantityCount} jumlah diterima untuk {lineCount} baris pesanan.",
        "Shipment {shipmentId}: {quantityCount} received quantities for {lineCount} order lines.",
    ),
    "OrderEscrowMaintenancePeriodRunning": (
        "Masa pemeliharaan pesanan {orderId} berjalan sampai {retentionReleaseAt}.",
        "The maintenance period of order {orderId} runs until {retentionReleaseAt}.",
    ),
    "OrderEscrowMilestoneAlreadyConfirmed": (
        "Tonggak {lineIndex} pesanan {orderId} sudah dikonfirmasi.",
        "Milestone {lineIndex} of order {orderId} was already confirmed.",
    ),
    "OrderEscrowMilestoneLineInShipment": (
        "Pengiriman {shipmentId} memuat baris tonggak {lineIndex}, yang tidak dikirim.",
        "Shipment {shipmentId} holds milestone line {lineIndex}, which is not shipped.",
    ),
    "OrderEscrowNoOpenDispute": (
        "Pesanan {orderId} tidak memiliki sengketa terbuka.",
        "Order {orderId} has no open dispute.",
    ),
    "OrderEscrowNotAwardAgency": (
        "Tender {tenderId} milik instansi {awardAgencyOrgId}, bukan {callerOrgId}.",
        "Tender {tenderId} belongs to agency {awardAgencyOrgId}, not {callerOrgId}.",
    ),
    "OrderEscrowNotMilestoneLine": (
        "Baris {lineIndex} pesanan {orderId} bukan tonggak pekerjaan.",
        "Line {lineIndex} of order {orderId} is not a milestone.",
    ),
    "OrderEscrowNotOrderAgency": (
        "Akun {account} tidak bertindak untuk instansi pemesan {orderId}.",
        "Account {account} does not act for the agency of order {orderId}.",
    ),
    "OrderEscrowNotOrderParty": (
        "Akun {account} bukan pihak dalam pesanan {orderId}.",
        "Account {account} is not a party to order {orderId}.",
    ),
    "OrderEscrowNotOrderSupplier": (
        "Akun {account} bukan penyedia pesanan {orderId}.",
        "Account {account} is not the supplier of order {orderId}.",
    ),
    "OrderEscrowReceivedExceedsRemaining": (
        "Baris {lineIndex}: diterima {receivedQuantity}, sisa pesanan hanya {remainingQuantity}.",
        "Line {lineIndex}: {receivedQuantity} received, only {remainingQuantity} remain ordered.",
    ),
    "OrderEscrowReceivedExceedsShipped": (
        "Baris {lineIndex}: diterima {receivedQuantity}, yang dikirim hanya {shippedQuantity}.",
        "Line {lineIndex}: {receivedQuantity} received, only {shippedQuantity} shipped.",
    ),
    "OrderEscrowRulingMismatch": (
        "Putusan pesanan {orderId} membagi {rulingTotalIdr}, padahal yang ditahan {heldIdr}.",
        "The ruling on order {orderId} splits {rulingTotalIdr}, but {heldIdr} is held.",
    ),
    "OrderEscrowShipmentAlreadyConfirmed": (
        "Pengiriman {shipmentId} sudah dikonfirmasi.",
        "Shipment {shipmentId} was already confirmed.",
    ),
    "OrderEscrowShipmentNotArrived": (
        "Pengiriman {shipmentId} belum tiba.",
        "Shipment {shipmentId} has not arrived.",
    ),
    "OrderEscrowShipmentTrackingAlreadySet": (
        "Kontrak pelacakan sudah ditetapkan ({shipmentTracking}).",
        "The tracking contract is already set ({shipmentTracking}).",
    ),
    "OrderEscrowShipmentTrackingNotSet": (
        "Kontrak pelacakan pengiriman belum ditetapkan.",
        "The shipment tracking contract is not set.",
    ),
    "OrderEscrowTerminationTooEarly": (
        "Pesanan {orderId} baru boleh diputus mulai {terminableAt}.",
        "Order {orderId} may be terminated from {terminableAt} only.",
    ),
    "OrderEscrowTotalMismatch": (
        "Baris pesanan berjumlah {linesTotalIdr}, nilai kemenangan tender {tenderId} "
        "{awardPriceIdr}.",
        "The lines add up to {linesTotalIdr}; the award of tender {tenderId} is {awardPriceIdr}.",
    ),
    "OrderEscrowUnauthorizedAccount": (
        "Akun {account} tidak memiliki peran yang dibutuhkan ({neededRole}).",
        "Account {account} lacks the role this needs ({neededRole}).",
    ),
    "OrderEscrowUnknownLine": (
        "Pesanan {orderId} tidak memiliki baris {lineIndex}.",
        "Order {orderId} has no line {lineIndex}.",
    ),
    "OrderEscrowUnknownOrder": (
        "Pesanan {orderId} tidak ada.",
        "Order {orderId} does not exist.",
    ),
    "OrderEscrowZeroAddress": (
        "Alamat nol tidak diperbolehkan.",
        "The zero address is not allowed.",
    ),
    "ReentrancyGuardReentrantCall": (
        "Panggilan berulang (reentrancy) ditolak.",
        "A reentrant call was refused.",
    ),
    "RegistryAccountAlreadyMember": (
        "Akun {account} sudah anggota organisasi {orgId}.",
        "Account {account} already belongs to organisation {orgId}.",
    ),
    "RegistryAccountNotMember": (
        "Akun {account} bukan anggota organisasi mana pun.",
        "Account {account} belongs to no organisation.",
    ),
    "RegistryBudgetExceeded": (
        "Pagu anggaran organisasi {agencyOrgId} tahun {fiscalYear} tidak cukup: diminta "
        "{requestedIdr}, tersisa {availableIdr}.",
        "The budget of organisation {agencyOrgId} for {fiscalYear} is too small: {requestedIdr} "
        "requested, {availableIdr} left.",
    ),
    "RegistryBudgetReleaseExceedsCommitted": (
        "Pelepasan {releasedIdr} melebihi anggaran terpakai {committedIdr} (organisasi "
        "{agencyOrgId}, {fiscalYear}).",
        "Releasing {releasedIdr} exceeds the committed {committedIdr} (organisation "
        "{agencyOrgId}, {fiscalYear}).",
    ),
    "RegistryCeilingBelowCommitted": (
        "Pagu {ceilingIdr} lebih kecil dari anggaran terpakai {committedIdr} (organisasi "
        "{agencyOrgId}, {fiscalYear}).",
        "The ceiling {ceilingIdr} is below the committed {committedIdr} (organisation "
        "{agencyOrgId}, {fiscalYear}).",
    ),
    "RegistryInvalidEncryptionKey": (
        "Kunci enkripsi akun {account} ({length} bita) tidak sah.",
        "The encryption key of {account} ({length} bytes) is not valid.",
    ),
    "RegistryInvalidGrant": (
        "Hibah akses dokumen tidak sah: {envelopeCount} amplop (1 sampai 64, tanpa hash nol) "
        "atau hash berkas hibah nol.",
        "The document grant is not valid: {envelopeCount} envelopes (1 to 64, no zero hash) "
        "or a zero grant-file hash.",
    ),
    "RegistryMissingEncryptionKey": (
        "Akun {account} belum menerbitkan kunci enkripsi.",
        "The account {account} has published no encryption key.",
    ),
    "RegistryNotAGrantor": (
        "Akun {account} tidak boleh memberi akses dokumen (perlu organisasi dan peran peserta).",
        "The account {account} may not grant document access (it needs an organisation and a "
        "participant role).",
    ),
    "RegistryInvalidOrganisation": (
        "Organisasi {orgId} dengan jenis {kind} tidak sah.",
        "Organisation {orgId} of kind {kind} is not valid.",
    ),
    "RegistryInvalidPolicy": (
        "Nilai kebijakan {value} tidak sah untuk {parameter}.",
        "The policy value {value} is not valid for {parameter}.",
    ),
    "RegistryOrganisationExists": (
        "Organisasi {orgId} sudah terdaftar.",
        "Organisation {orgId} is already registered.",
    ),
    "RegistryOrganisationSuspended": (
        "Organisasi {orgId} sedang ditangguhkan (daftar hitam).",
        "Organisation {orgId} is suspended (blacklisted).",
    ),
    "RegistryLastAdmin": (
        "Akun {account} adalah pemegang terakhir peran {role}: berikan peran itu kepada "
        "penggantinya lebih dahulu.",
        "Account {account} is the last holder of role {role}: grant it to the successor first.",
    ),
    "RegistryUnauthorizedAccount": (
        "Akun {account} bukan peserta aktif dengan peran yang dibutuhkan ({neededRole}).",
        "Account {account} is not an active participant with the needed role ({neededRole}).",
    ),
    "RegistryUnknownOrganisation": (
        "Organisasi {orgId} tidak ada.",
        "Organisation {orgId} does not exist.",
    ),
    "RegistryRoleKindMismatch": (
        "Peran {role} tidak boleh dipegang akun {account} di organisasi {orgId} berjenis {kind}: "
        "pemisahan tugas (satu jenis peran per akun).",
        "Role {role} cannot be held by account {account} in organisation {orgId} of kind "
        "{kind}: separation of duties (one kind of role per account).",
    ),
    "RegistryInvalidPayoutAccount": (
        "Rekening pembayaran kembali organisasi {orgId} tidak boleh alamat nol.",
        "The payout account of organisation {orgId} may not be the zero address.",
    ),
    "OrderEscrowResponseWindowOpen": (
        "Pihak lawan dalam sengketa pesanan {orderId} masih boleh menanggapi sampai "
        "{respondByAt}; putusan belum boleh dijatuhkan.",
        "The other party of the dispute on order {orderId} may respond until {respondByAt}; "
        "no ruling before then.",
    ),
    "OrderEscrowNotDisputeRespondent": (
        "Akun {account} bukan pihak yang menanggapi sengketa pesanan {orderId}.",
        "Account {account} is not the party that responds to the dispute on order {orderId}.",
    ),
    "OrderEscrowDisputeAlreadyResponded": (
        "Sengketa pesanan {orderId} sudah ditanggapi.",
        "The dispute on order {orderId} was already responded to.",
    ),
    "RupiahTokenZeroAmount": ("Jumlah Rupiah tidak boleh nol.", "The amount must not be zero."),
    "SafeCastOverflowedUintDowncast": (
        "Nilai {value} terlalu besar untuk {bits} bit.",
        "The value {value} does not fit {bits} bits.",
    ),
    "SafeERC20FailedOperation": (
        "Transfer token {token} gagal.",
        "The transfer of token {token} failed.",
    ),
    "ShipmentTrackingAlreadyArrived": (
        "Pengiriman {shipmentId} sudah tiba; pelacakan telah selesai.",
        "Shipment {shipmentId} has arrived; tracking has ended.",
    ),
    "ShipmentTrackingCheckpointInFuture": (
        "Waktu titik pantau {occurredAt} berada di masa depan (sekarang {nowAt}).",
        "The checkpoint time {occurredAt} lies in the future (now {nowAt}).",
    ),
    "ShipmentTrackingCheckpointBeforeRegistration": (
        "Titik lacak pertama pengiriman {shipmentId} bertanggal {occurredAt}, sebelum batas "
        "{earliestAt} (pendaftaran dikurangi toleransi).",
        "The first checkpoint of shipment {shipmentId} is dated {occurredAt}, before the "
        "earliest allowed {earliestAt} (registration less the tolerance).",
    ),
    "ShipmentTrackingCustodianActive": (
        "Pengangkut {custodian} masih aktif: penguasaan pengiriman {shipmentId} tidak dapat "
        "dialihkan sepihak.",
        "Carrier {custodian} is still active: custody of shipment {shipmentId} cannot be "
        "reassigned.",
    ),
    "ShipmentTrackingNotOrderEscrow": (
        "Hanya kontrak OrderEscrow yang dapat mengonfirmasi kedatangan; {caller} tidak.",
        "Only the OrderEscrow contract may confirm an arrival; {caller} is not it.",
    ),
    "ShipmentTrackingMissingRef": (
        "Pengiriman atau titik pantau memerlukan referensi yang tidak nol.",
        "A shipment or checkpoint needs a non-zero reference.",
    ),
    "ShipmentTrackingDuplicateShipmentRef": (
        "Organisasi {orgId} sudah mendaftarkan pengiriman {shipmentId} dengan referensi {ref}; "
        "tidak ada yang didaftarkan ulang.",
        "Organisation {orgId} already registered shipment {shipmentId} with reference {ref}; "
        "nothing was registered again.",
    ),
    "ShipmentTrackingDuplicateCheckpointRef": (
        "Organisasi {orgId} sudah mencatat titik pantau {index} pengiriman {shipmentId} dengan "
        "referensi {ref}; tidak ada yang dicatat ulang.",
        "Organisation {orgId} already recorded checkpoint {index} of shipment {shipmentId} with "
        "reference {ref}; nothing was recorded again.",
    ),
    "ShipmentTrackingCheckpointOutOfOrder": (
        "Waktu titik pantau {occurredAt} lebih awal dari titik sebelumnya {previousOccurredAt}.",
        "The checkpoint time {occurredAt} is before the previous one, {previousOccurredAt}.",
    ),
    "ShipmentTrackingExpectedArrivalNotInFuture": (
        "Perkiraan tiba {expectedArrivalAt} harus di masa depan (sekarang {nowAt}).",
        "The expected arrival {expectedArrivalAt} must lie ahead (now {nowAt}).",
    ),
    "ShipmentTrackingInvalidCheckpointKind": (
        "Jenis titik pantau untuk pengiriman {shipmentId} tidak sah.",
        "The checkpoint kind for shipment {shipmentId} is not valid.",
    ),
    "ShipmentTrackingInvalidCoordinates": (
        "Koordinat ({latitudeE6}, {longitudeE6}) di luar jangkauan.",
        "The coordinates ({latitudeE6}, {longitudeE6}) are out of range.",
    ),
    "ShipmentTrackingInvalidNominee": (
        "Pengangkut {nominee} tidak dapat dicalonkan untuk pengiriman {shipmentId}.",
        "Carrier {nominee} cannot be nominated for shipment {shipmentId}.",
    ),
    "ShipmentTrackingInvalidQuantities": (
        "Pesanan {orderId} punya {lineCount} baris, tetapi {length} jumlah diberikan.",
        "Order {orderId} has {lineCount} lines, but {length} quantities were given.",
    ),
    "ShipmentTrackingMissingLocation": (
        "Lokasi titik pantau pengiriman {shipmentId} wajib diisi.",
        "The checkpoint of shipment {shipmentId} needs a location.",
    ),
    "ShipmentTrackingNotCustodian": (
        "Akun {caller} bukan pemegang barang pengiriman {shipmentId} (pemegang: {custodian}).",
        "Account {caller} is not the custodian of shipment {shipmentId} ({custodian} is).",
    ),
    "ShipmentTrackingNotNominee": (
        "Akun {caller} bukan pengangkut yang dicalonkan untuk pengiriman {shipmentId}.",
        "Account {caller} is not the nominee of shipment {shipmentId}.",
    ),
    "ShipmentTrackingNotOrderSupplier": (
        "Akun {caller} bukan penyedia pesanan {orderId} (penyedia: {supplier}).",
        "Account {caller} is not the supplier of order {orderId} ({supplier} is).",
    ),
    "ShipmentTrackingNothingShipped": (
        "Pengiriman untuk pesanan {orderId} tidak memuat barang apa pun.",
        "The shipment for order {orderId} ships nothing.",
    ),
    "ShipmentTrackingOrderDisputed": (
        "Pesanan {orderId} sedang dalam sengketa.",
        "Order {orderId} has an open dispute.",
    ),
    "ShipmentTrackingOrderNotActive": (
        "Pesanan {orderId} belum aktif (belum diterima penyedia) atau sudah selesai.",
        "Order {orderId} is not active (not accepted yet, or finished).",
    ),
    "ShipmentTrackingQuantityTooLarge": (
        "Baris {line}: jumlah {quantity} melebihi yang boleh dikirim.",
        "Line {line}: quantity {quantity} is more than may be shipped.",
    ),
    "ShipmentTrackingTooManyShipments": (
        "Pesanan {orderId} sudah mencapai batas {maxShipments} pengiriman.",
        "Order {orderId} already has its maximum of {maxShipments} shipments.",
    ),
    "ShipmentTrackingUnknownShipment": (
        "Pengiriman {shipmentId} tidak ada.",
        "Shipment {shipmentId} does not exist.",
    ),
    "ShipmentTrackingZeroAddress": (
        "Alamat nol tidak diperbolehkan.",
        "The zero address is not allowed.",
    ),
    "TenderingAlreadyBid": (
        "Akun {bidder} sudah mengajukan penawaran pada tender {tenderId}.",
        "Account {bidder} already bid in tender {tenderId}.",
    ),
    "TenderingAwardAlreadyOrdered": (
        "Tender {tenderId} sudah menjadi pesanan {existingOrderId}.",
        "Tender {tenderId} was already ordered (order {existingOrderId}).",
    ),
    "TenderingBidPeriodTooShort": (
        "Batas penawaran {bidDeadlineAt} terlalu dekat; paling cepat {earliestAllowedAt}.",
        "The bid deadline {bidDeadlineAt} is too soon; the earliest allowed is "
        "{earliestAllowedAt}.",
    ),
    "TenderingBidderChangedOrganisation": (
        "Penawar {bidder} berpindah dari organisasi {bidOrgId} ke {currentOrgId} sejak "
        "menawar di tender {tenderId}.",
        "Bidder {bidder} moved from organisation {bidOrgId} to {currentOrgId} since bidding "
        "in tender {tenderId}.",
    ),
    "TenderingBiddingClosed": (
        "Masa penawaran tender {tenderId} berakhir pada {bidDeadlineAt}.",
        "Bidding in tender {tenderId} closed on {bidDeadlineAt}.",
    ),
    "TenderingCommitmentMismatch": (
        "Harga dan salt tidak cocok dengan penawaran tersegel {bidder} pada tender {tenderId}.",
        "Price and salt do not match the sealed bid of {bidder} in tender {tenderId}.",
    ),
    "TenderingInvalidBond": (
        "Jaminan penawaran {bondIdr} tidak sah.",
        "The bid bond {bondIdr} is not valid.",
    ),
    "TenderingAcceptanceClosed": (
        "Pemenang tender {tenderId} tidak menerima pesanan sebelum {acceptBy}.",
        "The awardee of tender {tenderId} did not accept the order before {acceptBy}.",
    ),
    "TenderingAcceptanceOpen": (
        "Pemenang tender {tenderId} masih dapat menerima pesanan sampai {acceptBy}.",
        "The awardee of tender {tenderId} may still accept the order until {acceptBy}.",
    ),
    "TenderingAwardOnHold": (
        "Pemenang tender {tenderId} belum dapat dipesan: masa sanggah sampai {objectionEndsAt}, "
        "{pendingObjections} sanggahan menunggu putusan.",
        "The award of tender {tenderId} cannot be ordered yet: objections run until "
        "{objectionEndsAt}, {pendingObjections} objection(s) await a ruling.",
    ),
    "TenderingBondNotReturnable": (
        "Jaminan pemenang tender {tenderId} belum dapat dikembalikan (paling cepat {returnableAt}, "
        "tanpa pesanan berjalan).",
        "The winner's bond of tender {tenderId} cannot be returned (not before {returnableAt}, "
        "and not while an order is live).",
    ),
    "TenderingBondTooLow": (
        "Jaminan penawaran {bondIdr} di bawah minimum {minBondIdr}.",
        "The bid bond {bondIdr} is below the minimum {minBondIdr}.",
    ),
    "TenderingCannotObject": (
        "{bidder} tidak dapat menyanggah tender {tenderId}: hanya peserta yang kalah atau "
        "didiskualifikasi, sekali.",
        "{bidder} cannot object in tender {tenderId}: only a losing or disqualified bidder, once.",
    ),
    "TenderingInvalidHps": ("HPS {hpsIdr} tidak sah.", "The HPS {hpsIdr} is not valid."),
    "TenderingInvalidItemCount": (
        "Tender perlu 1 sampai {maxItems} barang, bukan {count}.",
        "A tender needs 1 to {maxItems} items, not {count}.",
    ),
    "TenderingInvalidOrderId": (
        "Nomor pesanan {orderId} tidak sah.",
        "Order id {orderId} is not valid.",
    ),
    "TenderingInvalidDeliveryPeriod": (
        "Masa penyerahan {deliveryFromAt} s.d. {deliveryUntilAt} kosong atau berakhir sebelum "
        "batas pembukaan penawaran.",
        "The delivery period {deliveryFromAt} to {deliveryUntilAt} is empty or ends before the "
        "reveal deadline.",
    ),
    "TenderingItemsMismatch": (
        "Baris pesanan tidak memuat barang tender {tenderId} (hash barang, jumlah dan satuan "
        "harus sama, berurutan): pesanan adalah hasil tender.",
        "The order lines do not carry the items of tender {tenderId} (item hash, quantity and "
        "unit must match, in order): the order is the award.",
    ),
    "TenderingDeliveryOutsidePeriod": (
        "Batas penyerahan {deliveryDeadlineAt} di luar masa penyerahan tender {tenderId} "
        "({deliveryFromAt} s.d. {deliveryUntilAt}).",
        "The delivery deadline {deliveryDeadlineAt} is outside the delivery period of tender "
        "{tenderId} ({deliveryFromAt} to {deliveryUntilAt}).",
    ),
    "TenderingInvalidQuantity": (
        "Barang {index} memiliki jumlah nol.",
        "Item {index} has quantity zero.",
    ),
    "TenderingNoPendingObjection": (
        "{objector} tidak memiliki sanggahan yang menunggu putusan pada tender {tenderId}.",
        "{objector} has no objection awaiting a ruling in tender {tenderId}.",
    ),
    "TenderingNotAwarded": (
        "Tender {tenderId} belum dimenangkan.",
        "Tender {tenderId} is not awarded.",
    ),
    "TenderingNotCurrentOrder": (
        "Pesanan {orderId} bukan pesanan berjalan dari tender {tenderId} "
        "(saat ini {currentOrderId}).",
        "Order {orderId} is not the live order of tender {tenderId} (currently {currentOrderId}).",
    ),
    "TenderingNotOpen": (
        "Tender {tenderId} tidak sedang dibuka.",
        "Tender {tenderId} is not open.",
    ),
    "TenderingNotTenderAgency": (
        "Akun {account} tidak bertindak untuk instansi pemilik tender {tenderId}.",
        "Account {account} does not act for the agency of tender {tenderId}.",
    ),
    "TenderingObjectionClosed": (
        "Masa sanggah tender {tenderId} berakhir pada {objectionEndsAt}.",
        "The objection window of tender {tenderId} closed on {objectionEndsAt}.",
    ),
    "TenderingOrganisationAlreadyBid": (
        "Organisasi {orgId} sudah menawar pada tender {tenderId} melalui {existingBidder}.",
        "Organisation {orgId} already bid in tender {tenderId} through {existingBidder}.",
    ),
    "TenderingReasonRequired": (
        "Tindakan pada tender {tenderId} memerlukan hash dokumen alasan.",
        "The action on tender {tenderId} needs the hash of a reason document.",
    ),
    "TenderingRevealClosed": (
        "Masa pembukaan penawaran tender {tenderId} berakhir pada {revealDeadlineAt}.",
        "Revealing in tender {tenderId} closed on {revealDeadlineAt}.",
    ),
    "TenderingRevealNotOpen": (
        "Penawaran tender {tenderId} baru bisa dibuka setelah {bidDeadlineAt}.",
        "Bids of tender {tenderId} can be revealed only after {bidDeadlineAt}.",
    ),
    "TenderingRevealPeriodNotOver": (
        "Tender {tenderId} baru bisa ditetapkan setelah {revealDeadlineAt}.",
        "Tender {tenderId} can be finalised only after {revealDeadlineAt}.",
    ),
    "TenderingRevealPeriodTooShort": (
        "Batas pembukaan {revealDeadlineAt} terlalu dekat; paling cepat {earliestAllowedAt}.",
        "The reveal deadline {revealDeadlineAt} is too soon; the earliest allowed is "
        "{earliestAllowedAt}.",
    ),
    "TenderingTooManyBids": (
        "Tender {tenderId} sudah mencapai batas {maxBids} penawaran.",
        "Tender {tenderId} holds its maximum of {maxBids} bids.",
    ),
    "TenderingUnauthorizedEscrow": (
        "Pemanggil {caller} bukan kontrak escrow yang sah.",
        "The caller {caller} is not the escrow contract.",
    ),
    "TenderingUnknownTender": (
        "Tender {tenderId} tidak ada.",
        "Tender {tenderId} does not exist.",
    ),
    "TenderingWrongBidState": (
        "Penawaran {bidder} pada tender {tenderId} tidak berada pada tahap yang sesuai.",
        "The bid of {bidder} in tender {tenderId} is not at the right stage.",
    ),
    # Issue 15: the money cap and the governance timelock (OpenZeppelin TimelockController).
    "RupiahTokenMintExceedsBudgets": (
        "Pencetakan {amountIdr} melebihi pagu yang dialokasikan; tersisa {availableIdr}.",
        "Minting {amountIdr} exceeds the allocated budgets; {availableIdr} remains.",
    ),
    "FailedCall": (
        "Panggilan yang dijadwalkan gagal.",
        "A scheduled call failed.",
    ),
    "TimelockInsufficientDelay": (
        "Jeda {delay} detik lebih pendek dari minimum {minDelay} detik.",
        "The delay of {delay} seconds is below the minimum of {minDelay} seconds.",
    ),
    "TimelockInvalidOperationLength": (
        "Jumlah sasaran, data dan nilai dalam usulan tidak sama.",
        "The proposal's targets, payloads and values differ in length.",
    ),
    "TimelockUnauthorizedCaller": (
        "Hanya timelock sendiri yang boleh mengubah pengaturannya ({caller}).",
        "Only the timelock itself may change its settings ({caller}).",
    ),
    "TimelockUnexecutedPredecessor": (
        "Usulan pendahulu {predecessorId} belum dijalankan.",
        "The predecessor proposal {predecessorId} has not run yet.",
    ),
    "TimelockUnexpectedOperationState": (
        "Usulan {operationId} tidak dalam keadaan yang diharapkan (jeda belum selesai, "
        "dibatalkan, atau sudah dijalankan).",
        "Proposal {operationId} is not in the expected state (delay not over, cancelled, or "
        "already executed).",
    ),
}

_MONEY_NAMES = frozenset({"allowance", "balance", "needed"})


format_rupiah = rupiah
"""``Rp 1.500.000`` (id) or ``Rp 1,500,000`` (en): :func:`py_client.formatting.rupiah`."""

format_time = wib
"""A unix time as ``YYYY-MM-DD HH:MM WIB``, or ``-``: :func:`py_client.formatting.wib`."""


def format_argument(name: str, value: Any, lang: str) -> str:
    """One error argument for a sentence: amounts as rupiah, ``…At`` as a date, bytes as hex."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, int) and not isinstance(value, bool):
        if name.endswith("Idr") or name in _MONEY_NAMES:
            return format_rupiah(value, lang)
        if name.endswith("At"):
            return format_time(value)
    return str(value)


def describe_contract_error(err: ContractError, lang: str) -> str:
    """The sentence for a contract custom error (its name when the table lacks it)."""
    templates = CONTRACT_ERRORS.get(type(err).__name__)
    values = {k: format_argument(k, v, lang) for k, v in err.arguments.items()}
    if templates is None:
        return str(err)
    return templates[0 if lang == "id" else 1].format(**values)


_ID_PATTERNS = load_patterns("error_patterns")  # Indonesian of preflight messages

_CLASS_WORDS: tuple[tuple[type[RantaiError], str, str], ...] = (
    (SystemPaused, "Sistem sedang dihentikan sementara", "The system is paused"),
    (NotAuthorized, "Tidak berwenang", "Not authorised"),
    (WrongState, "Tahap tidak sesuai", "Wrong stage"),
    (DeadlinePassed, "Batas waktu terlewati", "Deadline passed"),
    (TooEarly, "Terlalu awal", "Too early"),
    (InvalidParameters, "Isian tidak sah", "Invalid values"),
    (InvalidInput, "Isian tidak sah", "Invalid input"),
    (TransactionReverted, "Kontrak menolak transaksi", "The contract refuses the transaction"),
    (TransactionRejected, "Node menolak transaksi", "The node refuses the transaction"),
    (NoSigner, "Belum masuk", "Not signed in"),
    (ConfigError, "Konfigurasi salah", "Configuration error"),
)


def _money(value: int, lang: str) -> str:
    return format_rupiah(value, lang)


def _specific(err: RantaiError, lang: str) -> str | None:
    """Sentences for the preflight errors whose data is kept as attributes."""
    idn = lang == "id"
    builders: dict[type[RantaiError], Callable[[Any], str]] = {
        PriceAboveHps: lambda e: (
            f"Harga {_money(e.price_idr, lang)} di atas HPS {_money(e.hps_idr, lang)} tender "
            f"{e.tender_id}: penawaran akan tidak sah."
            if idn
            else f"The price {_money(e.price_idr, lang)} is above the HPS "
            f"{_money(e.hps_idr, lang)} of tender {e.tender_id}: the bid would be invalid."
        ),
        BudgetExceeded: lambda e: (
            f"Pagu anggaran tidak cukup: diminta {_money(e.requested_idr, lang)}, tersisa "
            f"{_money(e.available_idr, lang)} (organisasi {e.org_id}, {e.fiscal_year})."
            if idn
            else f"Budget exceeded: {_money(e.requested_idr, lang)} requested, "
            f"{_money(e.available_idr, lang)} left (organisation {e.org_id}, {e.fiscal_year})."
        ),
        CeilingExceeded: lambda e: (
            f"Pembelian langsung {_money(e.total_idr, lang)} melebihi batas "
            f"{_money(e.ceiling_idr, lang)}; gunakan tender."
            if idn
            else f"A direct purchase of {_money(e.total_idr, lang)} exceeds the ceiling "
            f"{_money(e.ceiling_idr, lang)}; open a tender instead."
        ),
        DuplicateReference: lambda e: (
            f"Organisasi {e.org_id} sudah memiliki pesanan {e.order_id} dengan referensi ini; "
            "tidak ada yang dikirim."
            if idn
            else f"Organisation {e.org_id} already has order {e.order_id} with this reference; "
            "nothing was sent."
        ),
        AllowanceTooLow: lambda e: (
            f"Izin atau saldo Rupiah {_money(e.allowance_idr, lang)} kurang dari "
            f"{_money(e.needed_idr, lang)} yang dibutuhkan: setujui (approve) dulu."
            if idn
            else f"The Rupiah allowance or balance {_money(e.allowance_idr, lang)} is below "
            f"the {_money(e.needed_idr, lang)} needed: approve first."
        ),
    }
    for kind, build in builders.items():
        if isinstance(err, kind):
            return build(err)
    return None


def describe_error(err: RantaiError, lang: str) -> str:
    """One sentence explaining ``err`` in ``lang`` (``id`` or ``en``), nothing sent yet.

    Contract custom errors come from :data:`CONTRACT_ERRORS`; the library's checks before
    sending get their own sentence where their data is structured, else the class in words and
    the library's detail (its Indonesian wording where a pattern knows it).
    """
    if isinstance(err, ContractError):
        return describe_contract_error(err, lang)
    specific = _specific(err, lang)
    if specific is not None:
        return specific
    detail = " ".join(str(err).split())
    if lang == "id":
        for pattern, replacement in _ID_PATTERNS:
            if pattern.match(detail):
                detail = pattern.sub(replacement, detail)
                break
    detail = _localised(detail, lang)
    for kind, idn, eng in _CLASS_WORDS:
        if isinstance(err, kind):
            for prefix in (f"{eng.lower()}: ", f"{idn.lower()}: "):  # said once, not twice
                if detail.lower().startswith(prefix):
                    detail = detail[len(prefix) :]
            return f"{idn if lang == 'id' else eng}: {detail}."
    return f"{detail}."


_ISO_TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")
_ENUM_NAME = re.compile(r"\b[A-Z][A-Z_]{2,}\b")


def _localised(detail: str, lang: str) -> str:
    """A library detail with its ISO times in WIB and its state names (``IN_TRANSIT``) in words."""

    def wib(match: re.Match[str]) -> str:
        parsed = datetime.fromisoformat(match[0].replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return format_time(int(parsed.timestamp()))

    def named(match: re.Match[str]) -> str:
        camel = "".join(part.capitalize() for part in match[0].split("_"))
        return state(camel, lang) if f"state.{camel}" in TEXT else match[0]

    detail = _ISO_TIME.sub(wib, detail)
    replaced = _ENUM_NAME.sub(named, detail)
    if replaced != detail and lang == "id":
        replaced = re.sub(r"(\S) or (\S)", r"\1 atau \2", replaced)
    return replaced


__all__ = [
    "CONTRACT_ERRORS",
    "WIB",
    "describe_contract_error",
    "describe_error",
    "format_argument",
    "format_rupiah",
    "format_time",
]
