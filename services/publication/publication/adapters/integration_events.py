"""What other services may see of publication: `portcullis.publication.events.v1`.

Sensitive seizures (an open investigation) are announced without their date.
"""

from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.publication.events.v1 import publication_events_pb2 as events
from portcullis_kit.protoconv import format_date
from publication.domain.seizure import Seizure


def translate(event: DomainEventProtocol[UUID]) -> Message | None:
    if isinstance(event, Seizure.Recorded):
        return events.SeizureRecorded(
            seizure_id=str(event.originator_id),
            seized_date="" if event.sensitive else format_date(event.seized_date),
        )
    return None
