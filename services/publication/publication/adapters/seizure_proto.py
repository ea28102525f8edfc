"""`portcullis.publication.v1` seizure messages to and from domain values."""

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.protoconv import format_date
from publication.application.publication_app import SeizureRecord
from publication.domain.seizure import Environment, SeizureLine, ViolationCategory

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
            )
        )
    return tuple(result)


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
            )
            for line in record.lines
        ],
    )
