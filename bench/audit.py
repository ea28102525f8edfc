"""`make bench`, part 5: the audit trail on a registry log on SQLite.

Reading the log raw and decoded (the library's own rate), replaying it through the
domain code in one process and in a worker process a core (what `portcullis audit replay`
does: timed from the first read, here, to the last worker's answer), hashing it into the
Merkle tree and hash chain (what a service does at start and `audit verify` does), making
and verifying inclusion and consistency proofs, and what checkpointing costs the writes it
runs beside.

    .venv/bin/python -m bench.audit [--events 200000]
"""

import argparse
import os
import random
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

from eventsourcing.domain import Aggregate

from portcullis_kit.audit_check import ShownEvent
from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.audit_replay import replay, replay_in_workers
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.merkle import MerkleTree, verify_consistency, verify_inclusion
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from registry.domain.party import Party
from tests.support import organisation

PAGE = 1000
BATCH = 500
PROOFS = 20_000
WRITES = 8_000
ROUNDS = 5
READ_ROUNDS = 3
# As `portcullis audit replay` runs: a worker process a core.
WORKERS = os.cpu_count() or 1


def registry(data_dir: Path) -> RegistryApplication:
    env = persistence_env("registry", ServiceSettings(data_dir=data_dir))
    return RegistryApplication(env, country_codes())


def fill(app: RegistryApplication, events: int) -> None:
    """Parties registered, every other one revised: two kinds of event, as stored."""
    made = 0
    while made < events:
        batch = []
        for i in range(made, made + BATCH, 2):
            party = Party(organisation(f"Bench Importer {i}"), "bench")
            party.revise(organisation(f"Bench Importer {i} Co., Ltd."), "bench")
            batch.append(party)
        app.save(*batch)
        made += BATCH


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f}/s"


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def applied(aggregates: dict[UUID, Aggregate]) -> tuple[int, int]:
    """What a replay worker sends back here: how many aggregates it made and how many
    events it applied to them (their versions), to check that every event was."""
    return len(aggregates), sum(a.version for a in aggregates.values())


def read_rates(app: RegistryApplication) -> tuple[int, dict[str, list[float]]]:
    def raw() -> int:
        after, count = 0, 0
        while page := app.read_log(after, PAGE):
            count += len(page)
            after = page[-1].id
        return count

    def decoded() -> None:
        after = 0
        while page := app.read_log(after, PAGE):
            for n in page:
                app.mapper.to_domain_event(n)
            after = page[-1].id

    def shown() -> Iterator[ShownEvent]:
        """The log as `audit replay` gets it: a stream of events, a page read at a time."""
        after = 0
        while page := app.read_log(after, PAGE):
            for n in page:
                yield ShownEvent(n.id, n.originator_id, n.originator_version, n.topic, n.state)  # type: ignore[arg-type]
            after = page[-1].id

    def replayed_here() -> None:
        check(count, [applied(replay(shown(), app.mapper))])

    def replayed_in_workers() -> None:
        check(count, replay_in_workers(shown(), app.mapper, applied, WORKERS))

    def hashed() -> None:
        Checkpointer("registry", app, CheckpointSigner.generate()).catch_up()

    count = raw()
    readers = {
        "raw": raw,
        "decoded": decoded,
        "replayed here": replayed_here,
        "replayed in workers": replayed_in_workers,
        "hashed": hashed,
    }
    # Taken in turns, the median of each: a slower spell of the machine (it is shared)
    # neither favours one reading nor makes the figure.
    runs: dict[str, list[float]] = {what: [] for what in readers}
    for _ in range(READ_ROUNDS):
        for what, fn in readers.items():
            runs[what].append(timed(fn))
    return count, runs


def check(events: int, shares: list[tuple[int, int]]) -> None:
    applied_events = sum(versions for _, versions in shares)
    if applied_events != events:
        raise SystemExit(f"replay applied {applied_events} events of {events}")


