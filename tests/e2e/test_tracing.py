"""One registry command, one trace: the registry's span for the call and screening's span
for the event it caused share a trace id, read from the services' own output
(`OTEL_TRACES_EXPORTER=console`: one JSON line per span, beside the JSON log lines)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis_cli.cluster import SERVICES, LocalCluster
from tests.e2e.conftest import Clients, make_cluster
from tests.support import debarment_action, eventually, party_proto

DEBAR = "portcullis.registry.v1.RegistryService/Debar"


@pytest.fixture
def traced_cluster(tmp_path: Path) -> Iterator[LocalCluster]:
    # Spans leave in batches; a short delay keeps the test from waiting on the default 5 s.
    local = make_cluster(
        tmp_path, {"OTEL_TRACES_EXPORTER": "console", "OTEL_BSP_SCHEDULE_DELAY": "100"}
    )
    local.start()
    yield local
    local.stop()


def output(cluster: LocalCluster, service: str) -> list[dict[str, Any]]:
    """Every line the service wrote, each parsed as JSON (a line that is not fails)."""
    lines = cluster.log_path(service).read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def spans(cluster: LocalCluster, service: str) -> list[dict[str, Any]]:
    return [line for line in output(cluster, service) if "context" in line and "name" in line]


def trace_id(span: dict[str, Any]) -> str:
    return str(span["context"]["trace_id"]).removeprefix("0x")


def test_a_debarment_is_one_trace_from_the_registry_call_to_screenings_consumer(
    traced_cluster: LocalCluster,
) -> None:
    clients = Clients(traced_cluster)
    try:
        party = clients.registry.RegisterParty(
            registry_pb.RegisterPartyRequest(party=party_proto("Traced Hongdark Ltd")), timeout=5
        )
        clients.registry.Debar(
            registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()),
            timeout=5,
        )
    finally:
        clients.close()

    def debar_span() -> dict[str, Any] | None:
        found = [s for s in spans(traced_cluster, "registry") if s["name"] == DEBAR]
        return found[0] if found else None

    debar = eventually(debar_span)
    assert debar["kind"] == "SpanKind.SERVER"
    assert debar["resource"]["attributes"]["service.name"] == "registry"
    debar_trace = trace_id(debar)

    def screening_process_spans() -> list[dict[str, Any]] | None:
        return [
            s
            for s in spans(traced_cluster, "screening")
            if s["name"].startswith("process ") and trace_id(s) == debar_trace
        ] or None

    processed = eventually(screening_process_spans)
    assert {s["resource"]["attributes"]["service.name"] for s in processed} == {"screening"}
    assert all(s["parent_id"] for s in processed)
    # The registry's publish spans of the same trace are the consumer spans' parents. A publish
    # span ends when JetStream acknowledges, so screening may export its span first: wait for them.
    parents = {s["parent_id"] for s in processed}

    def publish_spans() -> set[str] | None:
        published = {
            s["context"]["span_id"]
            for s in spans(traced_cluster, "registry")
            if s["name"].startswith("publish ") and trace_id(s) == debar_trace
        }
        return published if parents <= published else None

    eventually(publish_spans, timeout=10)

    # The call's log line carries the same trace.
    def rpc_lines() -> list[dict[str, Any]] | None:
        return [
            line
            for line in output(traced_cluster, "registry")
            if line.get("event") == "rpc" and line.get("method") == f"/{DEBAR}"
        ] or None

    [rpc_line] = eventually(rpc_lines)
    assert rpc_line["trace_id"] == debar_trace
    assert rpc_line["span_id"] == str(debar["context"]["span_id"]).removeprefix("0x")
    # And every service's output is still one JSON object a line.
    for service in SERVICES:
        assert output(traced_cluster, service)
