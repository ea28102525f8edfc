"""`portcullis.registry.v1` exclusion messages to and from domain values."""

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis_kit.protoconv import format_date, optional_date, required_date
from registry.application.registry_app import ExclusionRecord
from registry.domain.exclusion import ExclusionAction, ExclusionType

TYPE_TO_PROTO = {
    ExclusionType.SUSPENSION: pb.EXCLUSION_TYPE_SUSPENSION,
    ExclusionType.PROPOSED_DEBARMENT: pb.EXCLUSION_TYPE_PROPOSED_DEBARMENT,
    ExclusionType.DEBARMENT: pb.EXCLUSION_TYPE_DEBARMENT,
    ExclusionType.VOLUNTARY_EXCLUSION: pb.EXCLUSION_TYPE_VOLUNTARY_EXCLUSION,
}


def action_from_proto(action: pb.ExclusionAction, field: str = "action") -> ExclusionAction:
    return ExclusionAction(
        cause=action.cause.strip(),
        trade_related=action.trade_related,
        official=action.official.strip(),
        effective_date=required_date(action.effective_date, f"{field}.effective_date"),
        end_date=optional_date(action.end_date, f"{field}.end_date"),
        sam_published_date=optional_date(action.sam_published_date, f"{field}.sam_published_date"),
        evidence_refs=tuple(action.evidence_refs),
    )


def action_to_proto(action: ExclusionAction) -> pb.ExclusionAction:
    return pb.ExclusionAction(
        cause=action.cause,
        trade_related=action.trade_related,
        official=action.official,
        evidence_refs=action.evidence_refs,
        effective_date=format_date(action.effective_date),
        end_date=format_date(action.end_date),
        sam_published_date=format_date(action.sam_published_date),
    )


def exclusion_to_proto(record: ExclusionRecord) -> pb.Exclusion:
    return pb.Exclusion(
        exclusion_id=str(record.exclusion_id),
        party_id=str(record.party_id),
        type=TYPE_TO_PROTO[record.exclusion_type],
        action=action_to_proto(record.action),
        terminated_date=format_date(record.terminated_date),
        termination_reason=record.termination_reason,
    )
