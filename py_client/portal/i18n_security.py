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
}
