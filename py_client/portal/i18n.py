"""The portal's words in Bahasa Indonesia (default) and English.

:data:`TEXT` maps a key to its (Indonesian, English) wording; templates call ``t(key, **values)``
and the form checks build their messages from the same table, so every page and every error is
available in both languages. A test checks that each key has both wordings with the same fields.
The language comes from the ``lang`` cookie (set by ``/lang/en`` and ``/lang/id``).

Example::

    >>> text("nav.tenders", "id"), text("nav.tenders", "en")
    ('Tender', 'Tenders')
    >>> text("form.amount", "en", field="HPS")
    'HPS must be whole rupiah, written 1500000 or 1.500.000.'
"""

from py_client.formatting import rupiah
from py_client.portal.i18n_public import PUBLIC_TEXT
from py_client.portal.i18n_security import SECURITY_TEXT

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ layout
    "site.title": ("Rantai — Portal Transparansi Pengadaan", "Rantai — Procurement Transparency"),
    "site.tagline": (
        "Setiap tender, pesanan, pengiriman dan pembayaran, langsung dari rantai blok.",
        "Every tender, order, shipment and payment, straight from the chain.",
    ),
    "nav.home": ("Beranda", "Home"),
    "nav.tenders": ("Tender", "Tenders"),
    "nav.awards": ("Pemenang", "Awards"),
    "nav.orders": ("Pesanan", "Orders"),
    "nav.shipments": ("Pengiriman", "Shipments"),
    "nav.payments": ("Pembayaran", "Payments"),
    "nav.flags": ("Tanda Bahaya", "Red flags"),
    "nav.agencies": ("Instansi", "Agencies"),
    "nav.suppliers": ("Penyedia", "Suppliers"),
    "nav.console": ("Konsol Peserta", "Participant console"),
    "nav.language": ("English", "Bahasa Indonesia"),
    "search.label": ("Cari ocid", "Search by ocid"),
    "search.button": ("Cari", "Search"),
    "search.not_found": ("Tidak ada proses dengan ocid {ocid}.", "No process has the ocid {ocid}."),
    "footer.index": (
        "Indeks audit sampai blok {block}; waktu rantai {time}.",
        "Audit index up to block {block}; chain time {time}.",
    ),
    "common.none": ("Belum ada.", "None yet."),
    "common.not_found": ("Tidak ditemukan.", "Not found."),
    "common.yes": ("ya", "yes"),
    "common.no": ("tidak", "no"),
    "common.sealed": ("tersegel", "sealed"),
    "common.valid": ("sah", "valid"),
    "common.invalid": ("tidak sah", "invalid"),
    "common.history": ("Riwayat kejadian di rantai", "Event history on chain"),
    "common.event": ("Kejadian", "Event"),
    "common.block": ("Blok", "Block"),
    "common.time": ("Waktu", "Time"),
    "common.tx": ("Transaksi", "Transaction"),
    # ------------------------------------------------------------------ home
    "home.figures": ("Angka utama", "Headline figures"),
    "home.paid": ("Dibayar ke penyedia", "Paid to suppliers"),
    "home.penalties": ("Denda keterlambatan", "Late penalties"),
    "home.recent": ("Tender terbaru", "Recent tenders"),
    "chart.spending": ("Belanja per instansi (dibayar)", "Spending per agency (paid)"),
    "chart.suppliers": ("Diterima per penyedia", "Received per supplier"),
    "chart.delays": ("Keterlambatan per pengiriman (hari)", "Delay per shipment (days)"),
    # ------------------------------------------------------------------ tenders
    "tender.title": ("Tender {id}", "Tender {id}"),
    "tender.ocid": ("ocid", "ocid"),
    "tender.agency": ("Instansi", "Agency"),
    "tender.year": ("Tahun anggaran", "Fiscal year"),
    "tender.status": ("Status", "Status"),
    "tender.hps": ("HPS", "HPS (owner's estimate)"),
    "tender.bond": ("Jaminan penawaran", "Bid bond"),
    "tender.bid_deadline": ("Batas penawaran", "Bid deadline"),
    "tender.reveal_deadline": ("Batas pembukaan", "Reveal deadline"),
    "tender.sealed_bids": ("Penawaran tersegel", "Sealed bids"),
    "tender.bids": ("Penawaran", "Bids"),
    "tender.items": ("Barang", "Items"),
    "tender.spec": ("Spesifikasi", "Specification"),
    "tender.order": ("Pesanan", "Order"),
    "tender.sealed_note": (
        "Harga penawaran tetap tersegel sampai penawar membukanya setelah batas penawaran.",
        "Bid prices stay sealed until each bidder reveals after the bid deadline.",
    ),
    "bid.bidder": ("Penawar", "Bidder"),
    "bid.state": ("Tahap", "State"),
    "bid.price": ("Harga", "Price"),
    "bid.valid": ("Sah", "Valid"),
    "bid.bond": ("Jaminan", "Bond"),
    "bid.committed": ("Disegel", "Committed"),
    "item.quantity": ("Jumlah", "Quantity"),
    "item.unit": ("Satuan", "Unit"),
    "item.hash": ("Hash uraian", "Description hash"),
    "phase.bidding": ("masa penawaran", "bidding"),
    "phase.revealing": ("masa pembukaan", "revealing"),
    "phase.finalising": ("menunggu penetapan", "awaiting finalisation"),
    # ------------------------------------------------------------------ awards
    "award.winner": ("Pemenang", "Winner"),
    "award.price": ("Harga menang", "Winning price"),
    "award.at": ("Ditetapkan", "Awarded"),
    "award.revealed": ("Semua penawaran yang dibuka", "All revealed bids"),
    # ------------------------------------------------------------------ orders
    "order.title": ("Pesanan {id}", "Order {id}"),
    "order.supplier": ("Penyedia", "Supplier"),
    "order.total": ("Nilai", "Total"),
    "order.state": ("Tahap", "State"),
    "order.deadline": ("Batas pengiriman", "Delivery deadline"),
    "order.tender": ("Tender", "Tender"),
    "order.direct": ("pembelian langsung", "direct purchase"),
    "order.lines": ("Baris pesanan", "Order lines"),
    "order.unit_price": ("Harga satuan", "Unit price"),
    "order.origin": ("Asal", "Origin"),
    "order.delivered": ("Diterima", "Delivered"),
    "order.due": ("Jatuh tempo", "Due"),
    "order.disputed": ("dalam sengketa", "disputed"),
    "escrow.title": ("Dana escrow", "Escrow"),
    "escrow.escrowed": ("Masuk escrow", "Escrowed"),
    "escrow.paid": ("Dibayar ke penyedia", "Paid to supplier"),
    "escrow.penalty": ("Denda (kembali ke instansi)", "Penalties (back to agency)"),
    "escrow.retention": ("Retensi ditahan", "Retention kept"),
    "escrow.released": ("Retensi dilepas", "Retention released"),
    "escrow.to_agency": ("Kembali ke instansi", "Returned to agency"),
    "escrow.held": ("Masih di escrow", "Still in escrow"),
    "delivery.title": ("Konfirmasi penerimaan", "Delivery confirmations"),
    "delivery.value": ("Nilai", "Value"),
    "delivery.late": ("Terlambat (hari)", "Days late"),
    "delivery.bast": ("Hash BAST", "BAST hash"),
    "dispute.title": ("Sengketa", "Dispute"),
    "adendum.title": ("Adendum kontrak", "Contract adendums"),
    "adendum.line": (
        "Adendum {number} ditandatangani kedua pihak: nilai {old} → {new} (nilai awal {original})",
        "Adendum {number} signed by both parties: value {old} → {new} (original {original})",
    ),
    "dispute.opened_by": ("Diajukan oleh", "Opened by"),
    "dispute.to_supplier": ("Ke penyedia", "To supplier"),
    "dispute.to_agency": ("Ke instansi", "To agency"),
    "dispute.open": ("terbuka", "open"),
    # ------------------------------------------------------------------ shipments
    "shipment.title": ("Pengiriman {id}", "Shipment {id}"),
    "shipment.status": ("Status", "Status"),
    "shipment.origin": ("Asal barang", "Origin"),
    "shipment.carrier": ("Pengangkut", "Carrier"),
    "shipment.custodian": ("Pemegang barang", "Custodian"),
    "shipment.expected": ("Perkiraan tiba", "Expected arrival"),
    "shipment.arrived": ("Tiba", "Arrived"),
    "shipment.timeline": (
        "Lini waktu dari asal ke gudang",
        "Timeline from origin to warehouse",
    ),
    "shipment.registered": ("Didaftarkan di asal", "Registered at origin"),
    "shipment.checkpoints": ("Titik pantau", "Checkpoints"),
    "shipment.location": ("Lokasi", "Location"),
    "shipment.kind": ("Jenis", "Kind"),
    "shipment.evidence": ("Hash bukti", "Evidence hash"),
    "shipment.confirmed": ("Dikonfirmasi", "Confirmed"),
    "shipment.lines": ("Jumlah dikirim per baris", "Quantity shipped per line"),
    # ------------------------------------------------------------------ payments, flags
    "payment.kind": ("Jenis", "Kind"),
    "payment.paid": ("Dibayar", "Paid"),
    "payment.penalty": ("Denda", "Penalty"),
    "payment.retention": ("Retensi ditahan", "Retention kept"),
    "payment.to_agency": ("Ke instansi", "To agency"),
    "payment.kind.delivery": ("penerimaan", "delivery"),
    "payment.kind.retention": ("pelepasan retensi", "retention release"),
    "payment.kind.ruling": ("putusan arbiter", "arbiter ruling"),
    "flags.onchain": ("Tanda bahaya dari kontrak", "Red flags raised by the contract"),
    "flags.late": ("Pengiriman terlambat", "Late deliveries"),
    "flags.disputes": ("Sengketa", "Disputes"),
    "flags.code": ("Kode", "Code"),
    "flags.analytics": (
        "Analitik dari indeks audit ({count} temuan)",
        "Analytics over the audit index ({count} findings)",
    ),
    "check.split-purchase": ("Pemecahan pembelian langsung", "Split direct purchases"),
    "check.price-gap": ("Selisih harga mencolok", "Price gaps"),
    "check.serial-loser": ("Penawar yang selalu kalah", "Serial losing bidders"),
    "check.late-delivery": ("Keterlambatan berulang", "Repeated late deliveries"),
    "check.payment-without-confirmation": (
        "Pembayaran tanpa konfirmasi",
        "Payments without a confirmation",
    ),
    "check.unrevealed-bid": ("Penawaran yang tidak dibuka", "Bids never revealed"),
    "flag.R018": ("Hanya satu penawaran sah", "Single valid bid"),
    "flag.R028": ("Harga penawaran identik", "Identical bid prices"),
    "flag.R035": ("Semua kecuali pemenang didiskualifikasi", "All but the winner disqualified"),
    "flag.R036": ("Penawaran terendah didiskualifikasi", "Lowest bid disqualified"),
    "flag.RN01": (
        "Tender dibatalkan setelah batas penawaran",
        "Tender cancelled after the bid deadline",
    ),
    "flag.RN02": ("Banyak penawaran di atas HPS", "Many bids above the HPS"),
    "flag.RN03": ("Penawaran tidak dibuka", "Bid withheld from reveal"),
    "flag.RN04": ("Pemenang dialihkan ke cadangan", "Award moved to the next bidder"),
    "flag.RN05": (
        "Pembelian langsung di atas batas dalam jendela pemecahan paket",
        "Direct purchases above the ceiling within the split window",
    ),
    "flag.RN06": ("Kontrak diubah dengan adendum", "Contract changed by an adendum"),
    # ------------------------------------------------------------------ organisations
    "org.title": ("{name}", "{name}"),
    "org.kind": ("Jenis", "Kind"),
    "org.accounts": ("Akun", "Accounts"),
    "org.suspended": ("ditangguhkan (daftar hitam)", "suspended (blacklisted)"),
    "org.received": ("Diterima", "Received"),
    "org.spent": ("Dibayarkan", "Paid out"),
    # ------------------------------------------------------------------ states
    "state.Open": ("Dibuka", "Open"),
    "state.Awarded": ("Ditetapkan pemenang", "Awarded"),
    "state.Failed": ("Gagal", "Failed"),
    "state.Cancelled": ("Dibatalkan", "Cancelled"),
    "state.Committed": ("Tersegel", "Committed"),
    "state.Revealed": ("Dibuka", "Revealed"),
    "state.Disqualified": ("Didiskualifikasi", "Disqualified"),
    "state.Created": ("Dibuat", "Created"),
    "state.Active": ("Aktif (dana di escrow)", "Active (funds in escrow)"),
    "state.Delivered": ("Diterima lengkap", "Delivered"),
    "state.Closed": ("Selesai", "Closed"),
    "state.Terminated": ("Diputus", "Terminated"),
    "state.Registered": ("Terdaftar", "Registered"),
    "state.InTransit": ("Dalam perjalanan", "In transit"),
    "state.Arrived": ("Tiba", "Arrived"),
    "state.PickedUp": ("Diambil", "Picked up"),
    "state.AtCustoms": ("Di kepabeanan", "At customs"),
    "state.Exception": ("Masalah", "Exception"),
    "kind.Agency": ("Instansi", "Agency"),
    "kind.Supplier": ("Penyedia", "Supplier"),
    "kind.Contractor": ("Kontraktor", "Contractor"),
    "kind.Carrier": ("Pengangkut", "Carrier"),
    "kind.Auditor": ("Auditor", "Auditor"),
    "kind.Arbiter": ("Arbiter", "Arbiter"),
    "kind.Treasury": ("Perbendaharaan", "Treasury"),
    "kind.Governance": ("Dewan fasilitator", "Governance"),
    # ------------------------------------------------------------------ console
    "console.title": ("Konsol peserta", "Participant console"),
    "console.intro": (
        "Masuk dengan dompet Anda (EIP-1193, mis. MetaMask pada jaringan Besu). Portal menyiapkan "
        "transaksi; dompet Anda yang menandatangani dan mengirimnya. Server tidak pernah "
        "memegang kunci Anda.",
        "Sign in with your wallet (EIP-1193, e.g. MetaMask on the Besu network). The portal "
        "prepares transactions; your wallet signs and sends them. The server never holds your "
        "key.",
    ),
    "console.connect": ("Masuk dengan dompet", "Sign in with wallet"),
    "console.no_wallet": (
        "Tidak ada dompet di peramban ini (window.ethereum).",
        "No wallet in this browser (window.ethereum).",
    ),
    "console.signed_in": ("Masuk sebagai {address}", "Signed in as {address}"),
    "console.sign_out": ("Keluar", "Sign out"),
    "console.org": ("Organisasi {org} ({kind})", "Organisation {org} ({kind})"),
    "console.roles": ("Peran", "Roles"),
    "console.no_role": (
        "Akun ini belum memiliki peran di Registry: tidak ada tindakan yang tersedia.",
        "This account holds no role in the Registry: no action is available.",
    ),
    "console.no_console_actions": (
        "Peran akun ini tidak memiliki tindakan di konsol: gunakan perintah rantai "
        "(panduan di docs/id/) dan halaman publik.",
        "This account's roles have no console actions: use the rantai command "
        "(guides in docs/) and the public pages.",
    ),
    "console.network": (
        "Jaringan: chain id {chain}, RPC {rpc}",
        "Network: chain id {chain}, RPC {rpc}",
    ),
    "console.prepare": ("Siapkan dan tandatangani", "Prepare and sign"),
    "console.sealed_help": (
        "Dienkripsi di peramban untuk para pihak dan auditor; server tidak melihat isinya.",
        "Encrypted in the browser to the parties and auditors; the server never sees it.",
    ),
    "console.sent": ("Transaksi terkirim: {hash}", "Transaction sent: {hash}"),
    "console.mined": ("Tercatat di blok {block}.", "Recorded in block {block}."),
    "console.failed": ("Transaksi gagal: {reason}", "Transaction failed: {reason}"),
    "console.rejected": ("Dibatalkan di dompet.", "Cancelled in the wallet."),
    "console.signin_failed": ("Gagal masuk: {reason}", "Sign-in failed: {reason}"),
    "console.session_expired": (
        "Sesi berakhir; silakan masuk lagi.",
        "The session has ended; please sign in again.",
    ),
    "console.public_actions": ("Tindakan untuk siapa saja", "Actions anyone may take"),
    "console.council_actions": ("Dewan tata kelola", "Governance council"),
    "console.council_help": (
        "Setujui transaksi Safe dewan yang diusulkan (hash SafeTx dari `rantai gov propose` atau "
        "halaman Tata kelola) dengan dompet Anda: approveHash di Safe dewan.",
        "Approve a proposed council Safe transaction (the SafeTx hash from `rantai gov propose` "
        "or the Governance page) with your wallet: approveHash on the council Safe.",
    ),
    "gov.not_configured": (
        "tata kelola (Safe dewan) belum dipasang pada deployment ini",
        "governance (the council Safe) is not set up on this deployment",
    ),
    "gov.not_council_owner": (
        "{address} bukan pemilik Safe dewan",
        "{address} is not an owner of the council Safe",
    ),
    "gov.already_approved": (
        "Anda sudah menyetujui {hash}",
        "you already approved {hash}",
    ),
    # ------------------------------------------------------------------ actions
    "action.open_tender": ("Buka tender", "Open a tender"),
    "action.finalise_tender": ("Tetapkan pemenang tender", "Finalise a tender"),
    "action.approve_bond": ("Setujui jaminan penawaran", "Approve the bid bond"),
    "action.commit_bid": ("Ajukan penawaran tersegel", "Commit a sealed bid"),
    "action.reveal_bid": ("Buka penawaran", "Reveal a bid"),
    "action.create_order": ("Buat pesanan dari tender", "Create an order from a tender"),
    "action.create_direct_order": ("Buat pesanan langsung", "Create a direct order"),
    "action.approve_escrow": ("Setujui dana escrow", "Approve the escrow funds"),
    "action.accept_order": ("Terima pesanan (tanda tangan kontrak)", "Accept an order (sign)"),
    "action.register_shipment": ("Daftarkan pengiriman", "Register a shipment"),
    "action.record_checkpoint": ("Catat titik pantau", "Record a checkpoint"),
    "action.confirm_delivery": ("Konfirmasi penerimaan (BAST)", "Confirm a delivery (BAST)"),
    "action.open_dispute": ("Ajukan sengketa", "Open a dispute"),
    "action.resolve_dispute": ("Putuskan sengketa", "Resolve a dispute"),
    "action.respond_dispute": ("Tanggapi sengketa", "Respond to a dispute"),
    "action.release_retention": ("Lepaskan retensi", "Release retention"),
    "action.approve_governance": ("Setujui tindakan tata kelola", "Approve a governance action"),
    "field.tender_id": ("Nomor tender", "Tender id"),
    "field.order_id": ("Nomor pesanan", "Order id"),
    "field.safe_tx_hash": ("Hash SafeTx", "SafeTx hash"),
    "field.shipment_id": ("Nomor pengiriman", "Shipment id"),
    "field.items": (
        "Barang (satu per baris: jumlah satuan uraian)",
        "Items (one per line: quantity unit description)",
    ),
    "field.lines": (
        "Baris pesanan (satu per baris: jumlah satuan harga-satuan asal uraian)",
        "Order lines (one per line: quantity unit unit-price origin description)",
    ),
    "field.hps": ("HPS (Rp)", "HPS (Rp)"),
    "field.bond": ("Jaminan penawaran (Rp)", "Bid bond (Rp)"),
    "field.bid_deadline": ("Batas penawaran", "Bid deadline"),
    "field.reveal_deadline": ("Batas pembukaan", "Reveal deadline"),
    "field.fiscal_year": ("Tahun anggaran", "Fiscal year"),
    "field.spec": ("Dokumen spesifikasi", "Specification document"),
    "field.spec_uri": ("URI spesifikasi (opsional)", "Specification URI (optional)"),
    "field.price": ("Harga penawaran (Rp)", "Bid price (Rp)"),
    "field.salt": ("Salt (0x…)", "Salt (0x…)"),
    "field.delivery_deadline": ("Batas pengiriman", "Delivery deadline"),
    "field.maintenance": ("Masa pemeliharaan (mis. 90d)", "Maintenance period (e.g. 90d)"),
    "field.supplier": ("Alamat penyedia", "Supplier address"),
    "field.contract": ("Dokumen kontrak (opsional)", "Contract document (optional)"),
    "field.quantities": (
        "Jumlah dikirim per baris (mis. 40,0)",
        "Quantity shipped per line (e.g. 40,0)",
    ),
    "field.carrier": ("Alamat pengangkut", "Carrier address"),
    "field.expected_arrival": ("Perkiraan tiba", "Expected arrival"),
    "field.origin_country": ("Negara asal (ISO, mis. ID)", "Origin country (ISO, e.g. ID)"),
    "field.origin_region": ("Wilayah asal", "Origin region"),
    "field.producer_gln": ("GLN produsen", "Producer GLN"),
    "field.kind": ("Jenis titik pantau", "Checkpoint kind"),
    "field.location": ("Lokasi (UN/LOCODE atau GLN)", "Location (UN/LOCODE or GLN)"),
    "field.evidence": ("Bukti (opsional)", "Evidence (optional)"),
    "field.received": (
        "Jumlah diterima per baris (kosong: sesuai kiriman)",
        "Received per line (empty: as shipped)",
    ),
    "field.bast": ("Dokumen BAST", "BAST document"),
    "field.skip_missing": (
        "Lewati pihak yang belum menerbitkan kunci enkripsi",
        "Skip parties without a published encryption key",
    ),
    "field.reason": ("Dokumen alasan (opsional)", "Reason document (optional)"),
    "field.to_supplier": ("Ke penyedia (Rp)", "To the supplier (Rp)"),
    "field.ruling": ("Dokumen putusan (opsional)", "Ruling document (optional)"),
    "field.response": ("Dokumen tanggapan (opsional)", "Response document (optional)"),
    "time.help": (
        "Format: 2026-12-04 10:00 (WIB) atau relatif terhadap waktu rantai: +3d, +36h.",
        "Format: 2026-12-04 10:00 (WIB) or relative to chain time: +3d, +36h.",
    ),
    "bid.salt_note": (
        "Harga dan salt dibuat dan disimpan di peramban ini; server hanya menerima segelnya. "
        "Sebelum menandatangani, unduh cadangan salt: tanpa salt penawaran tidak bisa dibuka.",
        "Price and salt are made and kept in this browser; the server receives only the seal. "
        "Before signing, download the salt backup: without it the bid cannot be revealed.",
    ),
    "bid.download_salt": ("Unduh salt", "Download the salt"),
    "bid.salt_saved": (
        "Salt disimpan di peramban ini untuk tender {tender}.",
        "The salt is kept in this browser for tender {tender}.",
    ),
    "bid.no_salt": (
        "Salt untuk tender {tender} tidak ada di peramban ini: isi harga dan salt dari salinan.",
        "No salt for tender {tender} in this browser: enter price and salt from your copy.",
    ),
    # ------------------------------------------------------------------ form checks
    "form.required": ("{field} wajib diisi.", "{field} is required."),
    "form.amount": (
        "{field} harus rupiah bulat, ditulis 1500000 atau 1.500.000.",
        "{field} must be whole rupiah, written 1500000 or 1.500.000.",
    ),
    "form.positive": ("{field} harus lebih dari nol.", "{field} must be more than zero."),
    "form.id": (
        "{field} harus bilangan bulat positif.",
        "{field} must be a positive whole number.",
    ),
    "form.count": (
        "{field} harus bilangan bulat tidak negatif.",
        "{field} must be a whole number, not negative.",
    ),
    "form.address": (
        "{field} harus alamat 0x dengan 40 digit heksadesimal (checksum EIP-55 benar).",
        "{field} must be a 0x address of 40 hex digits (with a correct EIP-55 checksum).",
    ),
    "form.hash": (
        "{field} harus 0x diikuti 64 digit heksadesimal.",
        "{field} must be 0x followed by 64 hex digits.",
    ),
    "form.time": (
        "{field} harus berupa waktu 2026-12-04 10:00 (WIB) atau relatif seperti +3d.",
        "{field} must be a time like 2026-12-04 10:00 (WIB) or relative like +3d.",
    ),
    "form.future": (
        "{field} harus di masa depan (waktu rantai {now}).",
        "{field} must lie in the future (chain time {now}).",
    ),
    "form.duration": (
        "{field} harus durasi seperti 90d, 3d12h atau detik.",
        "{field} must be a duration like 90d, 3d12h or seconds.",
    ),
    "form.year": (
        "{field} harus tahun empat digit (2000-2100).",
        "{field} must be a four-digit year (2000-2100).",
    ),
    "form.line": (
        "{field}, baris {line}: {problem}",
        "{field}, line {line}: {problem}",
    ),
    "form.line_format": (
        "tulis jumlah, satuan, lalu uraian",
        "write quantity, unit, then the description",
    ),
    "form.order_line_format": (
        "tulis jumlah, satuan, harga satuan, negara asal (2 huruf), lalu uraian",
        "write quantity, unit, unit price, origin country (2 letters), then the description",
    ),
    "form.ascii": (
        "{field} hanya boleh huruf ASCII, paling banyak {size} karakter.",
        "{field} must be ASCII, at most {size} characters.",
    ),
    "form.choice": ("{field} tidak dikenal.", "{field} is not a known choice."),
    "form.quantities": (
        "{field} harus bilangan bulat dipisah koma, mis. 40,0.",
        "{field} must be whole numbers separated by commas, e.g. 40,0.",
    ),
    "form.file_too_large": (
        "{field} terlalu besar (paling besar {size} MB).",
        "{field} is too large (at most {size} MB).",
    ),
    "form.price_above_hps": (
        "Harga {price} di atas HPS {hps}: penawaran akan tidak sah.",
        "The price {price} is above the HPS {hps}: the bid would be invalid.",
    ),
    "form.has_errors": (
        "Periksa isian yang ditandai; belum ada yang ditandatangani.",
        "Check the marked fields; nothing was signed.",
    ),
    "form.refused": (
        "Ditolak sebelum ditandatangani: {reason}",
        "Refused before signing: {reason}",
    ),
    "form.not_signed_in": (
        "Silakan masuk dengan dompet dulu.",
        "Please sign in with your wallet first.",
    ),
    "form.bad_token": (
        "Formulir kedaluwarsa; muat ulang halaman.",
        "The form has expired; reload the page.",
    ),
    "form.unknown_action": ("Tindakan tidak dikenal.", "Unknown action."),
    # ------------------------------------------------------------------ sign-in refusals
    "signin.malformed": ("pesan masuk tidak sah", "the sign-in message is malformed"),
    "signin.address": ("alamat tidak cocok", "the address does not match"),
    "signin.domain": ("pesan untuk situs lain", "the message is for another site"),
    "signin.uri": ("pesan untuk alamat lain", "the message is for another address"),
    "signin.version": ("versi pesan salah", "wrong message version"),
    "signin.chain": ("pesan untuk jaringan lain", "the message is for another network"),
    "signin.nonce": (
        "pesan tidak diterbitkan di sini atau sudah dipakai",
        "the message was not issued here or was already used",
    ),
    "signin.expired": ("pesan sudah kedaluwarsa", "the message has expired"),
    "signin.not-yet": ("waktu pesan di masa depan", "the message is dated in the future"),
    "signin.signature": ("tanda tangan tidak cocok", "the signature does not match"),
}
TEXT.update(PUBLIC_TEXT)  # lists, public documents, event names, red flags (issue 21)
TEXT.update(SECURITY_TEXT)


def language(value: str | None) -> str:
    """``value`` if it is a supported language, else the default (Bahasa Indonesia)."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def text(key: str, lang: str, **values: object) -> str:
    """The wording of ``key`` in ``lang``, with ``values`` filled in (the key if unknown)."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    template = pair[0 if lang == "id" else 1]
    return template.format(**values) if values else template


def money(value: int | None, lang: str) -> str:
    """Rupiah for a page in its language (``-`` for ``None``): ``formatting.rupiah``."""
    return rupiah(value, lang)


def state(name: str | None, lang: str) -> str:
    """A Solidity enum name (``Open``, ``InTransit``...) in words."""
    if not name:
        return "-"
    return text(f"state.{name}", lang) if f"state.{name}" in TEXT else name


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXT", "language", "money", "state", "text"]
