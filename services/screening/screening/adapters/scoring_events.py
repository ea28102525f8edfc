"""Scoring's integration events, turned into calls on the screening application: each
international post's standing, for the mail in ScreenShipment (EO 13904 §5)."""

from collections.abc import Sequence

from eventsourcing.domain import Aggregate
from google.protobuf.message import Message

from portcullis.scoring.events.v1 import scoring_events_pb2 as scoring_events
from portcullis_kit.consumer import Subscription
from portcullis_kit.mail_treatment import Standing
from portcullis_kit.protoconv import optional_date, parse_uuid
from screening.application.screening_app import ScreeningApplication


def scoring_subscription(app: ScreeningApplication, durable: str = "screening") -> Subscription:
    def policy(message: Message) -> Sequence[Aggregate]:
        if isinstance(message, scoring_events.PostRegistered):
            return app.post_registered(
                parse_uuid(message.post_id, "post_id"),
                message.upu_code,
                message.country,
                message.name,
            )
        if isinstance(message, scoring_events.PostStandingChanged):
            standing = Standing(
                message.consecutive_non_compliant_quarters,
                optional_date(message.information_deadline, "information_deadline"),
                optional_date(message.information_provided_date, "information_provided_date"),
            )
            return app.post_standing_changed(
                parse_uuid(message.post_id, "post_id"),
                message.upu_code,
                message.country,
                message.quarter,
                standing,
                message.listed,
            )
        return ()

    return Subscription(
        upstream="scoring",
        durable=durable,
        message_types=(scoring_events.PostRegistered, scoring_events.PostStandingChanged),
        policy=policy,
    )
