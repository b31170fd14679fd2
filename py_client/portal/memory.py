"""What bounds a portal worker's memory beyond its own caches: the C allocator's arenas.

The portal's caches are bounded by themselves: the page cache in bytes
(:data:`~py_client.portal.cache.PAGE_CACHE_BYTES`), each pooled SQLite connection's page cache
(:data:`~py_client.audit.pool.POOL_CACHE_KIB`). What they free, though, stays with the C
allocator. glibc's ``malloc`` gives each thread that allocates concurrently an arena of its own,
up to eight per core, and keeps the memory freed in an arena for that arena. A worker answers
pages from a pool of threads that borrow the pooled connections in turn, and every event the
indexer writes makes each connection drop its page cache (SQLite's WAL mode: another writer
changed the file) and read it again on whichever thread borrows it next. So each arena ends up
holding a page cache's worth of freed pages, and the worker grows toward 16 arenas of 16 MiB
rather than 4 connections of 16 MiB, one arena at a time, for as long as the index grows.
Measured in ``bench/bench_portal.py`` (two read-only workers while the index grows, one new
event every 2 s): each worker went from 178 to 325-350 MB in 60 s, SQLite's own memory at most
67 MB (its 4 connections of 16 MiB) while ``malloc`` held 100-140 MB freed (11 arenas in one
``malloc_info``); with two arenas, from 174 to 216-239 MB, level after 12 s.

:func:`bound_malloc_arenas` caps the arenas of the process (``mallopt(M_ARENA_MAX)``); arenas
are made when a thread first allocates, so it is called as the portal starts, before its threads
serve. An operator's ``MALLOC_ARENA_MAX`` is left as set.

Example::

    >>> bound_malloc_arenas() in (0, MALLOC_ARENAS)  # 0 without glibc or with MALLOC_ARENA_MAX
    True
"""

import ctypes
import logging
import os
import platform

log = logging.getLogger(__name__)

MALLOC_ARENAS = 2  # a worker's malloc arenas: the GIL serialises most of its allocations anyway
M_ARENA_MAX = -8  # glibc <malloc.h>: mallopt's parameter for the most arenas


def bound_malloc_arenas(arenas: int = MALLOC_ARENAS) -> int:
    """Let glibc's ``malloc`` keep at most ``arenas`` arenas in this process.

    Args:
        arenas: The most arenas; threads beyond share them.

    Returns:
        The bound set, or 0 when nothing was set: the C library is not glibc, or the
        environment's ``MALLOC_ARENA_MAX`` already chose one.

    Raises:
        ValueError: ``arenas`` is below one.
    """
    if arenas < 1:
        raise ValueError(f"malloc needs at least one arena, not {arenas}")
    if "MALLOC_ARENA_MAX" in os.environ or platform.libc_ver()[0] != "glibc":
        return 0
    libc = ctypes.CDLL(None)  # the process's own symbols: glibc's mallopt
    if not libc.mallopt(M_ARENA_MAX, arenas):
        log.warning("mallopt(M_ARENA_MAX, %s) refused: malloc keeps its default arenas", arenas)
        return 0
    return arenas


__all__ = ["MALLOC_ARENAS", "bound_malloc_arenas"]
