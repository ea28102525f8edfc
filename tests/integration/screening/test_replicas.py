"""Two screening replicas sharing one store: what one records, the other's watchlist finds
once it follows the shared log (as it does every SCREENING_STORE_POLL_SECONDS)."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from uuid import uuid4

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision
from screening.domain.watched_party import Listing
from tests.support import name_reader, organisation

TODAY = date(2026, 11, 28)


def test_a_replica_follows_what_another_recorded(tmp_path: Path) -> None:
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    first = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    second = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    party_id = uuid4()
    first.save(*first.party_registered(party_id, organisation("Shenzhen Hongdark Electronics")))
    listing = Listing("debarment", date(2026, 11, 2), None, True)
    first.save(*first.exclusion_imposed(party_id, uuid4(), listing))
    query = organisation("Hongdark Electronics")
    assert second.screen(query).decision is Decision.CLEAR  # not yet followed
    second.catch_up()
    assert second.screen(query).decision is Decision.MATCH
    first.close()
    second.close()


PARTIES = 150


def apply_registry_events(data_dir: Path) -> int:
    """One screening process's consumer applying registry's first PARTIES events (each a
    party registered, then a debarment of it) to the shared store; returns how many it
    applied (the rest it found applied by the other)."""
    from portcullis.registry.events.v1 import registry_events_pb2 as registry_events
    from portcullis.registry.v1 import registry_service_pb2 as registry_pb
    from portcullis_kit.consumer import IntegrationEventConsumer
    from portcullis_kit.party_proto import party_to_proto
    from screening.adapters.registry_events import registry_subscription

    env = persistence_env("screening", ServiceSettings(data_dir=data_dir))
    app = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    consumer = IntegrationEventConsumer(registry_subscription(app), app)
    applied = 0
    for n in range(1, PARTIES + 1):
        party_id = f"5d0a6a3e-0c41-4f1e-9d6b-{n:012d}"
        registered = registry_events.PartyRegistered(
            party_id=party_id, party=party_to_proto(organisation(f"Shared Store Trading {n}"))
        )
        debarred = registry_events.ExclusionImposed(
            party_id=party_id,
            exclusion_id=f"6d0a6a3e-0c41-4f1e-9d6b-{n:012d}",
            type=registry_pb.EXCLUSION_TYPE_DEBARMENT,
            action=registry_pb.ExclusionAction(trade_related=True, effective_date="2026-11-02"),
        )
        for position, message in ((2 * n - 1, registered), (2 * n, debarred)):
            type_name = message.DESCRIPTOR.full_name
            applied += consumer.record(type_name, message.SerializeToString(), position)
    app.close()
    return applied


def test_two_processes_applying_the_same_events_to_one_sqlite_store_apply_each_once(
    tmp_path: Path,
) -> None:
    # Two replicas, two processes, one SQLite file, each consuming the same stream: the
    # writes interleave (WAL, each waiting its turn for the lock), and the tracking row
    # lets exactly one of them apply each event.
    # The store exists before they start, as it does for replicas (the first start of a
    # service makes its tables; two processes making them at the same instant race in
    # the library's table creation).
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY).close()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        runs = [pool.submit(apply_registry_events, tmp_path) for _ in range(2)]
        applied = [run.result(timeout=120) for run in runs]
    assert sum(applied) == 2 * PARTIES
    app = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    assert app.last_tracked("registry") == 2 * PARTIES
    assert app.log_position() == 2 * PARTIES  # one event per message: none twice
    app.catch_up()
    assert app.screen(organisation("Shared Store Trading 7")).decision is Decision.MATCH
    app.close()
