"""Words of the portal's security and error answers, in Bahasa Indonesia and English.

Merged into :data:`py_client.portal.i18n.TEXT` (so ``t(key)`` and the same-fields test cover
them); kept apart because sign-in, sessions, uploads and error pages own them.
"""

SECURITY_TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ error pages
    "error.400": ("Permintaan tidak sah.", "Bad request."),
    "error.404": ("Halaman tidak ditemukan.", "Page not found."),
    "error.405": ("Metode tidak diizinkan di alamat ini.", "Method not allowed here."),
    "error.413": ("Berkas terlalu besar.", "File too large."),
    "error.500": (
        "Terjadi kesalahan di server. Coba lagi sebentar lagi.",
        "Something went wrong on the server. Please try again shortly.",
    ),
    "error.title": ("Kesalahan {status}", "Error {status}"),
    "error.home": ("Kembali ke beranda", "Back to the home page"),
    "error.bad_value": (
        "Nilai tidak sah untuk {field}: {problem}",
        "Invalid value for {field}: {problem}",
    ),
    "error.tx_hash": (
        "Hash transaksi harus 0x diikuti 64 digit heksadesimal.",
        "A transaction hash is 0x followed by 64 hexadecimal digits.",
    ),
    # ------------------------------------------------------------------ sign-in limits
    "signin.busy_client": (
        "terlalu banyak permintaan masuk dari alamat Anda; coba lagi dalam {minutes} menit",
        "too many sign-in requests from your address; try again in {minutes} minutes",
    ),
    "signin.busy": (
        "portal sedang menerima terlalu banyak permintaan masuk; coba lagi dalam {minutes} menit",
        "the portal has too many sign-ins in progress; try again in {minutes} minutes",
    ),
    "signin.altered": (
        "pesan yang ditandatangani bukan pesan yang diterbitkan portal",
        "the signed message is not the one the portal issued",
    ),
    "signin.session": (
        "pesan diterbitkan untuk sesi lain; muat ulang halaman",
        "the message was issued to another session; reload the page",
    ),
    # ------------------------------------------------------------------ uploads
    "upload.too_large": (
        "Unggahan terlalu besar: paling banyak {limit} MB.",
        "The upload is too large: at most {limit} MB.",
    ),
    "upload.not_form": (
        "Unggahan harus dikirim sebagai formulir multipart.",
        "An upload must be sent as a multipart form.",
    ),
    # ------------------------------------------------------------------ sealed bids
    "bid.reveal_in_browser": (
        "Pembukaan penawaran dibuat di peramban; harga dan salt tidak dikirim ke server.",
        "A reveal is built in the browser; price and salt are not sent to the server.",
    ),
    "bid.backup_prompt": (
        "Sebelum menandatangani: unduh cadangan salt tender {tender}. Tanpa salt penawaran tidak "
        "bisa dibuka dan jaminan hilang.",
        "Before signing: download the salt backup of tender {tender}. Without the salt the bid "
        "cannot be revealed and the bond is lost.",
    ),
    "bid.backup_download": ("Unduh cadangan lalu tanda tangani", "Download the backup, then sign"),
    "bid.backup_decline": (
        "Tanda tangani tanpa cadangan (salt hanya di peramban ini)",
        "Sign without a backup (the salt stays in this browser only)",
    ),
    "bid.backup_downloaded": (
        "Cadangan salt tender {tender} diunduh; salt juga disimpan di peramban ini.",
        "The salt backup of tender {tender} was downloaded; the salt is also kept in this browser.",
    ),
    "bid.backup_declined": (
        "Tanpa cadangan: salt tender {tender} hanya ada di peramban ini.",
        "No backup: the salt of tender {tender} is only in this browser.",
    ),
    "bid.kept": (
        "Salt penawaran {commitment} untuk tender {tender} tetap disimpan di peramban ini.",
        "The salt of bid {commitment} for tender {tender} stays kept in this browser.",
    ),
    "bid.too_early": (
        "Belum waktunya membuka penawaran tender {tender}: mulai {time}. Tidak ada yang dikirim.",
        "Too early to reveal tender {tender}: the reveal opens {time}. Nothing was sent.",
    ),
    "bid.too_late": (
        "Waktu pembukaan penawaran tender {tender} sudah berakhir {time}. Tidak ada yang dikirim.",
        "The reveal of tender {tender} closed {time}. Nothing was sent.",
    ),
    "bid.not_committed": (
        "Tidak ada penawaran tersegel Anda di tender {tender} untuk dibuka.",
        "You have no sealed bid in tender {tender} to reveal.",
    ),
    "bid.mismatch": (
        "Harga dan salt ini tidak cocok dengan segel Anda di rantai. Tidak ada yang dikirim.",
        "This price and salt do not match your seal on chain. Nothing was sent.",
    ),
}
