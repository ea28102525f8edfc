"""The registry's integration events, turned into calls on the screening application."""

from collections.abc import Sequence

from eventsourcing.domain import Aggregate
from google.protobuf.message import Message

from portcullis.registry.events.v1 import registry_events_pb2 as registry_events
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis_kit.consumer import Subscription
from portcullis_kit.party_proto import party_from_proto
from portcullis_kit.protoconv import optional_date, parse_uuid, required_date
from screening.application.screening_app import ScreeningApplication
from screening.domain.watched_party import Listing

EXCLUSION_TYPES = {
    registry_pb.EXCLUSION_TYPE_SUSPENSION: "suspension",
    registry_pb.EXCLUSION_TYPE_PROPOSED_DEBARMENT: "proposed_debarment",
    registry_pb.EXCLUSION_TYPE_DEBARMENT: "debarment",
    registry_pb.EXCLUSION_TYPE_VOLUNTARY_EXCLUSION: "voluntary_exclusion",
}


def registry_subscription(app: ScreeningApplication, durable: str = "screening") -> Subscription:
    def policy(message: Message) -> Sequence[Aggregate]:
        if isinstance(message, registry_events.PartyRegistered):
            return app.party_registered(
                parse_uuid(message.party_id, "party_id"), party_from_proto(message.party)
            )
        if isinstance(message, registry_events.ExclusionImposed):
            action = message.action
            listing = Listing(
                exclusion_type=EXCLUSION_TYPES.get(message.type, "unknown"),
                effective_date=required_date(action.effective_date, "action.effective_date"),
                end_date=optional_date(action.end_date, "action.end_date"),
                trade_related=action.trade_related,
                sam_published_date=optional_date(
                    action.sam_published_date, "action.sam_published_date"
                ),
            )
            return app.exclusion_imposed(
                parse_uuid(message.party_id, "party_id"),
                parse_uuid(message.exclusion_id, "exclusion_id"),
                listing,
            )
        if isinstance(message, registry_events.ExclusionTerminated):
            return app.exclusion_terminated(
                parse_uuid(message.party_id, "party_id"),
                parse_uuid(message.exclusion_id, "exclusion_id"),
                required_date(message.terminated_date, "terminated_date"),
            )
        return ()

    return Subscription(
        upstream="registry",
        durable=durable,
        message_types=(
            registry_events.PartyRegistered,
            registry_events.ExclusionImposed,
            registry_events.ExclusionTerminated,
        ),
        policy=policy,
    )
