"""What other services may see of screening: `portcullis.screening.events.v1`."""

from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.screening.events.v1 import screening_events_pb2 as events
from screening.domain.watched_party import WatchedParty


def translate(event: DomainEventProtocol[UUID]) -> Message | None:
    if isinstance(event, WatchedParty.ExclusionNoted):
        return events.PartyListed(
            party_id=str(event.originator_id), exclusion_id=event.exclusion_id
        )
    if isinstance(event, WatchedParty.ExclusionEnded):
        return events.PartyDelisted(
            party_id=str(event.originator_id), exclusion_id=event.exclusion_id
        )
    return None
