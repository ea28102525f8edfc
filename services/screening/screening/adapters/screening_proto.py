"""Screening's domain values to and from `portcullis.screening.v1` messages."""

from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.mail_treatment import Treatment
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.protoconv import format_date
from screening.application.mail import MailAnswer
from screening.domain.matching import Decision, Evidence, Hit, ScreeningResult
from screening.domain.notification import Disposition, Notification, NotificationWindow

DECISION_TO_PROTO = {
    Decision.CLEAR: pb.DECISION_CLEAR,
    Decision.REVIEW: pb.DECISION_REVIEW,
    Decision.MATCH: pb.DECISION_MATCH,
}
DISPOSITION_TO_PROTO = {
    Disposition.PENDING: pb.DISPOSITION_PENDING,
    Disposition.CONFIRMED_ATTEMPT: pb.DISPOSITION_CONFIRMED_ATTEMPT,
    Disposition.FALSE_POSITIVE: pb.DISPOSITION_FALSE_POSITIVE,
}
DISPOSITION_FROM_PROTO: dict[int, Disposition] = {v: k for k, v in DISPOSITION_TO_PROTO.items()}
WINDOW_TO_PROTO = {
    NotificationWindow.WITHIN: pb.NOTIFICATION_WINDOW_WITHIN,
    NotificationWindow.LATE: pb.NOTIFICATION_WINDOW_LATE,
    NotificationWindow.NOT_PUBLISHED: pb.NOTIFICATION_WINDOW_NOT_PUBLISHED,
}


def evidence_to_proto(e: Evidence) -> pb.Evidence:
    return pb.Evidence(
        query_field=e.query_field,
        query_value=e.query_value,
        listed_field=e.listed_field,
        listed_value=e.listed_value,
        weight=e.weight,
    )


def evidence_from_proto(e: pb.Evidence, field: str) -> Evidence:
    if not 0.0 <= e.weight <= 1.0:
        raise InvalidArgument(f"{field}.weight", "must be from 0 to 1")
    return Evidence(e.query_field, e.query_value, e.listed_field, e.listed_value, e.weight)


def hit_to_proto(hit: Hit) -> pb.Hit:
    return pb.Hit(
        party_id=str(hit.party_id),
        source_ref=hit.source_ref,
        exclusion_id=hit.exclusion_ids[0] if hit.exclusion_ids else "",
        name=hit.name,
        score=hit.score,
        decision=DECISION_TO_PROTO[hit.decision],
        evidence=[evidence_to_proto(e) for e in hit.evidence],
    )


def result_to_proto(result: ScreeningResult) -> pb.ScreenPartyResponse:
    return pb.ScreenPartyResponse(
        decision=DECISION_TO_PROTO[result.decision],
        watchlist_version=result.watchlist_version,
        hits=[hit_to_proto(h) for h in result.hits],
    )


def disposition_from_proto(value: int, field: str = "disposition") -> Disposition | None:
    """None for DISPOSITION_UNSPECIFIED."""
    if value == pb.DISPOSITION_UNSPECIFIED:
        return None
    disposition = DISPOSITION_FROM_PROTO.get(value)
    if disposition is None:
        raise InvalidArgument(field, f"{value} is not a disposition")
    return disposition


def notification_to_proto(n: Notification) -> pb.Notification:
    attempt = n.attempt
    return pb.Notification(
        notification_id=str(n.id),
        facilitator_id=str(attempt.facilitator_id),
        suspected_party=party_to_proto(attempt.suspected_party),
        excluded_party_id=str(attempt.excluded_party_id),
        exclusion_id=attempt.exclusion_id,
        evidence=[evidence_to_proto(e) for e in n.evidence],
        score=n.score,
        attempt_date=format_date(attempt.attempt_on),
        filed_date=format_date(n.filed_on),
        sam_published_date=format_date(n.sam_published_on),
        days_after_publication=n.days_after_publication,
        window=WINDOW_TO_PROTO[n.window],
        filed_by=n.filed_by,
        shipment_ref=attempt.shipment_ref,
        narrative=attempt.narrative,
        disposition=DISPOSITION_TO_PROTO[n.disposition],
        disposed_by=n.disposed_by,
        disposition_reason=n.disposition_reason,
        disposed_date=format_date(n.disposed_on),
    )


MAIL_TREATMENT_TO_PROTO = {
    Treatment.RELEASE: pb.MAIL_TREATMENT_KIND_RELEASE,
    Treatment.INSPECT: pb.MAIL_TREATMENT_KIND_INSPECT,
    Treatment.INFORMATION_REQUIRED: pb.MAIL_TREATMENT_KIND_INFORMATION_REQUIRED,
    Treatment.REFUSE: pb.MAIL_TREATMENT_KIND_REFUSE,
}


def mail_to_proto(answer: MailAnswer) -> pb.MailTreatment:
    return pb.MailTreatment(
        upu_code=answer.upu_code,
        country=answer.country,
        post_name=answer.name,
        quarter=answer.quarter,
        treatment=MAIL_TREATMENT_TO_PROTO[answer.treatment],
        reason=answer.reason,
    )
