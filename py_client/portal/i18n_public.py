"""The words of the public pages added for issue 21: lists, documents, events, red flags.

Merged into :data:`py_client.portal.i18n.TEXT` (same (Indonesian, English) pairs, same test of
both languages and fields). :func:`flag_sentence` and :func:`check_definition` give the audit
toolkit's red-flag findings (English in :mod:`py_client.audit.flags`) in the page's language,
from each finding's code and data.
"""

from collections.abc import Callable, Mapping
from typing import Any

PUBLIC_TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ lists
    "list.words": ("Kata / ocid", "Words / ocid"),
    "list.words_hint": ("judul, barang atau ocid", "title, item or ocid"),
    "list.all": ("Semua", "All"),
    "list.status": ("Status", "Status"),
    "list.region": ("Wilayah asal", "Region of origin"),
    "list.supplier_id": ("Nomor penyedia", "Supplier number"),
    "list.apply": ("Terapkan", "Apply"),
    "list.reset": ("Hapus filter", "Clear filters"),
    "list.showing": ("{first}-{last} dari {total}", "{first}-{last} of {total}"),
    "list.sum.hps_idr": ("Jumlah HPS", "Total HPS"),
    "list.sum.total_idr": ("Jumlah nilai", "Total value"),
    "list.sum.paid_idr": ("Dibayar ke penyedia", "Paid to suppliers"),
    "list.sum.penalty_idr": ("Denda", "Penalties"),
    "list.sum.retention_idr": ("Retensi ditahan", "Retention held"),
    "list.sum.to_agency_idr": ("Ke instansi", "To the agency"),
    "list.pages": ("Halaman", "Pages"),
    "list.prev": ("Sebelumnya", "Previous"),
    "list.next": ("Berikutnya", "Next"),
    "list.page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "org.name": ("Nama", "Name"),
    "org.status.active": ("Aktif", "Active"),
    "org.status.suspended": ("Ditangguhkan", "Suspended"),
    "tender.what": ("Pengadaan", "Procurement"),
    "awards.all": (
        "Pemenang terbaru; semua tender yang sudah ditetapkan pemenangnya ada di daftar tender",
        "The latest awards; every awarded tender is in the tender list",
    ),
    # ------------------------------------------------------------------ public documents
    "item.name": ("Barang", "Item"),
    "item.check": ("Cek rantai", "Chain check"),
    "docs.verified": (
        "Judul dan daftar barang terverifikasi dengan hash di rantai",
        "Title and item list verified against the chain's hashes",
    ),
    "docs.items_unverified": (
        "Spesifikasi terverifikasi, tetapi ada barang yang tidak cocok dengan rantai",
        "Specification verified, but some items do not match the chain",
    ),
    "docs.missing": (
        "Dokumen spesifikasi belum tersedia di penyimpanan dokumen",
        "The specification document is not in the document store",
    ),
    "docs.open_spec": ("Buka spesifikasi", "Open the specification"),
    "docs.no_name": ("(nama barang tidak tersedia)", "(item name not available)"),
    "docs.verified_short": ("terverifikasi", "verified"),
    "docs.unverified_short": ("belum terverifikasi", "not verified"),
    # ------------------------------------------------------------------ flags
    "flags.total": (
        "{count} temuan: tanda bahaya di rantai dan hasil analisis",
        "{count} findings: red flags on chain and analysis results",
    ),
    "flags.found": ("{count} temuan", "{count} findings"),
    "flags.shown": (
        "{shown} temuan terbaru dari {count}",
        "The latest {shown} of {count} findings",
    ),
    "bond.refunded": ("dikembalikan", "refunded"),
    "bond.forfeited": ("disita", "forfeited"),
    "chart.more": ("{count} lainnya", "{count} more"),
    "chart.days": ("{days} hari", "{days} days"),
    "chart.shipment": ("Pengiriman {id}", "Shipment {id}"),
}

