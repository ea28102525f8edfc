"""`portcullis.audit.v1.AuditService`, the same on every service: its log, for auditors.

The log as stored, each event with its leaf hash and chain hash; one aggregate's history
with who and why; an aggregate's state as of a recorded time (and, where the domain has
valid time, what it says about a date); and the signed checkpoints with the proofs that
tie them to the log (see `audit_log` and `checkpoints`).
"""

import asyncio
import base64
import dataclasses
import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

import grpc
import structlog
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from google.protobuf.timestamp_pb2 import Timestamp
from nats.js import JetStreamContext

from portcullis.audit.v1 import audit_service_pb2 as pb
from portcullis.audit.v1 import audit_service_pb2_grpc as pb_grpc
from portcullis_kit import streams
from portcullis_kit.audit_log import Checkpoint
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.grpc_server import Servicer
from portcullis_kit.protoconv import optional_date

log = structlog.get_logger("audit")
PAGE = 500
# Payload fields that say who recorded an event, and why, in the order they are looked for.
REASON_FIELDS = ("reason", "grounds", "termination_reason", "basis", "narrative")


@runtime_checkable
class ValidTime(Protocol):
    """An aggregate that can say what its state means for a date (an exclusion in force)."""

    def valid_on(self, day: date) -> Mapping[str, object]: ...


def jsonable(value: Any) -> Any:
    """Aggregate state as plain JSON values, the same way every time (sets sorted)."""
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")


def aggregate_state(aggregate: Aggregate) -> dict[str, Any]:
    """An aggregate's identity and attributes, as `GetStateAsOf` and `audit replay` show it."""
    state = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    return {
        "id": str(aggregate.id),
        "version": aggregate.version,
        "created_on": aggregate.created_on.isoformat(),
        "modified_on": aggregate.modified_on.isoformat(),
        "state": jsonable(state),
    }


def state_json(aggregate: Aggregate) -> str:
    return json.dumps(aggregate_state(aggregate), sort_keys=True, ensure_ascii=False)


def timestamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def recorded_event(stored: StoredEvent, position: int) -> pb.RecordedEvent:
    payload = stored.state.decode("utf-8")
    fields = json.loads(payload)
    recorded_at = Timestamp()
    stamp = fields.get("timestamp", {})
    if isinstance(stamp, dict) and "_data_" in stamp:
        recorded_at.FromDatetime(datetime.fromisoformat(stamp["_data_"]))
    actor = next((str(v) for k, v in fields.items() if k.endswith("_by") and v), "")
    reason = next((str(fields[k]) for k in REASON_FIELDS if fields.get(k)), "")
    return pb.RecordedEvent(
        position=position,
        aggregate_id=str(stored.originator_id),
        aggregate_version=stored.originator_version,
        type=stored.topic,
        recorded_at=recorded_at,
        payload_json=payload,
        state=stored.state,
        actor=actor,
        reason=reason,
    )


def signed_checkpoint(checkpoint: Checkpoint, public_key: bytes) -> pb.SignedCheckpoint:
    return pb.SignedCheckpoint(
        origin=checkpoint.origin,
        tree_size=checkpoint.size,
        root_hash=checkpoint.root,
        chain_head=checkpoint.chain_head,
        made_at=timestamp(checkpoint.made_at),
        key_id=checkpoint.key_id,
        signature=checkpoint.signature,
        public_key=public_key,
        note=checkpoint.to_note(),
    )


