"""`portcullis.audit.v1.AuditService`, the same on every service: its log, for auditors."""

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

import grpc
from eventsourcing.persistence import StoredEvent
from google.protobuf.timestamp_pb2 import Timestamp

from portcullis.audit.v1 import audit_service_pb2 as pb
from portcullis.audit.v1 import audit_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.grpc_server import Servicer

PAGE = 500


def recorded_event(stored: StoredEvent, position: int) -> pb.RecordedEvent:
    payload = stored.state.decode("utf-8")
    recorded_at = Timestamp()
    stamp = json.loads(payload).get("timestamp", {})
    if isinstance(stamp, dict) and "_data_" in stamp:
        recorded_at.FromDatetime(datetime.fromisoformat(stamp["_data_"]))
    return pb.RecordedEvent(
        position=position,
        aggregate_id=str(stored.originator_id),
        aggregate_version=stored.originator_version,
        type=stored.topic,
        recorded_at=recorded_at,
        payload_json=payload,
    )


class AuditServicer(pb_grpc.AuditServiceServicer):
    def __init__(self, app: StoreApplication) -> None:
        self.app = app

    async def StreamEvents(
        self, request: pb.StreamEventsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> AsyncIterator[pb.StreamEventsResponse]:
        if request.from_position < 0:
            raise InvalidArgument("from_position", "must not be negative")
        if request.limit < 0:
            raise InvalidArgument("limit", "must not be negative")
        after = max(request.from_position - 1, 0)
        remaining = request.limit or None
        while remaining is None or remaining > 0:
            page = min(PAGE, remaining) if remaining else PAGE
            notifications = await asyncio.to_thread(self.app.read_log, after, page)
            if not notifications:
                return
            for notification in notifications:
                yield pb.StreamEventsResponse(event=recorded_event(notification, notification.id))
            after = notifications[-1].id
            if remaining is not None:
                remaining -= len(notifications)

    async def GetHistory(
        self, request: pb.GetHistoryRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetHistoryResponse:
        try:
            aggregate_id = UUID(request.aggregate_id)
        except ValueError:
            raise InvalidArgument("aggregate_id", "must be a UUID") from None
        stored = await asyncio.to_thread(self.app.recorder.select_events, aggregate_id)
        # Stored events carry no log position; 0 says "see StreamEvents for positions".
        return pb.GetHistoryResponse(events=[recorded_event(s, 0) for s in stored])


def audit_servicer(app: StoreApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["AuditService"].full_name,
        implementation=AuditServicer(app),
        add_to_server=pb_grpc.add_AuditServiceServicer_to_server,
    )