def proof_rates(size: int) -> dict[str, float]:
    tree = MerkleTree(i.to_bytes(32, "big") for i in range(size))
    chosen = random.Random(7)
    indexes = [chosen.randrange(size) for _ in range(PROOFS)]
    firsts = [chosen.randrange(1, size) for _ in range(PROOFS)]
    root = tree.root()
    leaves = [tree.leaf(i) for i in range(size)]
    results = {"root from scratch": timed(lambda: MerkleTree(leaves).root()) / size}
    proofs: list[list[bytes]] = []
    results["inclusion proof"] = (
        timed(lambda: proofs.extend(tree.inclusion_proof(i, size) for i in indexes)) / PROOFS
    )

    def verify_inclusions() -> None:
        for i, p in zip(indexes, proofs, strict=True):
            verify_inclusion(tree.leaf(i), i, size, p, root)

    results["inclusion verify"] = timed(verify_inclusions) / PROOFS
    consistency: list[list[bytes]] = []
    roots = {f: tree.root(f) for f in firsts}
    results["consistency proof"] = (
        timed(lambda: consistency.extend(tree.consistency_proof(f, size) for f in firsts)) / PROOFS
    )

    def verify_consistencies() -> None:
        for f, p in zip(firsts, consistency, strict=True):
            verify_consistency(f, size, p, roots[f], root)

    results["consistency verify"] = timed(verify_consistencies) / PROOFS
    return results


def write_cost(data_dir: Path, interval: float | None) -> float:
    """Seconds per RegisterParty in-process, with a checkpointer signing every `interval`
    seconds in a thread (as a service runs it), or none."""
    app = registry(data_dir)
    stop = threading.Event()
    signer = threading.Thread(target=lambda: None)
    if interval is not None:
        checkpointer = Checkpointer("registry", app, CheckpointSigner.generate())

        def sign() -> None:
            while not stop.wait(interval):
                checkpointer.make_checkpoint()

        signer = threading.Thread(target=sign)
    signer.start()
    started = time.perf_counter()
    for i in range(WRITES):
        app.register_party(organisation(f"Writer {i}"), "bench")
    seconds = (time.perf_counter() - started) / WRITES
    stop.set()
    signer.join()
    app.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    events = parser.parse_args().events
    print(f"Audit: a registry log of {events:,} events on SQLite")
    print(f"  .venv/bin/python -m bench.audit --events {events}")
    with tempfile.TemporaryDirectory() as scratch:
        app = registry(Path(scratch) / "log")
        print(f"  (filling the log: {timed(lambda: fill(app, events)):.1f} s)")
        count, runs_of = read_rates(app)
        app.close()
        print(f"Reading the log, median of {READ_ROUNDS} runs in turns (each run):")
        for what, label in (
            ("raw", "Read raw (stored events, not decoded)"),
            ("decoded", "Read and decoded by the mapper"),
            ("replayed here", "Replayed through the domain, one process"),
            ("replayed in workers", f"Replayed, {WORKERS} workers (audit replay)"),
            ("hashed", "Hashed into tree and chain (at start)"),
        ):
            taken = runs_of[what]
            each = ", ".join(f"{count / t:,.0f}" for t in taken)
            print(f"{label:<42}{rate(count, sorted(taken)[READ_ROUNDS // 2])}  ({each})")
        for what, seconds in proof_rates(count).items():
            print(f"{what:<42}{rate(1, seconds)}")
        # Taken in turns, so that a slower spell of the machine does not favour one.
        settings = {"none": None, "every 2 s": 2.0, "every 0.1 s": 0.1}
        runs: dict[str, list[float]] = {label: [] for label in settings}
        for turn in range(ROUNDS):
            for label, interval in settings.items():
                where = Path(scratch) / f"writes-{turn}-{label.replace(' ', '')}"
                runs[label].append(write_cost(where, interval))
        costs = {label: sorted(seconds)[ROUNDS // 2] for label, seconds in runs.items()}
        base = costs["none"]
        print(f"RegisterParty in-process, {WRITES:,} writes, median of {ROUNDS} runs in turns:")
        for label, seconds in costs.items():
            extra = (seconds / base - 1) * 100
            print(f"  checkpointing {label:<12}{seconds * 1e3:6.3f} ms per write  {extra:+5.1f}%")


if __name__ == "__main__":
    main()
