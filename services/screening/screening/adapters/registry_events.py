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
from screening.domain.watched_party import Link, Listing

LINK_KINDS = {
    registry_pb.LINK_KIND_PRINCIPAL: "principal",
    registry_pb.LINK_KIND_RELATED_BUSINESS: "related_business",
    registry_pb.LINK_KIND_AFFILIATE: "affiliate",
}
FACILITATOR_KINDS = {
    value: registry_pb.FacilitatorKind.Name(value).removeprefix("FACILITATOR_KIND_").lower()
    for value in registry_pb.FacilitatorKind.values()
}

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
        named_party_ids=tuple(
            str(parse_uuid(p, "action.principals_named"))
            for p in (*action.principals_named, *action.affiliates_named)
        ),
    )


def links_from(message: registry_events.PartyLinksChanged) -> tuple[Link, ...]:
    return tuple(
        Link(str(parse_uuid(x.other_party_id, "links.other_party_id")), kind, x.detail)
        for x in message.links
        if (kind := LINK_KINDS.get(x.kind))
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
        if isinstance(message, registry_events.PartyLinksChanged):
            return app.links_changed(parse_uuid(message.party_id, "party_id"), links_from(message))
        if isinstance(message, registry_events.FacilitatorRegistered):
            return app.facilitator_registered(
                parse_uuid(message.facilitator_id, "facilitator_id"),
                FACILITATOR_KINDS.get(message.kind, "unknown"),
                message.name,
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
            registry_events.PartyLinksChanged,
            registry_events.FacilitatorRegistered,
        ),
        policy=policy,
    )
