"""The gRPC server kit in-process: health, reflection, errors, request ids, graceful stop."""

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from portcullis.common.v1 import types_pb2
from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_kit.audit import audit_servicer
from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.grpc_server import GrpcServer, Servicer
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.grpc_servicer import RegistryServicer, registry_servicer
from tests.support import debarment_action, party_proto

BUF = str(Path(sys.executable).parent / "buf")


class SlowRegistry(RegistryServicer):
    """Holds GetParty for a while, and fails on an unknown party id in a way nobody planned."""

    async def GetParty(self, request: pb.GetPartyRequest, context: Any) -> pb.GetPartyResponse:
        if request.party_id == "slow":
            await asyncio.sleep(1.0)
            return pb.GetPartyResponse(party_id="slow")
        if request.party_id == "bug":
            raise ZeroDivisionError("a bug")
        return await super().GetParty(request, context)


@pytest.fixture
def app() -> RegistryApplication:
    return RegistryApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"}, country_codes())


@pytest.fixture
async def server(app: RegistryApplication) -> AsyncIterator[GrpcServer]:
    base = registry_servicer(app)
    servicer = Servicer(base.name, SlowRegistry(app), base.add_to_server)
    checkpointer = Checkpointer("registry", app, CheckpointSigner.generate())
    grpc_server = GrpcServer([servicer, audit_servicer(app, checkpointer)])
    await grpc_server.start("127.0.0.1", 0)
    yield grpc_server
    await grpc_server.stop(0)


@pytest.fixture
async def channel(server: GrpcServer) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        yield ch


async def health_status(channel: grpc.aio.Channel, service: str = "") -> int:
    response = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=service), timeout=5
    )
    return int(response.status)


async def test_health_is_not_serving_until_the_service_is_ready(
    server: GrpcServer, channel: grpc.aio.Channel
) -> None:
    assert await health_status(channel) == health_pb2.HealthCheckResponse.NOT_SERVING
    await server.mark_serving()
    assert await health_status(channel) == health_pb2.HealthCheckResponse.SERVING
    assert (
        await health_status(channel, "portcullis.registry.v1.RegistryService")
        == health_pb2.HealthCheckResponse.SERVING
    )