EVENT_WORDS: dict[str, tuple[str, str]] = {
    "AccountAdded": ("Akun ditambahkan", "Account added"),
    "AccountRemoved": ("Akun dihapus", "Account removed"),
    "Approval": ("Izin pembayaran diberikan", "Payment allowance approved"),
    "AwardAccepted": ("Pemenang menerima pesanan", "Award accepted"),
    "AwardForfeited": ("Pemenang mundur, jaminan disita", "Award forfeited"),
    "AwardMoved": ("Pemenang dialihkan ke pemenang cadangan", "Award moved to the runner-up"),
    "AwardObjected": ("Sanggah diajukan", "Objection filed"),
    "AwardOrdered": ("Pesanan dibuat dari pemenang", "Order made from the award"),
    "AwardReopened": ("Penetapan pemenang dibuka kembali", "Award reopened"),
    "BidCommitted": ("Penawaran tersegel masuk", "Sealed bid committed"),
    "BidDisqualified": ("Penawaran didiskualifikasi", "Bid disqualified"),
    "BidRevealed": ("Penawaran dibuka", "Bid revealed"),
    "BondForfeited": ("Jaminan penawaran disita", "Bid bond forfeited"),
    "BondRefunded": ("Jaminan penawaran dikembalikan", "Bid bond refunded"),
    "BudgetAllocated": ("Pagu anggaran ditetapkan", "Budget allocated"),
    "BudgetCommitted": ("Anggaran dicadangkan", "Budget committed"),
    "BudgetReleased": ("Anggaran dilepas", "Budget released"),
    "CheckpointRecorded": ("Titik pantau dicatat", "Checkpoint recorded"),
    "CustodianNominated": ("Pemegang barang dinominasikan", "Custodian nominated"),
    "CustodyReassigned": ("Pemegang barang dialihkan", "Custody reassigned"),
    "CustodyTransferred": ("Barang berpindah tangan", "Custody transferred"),
    "DeliveryConfirmed": ("Penerimaan dikonfirmasi", "Delivery confirmed"),
    "DeliveryDeemedAccepted": ("Penerimaan dianggap disetujui", "Delivery deemed accepted"),
    "DirectPurchaseSplitFlagged": (
        "Tanda bahaya: dugaan pemecahan paket",
        "Red flag: suspected package splitting",
    ),
    "DisputeOpened": ("Sengketa dibuka", "Dispute opened"),
    "DisputeResolved": ("Sengketa diputus", "Dispute resolved"),
    "DisputeResponded": ("Pihak lawan menanggapi sengketa", "Dispute answered"),
    "DocumentAccessGranted": ("Akses dokumen diberikan", "Document access granted"),
    "EncryptionKeyPublished": ("Kunci enkripsi diterbitkan", "Encryption key published"),
    "MilestoneConfirmed": ("Tahapan pekerjaan dikonfirmasi", "Milestone confirmed"),
    "MilestoneDeemedAccepted": (
        "Tahapan pekerjaan dianggap disetujui",
        "Milestone deemed accepted",
    ),
    "MilestoneRejected": ("Tahapan pekerjaan ditolak", "Milestone rejected"),
    "MilestoneSubmitted": ("Tahapan pekerjaan diserahkan", "Milestone submitted"),
    "ObjectionRuled": ("Sanggah diputus", "Objection ruled"),
    "OrderAccepted": ("Pesanan diterima penyedia", "Order accepted"),
    "OrderCancelled": ("Pesanan dibatalkan", "Order cancelled"),
    "OrderCreated": ("Pesanan dibuat", "Order created"),
    "OrderDelivered": ("Pesanan diterima lengkap", "Order delivered"),
    "OrderReferenced": ("Nomor rujukan pesanan dicatat", "Order reference recorded"),
    "OrderTerminated": ("Pesanan diputus", "Order terminated"),
    "OrderTermsFixed": ("Syarat pesanan ditetapkan", "Order terms fixed"),
    "OrganisationMetadataUpdated": ("Profil organisasi diperbarui", "Organisation profile updated"),
    "OrganisationRegistered": ("Organisasi didaftarkan", "Organisation registered"),
    "OrganisationReinstated": ("Organisasi dipulihkan", "Organisation reinstated"),
    "OrganisationSuspended": ("Organisasi ditangguhkan", "Organisation suspended"),
    "Paused": ("Sistem dihentikan sementara", "System paused"),
    "PayoutAccountSet": ("Rekening pengembalian dana ditetapkan", "Payout account set"),
    "PaymentReleased": ("Pembayaran dicairkan", "Payment released"),
    "PolicyChanged": ("Kebijakan diubah", "Policy changed"),
    "RedFlagRaised": ("Tanda bahaya dicatat", "Red flag raised"),
    "RetentionReleased": ("Retensi dicairkan", "Retention released"),
    "RoleAdminChanged": ("Pengelola peran diubah", "Role admin changed"),
    "RoleGranted": ("Peran diberikan", "Role granted"),
    "RoleRevoked": ("Peran dicabut", "Role revoked"),
    "RupiahMinted": ("Rupiah token diterbitkan", "Rupiah token minted"),
    "ShipmentArrived": ("Pengiriman tiba", "Shipment arrived"),
    "ShipmentRegistered": ("Pengiriman didaftarkan", "Shipment registered"),
    "ShipmentTrackingSet": ("Kontrak pelacakan dipasang", "Tracking contract set"),
    "TenderAwarded": ("Pemenang tender ditetapkan", "Tender awarded"),
    "TenderCancelled": ("Tender dibatalkan", "Tender cancelled"),
    "TenderFailed": ("Tender gagal", "Tender failed"),
    "TenderOpened": ("Tender dibuka", "Tender opened"),
    "Transfer": ("Transfer Rupiah token", "Rupiah token transfer"),
    "Unpaused": ("Sistem berjalan kembali", "System resumed"),
}

