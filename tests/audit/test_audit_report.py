"""``rantai audit report``: the self-contained HTML page, rendered by headless Chromium.

The report of the dirty scenario chain (tests/support/audit.py) is written, loaded by Chromium from
a file with networking features off, and the rendered DOM (``--dump-dom``) is inspected: the
totals, the tables and the bars of the charts must carry the numbers the chain holds. A
screenshot is taken too (``out/report/report.png`` when RANTAI_KEEP_REPORT is set). Where
no ``chromium`` exists the rendering tests skip with a message; ``.ci/run`` installs Debian's.
"""

import os
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from py_client.audit.db import Database
from py_client.audit.flags import red_flags
from py_client.audit.report import DELAY_BINS, gather, render_html
from py_client.models import OrderState
from py_client.names import load_names
from tests.support.audit import Scenario
from tests.support.browser import CHROMIUM_ARGS

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

CHROMIUM_FLAGS = ("--headless", *CHROMIUM_ARGS, "--disable-dev-shm-usage", "--hide-scrollbars")
CHROMIUM_TIMEOUT_S = 120


def chromium() -> str:
    """The Chromium binary, or a skip saying why the rendering is not checked."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip(
            "chromium not found: the rendering of the audit report is not checked here "
            "(apt-get install chromium; .ci/run does)"
        )
    return found


def render(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=CHROMIUM_TIMEOUT_S,
        check=True,
    )


class Page(HTMLParser):
    """What the rendered DOM holds: table rows by table id, bars by chart id, tiles."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, int] = {}
        self.bars: dict[str, list[tuple[str, int]]] = {}
        self.tiles: dict[str, str] = {}
        self.tags: set[str] = set()
        self._table: str | None = None
        self._in_body = False
        self._chart: str | None = None
        self._tile: str | None = None
        self._tile_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "table":
            self._table = a.get("id")
            self.rows[self._table or ""] = 0
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._table is not None:
            self.rows[self._table] += 1
        elif tag == "svg":
            self._chart = a.get("id")
            self.bars[self._chart or ""] = []
        elif tag == "rect" and self._chart is not None and a.get("class") == "bar":
            self.bars[self._chart].append((a["data-label"] or "", int(a["data-value"] or 0)))
        elif tag == "div" and a.get("data-tile"):
            self._tile, self._tile_text = a["data-tile"], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None
        elif tag == "svg":
            self._chart = None
        elif tag == "div" and self._tile is not None:
            self.tiles[self._tile] = " ".join(self._tile_text)
            self._tile = None

    def handle_data(self, data: str) -> None:
        if self._tile is not None and data.strip():
            self._tile_text.append(data.strip())


