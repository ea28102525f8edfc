"""A server span per RPC, continuing the caller's W3C trace context, and log lines that
carry the span's ids."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
import structlog
from grpc_health.v1 import health_pb2, health_pb2_grpc
from opentelemetry.trace import SpanKind, StatusCode

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.logs import add_trace_ids
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.grpc_servicer import registry_servicer
from tests.support import RecordedSpans, party_proto

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{CALLER_SPAN_ID}-01"
REGISTER = "portcullis.registry.v1.RegistryService/RegisterParty"


@pytest.fixture
def spans() -> RecordedSpans:
    return RecordedSpans("registry")


@pytest.fixture
def app() -> RegistryApplication:
    return RegistryApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"}, country_codes())


@pytest.fixture
async def channel(
    app: RegistryApplication, spans: RecordedSpans
) -> AsyncIterator[grpc.aio.Channel]:
    server = GrpcServer([registry_servicer(app)], tracer=spans.tracer)
    port = await server.start("127.0.0.1", 0)
    await server.mark_serving()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel
    await server.stop(0)


@pytest.fixture
def stub(channel: grpc.aio.Channel) -> pb_grpc.RegistryServiceAsyncStub:
    return pb_grpc.RegistryServiceStub(channel)


async def register(stub: pb_grpc.RegistryServiceAsyncStub, *metadata: tuple[str, str]) -> None:
    await stub.RegisterParty(
        pb.RegisterPartyRequest(party=party_proto("Traced Trading Ltd")),
        metadata=metadata,
        timeout=5,
    )


async def test_a_call_with_a_traceparent_continues_the_callers_trace(
    stub: pb_grpc.RegistryServiceAsyncStub, spans: RecordedSpans
) -> None:
    await register(stub, ("traceparent", TRACEPARENT))
    [span] = spans.finished(REGISTER)
    assert f"{span.context.trace_id:032x}" == TRACE_ID
    assert span.parent is not None
    assert f"{span.parent.span_id:016x}" == CALLER_SPAN_ID
    assert span.kind is SpanKind.SERVER
    assert dict(span.attributes or {}) == {
        "rpc.system": "grpc",
        "rpc.service": "portcullis.registry.v1.RegistryService",
        "rpc.method": "RegisterParty",
        "rpc.grpc.status_code": 0,
        "enduser.id": "development",  # who called, as authenticated
    }
    assert span.status.status_code is StatusCode.UNSET
    assert span.resource.attributes["service.name"] == "registry"


async def test_a_call_without_a_traceparent_starts_a_new_trace(
    stub: pb_grpc.RegistryServiceAsyncStub, spans: RecordedSpans
) -> None:
    await register(stub)
    await register(stub)
    first, second = spans.finished(REGISTER)
    assert first.parent is None
    assert second.parent is None
    assert first.context.trace_id != second.context.trace_id
    assert f"{first.context.trace_id:032x}" != TRACE_ID


async def test_a_failing_call_has_an_error_span_with_its_grpc_status(
    stub: pb_grpc.RegistryServiceAsyncStub, spans: RecordedSpans
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.GetParty(
            pb.GetPartyRequest(party_id="5d0a6a3e-0c41-4f1e-9d6b-1f8f3f0e2a11"), timeout=5
        )
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    [span] = spans.finished("portcullis.registry.v1.RegistryService/GetParty")
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == "NOT_FOUND"
    assert (span.attributes or {})["rpc.grpc.status_code"] == grpc.StatusCode.NOT_FOUND.value[0]


async def test_the_calls_log_line_carries_its_trace_and_span_ids(
    stub: pb_grpc.RegistryServiceAsyncStub, spans: RecordedSpans
) -> None:
    processors = [structlog.contextvars.merge_contextvars, add_trace_ids]
    with structlog.testing.capture_logs(processors=processors) as lines:
        await register(stub, ("traceparent", TRACEPARENT))
    [span] = spans.finished(REGISTER)
    [line] = [x for x in lines if x["event"] == "rpc" and x["method"] == f"/{REGISTER}"]
    assert line["trace_id"] == TRACE_ID
    assert line["span_id"] == f"{span.context.span_id:016x}"


def test_a_line_outside_any_span_has_no_trace_ids() -> None:
    processors = [add_trace_ids]
    with structlog.testing.capture_logs(processors=processors) as lines:
        structlog.get_logger("test").info("outside")
    assert "trace_id" not in lines[0]
    assert "span_id" not in lines[0]


async def test_health_probes_make_no_spans(
    channel: grpc.aio.Channel, stub: pb_grpc.RegistryServiceAsyncStub, spans: RecordedSpans
) -> None:
    await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
    await register(stub)
    assert [s.name for s in spans.finished()] == [REGISTER]
