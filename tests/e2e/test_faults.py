"""Nothing acknowledged is lost: NATS restarts, a service killed before or while it publishes."""

import threading
from collections import Counter
from pathlib import Path

import grpc

from portcullis.audit.v1 import audit_service_pb2 as audit_pb
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients, make_cluster
from tests.support import debarment_action, eventually, party_proto


def register_and_debar(clients: Clients, name: str) -> tuple[str, str]:
    party = clients.registry.RegisterParty(
        registry_pb.RegisterPartyRequest(party=party_proto(name)), timeout=10
    )
    debarment = clients.registry.Debar(
        registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()), timeout=10
    )
    return party.party_id, debarment.exclusion_id


def event_types(clients: Clients, service: str) -> Counter[str]:
    stream = clients.audit(service).StreamEvents(audit_pb.StreamEventsRequest(), timeout=30)
    return Counter(r.event.type.rsplit(".", 1)[-1] for r in stream)


def registry_position(clients: Clients) -> int:
    info = clients.screening.GetWatchlistInfo(screening_pb.GetWatchlistInfoRequest(), timeout=5)
    return int(info.registry_position)


def is_match(clients: Clients, name: str) -> bool:
    response = clients.screening.ScreenParty(
        screening_pb.ScreenPartyRequest(party=party_proto(name)), timeout=5
    )
    return bool(response.decision == screening_pb.DECISION_MATCH)


def test_screening_receives_every_event_exactly_once_across_a_nats_restart(
    cluster: LocalCluster, clients: Clients
) -> None:
    names = [f"Restart Trading {i}" for i in range(30)]
    for name in names[:10]:
        register_and_debar(clients, name)
    cluster.nats.stop()
    for name in names[10:20]:  # recorded while NATS is down
        register_and_debar(clients, name)
    cluster.nats.start()
    for name in names[20:]:
        register_and_debar(clients, name)

    eventually(lambda: registry_position(clients) == 60, timeout=60)
    assert event_types(clients, "screening") == {"Recorded": 30, "ExclusionNoted": 30}
    assert all(is_match(clients, name) for name in names)


def test_an_event_committed_but_not_published_is_published_after_restart(
    cluster: LocalCluster, clients: Clients
) -> None:
    cluster.nats.stop()
    register_and_debar(clients, "Committed Not Published Ltd")
    cluster.stop_service("registry", kill=True)  # SIGKILL: no chance to publish
    cluster.nats.start()
    cluster.start_service("registry")
    cluster.wait_serving("registry")
    eventually(lambda: is_match(clients, "Committed Not Published Ltd"), timeout=60)
    assert event_types(clients, "screening") == {"Recorded": 1, "ExclusionNoted": 1}


def test_a_registry_killed_mid_write_keeps_every_acknowledged_change(
    cluster: LocalCluster, clients: Clients
) -> None:
    acknowledged: list[str] = []
    stop = threading.Event()

    def keep_registering() -> None:
        i = 0
        while not stop.is_set():
            try:
                reply = clients.registry.RegisterParty(
                    registry_pb.RegisterPartyRequest(party=party_proto(f"Busy Importer {i}")),
                    timeout=2,
                )
                acknowledged.append(reply.party_id)
            except grpc.RpcError:
                pass  # not acknowledged: the client would retry
            i += 1

    writer = threading.Thread(target=keep_registering)
    writer.start()
    eventually(lambda: len(acknowledged) >= 50)
    cluster.stop_service("registry", kill=True)
    stop.set()
    writer.join()
    cluster.start_service("registry")
    cluster.wait_serving("registry")

    for party_id in acknowledged:
        clients.registry.GetParty(registry_pb.GetPartyRequest(party_id=party_id), timeout=5)
    eventually(lambda: registry_position(clients) >= len(acknowledged), timeout=60)
    assert event_types(clients, "screening")["Recorded"] >= len(acknowledged)


def test_registry_on_postgresql_serves_the_first_path(tmp_path: Path, postgres_dsn: str) -> None:
    local = make_cluster(
        tmp_path, {"REGISTRY_PERSISTENCE": "postgres", "REGISTRY_POSTGRES_DSN": postgres_dsn}
    )
    local.start()
    clients = Clients(local)
    try:
        register_and_debar(clients, "Postgres Backed Importer")
        eventually(lambda: is_match(clients, "Postgres Backed Importer"), timeout=30)
    finally:
        clients.close()
        local.stop()
