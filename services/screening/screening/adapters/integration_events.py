"""What other services may see of screening: `portcullis.screening.events.v1`.

Domain events never leave the service; the relay publishes these translations instead.
A translation that needs more than its event reads the aggregate as of that event, so
republishing an event gives the same message.
"""

from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.screening.events.v1 import screening_events_pb2 as events
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.protoconv import format_date
from screening.application.screening_app import ScreeningApplication
from screening.domain.facilitator_file import FacilitatorFile
from screening.domain.notification import Disposition, Notification
from screening.domain.watched_party import WatchedParty

A = TypeVar("A")


class IntegrationEvents:
    def __init__(self, app: ScreeningApplication) -> None:
        self.app = app

    def translate(self, event: DomainEventProtocol[UUID]) -> Message | None:
        if isinstance(event, WatchedParty.ExclusionNoted):
            return events.PartyListed(
                party_id=str(event.originator_id), exclusion_id=event.exclusion_id
            )
        if isinstance(event, WatchedParty.ExclusionEnded):
            return events.PartyDelisted(
                party_id=str(event.originator_id), exclusion_id=event.exclusion_id
            )
        if (
            isinstance(event, Notification.Disposed)
            and event.disposition == Disposition.CONFIRMED_ATTEMPT  # a str when read back
        ):
            notification = self._at(Notification, event)
            attempt = notification.attempt
            return events.AttemptConfirmed(
                notification_id=str(notification.id),
                facilitator_id=str(attempt.facilitator_id),
                suspected_party=party_to_proto(attempt.suspected_party),
                excluded_party_id=str(attempt.excluded_party_id),
                exclusion_id=attempt.exclusion_id,
                evidence=[
                    f"{e.query_field} {e.query_value!r} = listed {e.listed_field}"
                    f" {e.listed_value!r}, weight {e.weight}"
                    for e in notification.evidence
                ],
                decided_by=event.decided_by,
                reason=event.reason,
                decided_date=format_date(event.on),
            )
        if isinstance(event, FacilitatorFile.ShipmentAfterNotice):
            return events.FacilitationAfterNotice(
                facilitator_id=str(event.originator_id),
                excluded_party_id=event.excluded_party_id,
                notification_id=event.notification_id,
                shipment_ref=event.shipment_ref,
                detected_date=format_date(event.on),
            )
        return None

    def _at(self, cls: type[A], event: DomainEventProtocol[UUID]) -> A:
        """The aggregate as the event left it: the same message however often it is sent."""
        return cast(
            A, self.app.repository.get(event.originator_id, version=event.originator_version)
        )
