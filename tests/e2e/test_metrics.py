"""Each service's /metrics after some calls: the per-RPC counters and durations, and what
an operator watches (the audit log, screening's watchlist)."""

import urllib.request

import grpc
import pytest

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients
from tests.support import eventually, party_proto


def scrape(cluster: LocalCluster, service: str) -> str:
    port = cluster.config.metrics_ports[service]
    with urllib.request.urlopen(f"http://{cluster.config.host}:{port}/metrics", timeout=5) as r:
        return str(r.read().decode())


def test_metrics_count_each_rpc_by_method_and_code(cluster: LocalCluster, clients: Clients) -> None:
    for name in ("Metric One Ltd", "Metric Two Ltd"):
        clients.registry.RegisterParty(
            registry_pb.RegisterPartyRequest(party=party_proto(name)), timeout=5
        )
    with pytest.raises(grpc.RpcError):
        clients.registry.GetParty(registry_pb.GetPartyRequest(party_id="nope"), timeout=5)

    # grpc.aio's abort sends the status before the call's wrapper counts it: the client
    # may scrape a moment before the count.
    def refusal_counted() -> str | None:
        text = scrape(cluster, "registry")
        return text if 'grpc_code="INVALID_ARGUMENT",grpc_method="GetParty"' in text else None

    registry = eventually(refusal_counted)
    assert (
        'grpc_server_handled_total{grpc_code="OK",grpc_method="RegisterParty",'
        'grpc_service="portcullis.registry.v1.RegistryService"} 2.0'
    ) in registry
    assert 'grpc_server_handling_seconds_count{grpc_method="RegisterParty"' in registry

    def checkpointed() -> bool | None:
        text = scrape(cluster, "registry")
        return "portcullis_audit_checkpoint_size 2.0" in text or None

    eventually(checkpointed)
    assert "portcullis_watchlist_parties" in scrape(cluster, "screening")
    # The store's writes, and every event published: the relay has nothing waiting.
    writes = value(registry, "portcullis_store_write_seconds_count")
    assert writes >= 2

    def relayed() -> bool | None:
        return value(scrape(cluster, "registry"), "portcullis_relay_lag_events") == 0 or None

    eventually(relayed)

    # Screening consumed registry's two events: its consumer has none waiting, and its
    # watchlist has moved past the two parties it recorded.
    def consumed() -> str | None:
        text = scrape(cluster, "screening")
        waiting = 'portcullis_consumer_lag_messages{durable="screening",upstream="registry"}'
        return text if waiting in text and value(text, waiting) == 0 else None

    screening = eventually(consumed)
    assert value(screening, "portcullis_watchlist_position") >= 2
    assert value(screening, "portcullis_watchlist_parties") == 2


def value(text: str, name: str) -> float:
    """A sample's value in Prometheus's text format, by its name (with labels, if any)."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the scrape")
