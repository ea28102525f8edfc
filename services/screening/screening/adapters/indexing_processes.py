"""The start-up build of the watchlist, spread over worker processes.

Rebuilding a million parties at start is reading them from the store, then reading each
for comparison and packing it (`watchlist.Indexer`), work that needs nothing but the
party itself. Worker processes do that part while this process reads the store's next
page; it puts their results into the watchlist in order, so the watchlist is the one a
single process builds. On 2 cores two workers do best where most parties are made from
the log's pages, one where many must be read from the store again, the reading then
being the larger part (`bench/screening_start.py`).

The workers are started fresh (spawn), not forked: this process already runs gRPC's and
NATS's threads, which a fork would copy in whatever state they were. They are sent the
indexer once, with its packer's dictionary, and return each party packed with its keys'
codes (XXH3, the same in every process). A small backlog is built here alone: starting
the workers costs a second or two. Should a worker die (killed for memory, say), the
build goes on here alone from the last page applied.
"""

import gc
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING

import structlog

from portcullis_kit.collector import collector_paused
from portcullis_kit.party import PartyDetails
from screening.domain.watchlist import Indexed, Indexer, MapEach

if TYPE_CHECKING:  # not imported by the workers, which need only the domain
    from screening.application.screening_app import ScreeningApplication

log = structlog.get_logger("screening")

# From this many notifications in the log, the build is a large one: spread over worker
# processes, with this process's cyclic collector paused.
LARGE_BUILD = 20_000
# Parties sent to a worker at a time: enough that sending costs little beside the work.
CHUNK = 250
# Notifications read from the store at a time: the workers index one page while this
# process reads the next.
PAGE = 5_000

# In a worker: the indexer it was started with.
_indexer: Indexer | None = None


def build_watchlist(app: "ScreeningApplication", workers: int) -> None:
    """The watchlist rebuilt from the store; when it is large, indexed by `workers`
    processes (0: by this process alone)."""
    backlog = app.recorder.max_notification_id() or 0
    if backlog < LARGE_BUILD:
        app.catch_up()
        return
    log.info("watchlist.build_started", notifications=backlog, workers=workers)
    # A million parties' index took 66.9 s with the collector on, 54.6 s without. Once
    # built, the service freezes it out of the collector's sight (`portcullis_kit.runtime`).
    with collector_paused():
        if workers < 1 or not _built_by_workers(app, workers):
            app.build_from_store(map, PAGE)
    log.info("watchlist.build_finished", parties=app.watchlist.size)


def _built_by_workers(app: "ScreeningApplication", workers: int) -> bool:
    """Catches up with worker processes; False if they were lost on the way. The page
    they were lost on was not applied, nor its position: the rest is read again."""
    try:
        with indexing_processes(app.watchlist.indexer, workers) as map_each:
            app.build_from_store(map_each, PAGE)
    except BrokenProcessPool as error:
        log.warning("watchlist.build_workers_lost", error=str(error))
        return False
    return True


@contextmanager
def indexing_processes(indexer: Indexer, workers: int) -> Iterator[MapEach]:
    """A `map_each` for `Watchlist.index` that runs the indexer in `workers` processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(indexer,)
    ) as pool:

        def map_each(
            _: Indexer, details: list[PartyDetails], excluded: list[bool]
        ) -> Iterable[Indexed]:
            # Each worker applies its own copy of the indexer, sent once at its start.
            return pool.map(_index, details, excluded, chunksize=CHUNK)

        yield map_each


def _start_worker(indexer: Indexer) -> None:
    global _indexer
    _indexer = indexer
    # Ctrl-C in a terminal reaches the whole process group: the service decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Indexing makes no reference cycles, and a worker lives only for the build: the
    # cyclic collector would only cost time (a tenth of the work).
    gc.disable()


def _index(details: PartyDetails, excluded: bool) -> Indexed:
    assert _indexer is not None, "started by indexing_processes"
    return _indexer(details, excluded)
