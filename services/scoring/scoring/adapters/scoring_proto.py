"""Scoring's values to and from `portcullis.scoring.v1` messages."""

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.mail_treatment import EscalationLevel, Treatment, level_for
from portcullis_kit.protoconv import format_date
from scoring.application.answers import ItemTreatment, PostView
from scoring.domain.metric import FactorWeights, MetricVersion, SeizureWeight
from scoring.domain.observations import Observations, SeizureCategory, SeizureCount
from scoring.domain.post import Determination, InformationRequest

CATEGORY_FROM_PROTO = {
    pb.SEIZURE_CATEGORY_COUNTERFEIT: SeizureCategory.COUNTERFEIT,
    pb.SEIZURE_CATEGORY_SYNTHETIC_OPIOIDS: SeizureCategory.SYNTHETIC_OPIOIDS,
    pb.SEIZURE_CATEGORY_OTHER_NARCOTICS: SeizureCategory.OTHER_NARCOTICS,
    pb.SEIZURE_CATEGORY_OTHER_CONTRABAND: SeizureCategory.OTHER_CONTRABAND,
}
CATEGORY_TO_PROTO = {v: k for k, v in CATEGORY_FROM_PROTO.items()}
LEVEL_TO_PROTO = {
    EscalationLevel.NONE: pb.ESCALATION_LEVEL_NONE,
    EscalationLevel.TARGETED_INSPECTION: pb.ESCALATION_LEVEL_TARGETED_INSPECTION,
    EscalationLevel.ADDITIONAL_INFORMATION: pb.ESCALATION_LEVEL_ADDITIONAL_INFORMATION,
    EscalationLevel.REFUSAL: pb.ESCALATION_LEVEL_REFUSAL,
}
TREATMENT_TO_PROTO = {
    Treatment.RELEASE: pb.TREATMENT_RELEASE,
    Treatment.INSPECT: pb.TREATMENT_INSPECT,
    Treatment.INFORMATION_REQUIRED: pb.TREATMENT_INFORMATION_REQUIRED,
    Treatment.REFUSE: pb.TREATMENT_REFUSE,
}


def category_from_proto(value: int, field: str) -> SeizureCategory:
    try:
        return CATEGORY_FROM_PROTO[value]  # type: ignore[index]
    except KeyError:
        raise InvalidArgument(field, "must be a SEIZURE_CATEGORY_ value") from None


def observations_from_proto(message: pb.Observations, field: str) -> Observations:
    seizures = tuple(
        SeizureCount(
            category_from_proto(s.category, f"{field}.seizures[{i}].category"),
            s.count,
            s.priority_trade_issue.strip().upper(),
        )
        for i, s in enumerate(message.seizures)
    )
    return Observations(
        message.items_received,
        message.items_with_aed,
        message.aed_errors,
        seizures,
        message.information_requests,
        message.timely_responses,
        message.holds_presented,
    )


def metric_from_proto(message: pb.MetricVersion) -> MetricVersion:
    defaults = MetricVersion(message.version, message.effective_from)
    weights = defaults.weights
    if message.HasField("weights"):
        w = message.weights
        weights = FactorWeights(w.coverage, w.quality, w.seizures, w.cooperation, w.trend)
    severity = defaults.severity
    if message.severity:
        severity = tuple(
            SeizureWeight(category_from_proto(s.category, f"metric.severity[{i}]").value, s.weight)
            for i, s in enumerate(message.severity)
        )
    # Zero means "the default" for the smoothing parameters, as proto3 cannot tell unset.
    return MetricVersion(
        version=message.version,
        effective_from=message.effective_from.strip().upper(),
        weights=weights,
        severity=severity,
        priority_trade_issue_factor=message.priority_trade_issue_factor
        or defaults.priority_trade_issue_factor,
        seizure_rate_scale=message.seizure_rate_scale or defaults.seizure_rate_scale,
        prior_items=message.prior_items or defaults.prior_items,
        prior_coverage=message.prior_coverage or defaults.prior_coverage,
        prior_quality=message.prior_quality or defaults.prior_quality,
        prior_seizure_rate=message.prior_seizure_rate or defaults.prior_seizure_rate,
        prior_requests=message.prior_requests or defaults.prior_requests,
        prior_cooperation=message.prior_cooperation or defaults.prior_cooperation,
        notes=message.notes,
    )


def metric_to_proto(metric: MetricVersion) -> pb.MetricVersion:
    w = metric.weights
    return pb.MetricVersion(
        version=metric.version,
        effective_from=metric.effective_from,
        weights=pb.FactorWeights(
            coverage=w.coverage,
            quality=w.quality,
            seizures=w.seizures,
            cooperation=w.cooperation,
            trend=w.trend,
        ),
        severity=[
            pb.SeizureWeight(
                category=CATEGORY_TO_PROTO[SeizureCategory(s.category)], weight=s.weight
            )
            for s in metric.severity
        ],
        priority_trade_issue_factor=metric.priority_trade_issue_factor,
        seizure_rate_scale=metric.seizure_rate_scale,
        prior_items=metric.prior_items,
        prior_coverage=metric.prior_coverage,
        prior_quality=metric.prior_quality,
        prior_seizure_rate=metric.prior_seizure_rate,
        prior_requests=metric.prior_requests,
        prior_cooperation=metric.prior_cooperation,
        notes=metric.notes,
    )


def determination_to_proto(d: Determination) -> pb.Determination:
    return pb.Determination(
        quarter=d.quarter,
        score=d.score,
        factors=[
            pb.Factor(
                name=f.name, value=f.value, weight=f.weight, points=f.points, working=f.working
            )
            for f in d.factors
        ],
        metric_version=d.metric_version,
        threshold=d.threshold,
        compliant=d.compliant,
        consecutive_non_compliant_quarters=d.consecutive_non_compliant,
        level=LEVEL_TO_PROTO[EscalationLevel(d.level)],
        listed=d.listed,
        guidance_version=d.guidance_version,
        seizure_rate=d.seizure_rate,
    )


def request_to_proto(r: InformationRequest) -> pb.InformationRequest:
    return pb.InformationRequest(
        request_id=r.request_id,
        quarter=r.quarter,
        requested_date=format_date(r.requested_on),
        deadline=format_date(r.deadline),
        provided_date=format_date(r.provided_on),
    )


def post_status_to_proto(view: PostView) -> pb.PostStatus:
    status = pb.PostStatus(
        post=pb.Post(
            post_id=str(view.post_id), upu_code=view.upu_code, country=view.country, name=view.name
        ),
        quarter=view.quarter,
        consecutive_non_compliant_quarters=view.consecutive_non_compliant,
        level=LEVEL_TO_PROTO[level_for(view.consecutive_non_compliant)],
        listed=view.listed,
    )
    if view.determination is not None:
        status.determination.CopyFrom(determination_to_proto(view.determination))
    if view.information_request is not None:
        status.information_request.CopyFrom(request_to_proto(view.information_request))
    return status


def treatment_to_proto(answer: ItemTreatment) -> pb.MailItemTreatment:
    return pb.MailItemTreatment(
        post=pb.Post(
            post_id=str(answer.post_id),
            upu_code=answer.upu_code,
            country=answer.country,
            name=answer.name,
        ),
        treatment=TREATMENT_TO_PROTO[answer.treatment],
        reason=answer.reason,
    )
