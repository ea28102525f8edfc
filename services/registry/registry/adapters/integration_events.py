"""What other services may see of the registry: `portcullis.registry.events.v1`.

Domain events never leave the service; the relay publishes these translations instead.
Each translation is computed from the store as of the event itself (the exclusion at that
version, the party as recorded by then), so republishing an event gives the same message.
"""

from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.registry.events.v1 import registry_events_pb2 as events
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.protoconv import format_date
from registry.adapters.exclusion_proto import TYPE_TO_PROTO, action_to_proto
from registry.adapters.facilitator_proto import KIND_TO_PROTO, measure_to_proto
from registry.adapters.ior_proto import STATUS_TO_PROTO
from registry.adapters.party_link_proto import link_to_proto
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import Exclusion
from registry.domain.facilitator import Facilitator, FacilitatorKind
from registry.domain.ior import IorRecord, IorStatus
from registry.domain.party import Party

A = TypeVar("A")

CHANGES: dict[type[Any], str] = {
    Exclusion.ProceedingsInitiated: "legal or debarment proceedings initiated",
    Exclusion.SuspensionExtended: "suspension extended on a prosecutor's request",
    Exclusion.PeriodChanged: "debarment period changed",
    Exclusion.SamPublished: "published in SAM",
    Exclusion.SourceUpdated: "the source record changed",
}


class IntegrationEvents:
    def __init__(self, app: RegistryApplication) -> None:
        self.app = app

    def translate(self, event: DomainEventProtocol[UUID]) -> Message | None:
        if isinstance(event, Party.Registered | Party.Revised):
            # Both carry the party's whole particulars: consumers keep the latest.
            return events.PartyRegistered(
                party_id=str(event.originator_id), party=party_to_proto(event.details)
            )
        if isinstance(event, Party.Linked | Party.Unlinked):
            linked = self._at(Party, event)
            return events.PartyLinksChanged(
                party_id=str(linked.id), links=[link_to_proto(x) for x in linked.links]
            )
        if isinstance(event, Exclusion.Imposed):
            # The state the creating event makes, with no store read.
            exclusion = cast(Exclusion, event.mutate(None))
            party = self.app.state_as_of(event.party_id, event.timestamp)
            return events.ExclusionImposed(
                exclusion_id=str(event.originator_id),
                party_id=str(event.party_id),
                type=TYPE_TO_PROTO[exclusion.exclusion_type],
                action=action_to_proto(event.action),
                party=party_to_proto(party.details) if isinstance(party, Party) else None,
                last_day=format_date(exclusion.last_day),
            )
        if isinstance(event, tuple(CHANGES)):
            exclusion = self._at(Exclusion, event)
            return events.ExclusionChanged(
                exclusion_id=str(event.originator_id),
                party_id=str(exclusion.party_id),
                last_day=format_date(exclusion.last_day),
                reason=CHANGES[type(event)],
                sam_published_date=format_date(exclusion.action.sam_published_date),
            )
        if isinstance(event, Exclusion.Terminated):
            return events.ExclusionEnded(
                exclusion_id=str(event.originator_id),
                party_id=str(event.party_id),
                ended_date=format_date(event.on),
                how=events.END_REASON_TERMINATED,
                reason=event.reason,
            )
        if isinstance(event, IorRecord.Decided):
            record = self._at(IorRecord, event)
            return events.IorStatusChanged(
                party_id=str(record.party_id),
                ior_number=record.form.ior_number,
                status=STATUS_TO_PROTO[IorStatus(event.status)],
                reasons=event.reasons,
                decided_date=format_date(event.on),
            )
        if isinstance(event, Facilitator.Registered):
            return events.FacilitatorRegistered(
                facilitator_id=str(event.originator_id),
                kind=KIND_TO_PROTO[FacilitatorKind(event.kind)],
                name=event.name,
            )
        if isinstance(event, Facilitator.MeasureImposed | Facilitator.MeasureLifted):
            facilitator = self._at(Facilitator, event)
            measure = facilitator.measures[event.measure_id]
            return events.FacilitatorMeasureChanged(
                facilitator_id=str(facilitator.id),
                facilitator_name=facilitator.name,
                measure=measure_to_proto(event.measure_id, measure, event.timestamp.date()),
            )
        if isinstance(event, Exclusion.TookEffect):
            return events.ExclusionTookEffect(
                exclusion_id=str(event.originator_id),
                party_id=str(event.party_id),
                effective_date=format_date(event.on),
            )
        if isinstance(event, Exclusion.Expired):
            return events.ExclusionEnded(
                exclusion_id=str(event.originator_id),
                party_id=str(event.party_id),
                ended_date=format_date(event.on),
                how=events.END_REASON_EXPIRED,
                reason="its period ended",
            )
        return None

    def _at(self, cls: type[A], event: DomainEventProtocol[UUID]) -> A:
        """The aggregate as the event left it: the same message however often it is sent."""
        return cast(
            A, self.app.repository.get(event.originator_id, version=event.originator_version)
        )
