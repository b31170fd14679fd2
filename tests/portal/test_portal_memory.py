"""A portal process keeps its C allocator to a few arenas (py_client/portal/memory.py).

Each test serves the portal over the suite's deployment in a fresh Python process (arenas are
per process) and loads its pages from several threads at once, then counts glibc's arenas with
``malloc_info``. Without the bound, every thread that allocates gets an arena of its own and
keeps what it freed (the late memory growth bench/bench_portal.py measured while the index grows).
"""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from py_client.portal.memory import MALLOC_ARENAS, bound_malloc_arenas

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8  # clients at once; more than MALLOC_ARENAS

SERVE_AND_COUNT = """
import ctypes, json, sys, threading
from pathlib import Path

import requests

from py_client.portal import create_app
from tests.support.portal import portal_config, serving

rpc_url, deployment, folder, threads = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(
    sys.argv[4]
)
statuses = []
with serving(create_app(portal_config(rpc_url, deployment, folder, page_cache_entries=0))) as url:
    start = threading.Barrier(threads)

    def client():
        start.wait()
        with requests.Session() as session:
            for path in ("/", "/tenders", "/orders", "/payments", "/flags") * 3:
                statuses.append(session.get(url + path, timeout=60).status_code)

    clients = [threading.Thread(target=client) for _ in range(threads)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    report = folder / "malloc_info.xml"
    stream = libc.fopen(str(report).encode(), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    arenas = report.read_text().count("<heap nr=")
print(json.dumps({"arenas": arenas, "statuses": sorted(set(statuses)), "answers": len(statuses)}))
"""

glibc_only = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's (malloc_info)"
)


def _serve_and_count(
    rpc_url: str, deployment: Path, folder: Path, env: dict[str, str]
) -> dict[str, Any]:
    """Serve the portal in a fresh process, load it from :data:`THREADS` clients at once;
    its arenas and the answers' statuses."""
    folder.mkdir()
    argv = (rpc_url, str(deployment), str(folder), str(THREADS))
    done = subprocess.run(
        [sys.executable, "-c", SERVE_AND_COUNT, *argv],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@glibc_only
def test_a_portal_process_keeps_at_most_two_malloc_arenas_however_many_threads_serve(
    rpc_url: str, deployment_file: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    bounded = _serve_and_count(rpc_url, deployment_file, tmp_path / "bounded", env)
    assert bounded["statuses"] == [200]
    assert bounded["answers"] == THREADS * 15
    assert bounded["arenas"] <= MALLOC_ARENAS

    # the same load with glibc's default (eight arenas per core; the operator's setting is
    # left alone): an arena per serving thread, so the bound above is what holds the count down
    unbounded = _serve_and_count(
        rpc_url, deployment_file, tmp_path / "unbounded", {**env, "MALLOC_ARENA_MAX": "64"}
    )
    assert unbounded["statuses"] == [200]
    assert unbounded["arenas"] > MALLOC_ARENAS


@glibc_only
def test_the_operators_malloc_arena_max_is_left_as_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert bound_malloc_arenas() == 0


def test_no_arena_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one arena, not 0"):
        bound_malloc_arenas(0)
