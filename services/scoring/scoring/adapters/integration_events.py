"""What other services may see of scoring: `portcullis.scoring.events.v1`.

A post's standing is published whole after each change (a quarter determined, additional
information asked or provided), read from the post as of that event, so republishing an
event gives the same message.
"""

from typing import cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message

from portcullis.scoring.events.v1 import scoring_events_pb2 as events
from portcullis_kit.protoconv import format_date
from scoring.application.scoring_app import ScoringApplication
from scoring.domain.guidance import Guidance
from scoring.domain.post import Post

STANDING_CHANGES = (Post.QuarterDetermined, Post.InformationRequested, Post.InformationProvided)


class IntegrationEvents:
    def __init__(self, app: ScoringApplication) -> None:
        self.app = app

    def translate(self, event: DomainEventProtocol[UUID]) -> Message | None:
        if isinstance(event, Post.Registered):
            return events.PostRegistered(
                post_id=str(event.originator_id),
                upu_code=event.upu_code,
                country=event.country,
                name=event.name,
            )
        if isinstance(event, STANDING_CHANGES):
            post = cast(
                Post,
                self.app.repository.get(event.originator_id, version=event.originator_version),
            )
            standing = post.standing()
            last = post.last_determination
            return events.PostStandingChanged(
                post_id=str(post.id),
                upu_code=post.upu_code,
                country=post.country,
                quarter=last.quarter if last else "",
                consecutive_non_compliant_quarters=standing.consecutive_non_compliant,
                listed=post.listed,
                information_deadline=format_date(standing.information_deadline),
                information_provided_date=format_date(standing.information_provided_on),
            )
        if isinstance(event, Guidance.VersionPublished):
            guidance = event.guidance
            return events.GuidancePublished(
                version=guidance.version,
                text=guidance.text,
                quarters_compliant_to_leave=guidance.quarters_compliant_to_leave,
            )
        return None
