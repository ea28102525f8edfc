"""`portcullis.registry.v1` facilitator and referral messages to and from domain values."""

from datetime import date

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.protoconv import format_date
from registry.application.facilitators import FacilitatorView
from registry.application.referrals import ReferralView
from registry.domain.facilitator import FacilitatorKind, Licence, Measure, MeasureKind
from registry.domain.referral import ReferralOutcome

KIND_FROM_PROTO = {
    pb.FACILITATOR_KIND_EXPRESS_CONSIGNMENT_OPERATOR: FacilitatorKind.EXPRESS_CONSIGNMENT_OPERATOR,
    pb.FACILITATOR_KIND_CARRIER: FacilitatorKind.CARRIER,
    pb.FACILITATOR_KIND_HUB_FACILITY: FacilitatorKind.HUB_FACILITY,
    pb.FACILITATOR_KIND_CUSTOMS_BROKER: FacilitatorKind.CUSTOMS_BROKER,
    pb.FACILITATOR_KIND_ECOMMERCE_PLATFORM: FacilitatorKind.ECOMMERCE_PLATFORM,
}
KIND_TO_PROTO = {v: k for k, v in KIND_FROM_PROTO.items()}
MEASURE_FROM_PROTO = {
    pb.MEASURE_KIND_TRUSTED_TRADER_LIMITED: MeasureKind.TRUSTED_TRADER_LIMITED,
    pb.MEASURE_KIND_OPERATING_PRIVILEGES_RESTRICTED: MeasureKind.OPERATING_PRIVILEGES_RESTRICTED,
    pb.MEASURE_KIND_BROKER_LICENCE_SUSPENDED: MeasureKind.BROKER_LICENCE_SUSPENDED,
    pb.MEASURE_KIND_BROKER_LICENCE_REVOKED: MeasureKind.BROKER_LICENCE_REVOKED,
}
MEASURE_TO_PROTO = {v: k for k, v in MEASURE_FROM_PROTO.items()}
OUTCOME_FROM_PROTO = {
    pb.REFERRAL_OUTCOME_SUSPENDED: ReferralOutcome.SUSPENDED,
    pb.REFERRAL_OUTCOME_PROPOSED_DEBARMENT: ReferralOutcome.PROPOSED_DEBARMENT,
    pb.REFERRAL_OUTCOME_DECLINED: ReferralOutcome.DECLINED,
}
OUTCOME_TO_PROTO = {v: k for k, v in OUTCOME_FROM_PROTO.items()}


def facilitator_kind(value: pb.FacilitatorKind.ValueType) -> FacilitatorKind:
    kind = KIND_FROM_PROTO.get(value)
    if kind is None:
        raise InvalidArgument("kind", "must be one of the FACILITATOR_KIND_ values")
    return kind


def measure_kind(value: pb.MeasureKind.ValueType) -> MeasureKind:
    kind = MEASURE_FROM_PROTO.get(value)
    if kind is None:
        raise InvalidArgument("kind", "must be one of the MEASURE_KIND_ values")
    return kind


def referral_outcome(value: pb.ReferralOutcome.ValueType) -> ReferralOutcome:
    outcome = OUTCOME_FROM_PROTO.get(value)
    if outcome is None:
        raise InvalidArgument("outcome", "must be one of the REFERRAL_OUTCOME_ values")
    return outcome


def licences_from_proto(licences: list[pb.Licence]) -> tuple[Licence, ...]:
    return tuple(Licence(x.kind.strip(), x.number.strip()) for x in licences)


def measure_to_proto(measure_id: str, measure: Measure, on: date) -> pb.FacilitatorMeasure:
    return pb.FacilitatorMeasure(
        measure_id=measure_id,
        kind=MEASURE_TO_PROTO[measure.kind],
        reason=measure.reason,
        imposed_date=format_date(measure.imposed_on),
        basis_refs=measure.basis_refs,
        lifted_date=format_date(measure.lifted_on),
        lift_reason=measure.lift_reason,
        in_force=measure.is_in_force(on),
    )


def facilitator_to_proto(view: FacilitatorView, on: date) -> pb.GetFacilitatorStatusResponse:
    return pb.GetFacilitatorStatusResponse(
        facilitator_id=str(view.facilitator_id),
        kind=KIND_TO_PROTO[view.kind],
        name=view.name,
        licences=[pb.Licence(kind=x.kind, number=x.number) for x in view.licences],
        party_id=str(view.party_id) if view.party_id else "",
        proposed_measures=[
            pb.ProposedMeasure(
                proposal_id=proposal_id,
                kind=MEASURE_TO_PROTO[p.kind],
                reason=p.reason,
                proposed_date=format_date(p.proposed_on),
                basis_refs=p.basis_refs,
                proposed_by=p.proposed_by,
            )
            for proposal_id, p in view.proposed.items()
        ],
        measures=[measure_to_proto(i, m, on) for i, m in view.measures.items()],
    )


def referral_to_proto(view: ReferralView) -> pb.GetReferralResponse:
    return pb.GetReferralResponse(
        referral_id=str(view.referral_id),
        party_id=str(view.party_id),
        referred_by=view.referred_by,
        grounds=view.grounds,
        referred_date=format_date(view.referred_on),
        reviewer=view.reviewer,
        outcome=OUTCOME_TO_PROTO[view.outcome] if view.outcome else pb.REFERRAL_OUTCOME_UNSPECIFIED,
        exclusion_id=view.exclusion_id,
    )
