"""Screening's integration events, turned into calls on the registry application."""

from collections.abc import Sequence

from eventsourcing.domain import Aggregate
from google.protobuf.message import Message

from portcullis.screening.events.v1 import screening_events_pb2 as screening_events
from portcullis_kit.consumer import Subscription
from portcullis_kit.party_proto import party_from_proto
from portcullis_kit.protoconv import parse_uuid, required_date
from registry.application.registry_app import RegistryApplication
from registry.application.screening_findings import ConfirmedAttempt


def screening_subscription(app: RegistryApplication, durable: str = "registry") -> Subscription:
    def policy(message: Message) -> Sequence[Aggregate]:
        if isinstance(message, screening_events.AttemptConfirmed):
            return app.record_confirmed_attempt(
                ConfirmedAttempt(
                    notification_id=message.notification_id,
                    facilitator_id=message.facilitator_id,
                    suspected_party=party_from_proto(message.suspected_party, "suspected_party"),
                    excluded_party_id=parse_uuid(message.excluded_party_id, "excluded_party_id"),
                    exclusion_id=message.exclusion_id,
                    evidence=tuple(message.evidence),
                    decided_by=message.decided_by,
                    reason=message.reason,
                )
            )
        if isinstance(message, screening_events.FacilitationAfterNotice):
            return app.record_facilitation_after_notice(
                parse_uuid(message.facilitator_id, "facilitator_id"),
                message.excluded_party_id,
                message.notification_id,
                message.shipment_ref,
                required_date(message.detected_date, "detected_date"),
            )
        return ()

    return Subscription(
        upstream="screening",
        durable=durable,
        message_types=(screening_events.AttemptConfirmed, screening_events.FacilitationAfterNotice),
        policy=policy,
    )
