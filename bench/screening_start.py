"""`make bench`, part 4: how long a screening replica takes to start from its store.

The speed benchmark (part 3) times building the watchlist's index from parties in
memory. A replica starting on Kubernetes first reads them from its store: this writes a
SQLite store of generated parties (the speed benchmark's, each registered then
excluded, two events each), then times `build_watchlist` on a fresh application over it,
as the service's start does: indexed by the reading process alone, then with one and
with two worker processes beside it.

    .venv/bin/python -m bench.screening_start [--parties N]
"""

import argparse
import tempfile
import time
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

TODAY = date(2026, 11, 28)


def application(data_dir: Path) -> ScreeningApplication:
    env = persistence_env("screening", ServiceSettings(data_dir=data_dir))
    return ScreeningApplication(env, country_codes(), reader(), clock=lambda: TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parties: int = parser.parse_args().parties
    configure_logging("console", "warning")
    with tempfile.TemporaryDirectory() as directory:
        data_dir = Path(directory)
        writer = application(data_dir)
        writer.listeners.clear()  # written, not screened: no watchlist to keep
        began = time.perf_counter()
        for index in range(parties):
            party_id = uuid4()
            writer.save(*writer.party_registered(party_id, make_party(index).details))
            writer.save(*writer.exclusion_imposed(party_id, uuid4(), LISTING))
        written = time.perf_counter() - began
        writer.close()
        print(f"Screening's start from its store: {parties:,} parties, each with a debarment")
        print(f"  .venv/bin/python -m bench.screening_start --parties {parties}")
        print(f"Store written (SQLite, {2 * parties:,} events, not counted): {written:.1f} s")
        for workers in (0, 1, 2):
            replica = application(data_dir)
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
