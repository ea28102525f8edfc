"""`make bench`, part 7: publication. A quarterly report built from 1,000,000 seizure lines
in-process on SQLite: reading the seizures, the four tables under disclosure control, the
repeat offenders.

    .venv/bin/python -m bench.publication [--lines 1000000]
"""

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes, priority_trade_issues
from portcullis_kit.settings import ServiceSettings
from publication.application.publication_app import PublicationApplication
from publication.domain.seizure import (
    Environment,
    PartyKind,
    SeizedParty,
    Seizure,
    SeizureLine,
    ViolationCategory,
)

LINES_PER_SEIZURE = 3
BATCH = 1_000
ORIGINS = ("CN", "HK", "TR", "VN", "IN", "SG", "TH", "MX", "AE", "KR")
CATEGORIES = tuple(ViolationCategory)


def fill(app: PublicationApplication, lines: int) -> int:
    rng = random.Random(1)
    first = date(2026, 7, 1)
    seizures = lines // LINES_PER_SEIZURE
    for start in range(0, seizures, BATCH):
        batch = []
        for _ in range(min(BATCH, seizures - start)):
            batch.append(
                Seizure(
                    first + timedelta(days=rng.randrange(92)),
                    rng.choice((Environment.EXPRESS, Environment.INTERNATIONAL_MAIL)),
                    rng.choice(ORIGINS),
                    tuple(
                        SeizureLine(
                            "goods",
                            rng.randint(1, 100),
                            "USD",
                            rng.randint(100, 500_000),
                            rng.choice(CATEGORIES),
                            rng.choice(("PTI-4", "PTI-3", "")),
                        )
                        for _ in range(LINES_PER_SEIZURE)
                    ),
                    False,
                    "bench",
                    rng.choice(("DHL", "UPS", "FEDEX", "J1CCNA")),
                    (SeizedParty(PartyKind.ORGANIZATION, f"Trader {rng.randrange(20_000)}"),),
                )
            )
        app.save(*batch)
    return seizures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    lines = parser.parse_args().lines
    print(f"Publication: a quarterly report from {lines:,} seizure lines on SQLite")
    print(f"  .venv/bin/python -m bench.publication --lines {lines}")
    with tempfile.TemporaryDirectory() as scratch:
        env = persistence_env("publication", ServiceSettings(data_dir=Path(scratch)))
        app = PublicationApplication(env, country_codes(), frozenset(priority_trade_issues()))
        started = time.perf_counter()
        seizures = fill(app, lines)
        print(f"  (recording {seizures:,} seizures: {time.perf_counter() - started:.1f} s)")
        started = time.perf_counter()
        report = app.draft_report("2026Q3", "bench")
        elapsed = time.perf_counter() - started
        size = len(report.content)
        app.close()
    print(
        f"DraftReport from {lines:,} lines: {elapsed:.1f} s ({lines / elapsed:,.0f} lines/s);"
        f" the report is {size:,} bytes of JSON"
    )


if __name__ == "__main__":
    main()
