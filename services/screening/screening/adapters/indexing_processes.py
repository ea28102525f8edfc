"""The start-up build of the watchlist, spread over worker processes.

Rebuilding a million parties at start is mostly reading each for comparison and packing
it (`watchlist.Indexer`), work that needs nothing but the party itself. Worker processes,
one per core, do that part; this process reads the store and puts their results into the
watchlist in order, so the watchlist is the same as one built in a single process.

The workers are started fresh (spawn), not forked: this process already runs gRPC's and
NATS's threads, which a fork would copy in whatever state they were. So they cannot share
this process's hashing of text: they return each party's keys as text, hashed here. A
small backlog is built here alone: starting the workers costs a second or two.
"""

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import structlog

from portcullis_kit.party import PartyDetails
from screening.application.screening_app import ScreeningApplication
from screening.domain.watchlist import Indexed, Indexer, MapEach

log = structlog.get_logger("screening")

# From this many notifications in the log, the build is spread over processes.
PARALLEL_FROM = 20_000
# Parties sent to a worker at a time: enough that sending costs little beside the work.
CHUNK = 250

# In a worker: the indexer it was started with.
_indexer: Indexer | None = None


def build_watchlist(app: ScreeningApplication, workers: int) -> None:
    """The watchlist rebuilt from the store, with `workers` processes when it is large."""
    backlog = app.recorder.max_notification_id() or 0
    if workers < 2 or backlog < PARALLEL_FROM:
        app.catch_up()
        return
    log.info("watchlist.build_started", notifications=backlog, workers=workers)
    with indexing_processes(app.watchlist.indexer, workers) as map_each:
        app.catch_up(map_each)
    log.info("watchlist.build_finished", parties=app.watchlist.size)


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


def _index(details: PartyDetails, excluded: bool) -> Indexed:
    assert _indexer is not None, "started by indexing_processes"
    return _indexer(details, excluded)
