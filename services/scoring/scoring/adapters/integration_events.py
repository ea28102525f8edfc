"""What other services may see of scoring: `portcullis.scoring.events.v1`."""

from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.scoring.events.v1 import scoring_events_pb2 as events
from scoring.domain.post import Post


def translate(event: DomainEventProtocol[UUID]) -> Message | None:
    if isinstance(event, Post.Registered):
        return events.PostRegistered(
            post_id=str(event.originator_id),
            upu_code=event.upu_code,
            country=event.country,
            name=event.name,
        )
    return None
