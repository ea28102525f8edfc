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
    registry_pb.EXCLUSION_TYPE_ADMINISTRATIVE_AGREEMENT: "administrative_agreement",
    registry_pb.EXCLUSION_TYPE_PROHIBITION_RESTRICTION: "prohibition_restriction",
}


def listing_from(message: registry_events.ExclusionImposed) -> Listing:
    action = message.action
    return Listing(
        exclusion_type=EXCLUSION_TYPES.get(message.type, "unknown"),
        effective_date=optional_date(action.effective_date, "action.effective_date"),
        last_day=optional_date(message.last_day, "last_day"),
        trade_related=action.trade_related,
        sam_published_date=optional_date(action.sam_published_date, "action.sam_published_date"),
    )


def registry_subscription(app: ScreeningApplication, durable: str = "screening") -> Subscription:
    def policy(message: Message) -> Sequence[Aggregate]:
        if isinstance(message, registry_events.PartyRegistered):
            return app.party_registered(
                parse_uuid(message.party_id, "party_id"), party_from_proto(message.party)
            )
        if isinstance(message, registry_events.ExclusionImposed):
            return app.exclusion_imposed(
                parse_uuid(message.party_id, "party_id"),
                parse_uuid(message.exclusion_id, "exclusion_id"),
                listing_from(message),
                party_from_proto(message.party) if message.HasField("party") else None,
            )
        if isinstance(message, registry_events.ExclusionChanged):
            return app.exclusion_changed(
                parse_uuid(message.party_id, "party_id"),
                parse_uuid(message.exclusion_id, "exclusion_id"),
                optional_date(message.last_day, "last_day"),
                optional_date(message.sam_published_date, "sam_published_date"),
            )
        if isinstance(message, registry_events.ExclusionEnded):
            return app.exclusion_ended(
                parse_uuid(message.party_id, "party_id"),
                parse_uuid(message.exclusion_id, "exclusion_id"),
                required_date(message.ended_date, "ended_date"),
            )
        return ()

    return Subscription(
        upstream="registry",
        durable=durable,
        message_types=(
            registry_events.PartyRegistered,
            registry_events.ExclusionImposed,
            registry_events.ExclusionChanged,
            registry_events.ExclusionEnded,
        ),
        policy=policy,
    )
