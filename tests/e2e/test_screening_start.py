"""A screening service started on a large store builds its watchlist with a worker process
(spawned from the running service, beside gRPC's threads) and then serves it."""

import json
from datetime import date
from pathlib import Path
from uuid import uuid4

from bench.screening_speed import make_party
from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.adapters.indexing_processes import LARGE_BUILD
from screening.application.screening_app import ScreeningApplication
from screening.domain.watched_party import Listing
from tests.e2e.conftest import Clients, make_cluster, nats_violations
from tests.support import name_reader

LISTING = Listing("debarment", date(2026, 11, 2), None, trade_related=True)


def test_a_service_started_on_a_large_store_builds_with_a_worker_and_serves(
    tmp_path: Path,
) -> None:
    parties = LARGE_BUILD // 2  # two notifications each: registered, then excluded
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    store = ScreeningApplication(env, country_codes(), name_reader())
    store.listeners.clear()  # written, not screened
    for index in range(parties):
        party_id = uuid4()
        store.save(*store.party_registered(party_id, make_party(index).details))
        store.save(*store.exclusion_imposed(party_id, uuid4(), LISTING))
    store.close()

    cluster = make_cluster(tmp_path)
    cluster.start()
    try:
        clients = Clients(cluster)
        try:
            listed = make_party(parties - 1).details
            request = pb.ScreenPartyRequest(party=party_to_proto(listed))
            result = clients.screening.ScreenParty(request, timeout=10)
            assert result.decision == pb.DECISION_MATCH
            assert result.watchlist_version.startswith(f"{2 * parties}@")
        finally:
            clients.close()
        lines = cluster.log_path("screening").read_text().splitlines()
        events = [json.loads(line) for line in lines if line.startswith("{")]
        started = [e for e in events if e["event"] == "watchlist.build_started"]
        assert [(e["notifications"], e["workers"]) for e in started] == [(2 * parties, 1)]
        built = {e["event"] for e in events} & {
            "watchlist.build_finished",
            "watchlist.build_workers_lost",
        }
        assert built == {"watchlist.build_finished"}
    finally:
        cluster.stop()
    assert nats_violations(cluster) == []
