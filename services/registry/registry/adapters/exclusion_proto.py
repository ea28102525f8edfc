"""`portcullis.registry.v1` exclusion messages to and from domain values."""

import dataclasses

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import PartyDetails
from portcullis_kit.party_proto import party_from_proto
from portcullis_kit.protoconv import format_date, optional_date
from registry.application.exclusions import ExclusionRecord
from registry.domain.exclusion import ExclusionAction, ExclusionType, SamFacts

TYPE_TO_PROTO = {
    ExclusionType.SUSPENSION: pb.EXCLUSION_TYPE_SUSPENSION,
    ExclusionType.PROPOSED_DEBARMENT: pb.EXCLUSION_TYPE_PROPOSED_DEBARMENT,
    ExclusionType.DEBARMENT: pb.EXCLUSION_TYPE_DEBARMENT,
    ExclusionType.VOLUNTARY_EXCLUSION: pb.EXCLUSION_TYPE_VOLUNTARY_EXCLUSION,
    ExclusionType.ADMINISTRATIVE_AGREEMENT: pb.EXCLUSION_TYPE_ADMINISTRATIVE_AGREEMENT,
    ExclusionType.PROHIBITION_RESTRICTION: pb.EXCLUSION_TYPE_PROHIBITION_RESTRICTION,
}
TYPE_FROM_PROTO = {value: kind for kind, value in TYPE_TO_PROTO.items()}


def type_from_proto(value: pb.ExclusionType.ValueType, field: str = "type") -> ExclusionType:
    kind = TYPE_FROM_PROTO.get(value)
    if kind is None:
        raise InvalidArgument(field, "must be one of the EXCLUSION_TYPE_ values")
    return kind


# SamFacts and the message have the same fields, all strings.
SAM_FIELDS = tuple(f.name for f in dataclasses.fields(SamFacts))


def sam_from_proto(sam: pb.SamFacts) -> SamFacts:
    return SamFacts(**{name: getattr(sam, name) for name in SAM_FIELDS})


def action_from_proto(action: pb.ExclusionAction, field: str = "action") -> ExclusionAction:
    return ExclusionAction(
        cause=action.cause.strip(),
        trade_related=action.trade_related,
        official=action.official.strip(),
        effective_date=optional_date(action.effective_date, f"{field}.effective_date"),
        end_date=optional_date(action.end_date, f"{field}.end_date"),
        sam_published_date=optional_date(action.sam_published_date, f"{field}.sam_published_date"),
        evidence_refs=tuple(action.evidence_refs),
        principals_named=tuple(action.principals_named),
        affiliates_named=tuple(action.affiliates_named),
        period_reason=action.period_reason.strip(),
        preceding_suspension_id=action.preceding_suspension_id.strip(),
        sam=sam_from_proto(action.sam) if action.HasField("sam") else None,
    )


def sam_to_proto(sam: SamFacts) -> pb.SamFacts:
    return pb.SamFacts(**{name: getattr(sam, name) for name in SAM_FIELDS})


def action_to_proto(action: ExclusionAction) -> pb.ExclusionAction:
    return pb.ExclusionAction(
        cause=action.cause,
        trade_related=action.trade_related,
        official=action.official,
        evidence_refs=action.evidence_refs,
        effective_date=format_date(action.effective_date),
        end_date=format_date(action.end_date),
        sam_published_date=format_date(action.sam_published_date),
        principals_named=action.principals_named,
        affiliates_named=action.affiliates_named,
        period_reason=action.period_reason,
        preceding_suspension_id=action.preceding_suspension_id,
        sam=sam_to_proto(action.sam) if action.sam is not None else None,
    )


def exclusion_to_proto(record: ExclusionRecord) -> pb.Exclusion:
    return pb.Exclusion(
        exclusion_id=str(record.exclusion_id),
        party_id=str(record.party_id),
        type=TYPE_TO_PROTO[record.exclusion_type],
        action=action_to_proto(record.action),
        terminated_date=format_date(record.terminated_date),
        termination_reason=record.termination_reason,
        last_day=format_date(record.last_day),
        in_force=record.in_force,
        suspension_limit=format_date(record.suspension_limit),
        proceedings_initiated_date=format_date(record.proceedings_initiated),
        contest_by=format_date(record.contest_by),
    )


def import_record_from_proto(
    record: pb.ImportRecord,
) -> tuple[PartyDetails, ExclusionType, ExclusionAction]:
    """One JSON Lines import record; raises InvalidArgument naming the field."""
    if not record.HasField("party"):
        raise InvalidArgument("party", "is required")
    if not record.HasField("exclusion"):
        raise InvalidArgument("exclusion", "is required")
    given = record.exclusion
    action = ExclusionAction(
        cause=given.cause.strip(),
        trade_related=given.trade_related,
        # Files often leave out who decided; the record says so rather than guess.
        official=given.official.strip() or "not given in the imported record",
        effective_date=optional_date(given.effective_date, "exclusion.effective_date"),
        end_date=optional_date(given.end_date, "exclusion.end_date"),
        sam_published_date=optional_date(given.sam_published_date, "exclusion.sam_published_date"),
        evidence_refs=tuple(given.evidence_refs),
        sam=sam_from_proto(given.sam) if given.HasField("sam") else None,
    )
    return (
        party_from_proto(record.party),
        type_from_proto(given.type, "exclusion.type"),
        action,
    )
