"""`OTEL_TRACES_EXPORTER=otlp` sends spans to the collector `OTEL_EXPORTER_OTLP_ENDPOINT`
names, over gRPC, with our grpcio and protobuf: checked against a stand-in collector."""

from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

from portcullis_kit.tracing import tracer_of, tracer_provider


class Collector(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self) -> None:
        self.requests: list[trace_service_pb2.ExportTraceServiceRequest] = []

    def Export(self, request: Any, context: Any) -> trace_service_pb2.ExportTraceServiceResponse:
        self.requests.append(request)
        return trace_service_pb2.ExportTraceServiceResponse()


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[Collector]:
    servicer = Collector()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{port}")
    yield servicer
    server.stop(0)


def test_spans_reach_the_collector_named_by_the_endpoint(collector: Collector) -> None:
    provider = tracer_provider("registry", ["otlp"])
    assert provider is not None
    with tracer_of(provider).start_as_current_span("portcullis.registry.v1.RegistryService/Debar"):
        pass
    assert provider.force_flush(10_000)
    provider.shutdown()
    [request] = collector.requests
    [resource_spans] = request.resource_spans
    attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
    assert attributes["service.name"] == "registry"
    [span] = resource_spans.scope_spans[0].spans
    assert span.name == "portcullis.registry.v1.RegistryService/Debar"
