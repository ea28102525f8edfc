"""`portcullis.publication.v1` seizure messages to and from domain values."""

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.protoconv import format_date
from publication.application.publication_app import SeizureRecord
from publication.domain.report import Report, ReportStage
from publication.domain.seizure import (
    Environment,
    PartyKind,
    SeizedParty,
    SeizureLine,
    ViolationCategory,
)

ENVIRONMENT_FROM_PROTO = {
    pb.ENVIRONMENT_INTERNATIONAL_MAIL: Environment.INTERNATIONAL_MAIL,
    pb.ENVIRONMENT_EXPRESS: Environment.EXPRESS,
}
ENVIRONMENT_TO_PROTO = {v: k for k, v in ENVIRONMENT_FROM_PROTO.items()}
CATEGORY_FROM_PROTO = {
    pb.VIOLATION_CATEGORY_INTELLECTUAL_PROPERTY: ViolationCategory.INTELLECTUAL_PROPERTY,
    pb.VIOLATION_CATEGORY_ILLEGAL_DRUGS: ViolationCategory.ILLEGAL_DRUGS,
    pb.VIOLATION_CATEGORY_OTHER_CONTRABAND: ViolationCategory.OTHER_CONTRABAND,
    pb.VIOLATION_CATEGORY_INCORRECT_COUNTRY_OF_ORIGIN: (
        ViolationCategory.INCORRECT_COUNTRY_OF_ORIGIN
    ),
    pb.VIOLATION_CATEGORY_UNDERVALUATION: ViolationCategory.UNDERVALUATION,
    pb.VIOLATION_CATEGORY_OTHER: ViolationCategory.OTHER,
}
CATEGORY_TO_PROTO = {v: k for k, v in CATEGORY_FROM_PROTO.items()}


def environment_from_proto(value: pb.Environment.ValueType) -> Environment:
    environment = ENVIRONMENT_FROM_PROTO.get(value)
    if environment is None:
        raise InvalidArgument(
            "seizure.environment", "must be ENVIRONMENT_INTERNATIONAL_MAIL or ENVIRONMENT_EXPRESS"
        )
    return environment


def lines_from_proto(lines: list[pb.SeizureLine]) -> tuple[SeizureLine, ...]:
    result = []
    for i, line in enumerate(lines):
        category = CATEGORY_FROM_PROTO.get(line.category)
        if category is None:
            raise InvalidArgument(f"seizure.lines[{i}].category", "must be a violation category")
        result.append(
            SeizureLine(
                description=line.description.strip(),
                quantity=line.quantity,
                msrp_currency=line.msrp.currency_code.strip().upper(),
                msrp_minor_units=line.msrp.minor_units,
                category=category,
                priority_trade_issue=line.priority_trade_issue.strip().upper(),
            )
        )
    return tuple(result)


PARTY_KIND_FROM_PROTO = {
    pb.SEIZED_PARTY_KIND_ORGANIZATION: PartyKind.ORGANIZATION,
    pb.SEIZED_PARTY_KIND_INDIVIDUAL: PartyKind.INDIVIDUAL,
}
PARTY_KIND_TO_PROTO = {v: k for k, v in PARTY_KIND_FROM_PROTO.items()}


def parties_from_proto(parties: list[pb.SeizedParty]) -> tuple[SeizedParty, ...]:
    result = []
    for i, party in enumerate(parties):
        kind = PARTY_KIND_FROM_PROTO.get(party.kind)
        if kind is None:
            raise InvalidArgument(f"seizure.parties[{i}].kind", "must be a SEIZED_PARTY_KIND_")
        result.append(SeizedParty(kind, party.name.strip(), party.party_ref.strip()))
    return tuple(result)


STAGE_TO_PROTO = {
    ReportStage.DRAFT: pb.REPORT_STAGE_DRAFT,
    ReportStage.REVIEWED: pb.REPORT_STAGE_REVIEWED,
    ReportStage.PUBLISHED: pb.REPORT_STAGE_PUBLISHED,
}


def report_summary(report: Report) -> pb.ReportSummary:
    return pb.ReportSummary(
        report_id=str(report.id),
        period=report.period,
        version=report.report_version,
        stage=STAGE_TO_PROTO[report.stage],
        corrects=report.corrects,
        correction_reason=report.correction_reason,
        drafted_by=report.drafted_by,
        reviewed_by=report.reviewed_by,
        published_date=format_date(report.published_on),
    )


def seizure_to_proto(record: SeizureRecord) -> pb.Seizure:
    return pb.Seizure(
        seizure_id=str(record.seizure_id),
        seized_date=format_date(record.seized_date),
        environment=ENVIRONMENT_TO_PROTO[record.environment],
        origin_country=record.origin_country,
        sensitive=record.sensitive,
        lines=[
            pb.SeizureLine(
                description=line.description,
                quantity=line.quantity,
                msrp=types_pb2.Money(
                    currency_code=line.msrp_currency, minor_units=line.msrp_minor_units
                ),
                category=CATEGORY_TO_PROTO[line.category],
                priority_trade_issue=line.priority_trade_issue,
            )
            for line in record.lines
        ],
        post_or_carrier=record.post_or_carrier,
        parties=[
            pb.SeizedParty(kind=PARTY_KIND_TO_PROTO[p.kind], name=p.name, party_ref=p.party_ref)
            for p in record.parties
        ],
    )
