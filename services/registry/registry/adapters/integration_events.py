"""What other services may see of the registry: `portcullis.registry.events.v1`.

Domain events never leave the service; the relay publishes these translations instead.
"""

from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.registry.events.v1 import registry_events_pb2 as events
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.protoconv import format_date
from registry.adapters.exclusion_proto import TYPE_TO_PROTO, action_to_proto
from registry.domain.exclusion import Exclusion, ExclusionType
from registry.domain.party import Party


def translate(event: DomainEventProtocol[UUID]) -> Message | None:
    if isinstance(event, Party.Registered):
        return events.PartyRegistered(
            party_id=str(event.originator_id), party=party_to_proto(event.details)
        )
    if isinstance(event, Exclusion.Imposed):
        return events.ExclusionImposed(
            exclusion_id=str(event.originator_id),
            party_id=str(event.party_id),
            type=TYPE_TO_PROTO[ExclusionType(event.exclusion_type)],
            action=action_to_proto(event.action),
        )
    if isinstance(event, Exclusion.Terminated):
        return events.ExclusionTerminated(
            exclusion_id=str(event.originator_id),
            party_id=str(event.party_id),
            terminated_date=format_date(event.on),
            reason=event.reason,
        )
    return None
