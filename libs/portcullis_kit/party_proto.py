"""`portcullis.common.v1.Party` to and from `PartyDetails`."""

from collections.abc import Iterable

from portcullis.common.v1 import types_pb2
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, Principal
from portcullis_kit.protoconv import format_date, optional_date

KIND_FROM_PROTO = {
    types_pb2.PARTY_KIND_ORGANIZATION: PartyKind.ORGANIZATION,
    types_pb2.PARTY_KIND_INDIVIDUAL: PartyKind.INDIVIDUAL,
}
KIND_TO_PROTO = {kind: value for value, kind in KIND_FROM_PROTO.items()}


def party_from_proto(party: types_pb2.Party, field: str = "party") -> PartyDetails:
    kind = KIND_FROM_PROTO.get(party.kind)
    if kind is None:
        raise InvalidArgument(
            f"{field}.kind", "must be PARTY_KIND_ORGANIZATION or PARTY_KIND_INDIVIDUAL"
        )
    return PartyDetails(
        kind=kind,
        name=party.name.strip(),
        aliases=tuple(a.strip() for a in party.aliases),
        addresses=tuple(
            Address(
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country.strip().upper(),
            )
            for a in party.addresses
        ),
        identifiers=identifiers_from_proto(party.identifiers),
        phones=tuple(party.phones),
        emails=tuple(e.strip() for e in party.emails),
        birth_date=optional_date(party.birth_date, f"{field}.birth_date"),
        source_ref=party.source_ref,
        websites=tuple(w.strip() for w in party.websites),
        dba_names=tuple(n.strip() for n in party.dba_names),
        former_names=tuple(n.strip() for n in party.former_names),
        principals=tuple(
            Principal(
                name=p.name.strip(),
                role=p.role.strip(),
                birth_date=optional_date(p.birth_date, f"{field}.principals[{i}].birth_date"),
                identifiers=identifiers_from_proto(p.identifiers),
            )
            for i, p in enumerate(party.principals)
        ),
    )


def identifiers_from_proto(
    identifiers: Iterable[types_pb2.Identifier],
) -> tuple[Identifier, ...]:
    return tuple(
        Identifier(scheme=i.scheme.strip().upper(), value=i.value.strip()) for i in identifiers
    )


def party_to_proto(details: PartyDetails) -> types_pb2.Party:
    return types_pb2.Party(
        kind=KIND_TO_PROTO[details.kind],
        name=details.name,
        aliases=details.aliases,
        addresses=[
            types_pb2.Address(
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country,
            )
            for a in details.addresses
        ],
        identifiers=identifiers_to_proto(details.identifiers),
        phones=details.phones,
        emails=details.emails,
        birth_date=format_date(details.birth_date),
        source_ref=details.source_ref,
        websites=details.websites,
        dba_names=details.dba_names,
        former_names=details.former_names,
        principals=[
            types_pb2.Principal(
                name=p.name,
                role=p.role,
                birth_date=format_date(p.birth_date),
                identifiers=identifiers_to_proto(p.identifiers),
            )
            for p in details.principals
        ],
    )


def identifiers_to_proto(identifiers: Iterable[Identifier]) -> list[types_pb2.Identifier]:
    return [types_pb2.Identifier(scheme=i.scheme, value=i.value) for i in identifiers]
