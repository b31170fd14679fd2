"""Cost of confidential documents: sealing and opening envelopes, loading the key file.

Measures, without a chain, what the client adds to a lifecycle step that stores a document:
sealing (content key, per-recipient HPKE key wrap, key commitment, AES-256-GCM of the body),
the size overhead of the envelope, opening it as one recipient, and decrypting the key file at
the default scrypt cost. Run with ``python -m bench documents``.
"""

import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from py_client.documents import EncryptionKey, KeyRing, Recipient, open_envelope, seal
from py_client.documents.keys import DEFAULT_SCRYPT_N

SIZES = (10_000, 1_000_000, 10_000_000)
RECIPIENT_COUNTS = (3, 10)
REPEATS = 5


def _best_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 2)


def run(results_dir: Path) -> dict[str, Any]:
    """Measure and return the results (``summary`` is one line)."""
    rows = []
    for count in RECIPIENT_COUNTS:
        keys = [EncryptionKey.generate() for _ in range(count)]
        recipients = [Recipient("0x" + secrets.token_hex(20), k.public_bytes) for k in keys]
        for size in SIZES:
            content = secrets.token_bytes(size)
            sealed = seal(content, recipients, name="document.pdf")
            reader = recipients[-1].account
            rows.append(
                {
                    "bytes": size,
                    "recipients": count,
                    "envelope_overhead_bytes": len(sealed) - size,
                    "seal_ms": _best_ms(lambda c=content, r=recipients: seal(c, r)),
                    "open_ms": _best_ms(
                        lambda s=sealed, k=keys[-1], a=reader: open_envelope(s, [k], a)
                    ),
                }
            )
    with tempfile.TemporaryDirectory() as folder:
        path = KeyRing.generate().save(Path(folder) / "key.json", "password")
        load_ms = statistics.median(
            _best_ms(lambda: KeyRing.load(path, "password"), repeats=1) for _ in range(3)
        )
    one_mb = next(r for r in rows if r["bytes"] == 1_000_000 and r["recipients"] == 3)
    summary = (
        f"1 MB to 3 recipients: seal {one_mb['seal_ms']} ms, open {one_mb['open_ms']} ms, "
        f"+{one_mb['envelope_overhead_bytes']} bytes; key file load (scrypt n=2^17) "
        f"{load_ms:.0f} ms"
    )
    return {
        "summary": summary,
        "scrypt_n": DEFAULT_SCRYPT_N,
        "key_file_load_ms": load_ms,
        "envelopes": rows,
    }
