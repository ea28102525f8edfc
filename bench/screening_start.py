"""`make bench`, part 4: how long a screening replica takes to start from its store.

The speed benchmark (part 3) times building the watchlist's index from parties in
memory. A replica starting on Kubernetes first reads them from its store: this writes a
store of generated parties (the speed benchmark's, each registered then excluded, two
events each, written a thousand parties at a time), then times `build_watchlist` on a
fresh application over it, as the service's start does: indexed by the reading process
alone, then with one and with two worker processes beside it. Once on SQLite, the
embedded default, and once on a real PostgreSQL server (the `pgserver` wheel's, on a
Unix socket), as on Kubernetes.

    .venv/bin/python -m bench.screening_start [--parties N] [--store sqlite|postgres|both]
"""

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from uuid import uuid4

from bench.screening_quality import reader
from bench.screening_speed import LISTING, make_party
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.logs import configure_logging
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.adapters.indexing_processes import build_watchlist
from screening.application.screening_app import ScreeningApplication
from screening.domain.watched_party import WatchedParty

TODAY = date(2026, 11, 28)
WRITE_BATCH = 1_000


def application(settings: ServiceSettings) -> ScreeningApplication:
    env = persistence_env("screening", settings)
    return ScreeningApplication(env, country_codes(), reader(), clock=lambda: TODAY)


@contextmanager
def store_settings(store: str, directory: Path) -> Iterator[ServiceSettings]:
    """Settings for an empty store of the kind, removed afterwards."""
    if store == "sqlite":
        yield ServiceSettings(data_dir=directory)
        return
    import pgserver  # a development dependency, as for the PostgreSQL tests

    server = pgserver.get_server(directory / "pgdata", cleanup_mode="stop")
    try:
        server.psql("CREATE DATABASE screening_start;")
        yield ServiceSettings(
            persistence="postgres", postgres_dsn=server.get_uri("screening_start")
        )
    finally:
        server.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    arguments = parser.parse_args()
    configure_logging("console", "warning")
    stores = ("sqlite", "postgres") if arguments.store == "both" else (arguments.store,)
    for store in stores:
        with (
            tempfile.TemporaryDirectory() as directory,
            store_settings(store, Path(directory)) as settings,
        ):
            measure(settings, store, arguments.parties)


def measure(settings: ServiceSettings, store: str, parties: int) -> None:
    """Writes the parties to the empty store, then times start-up builds over it."""
    writer = application(settings)
    writer.listeners.clear()  # written, not screened: no watchlist to keep
    began = time.perf_counter()
    # The events the registry's registration and exclusion of a party record, a party's
    # two together (as an import writes them); a thousand parties a transaction, so that
    # a million parties' store takes minutes to write, not an hour.
    for start in range(0, parties, WRITE_BATCH):
        batch = []
        for index in range(start, min(start + WRITE_BATCH, parties)):
            party = WatchedParty(uuid4(), make_party(index).details)
            party.note_exclusion(uuid4(), LISTING)
            batch.append(party)
        writer.save(*batch)
    written = time.perf_counter() - began
    writer.close()
    print(f"Screening's start from its store ({store}): {parties:,} parties, each with a debarment")
    print(f"  .venv/bin/python -m bench.screening_start --parties {parties} --store {store}")
    print(f"Store written ({2 * parties:,} events, not counted): {written:.1f} s")
    for workers in (0, 1, 2):
        replica = application(settings)
        began = time.perf_counter()
        build_watchlist(replica, workers)
        seconds = time.perf_counter() - began
        assert replica.watchlist.size == parties
        print(
            f"Start-up build, SCREENING_BUILD_WORKERS={workers}:"
            f" {seconds:.1f} s ({parties / seconds:,.0f} parties/s;"
            f" {seconds / parties * 1e6:.0f} µs a party)"
        )
        replica.close()


if __name__ == "__main__":
    main()