CHECK_DEFINITIONS: dict[str, tuple[str, str]] = {
    "split-purchase": (
        "Beberapa pembelian langsung dari satu instansi ke satu penyedia dalam waktu singkat "
        "yang bersama-sama melampaui batas pembelian langsung.",
        "Several direct purchases by one agency from one supplier within a short window that "
        "together exceed the direct-purchase ceiling.",
    ),
    "price-gap": (
        "Penawaran kedua jauh di atas harga pemenang.",
        "The runner-up bid lies far above the winning price.",
    ),
    "serial-loser": (
        "Penyedia yang berulang kali menawar dan tidak pernah menang.",
        "Suppliers that keep bidding and never win.",
    ),
    "late-delivery": (
        "Penyedia yang sebagian besar pengirimannya terlambat.",
        "Suppliers most of whose deliveries are late.",
    ),
    "payment-without-confirmation": (
        "Pembayaran tanpa konfirmasi penerimaan yang sesuai.",
        "Payments without a matching delivery confirmation.",
    ),
    "unrevealed-bid": (
        "Penawaran tersegel yang tidak pernah dibuka.",
        "Sealed bids never revealed.",
    ),
}

Money = Callable[[int], str]


def flag_sentence(code: str, data: Mapping[str, Any], lang: str, money: Money) -> str:
    """A red-flag finding of the audit toolkit as a sentence in ``lang``."""
    d = {k: v for k, v in data.items() if v is not None}
    idn = lang == "id"
    if code == "split-purchase":
        count, total = len(d.get("order_ids", [])), money(int(d.get("total_idr", 0)))
        ceiling, days = money(int(d.get("ceiling_idr", 0))), d.get("window_days", 0)
        return (
            f"{count} pembelian langsung dalam {days:g} hari berjumlah {total}, di atas batas "
            f"{ceiling}"
            if idn
            else f"{count} direct purchases within {days:g} days sum to {total}, above the "
            f"ceiling {ceiling}"
        )
    if code == "price-gap":
        pct = d.get("gap_pct", 0)
        return (
            f"penawaran kedua {pct} % di atas harga pemenang"
            if idn
            else f"runner-up {pct} % above the winning price"
        )
    if code == "serial-loser":
        losses = d.get("losses", 0)
        return (
            f"{losses} penawaran dibuka pada tender yang selesai, tidak pernah menang"
            if idn
            else f"{losses} revealed bids in finalised tenders, never awarded"
        )
    if code == "late-delivery":
        late, total, pct = d.get("late", 0), d.get("deliveries", 0), d.get("late_rate_pct", 0)
        return (
            f"{late} dari {total} pengiriman terlambat ({pct} %)"
            if idn
            else f"{late} of {total} deliveries late ({pct} %)"
        )
    if code == "payment-without-confirmation":
        kind = str(d.get("kind", ""))
        kinds = {"delivery": ("penerimaan", "delivery"), "retention": ("retensi", "retention")}
        word = kinds.get(kind, ("putusan", "ruling"))[0 if idn else 1]
        paid = money(int(d.get("paid_idr", 0)))
        return (
            f"pembayaran {word} sebesar {paid} tanpa konfirmasi"
            if idn
            else f"{word} payment of {paid} without a confirmation"
        )
    if code == "unrevealed-bid":
        outcome = d.get("bond_outcome")
        bond = money(int(d.get("bond_amount_idr", 0) or 0))
        base = (
            "penawaran tersegel tidak pernah dibuka" if idn else "bid committed and never revealed"
        )
        if outcome == "forfeited":
            base += f"; jaminan {bond} disita" if idn else f"; bond of {bond} forfeited"
        elif outcome == "refunded":
            base += f"; jaminan {bond} dikembalikan" if idn else f"; bond of {bond} refunded"
        return base
    return code


def check_definition(name: str, lang: str, fallback: str) -> str:
    """The one-line definition of an audit check in ``lang`` (``fallback`` when unknown)."""
    pair = CHECK_DEFINITIONS.get(name)
    return fallback if pair is None else pair[0 if lang == "id" else 1]


for _event, _pair in EVENT_WORDS.items():
    PUBLIC_TEXT[f"event.{_event}"] = _pair

__all__ = ["CHECK_DEFINITIONS", "EVENT_WORDS", "PUBLIC_TEXT", "check_definition", "flag_sentence"]
