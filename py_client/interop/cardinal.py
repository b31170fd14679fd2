"""Inputs of OCP's Cardinal, so anyone can recompute the red flags Rantai shares with OCP.

Cardinal (``ocdscardinal indicators``, a Rust tool of the Open Contracting Partnership) reads
compiled releases, one per line, and a settings file. :func:`compiled_lines` gives the compiled
release of every process of the index (the ``compiledRelease`` of ``rantai export ocds
--records``); :func:`settings_ini` enables the indicators Rantai also raises, with Rantai's
thresholds where Cardinal has a matching setting:

=======  ==========================================  ==========================================
code     Cardinal                                    Rantai
=======  ==========================================  ==========================================
R018     single bid (``numberOfTenderers`` = 1)      on chain: a single eligible bid (the export
                                                     sets ``numberOfTenderers`` to the eligible
                                                     bids, so both agree)
R028     identical bid prices                        on chain: identical prices among valid bids
R035     all except the winning bid disqualified     on chain
R036     lowest bid disqualified                     on chain
R058     heavily discounted bid (runner-up vs        ``price-gap``: runner-up at least
         winner above a threshold)                   ``gap_threshold_pct`` above the winner
R025     excessive unsuccessful bids (a top          ``serial-loser``: at least
         tenderer's win ratio is a low outlier)      ``serial_losses`` revealed bids, no award
=======  ==========================================  ==========================================

The differences that remain (outlier fences computed over the data set, valid versus revealed
bids) are explained in ``docs/audit.md``. :func:`command` is the command line to run.

Example::

    >>> print(settings_ini(FlagOptions()).splitlines()[0])
    currency = IDR
"""

import json
from pathlib import Path

from py_client.audit.db import Database
from py_client.audit.flags import FlagOptions
from py_client.interop.index import CURRENCY
from py_client.interop.ocds import compiled_releases

COMPILED_FILE = "compiled.jsonl"
SETTINGS_FILE = "settings.ini"
# The OCP codes Rantai raises too: on chain (first four) or by an analytic check (last two).
SHARED_CODES = ("R018", "R028", "R035", "R036", "R058", "R025")
CHECK_CODES = {"price-gap": "R058", "serial-loser": "R025"}


def compiled_lines(db: Database) -> str:
    """Every process's compiled release as line-delimited JSON (Cardinal's input)."""
    return "".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
        for r in compiled_releases(db)
    )


def settings_ini(options: FlagOptions) -> str:
    """Cardinal's settings: the shared indicators, with Rantai's thresholds where they map."""
    return (
        f"currency = {CURRENCY}\n"
        "\n[R018]\nprocurement_methods = open\n"
        "\n[R025]\n; Rantai flags a supplier with no award after "
        f"{options.serial_losses} revealed bids;\n; Cardinal's lower fence is a ratio: 0 means "
        "'never won'.\nthreshold = 0.0\n"
        "\n[R028]\n"
        "\n[R035]\nthreshold = 1\n"
        "\n[R036]\n"
        f"\n[R058]\nthreshold = {options.gap_threshold_pct / 100:g}\n"
    )


def command(folder: Path) -> str:
    """The command that runs Cardinal on the files written to ``folder``."""
    return (
        f"ocdscardinal indicators --settings {folder / SETTINGS_FILE} --map "
        f"{folder / COMPILED_FILE}"
    )