async def test_reflection_lists_the_services_for_buf_curl(server: GrpcServer) -> None:
    process = await asyncio.create_subprocess_exec(
        BUF, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-services",
        f"http://127.0.0.1:{server.port}",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0
    listed = set(out.decode().split())
    assert {
        "portcullis.registry.v1.RegistryService",
        "portcullis.audit.v1.AuditService",
        "grpc.health.v1.Health",
    } <= listed


BAD_PARTIES = [
    (types_pb2.Party(kind=types_pb2.PARTY_KIND_ORGANIZATION, name=""), "party.name"),
    (types_pb2.Party(kind=99, name="Hongdark"), "party.kind"),  # type: ignore[arg-type]
    (
        types_pb2.Party(
            kind=types_pb2.PARTY_KIND_ORGANIZATION,
            name="Hongdark",
            identifiers=[types_pb2.Identifier(scheme="EIN", value="12-34")],
        ),
        "party.identifiers[0].value",
    ),
    (
        types_pb2.Party(
            kind=types_pb2.PARTY_KIND_INDIVIDUAL, name="Li Wei", birth_date="31/01/1970"
        ),
        "party.birth_date",
    ),
]


@pytest.mark.parametrize(("party", "field"), BAD_PARTIES)
async def test_bad_party_is_invalid_argument_naming_the_field_and_records_nothing(
    app: RegistryApplication, channel: grpc.aio.Channel, party: types_pb2.Party, field: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await pb_grpc.RegistryServiceStub(channel).RegisterParty(
            pb.RegisterPartyRequest(party=party), timeout=5
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith(f"{field}:")
    assert app.log_position() == 0


async def test_bad_debarment_date_is_invalid_argument_naming_the_field(
    app: RegistryApplication, channel: grpc.aio.Channel
) -> None:
    stub = pb_grpc.RegistryServiceStub(channel)
    party = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Hongdark")))
    action = debarment_action()
    action.effective_date = "2026-13-01"
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.Debar(pb.DebarRequest(party_id=party.party_id, action=action), timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith("action.effective_date:")
    assert app.log_position() == 1


async def test_unknown_party_is_not_found(channel: grpc.aio.Channel) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await pb_grpc.RegistryServiceStub(channel).GetParty(
            pb.GetPartyRequest(party_id="5d0a6a3e-0c41-4f1e-9d6b-1f8f3f0e2a11"), timeout=5
        )
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_bug_is_internal_with_the_request_id_and_the_server_carries_on(
    channel: grpc.aio.Channel,
) -> None:
    stub = pb_grpc.RegistryServiceStub(channel)
    call = stub.GetParty(
        pb.GetPartyRequest(party_id="bug"), metadata=(("x-request-id", "req-42"),), timeout=5
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    assert raised.value.code() == grpc.StatusCode.INTERNAL
    assert "req-42" in (raised.value.details() or "")
    assert "a bug" not in (raised.value.details() or "")  # internals stay in the log
    registered = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Next")))
    assert registered.party_id


async def test_every_response_carries_a_request_id(channel: grpc.aio.Channel) -> None:
    call = pb_grpc.RegistryServiceStub(channel).RegisterParty(
        pb.RegisterPartyRequest(party=party_proto("Hongdark")), timeout=5
    )
    await call
    trailing = dict(await call.trailing_metadata() or ())
    assert len(str(trailing["x-request-id"])) == 32


async def test_stopping_lets_an_in_flight_call_finish_and_refuses_new_ones(
    server: GrpcServer, channel: grpc.aio.Channel
) -> None:
    stub = pb_grpc.RegistryServiceStub(channel)
    in_flight = asyncio.ensure_future(
        stub.GetParty(pb.GetPartyRequest(party_id="slow"), timeout=10)
    )
    await asyncio.sleep(0.2)
    await server.stop(grace_seconds=5)
    assert (await in_flight).party_id == "slow"
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.GetParty(pb.GetPartyRequest(party_id="slow"), timeout=2)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_a_draining_server_reports_not_serving_and_still_serves_calls(
    server: GrpcServer, channel: grpc.aio.Channel
) -> None:
    await server.mark_serving()
    stub = pb_grpc.RegistryServiceStub(channel)
    await server.drain()
    assert await health_status(channel) == health_pb2.HealthCheckResponse.NOT_SERVING
    await server.mark_serving()  # a late "ready" does not undo the drain
    assert await health_status(channel) == health_pb2.HealthCheckResponse.NOT_SERVING
    registered = await stub.RegisterParty(
        pb.RegisterPartyRequest(party=party_proto("Draining Ltd")), timeout=5
    )
    assert registered.party_id
    started = time.monotonic()
    await server.stop(grace_seconds=1, drain_seconds=0.3)
    assert time.monotonic() - started >= 0.3  # it went on serving for the drain
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.GetParty(pb.GetPartyRequest(party_id=registered.party_id), timeout=2)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_the_audit_service_streams_the_log_in_order(
    app: RegistryApplication, channel: grpc.aio.Channel
) -> None:
    from portcullis.audit.v1 import audit_service_pb2 as audit_pb
    from portcullis.audit.v1 import audit_service_pb2_grpc as audit_grpc

    stub = pb_grpc.RegistryServiceStub(channel)
    for name in ("A", "B", "C"):
        await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto(name)))
    audit = audit_grpc.AuditServiceStub(channel)
    events = [
        r.event async for r in audit.StreamEvents(audit_pb.StreamEventsRequest(from_position=2))
    ]
    assert [e.position for e in events] == [2, 3]
    assert all(e.type.endswith("Party.Registered") for e in events)
    history = await audit.GetHistory(
        audit_pb.GetHistoryRequest(aggregate_id=events[0].aggregate_id)
    )
    assert len(history.events) == 1


async def test_health_watch_streams_the_status(
    server: GrpcServer, channel: grpc.aio.Channel
) -> None:
    watch = health_pb2_grpc.HealthStub(channel).Watch(
        health_pb2.HealthCheckRequest(service=""), timeout=5
    )
    first = await watch.read()
    assert first.status == health_pb2.HealthCheckResponse.NOT_SERVING
    await server.mark_serving()
    second = await watch.read()
    assert second.status == health_pb2.HealthCheckResponse.SERVING
    watch.cancel()


async def test_a_caller_over_its_rate_limit_gets_resource_exhausted(
    app: RegistryApplication,
) -> None:
    from portcullis_kit.limits import RateLimiter

    server = GrpcServer([registry_servicer(app)], RateLimiter(per_second=0.01, burst=2))
    port = await server.start("127.0.0.1", 0)
    await server.mark_serving()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = pb_grpc.RegistryServiceStub(channel)
            flood = (("x-portcullis-caller", "flooding-partner"),)
            request = pb.RegisterPartyRequest(party=party_proto("Rate Limited Ltd"))
            for _ in range(2):
                await stub.RegisterParty(request, metadata=flood, timeout=5)
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await stub.RegisterParty(request, metadata=flood, timeout=5)
            assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert "flooding-partner" in (raised.value.details() or "")
            other = (("x-portcullis-caller", "another-partner"),)
            await stub.RegisterParty(request, metadata=other, timeout=5)
            assert await health_status(channel) == health_pb2.HealthCheckResponse.SERVING
    finally:
        await server.stop(0)


async def test_a_call_longer_than_the_server_allows_is_cut_off_whatever_the_clients_deadline(
    app: RegistryApplication,
) -> None:
    base = registry_servicer(app)
    slow = Servicer(base.name, SlowRegistry(app), base.add_to_server)
    server = GrpcServer([slow], max_call_seconds=0.2)
    port = await server.start("127.0.0.1", 0)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = pb_grpc.RegistryServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await stub.GetParty(pb.GetPartyRequest(party_id="slow"))  # no deadline
            assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            assert "longer than this server allows (0.2 s)" in (raised.value.details() or "")
            # A quick call is untouched.
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await stub.GetParty(pb.GetPartyRequest(party_id=str(uuid4())), timeout=5)
            assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    finally:
        await server.stop(0)