@pytest.fixture(scope="session")
def dirty_report(dirty_index: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(render_html(gather(dirty_index)))
    return page


def chain_totals(scenario: Scenario) -> dict[str, Any]:
    """What the chain itself says: contract value per agency, deliveries, processes."""
    client = scenario.client()
    by_agency: dict[int, int] = {}
    deliveries = 0
    direct = 0
    for order_id in range(1, client.order_count() + 1):
        order = client.order(order_id)
        if order.state != OrderState.CANCELLED:
            by_agency[order.agency_org_id] = by_agency.get(order.agency_org_id, 0) + order.total_idr
        deliveries += sum(1 for s in client.shipments_of(order_id) if client.shipment(s).confirmed)
        direct += 1 if order.tender_id in (None, 0) else 0
    return {
        "by_agency": by_agency,
        "deliveries": deliveries,
        "processes": client.tender_count() + direct,
    }


def test_report_renders_in_chromium_with_the_indexed_numbers(
    dirty_report: Path, dirty_index: Database, dirty_chain: Scenario, tmp_path: Path
) -> None:
    dom = render(dirty_report, tmp_path, "--dump-dom").stdout
    page = Page()
    page.feed(dom)
    truth = chain_totals(dirty_chain)
    flags = red_flags(dirty_index).flags

    assert page.rows["processes"] == truth["processes"]
    assert page.rows["flags"] == len(flags) > 0
    assert page.rows["deliveries"] == truth["deliveries"]
    assert page.bars["chart-agency"] == [
        (f"organisation {org}", value) for org, value in sorted(truth["by_agency"].items())
    ]
    delays = page.bars["chart-delays"]
    assert [label for label, _ in delays] == [label for label, _, _ in DELAY_BINS]
    assert sum(count for _, count in delays) == truth["deliveries"]
    assert delays[0][1] < truth["deliveries"]  # the late ones are not "on time"
    dated = [f for f in flags if f.at is not None]
    assert sum(count for _, count in page.bars["chart-flags"]) == len(dated)
    supplier_bars = dict(page.bars["chart-supplier"])
    assert supplier_bars["organisation 22"] == 60_000_000  # the arbiter's ruling
    assert page.tiles["red flags"].startswith(f"red flags {len(flags)}")
    assert "script" not in page.tags


def test_report_takes_a_screenshot(dirty_report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    render(dirty_report, tmp_path, f"--screenshot={shot}", "--window-size=1280,2400")

    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a page of charts and tables, not a blank one
    keep = os.environ.get("RANTAI_KEEP_REPORT")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
        shutil.copy(dirty_report, Path(keep) / "report.html")


def test_report_refers_to_nothing_outside_itself(dirty_report: Path) -> None:
    html = dirty_report.read_text()

    for needle in ("http://", "https://", "<script", "<link", "src=", "url(", "@import"):
        assert needle not in html, needle
    assert "Content-Security-Policy" in html
    assert "default-src 'none'" in html


def test_report_of_a_clean_chain_has_no_flags(clean_index: Database) -> None:
    data = gather(clean_index)
    html = render_html(data)

    assert data.flags == []
    assert data.totals["late_deliveries"] == 0
    assert data.totals["retention_released_idr"] == 45_000_000
    assert data.delay_histogram()[0] == ("on time", 2)  # the shipment and the milestone
    assert '<svg id="chart-flags"' in html
    assert "no data" in html  # the empty flags chart says so


def test_report_command_writes_the_page_with_names(
    dirty_index: Database, backend: str, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("the command-line path is the same for both backends; run on SQLite")
    names = tmp_path / "names.json"
    names.write_text('{"10": "Dinas Kesehatan Kota Bandung", "20": "PT Sehat & Sentosa"}')

    done = run_cli(
        "audit",
        "report",
        "--db",
        dirty_index.target,
        "-o",
        "r.html",
        "--names",
        str(names),
        "--json",
    )
    bad_names = run_cli(
        "audit",
        "report",
        "--db",
        dirty_index.target,
        "-o",
        "x.html",
        "--names",
        str(tmp_path / "r.html"),
    )

    assert done.code == 0, done.err
    assert done.doc["processes"] == len(gather(dirty_index).processes)
    html = (tmp_path / "r.html").read_text()
    assert "Dinas Kesehatan Kota Bandung" in html
    assert "PT Sehat &amp; Sentosa" in html  # escaped
    assert bad_names.code == 2
    assert "is neither" in bad_names.error
    assert not (tmp_path / "x.html").exists()


def test_report_command_reads_the_participants_yaml_as_names(
    dirty_index: Database, backend: str, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    """The portal's names file, ``network/pilot/participants.yaml``, works for the report too."""
    if backend != "sqlite":
        pytest.skip("the command-line path is the same for both backends; run on SQLite")
    participants = Path(__file__).resolve().parents[2] / "network" / "pilot" / "participants.yaml"
    done = run_cli(
        "audit", "report", "--db", dirty_index.target, "-o", "y.html", "--names", str(participants)
    )
    assert done.code == 0, done.err
    assert load_names(participants)[10] in (tmp_path / "y.html").read_text()
