"""`portcullis.audit.v1.AuditService` over gRPC: checkpoints and proofs a client verifies
itself, the state of an aggregate as of a recorded time and a valid date, and clear
INVALID_ARGUMENT / NOT_FOUND answers for bad requests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from portcullis.audit.v1 import audit_service_pb2 as pb
from portcullis.audit.v1 import audit_service_pb2_grpc as pb_grpc
from portcullis_kit.audit import audit_servicer
from portcullis_kit.audit_log import Checkpoint, CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.merkle import verify_consistency, verify_inclusion
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from tests.support import organisation

TODAY = date(2026, 11, 28)


class Registry:
    def __init__(self) -> None:
        self.app = RegistryApplication(
            {"PERSISTENCE_MODULE": "eventsourcing.popo"}, country_codes(), clock=lambda: TODAY
        )
        self.signer = CheckpointSigner.generate()
        self.checkpointer = Checkpointer("registry", self.app, self.signer)


@pytest.fixture
def registry() -> Registry:
    return Registry()


@pytest.fixture
async def audit(registry: Registry) -> AsyncIterator[pb_grpc.AuditServiceAsyncStub]:
    server = GrpcServer([audit_servicer(registry.app, registry.checkpointer)])
    await server.start("127.0.0.1", 0)
    await server.mark_serving()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        yield pb_grpc.AuditServiceStub(channel)
    await server.stop(0)


def debar(app: RegistryApplication, name: str, end: date = date(2029, 11, 1)) -> tuple:  # type: ignore[type-arg]
    party_id = app.register_party(organisation(name), "officer")
    action = ExclusionAction("counterfeits", True, "SDO", date(2026, 11, 2), end)
    return party_id, app.impose_exclusion(party_id, ExclusionType.DEBARMENT, action, "sdo")


async def test_checkpoints_and_proofs_verify_on_the_client(
    registry: Registry, audit: pb_grpc.AuditServiceAsyncStub
) -> None:
    debar(registry.app, "Hongdark")
    first = registry.checkpointer.make_checkpoint()
    debar(registry.app, "Quanlux")
    debar(registry.app, "Vexmar")
    registry.checkpointer.make_checkpoint()

    latest = (await audit.GetCheckpoint(pb.GetCheckpointRequest(), timeout=5)).checkpoint
    checkpoint = Checkpoint.from_note(latest.note)
    checkpoint.verify(registry.signer.public_key)
    assert (latest.tree_size, latest.origin) == (checkpoint.size, "portcullis/registry")
    events = [r.event async for r in audit.StreamEvents(pb.StreamEventsRequest(), timeout=5)]
    assert [e.leaf_index for e in events] == list(range(checkpoint.size))
    for event in events:
        proof = await audit.GetInclusionProof(
            pb.GetInclusionProofRequest(position=event.position), timeout=5
        )
        verify_inclusion(
            event.leaf_hash, proof.leaf_index, proof.tree_size, list(proof.proof), checkpoint.root
        )
    assert first is not None
    old = await audit.GetCheckpoint(pb.GetCheckpointRequest(tree_size=first.size), timeout=5)
    assert old.checkpoint.root_hash == first.root
    consistency = await audit.GetConsistencyProof(
        pb.GetConsistencyProofRequest(first_size=first.size), timeout=5
    )
    verify_consistency(
        first.size, checkpoint.size, list(consistency.proof), first.root, checkpoint.root
    )


async def test_history_says_who_and_why_and_state_as_of_is_bitemporal(
    registry: Registry, audit: pb_grpc.AuditServiceAsyncStub
) -> None:
    _, exclusion_id = debar(registry.app, "Hongdark")
    await asyncio.sleep(0.01)
    known = Timestamp()
    known.FromDatetime(datetime.now(UTC))
    await asyncio.sleep(0.01)
    registry.app.change_debarment_period(exclusion_id, date(2027, 11, 1), "corrected", "sdo-2")

    history = await audit.GetHistory(
        pb.GetHistoryRequest(aggregate_id=str(exclusion_id)), timeout=5
    )
    assert [(e.actor, e.reason) for e in history.events][-1] == ("sdo-2", "corrected")

    async def in_force_2028(recorded_at: Timestamp | None) -> bool:
        request = pb.GetStateAsOfRequest(aggregate_id=str(exclusion_id), valid_on="2028-06-01")
        if recorded_at is not None:
            request.recorded_at.CopyFrom(recorded_at)
        state = await audit.GetStateAsOf(request, timeout=5)
        assert state.type == "Exclusion"
        return bool(json.loads(state.valid_state_json)["in_force"])

    # What was known then about mid-2028, and what is known now.
    assert await in_force_2028(known) is True
    assert await in_force_2028(None) is False


@pytest.mark.parametrize(
    ("call", "request_message", "field"),
    [
        ("GetStateAsOf", pb.GetStateAsOfRequest(aggregate_id="nope"), "aggregate_id"),
        (
            "GetStateAsOf",
            pb.GetStateAsOfRequest(
                aggregate_id="7c9e6679-7425-40de-944b-e07fc1f90ae7", valid_on="2028-13-01"
            ),
            "valid_on",
        ),
        ("GetHistory", pb.GetHistoryRequest(aggregate_id=""), "aggregate_id"),
        ("GetInclusionProof", pb.GetInclusionProofRequest(position=0), "position"),
        ("GetCheckpoint", pb.GetCheckpointRequest(tree_size=-1), "tree_size"),
        ("GetConsistencyProof", pb.GetConsistencyProofRequest(first_size=0), "first_size"),
    ],
)
async def test_bad_requests_are_invalid_naming_the_field(
    registry: Registry,
    audit: pb_grpc.AuditServiceAsyncStub,
    call: str,
    request_message: object,
    field: str,
) -> None:
    debar(registry.app, "Hongdark")
    registry.checkpointer.make_checkpoint()
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await getattr(audit, call)(request_message, timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith(field)


async def test_unknown_aggregates_and_sizes_are_not_found(
    registry: Registry, audit: pb_grpc.AuditServiceAsyncStub
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await audit.GetCheckpoint(pb.GetCheckpointRequest(), timeout=5)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION  # nothing signed yet
    debar(registry.app, "Hongdark")
    registry.checkpointer.make_checkpoint()
    for call, request in (
        ("GetCheckpoint", pb.GetCheckpointRequest(tree_size=99)),
        (
            "GetStateAsOf",
            pb.GetStateAsOfRequest(aggregate_id="7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        ),
        ("GetInclusionProof", pb.GetInclusionProofRequest(position=999)),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await getattr(audit, call)(request, timeout=5)
        assert raised.value.code() == grpc.StatusCode.NOT_FOUND, call
