"""Scoring's integration events, for the public list of non-compliant posts and the §5(e)
guidance."""

from collections.abc import Sequence

from eventsourcing.domain import Aggregate
from google.protobuf.message import Message

from portcullis.scoring.events.v1 import scoring_events_pb2 as scoring_events
from portcullis_kit.consumer import Subscription
from portcullis_kit.protoconv import parse_uuid
from publication.application.public_lists import PublicListUseCases


def scoring_subscription(app: PublicListUseCases, durable: str) -> Subscription:
    def policy(message: Message) -> Sequence[Aggregate]:
        if isinstance(message, scoring_events.PostStandingChanged):
            return app.post_standing(
                parse_uuid(message.post_id, "post_id"),
                message.upu_code,
                message.country,
                message.quarter,
                message.consecutive_non_compliant_quarters,
                message.listed,
            )
        if isinstance(message, scoring_events.GuidancePublished):
            return app.guidance_published(
                message.version, message.text, message.quarters_compliant_to_leave
            )
        return ()

    return Subscription(
        upstream="scoring",
        durable=durable,
        message_types=(scoring_events.PostStandingChanged, scoring_events.GuidancePublished),
        policy=policy,
    )