class AuditServicer(pb_grpc.AuditServiceServicer):
    def __init__(self, app: StoreApplication, checkpointer: Checkpointer) -> None:
        self.app = app
        self.checkpointer = checkpointer

    async def StreamEvents(
        self, request: pb.StreamEventsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> AsyncIterator[pb.StreamEventsResponse]:
        if request.from_position < 0:
            raise InvalidArgument("from_position", "must not be negative")
        if request.limit < 0:
            raise InvalidArgument("limit", "must not be negative")
        # Leaves for events the checkpointer has not hashed yet.
        await asyncio.to_thread(self.checkpointer.catch_up)
        ledger = self.checkpointer.ledger
        after = max(request.from_position - 1, 0)
        remaining = request.limit or None
        while remaining is None or remaining > 0:
            page = min(PAGE, remaining) if remaining else PAGE
            notifications = await asyncio.to_thread(self.app.read_log, after, page)
            if not notifications:
                return
            for notification in notifications:
                event = recorded_event(notification, notification.id)
                index = ledger.index_of(notification.id)
                if index is None:  # recorded after the catch-up: the next stream has it
                    return
                leaf = ledger.record(index)
                event.leaf_index, event.leaf_hash, event.chain_hash = (
                    index,
                    leaf.leaf_hash,
                    leaf.chain,
                )
                yield pb.StreamEventsResponse(event=event)
            after = notifications[-1].id
            if remaining is not None:
                remaining -= len(notifications)

    async def GetHistory(
        self, request: pb.GetHistoryRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetHistoryResponse:
        aggregate_id = _uuid(request.aggregate_id, "aggregate_id")
        stored = await asyncio.to_thread(self.app.recorder.select_events, aggregate_id)
        if not stored:
            raise NotFound("aggregate", str(aggregate_id))
        # Stored events carry no log position; 0 says "see StreamEvents for positions".
        return pb.GetHistoryResponse(events=[recorded_event(s, 0) for s in stored])

    async def GetStateAsOf(
        self, request: pb.GetStateAsOfRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetStateAsOfResponse:
        aggregate_id = _uuid(request.aggregate_id, "aggregate_id")
        valid_on = optional_date(request.valid_on, "valid_on")
        known_at = (
            request.recorded_at.ToDatetime(tzinfo=UTC)
            if request.HasField("recorded_at")
            else datetime.now(UTC)
        )
        aggregate = await asyncio.to_thread(self.app.state_as_of, aggregate_id, known_at)
        response = pb.GetStateAsOfResponse(aggregate_id=str(aggregate_id))
        if aggregate is None:
            exists = await asyncio.to_thread(self.app.recorder.select_events, aggregate_id)
            if not exists:
                raise NotFound("aggregate", str(aggregate_id))
            return response  # recorded later than asked: it did not exist yet
        response.type = type(aggregate).__qualname__
        response.version = aggregate.version
        response.last_recorded_at.CopyFrom(timestamp(aggregate.modified_on))
        response.state_json = state_json(aggregate)
        if valid_on is not None and isinstance(aggregate, ValidTime):
            valid = jsonable(aggregate.valid_on(valid_on))
            response.valid_state_json = json.dumps(valid, sort_keys=True)
        return response

    async def GetCheckpoint(
        self, request: pb.GetCheckpointRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetCheckpointResponse:
        if request.tree_size < 0:
            raise InvalidArgument("tree_size", "must not be negative")
        checkpoint = self._checkpoint(request.tree_size, "tree_size")
        return pb.GetCheckpointResponse(
            checkpoint=signed_checkpoint(checkpoint, self.checkpointer.signer.public_key)
        )

    async def GetInclusionProof(
        self, request: pb.GetInclusionProofRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetInclusionProofResponse:
        if request.position <= 0:
            raise InvalidArgument("position", "must be a log position (1 or more)")
        if request.tree_size < 0:
            raise InvalidArgument("tree_size", "must not be negative")
        size = self._checkpoint(request.tree_size, "tree_size").size
        ledger = self.checkpointer.ledger
        index = ledger.index_of(request.position)
        if index is None:
            raise NotFound("event at position", str(request.position))
        if index >= size:
            raise InvalidArgument(
                "position", f"{request.position} is not in the tree of {size} events"
            )
        proof = await asyncio.to_thread(ledger.inclusion_proof, index, size)
        return pb.GetInclusionProofResponse(
            leaf_index=index, tree_size=size, leaf_hash=ledger.record(index).leaf_hash, proof=proof
        )

    async def GetConsistencyProof(
        self, request: pb.GetConsistencyProofRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetConsistencyProofResponse:
        second = self._checkpoint(request.second_size, "second_size").size
        if not 0 < request.first_size <= second:
            raise InvalidArgument("first_size", f"must be from 1 to {second}")
        proof = await asyncio.to_thread(
            self.checkpointer.ledger.consistency_proof, request.first_size, second
        )
        return pb.GetConsistencyProofResponse(
            first_size=request.first_size, second_size=second, proof=proof
        )

    def _checkpoint(self, size: int, field: str) -> Checkpoint:
        """The latest checkpoint (size 0) or the one signed at that size."""
        if size < 0:
            raise InvalidArgument(field, "must not be negative")
        checkpoint = self.checkpointer.at_size(size) if size else self.checkpointer.latest()
        if checkpoint is None:
            if size:
                raise NotFound("checkpoint of tree size", str(size))
            raise FailedPrecondition("no checkpoint signed yet: the log is empty or loading")
        return checkpoint


def _uuid(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise InvalidArgument(field, "must be a UUID") from None


def audit_servicer(app: StoreApplication, checkpointer: Checkpointer) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["AuditService"].full_name,
        implementation=AuditServicer(app, checkpointer),
        add_to_server=pb_grpc.add_AuditServiceServicer_to_server,
    )


async def publish_checkpoints(
    js: JetStreamContext, checkpointer: Checkpointer, interval: float
) -> None:
    """Publishes each new checkpoint on the service's checkpoint stream, for witnesses.

    The stream is made at once, not at the first checkpoint: witnesses wait for it to
    exist. A checkpoint missed (NATS down) is made up for by the next: each covers all
    before."""
    upstream = streams.checkpoints_upstream(checkpointer.service)
    public_key = checkpointer.signer.public_key
    published = 0
    stream_ready = False
    while True:
        try:
            if not stream_ready:
                await streams.ensure_stream(js, upstream)
                stream_ready = True
            checkpoint = checkpointer.latest()
            if checkpoint is not None and checkpoint.size > published:
                message = signed_checkpoint(checkpoint, public_key)
                await js.publish(
                    streams.subject_for(upstream, message),
                    message.SerializeToString(),
                    headers={
                        streams.HEADER_MSG_ID: f"{checkpoint.origin}/{checkpoint.size}",
                        streams.HEADER_POSITION: str(checkpoint.size),
                        streams.HEADER_TYPE: message.DESCRIPTOR.full_name,
                    },
                    stream=streams.stream_name(upstream),
                )
                published = checkpoint.size
        except asyncio.CancelledError:
            raise
        except Exception as error:
            # Perhaps NATS lost the stream: made again before the next try.
            stream_ready = False
            log.warning("audit.checkpoint_not_published", error=repr(error))
        await asyncio.sleep(interval)
