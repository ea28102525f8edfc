"""The registry's integration events, for the public list of excluded persons."""

from collections.abc import Sequence

from eventsourcing.domain import Aggregate
from google.protobuf.message import Message

from portcullis.common.v1 import types_pb2
from portcullis.registry.events.v1 import registry_events_pb2 as registry_events
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis_kit.consumer import Subscription
from portcullis_kit.protoconv import optional_date, parse_uuid, required_date
from publication.application.public_lists import PublicListUseCases

KINDS = {
    types_pb2.PARTY_KIND_ORGANIZATION: "organization",
    types_pb2.PARTY_KIND_INDIVIDUAL: "individual",
}


def exclusion_type(value: int) -> str:
    return registry_pb.ExclusionType.Name(value).removeprefix("EXCLUSION_TYPE_").lower()  # type: ignore[arg-type]


def registry_subscription(app: PublicListUseCases, durable: str) -> Subscription:
    def policy(message: Message) -> Sequence[Aggregate]:
        if isinstance(message, registry_events.ExclusionImposed):
            party = message.party
            country = party.addresses[0].country if party.addresses else ""
            return app.exclusion_listed(
                parse_uuid(message.exclusion_id, "exclusion_id"),
                message.party_id,
                party.name,
                KINDS.get(party.kind, "unknown"),
                country,
                exclusion_type(message.type),
                optional_date(message.action.effective_date, "action.effective_date"),
                optional_date(message.last_day, "last_day"),
            )
        if isinstance(message, registry_events.ExclusionChanged):
            return app.exclusion_last_day(
                parse_uuid(message.exclusion_id, "exclusion_id"),
                optional_date(message.last_day, "last_day"),
            )
        if isinstance(message, registry_events.ExclusionEnded):
            return app.exclusion_ended(
                parse_uuid(message.exclusion_id, "exclusion_id"),
                required_date(message.ended_date, "ended_date"),
            )
        return ()

    return Subscription(
        upstream="registry",
        durable=durable,
        message_types=(
            registry_events.ExclusionImposed,
            registry_events.ExclusionChanged,
            registry_events.ExclusionEnded,
        ),
        policy=policy,
    )
